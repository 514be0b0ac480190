"""Backups: every table dumped in one consistent snapshot, restored into an empty database."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select, text

from matchmaker.extensions import db

FORMAT = "matchmaker-backup/1"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        decoders = {
            "$dt": datetime.fromisoformat,
            "$d": date.fromisoformat,
            "$t": time.fromisoformat,
            "$dec": Decimal,
            "$b": lambda s: base64.b64decode(s),
        }
        if tag in decoders:
            return decoders[tag](raw)
    return value


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)  # parents before children


def dump(path: Path) -> dict[str, int]:
    """Write every table to a gzip'd JSON file from one snapshot; returns row counts."""
    counts: dict[str, int] = {}
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        else:
            conn.execute(text("BEGIN"))  # SQLite: one read transaction is one snapshot
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write(json.dumps({"format": FORMAT, "revision": revision}) + "\n")
            for table in _tables():
                key = [c for c in table.primary_key.columns]
                rows = conn.execute(select(table).order_by(*key)).mappings()
                n = 0
                for row in rows:
                    record = {k: _encode(v) for k, v in row.items()}
                    out.write(json.dumps({"t": table.name, "r": record}) + "\n")
                    n += 1
                counts[table.name] = n
        conn.rollback()
    return counts


def restore(path: Path) -> dict[str, int]:
    """Load a dump into an empty, migrated database, all or nothing; returns row counts."""
    with gzip.open(path, "rt", encoding="utf-8") as src:
        header = json.loads(src.readline())
        if header.get("format") != FORMAT:
            raise ValueError(f"{path} is not a matchmaker backup")
        tables = {t.name: t for t in _tables()}
        batches: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
        for number, line in enumerate(src, start=2):
            item = json.loads(line)
            if item["t"] not in tables:
                raise ValueError(f"line {number}: unknown table {item['t']}")
            batches[item["t"]].append({k: _decode(v) for k, v in item["r"].items()})
    counts = {}
    with db.engine.begin() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision != header.get("revision"):
            raise ValueError(
                f"the backup is of schema revision {header.get('revision')}, "
                f"the database is at {revision}: upgrade or downgrade first"
            )
        for table in _tables():
            if table.name == "taxonomy_terms":
                conn.execute(table.delete())  # seeded by sync-taxonomy; the backup's ids win
            elif conn.execute(select(func.count()).select_from(table)).scalar():
                raise ValueError(
                    f"table {table.name} is not empty: restore needs an empty database"
                )
        for table in _tables():
            rows = batches[table.name]
            for start in range(0, len(rows), 1000):
                conn.execute(insert(table), rows[start : start + 1000])
            counts[table.name] = len(rows)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    return counts


def _reset_sequences(conn: Any) -> None:
    """After explicit ids, make PostgreSQL's sequences continue past them."""
    for table in _tables():
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto"
                and len(table.primary_key.columns) == 1
                and column.type.python_type is int
            ):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )
