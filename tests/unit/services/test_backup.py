"""Backup and restore: a dump restored into an empty database has every row of every table."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from tests.conftest import _postgres_url


def _snapshot() -> dict[str, list[tuple]]:
    out = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            key = list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*key))]
    return out


def test_backup_round_trip_compares_every_table(ctx, make, database_url, tmp_path):
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.schemas import needs as need_schemas
    from matchmaker.services.backup import dump, restore
    from matchmaker.services.catalogue.imports import import_suppliers
    from matchmaker.services.sourcing import needs

    import_suppliers(
        None,
        b"id,name,description,certifications\nS1,Uno,Estampado,IATF 16949 "
        b"(2027-01-31)\nS2,Dos,Fundicion,\n",
        "s.csv",
        dry_run=False,
    )
    buyer = make.user("buyer", company=make.company("oem", legal_name="OEM Ñandú, S.A."))
    needs.create_need(
        buyer,
        need_schemas.from_form(
            {
                "title": "Piezas 🚗; con coma, y acentos",
                "annual_volume": "5",
                "preferred_states": ["NL"],
                "certifications": ["iso 9001"],
                "term_keys": ["stamping"],
            }
        ),
    )
    before = _snapshot()
    assert sum(len(rows) for rows in before.values()) > 10
    path = tmp_path / "backup.jsonl.gz"
    counts = dump(path)
    assert counts["companies"] == len(before["companies"])

    if database_url.startswith("postgresql"):
        other_url = _postgres_url(database_url.rsplit("/", 1)[0] + "/mm_restore_target")
    else:
        other_url = "sqlite:///" + str(tmp_path / "restored.sqlite3")
    other = create_app({"SQLALCHEMY_DATABASE_URI": other_url}, env="testing")
    with other.app_context():
        upgrade(directory=other.extensions["migrate"].directory)
        restore(path)
        assert _snapshot() == before
        with pytest.raises(ValueError, match="not empty"):
            restore(path)  # never over existing data
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(ctx, tmp_path):
    from matchmaker.services.backup import restore

    path = tmp_path / "x.gz"
    with gzip.open(path, "wt") as f:
        f.write(json.dumps({"format": "something-else"}) + "\n")
    with pytest.raises(ValueError, match="not a matchmaker backup"):
        restore(path)
