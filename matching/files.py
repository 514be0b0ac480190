"""Reads suppliers.csv / needs.csv (shared/spec/matching.md) and writes the matches object."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matching import learned, training
from matching.engine import SupplierIndex
from matching.reasons import render_all
from matching.types import Lang, NeedQuery, SupplierProfile

FORMAT = "matchmaking-matches/1"
SUPPLIER_REQUIRED = ("id", "name", "description")
NEED_REQUIRED = ("id", "title")
LABEL_REQUIRED = ("need", "supplier", "relevance")


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


def decode_csv(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without a byte-order mark), else Windows-1252, which is
    what Excel's "CSV" on a Spanish Windows writes. (The app's importer reads with it too.)"""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str, required: Sequence[str]) -> str:
    """Comma as the format says; a semicolon or tab when only that splits the header into the
    required columns (Excel in a Spanish locale writes semicolons)."""
    for delimiter in (",", ";", "\t"):
        names = {c.strip().lower() for c in header_line.split(delimiter)}
        if all(c in names for c in required):
            return delimiter
    return ","


def _read(
    path: str | Path, required: Sequence[str], optional_empty: Sequence[str]
) -> list[dict[str, str]]:
    try:
        with open(path, "rb") as f:
            text = decode_csv(f.read())
        reader = csv.reader(
            io.StringIO(text, newline=""),
            delimiter=_delimiter(text.split("\n", 1)[0], required),
        )
        header = [c.strip().lower() for c in next(reader, [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise InputError(f"{path}: missing required column(s): {', '.join(missing)}")
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank lines, as spreadsheets leave at the end
            row = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header)}
            for column in required:
                if not row[column].strip() and column not in optional_empty:
                    raise InputError(f"{path}, row {number}, column {column}: value is empty")
            row["__row__"] = str(number)
            rows.append(row)
        return rows
    except (OSError, csv.Error) as e:
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


def read_labels(
    path: str | Path, suppliers: Sequence[SupplierProfile], needs: Sequence[NeedQuery]
) -> dict[str, dict[str, int]]:
    """Graded pairs from a qrels.csv file (need, supplier, relevance 0-2) as
    labels[need][supplier]; every id must be in `needs` and `suppliers`."""
    need_ids = {n.id for n in needs}
    supplier_ids = {p.id for p in suppliers}
    out: dict[str, dict[str, int]] = {}
    for row in _read(path, LABEL_REQUIRED, ()):
        where = f"{path}, row {row['__row__']}"
        need, supplier = row["need"].strip(), row["supplier"].strip()
        if need not in need_ids:
            raise InputError(f"{where}, column need: unknown need {need!r}")
        if supplier not in supplier_ids:
            raise InputError(f"{where}, column supplier: unknown supplier {supplier!r}")
        grade = row["relevance"].strip()
        if grade not in ("0", "1", "2"):
            raise InputError(f"{where}, column relevance: {grade!r} is not 0, 1 or 2")
        out.setdefault(need, {})[supplier] = int(grade)
    return out


def learn_files(
    suppliers_path: str | Path, needs_path: str | Path, labels_path: str | Path
) -> learned.LearnedClasses:
    """Learned classes from labelled files (see matching/learned.py); raises InputError."""
    suppliers = read_suppliers(suppliers_path)
    needs = read_needs(needs_path)
    labels = read_labels(labels_path, suppliers, needs)
    model = training.train(suppliers, needs, labels)
    if not len(model):
        raise InputError(f"{labels_path}: no need has both relevant and other suppliers")
    return model


def load_classes(path: str | Path | None) -> learned.LearnedClasses | bool:
    """The `learned` argument of SupplierIndex.build for a --classes option: None for the
    shipped model, "none" for text alone, else a file written by `learned.save`."""
    if path is None:
        return True
    if str(path) == "none":
        return False
    try:
        return learned.load(path)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as e:
        raise InputError(f"{path}: not a learned-classes file: {e}") from e


def match_files(
    suppliers_path: str | Path,
    needs_path: str | Path,
    top: int,
    lang: Lang = "en",
    classes: str | Path | None = None,
) -> dict[str, Any]:
    """Rank the suppliers of one file for the needs of another; raises InputError.

    `classes`: see `load_classes`."""
    index = SupplierIndex.build(read_suppliers(suppliers_path), learned=load_classes(classes))
    return matches_object(read_needs(needs_path), index, top, lang)
