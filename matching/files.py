"""Reads suppliers.csv / needs.csv (shared/spec/matching.md) and writes the matches object."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matching.engine import SupplierIndex
from matching.reasons import render_all
from matching.types import Lang, NeedQuery, SupplierProfile

FORMAT = "matchmaking-matches/1"
SUPPLIER_REQUIRED = ("id", "name", "description")
NEED_REQUIRED = ("id", "title")


class InputError(ValueError):
    """A suppliers or needs file that cannot be read; the message names file, row, column."""


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(";") if v.strip())


def _tier(value: str | None, where: str) -> int | None:
    text = (value or "").strip().lower().removeprefix("tier").strip()
    if not text:
        return None
    if text not in ("1", "2", "3"):
        raise InputError(f"{where}, column tier: {value!r} is not 1, 2 or 3")
    return int(text)


def _read(
    path: str | Path, required: Sequence[str], optional_empty: Sequence[str]
) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"{path}: missing required column(s): {', '.join(missing)}")
            rows = []
            for number, row in enumerate(reader, start=2):
                for column in required:
                    value = row.get(column)
                    if value is None or (not value.strip() and column not in optional_empty):
                        raise InputError(f"{path}, row {number}, column {column}: value is empty")
                row["__row__"] = str(number)
                rows.append(row)
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(f"{path}: cannot read: {e}") from e


def read_suppliers(path: str | Path) -> list[SupplierProfile]:
    """Supplier profiles from a suppliers.csv file; extra columns are ignored."""
    out = []
    seen: set[str] = set()
    for row in _read(path, SUPPLIER_REQUIRED, ("description",)):
        where = f"{path}, row {row['__row__']}"
        sid = row["id"].strip()
        if sid in seen:
            raise InputError(f"{where}, column id: duplicate id {sid!r}")
        seen.add(sid)
        out.append(
            SupplierProfile(
                id=sid,
                name=row["name"].strip(),
                description=row["description"].strip(),
                tier=_tier(row.get("tier"), where),
                state=(row.get("state") or "").strip() or None,
                processes=_list(row.get("processes")),
                materials=_list(row.get("materials")),
                products=_list(row.get("products")),
                certifications=_list(row.get("certifications")),
            )
        )
    return out


def read_needs(path: str | Path) -> list[NeedQuery]:
    """Needs from a needs.csv file; listed certifications are required (penalise mode)."""
    out = []
    for row in _read(path, NEED_REQUIRED, ()):
        where = f"{path}, row {row['__row__']}"
        tiers = tuple(t for t in (_tier(v, where) for v in _list(row.get("tier"))) if t)
        mode = (row.get("certification_mode") or "penalise").strip().lower()
        out.append(
            NeedQuery(
                id=row["id"].strip(),
                title=row["title"].strip(),
                description=(row.get("description") or "").strip(),
                processes=_list(row.get("processes")),
                materials=_list(row.get("materials")),
                certifications=_list(row.get("certifications")),
                states=_list(row.get("state")),
                tiers=tiers,
                certification_mode="exclude" if mode == "exclude" else "penalise",
            )
        )
    return out


def matches_object(
    needs: Sequence[NeedQuery], index: SupplierIndex, top: int, lang: Lang = "en"
) -> dict[str, Any]:
    """The "matchmaking-matches/1" object for `needs` over `index`."""
    ranked = index.rank_many(needs, top)
    return {
        "format": FORMAT,
        "needs": [
            {
                "need": need.id,
                "matches": [
                    {
                        "supplier": m.supplier_id,
                        "score": m.score,
                        "reasons": render_all(m.reasons, lang),
                    }
                    for m in matches
                ],
            }
            for need, matches in zip(needs, ranked, strict=True)
        ],
    }


def match_files(
    suppliers_path: str | Path, needs_path: str | Path, top: int, lang: Lang = "en"
) -> dict[str, Any]:
    """Rank the suppliers of one file for the needs of another; raises InputError."""
    index = SupplierIndex.build(read_suppliers(suppliers_path))
    return matches_object(read_needs(needs_path), index, top, lang)
