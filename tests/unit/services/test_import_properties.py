"""Property tests for the supplier import: any file either imports cleanly or is refused with
messages that say where, and a refused file changes nothing."""

from __future__ import annotations

import csv
import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Company
from matchmaker.services import ServiceError
from matchmaker.services.catalogue.imports import import_suppliers

COLUMNS = ["id", "name", "description", "tier", "state", "rfc", "employees", "certifications"]
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "2",
            "7",
            "NL",
            "Jalisco",
            "Atlantis",
            "ABC010203XY1",
            "XYZ",
            "12",
            "-3",
            "IATF 16949",
            "ISO 9001 (2027-13-45)",
            "=1+1",
            "ñandú 🚗",
        ]
    ),
)
row = st.fixed_dictionaries({c: cell for c in COLUMNS})
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows: list[dict[str, str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for r in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", r[c]) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _count() -> int:
    return db.session.scalar(select(func.count(Company.id)))


@SETTINGS
@given(rows=st.lists(row, min_size=1, max_size=6), as_xlsx=st.booleans())
def test_any_file_imports_all_or_nothing(ctx, rows, as_xlsx):
    data = _xlsx(rows) if as_xlsx else _csv(rows)
    before = _count()
    try:
        report = import_suppliers(None, data, "f.xlsx" if as_xlsx else "f.csv", dry_run=False)
    except ServiceError as e:
        assert e.message
        assert _count() == before
        return
    if report.errors:
        assert not report.committed and _count() == before
        for error in report.errors:
            assert error.row >= 2 and error.message
            assert error.column == "" or error.column in COLUMNS
    else:
        assert report.committed
        assert report.created + report.updated + report.unchanged == report.rows
    db.session.rollback()
    with db.engine.begin() as conn:  # each example starts from an empty catalogue
        from matchmaker.models import CompanyCapability, CompanyCertification

        for model in (CompanyCapability, CompanyCertification, Company):
            conn.execute(model.__table__.delete())


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(ctx, data):
    try:
        report = import_suppliers(None, data, "upload", dry_run=True)
    except ServiceError as e:
        assert e.message
    else:
        assert not report.committed
    assert _count() == 0
