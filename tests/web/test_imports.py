"""Importing and exporting the catalogue: dry run, all-or-nothing commit, re-import."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Company
from matchmaker.services import ServiceError
from matchmaker.services.catalogue.imports import import_suppliers
from tests.conftest import SHARED

RETC = SHARED / "data" / "retc-dev" / "suppliers.csv"

GOOD = (
    "id,name,description,tier,state,processes,materials,certifications,rfc,employees\n"
    "S1,Troqueles Norte,Estampado de acero,2,NUEVO LEON,estampado; soldadura MIG,acero,"
    "IATF 16949 (2027-01-31); iso9001,TNO010203AB1,120\n"
    "S2,Plásticos Sur,Inyección de plástico,3,Jalisco,inyeccion de plastico,polipropileno,,,\n"
)


def count() -> int:
    return db.session.scalar(select(func.count(Company.id)))


def test_good_file_imports_and_reimport_changes_nothing(ctx):
    report = import_suppliers(None, GOOD.encode(), "good.csv", dry_run=False)
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    s1 = db.session.scalar(select(Company).where(Company.external_id == "S1"))
    assert s1.state == "Nuevo León" and s1.kind == "tier2" and s1.employees == 120
    assert {c.cert_key for c in s1.certifications} == {"iatf_16949", "iso_9001"}
    assert {c.term.key for c in s1.capabilities} >= {"stamping"}
    again = import_suppliers(None, GOOD.encode(), "good.csv", dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2) and count() == 2
    changed = GOOD.replace("Estampado de acero", "Estampado y troquelado de acero")
    third = import_suppliers(None, changed.encode(), "good.csv", dry_run=False)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1) and count() == 2


def test_rfc_is_the_key_when_the_id_is_new(ctx):
    import_suppliers(None, GOOD.encode(), "good.csv", dry_run=False)
    renamed = GOOD.replace("S1,", "NEW-1,")
    report = import_suppliers(None, renamed.encode(), "good.csv", dry_run=False)
    assert report.created == 0 and count() == 2
    assert (
        db.session.scalar(select(Company).where(Company.rfc == "TNO010203AB1")).external_id
        == "NEW-1"
    )


def test_bad_rows_are_all_listed_and_nothing_is_saved(ctx):
    import_suppliers(None, GOOD.encode(), "good.csv", dry_run=False)
    bad = GOOD + (
        "S3,,Sin nombre,2,,,,,,\n"
        "S4,Tier raro,x,7,Atlantis,,,ISO 99999,ABC,muchos\n"
        "S1,Duplicado,x,,,,,,,\n"
    )
    bad = bad.replace("Estampado de acero", "Cambio que no debe guardarse")
    report = import_suppliers(None, bad.encode(), "bad.csv", dry_run=False)
    assert not report.committed
    where = {(e.row, e.column) for e in report.errors}
    assert {
        (4, "name"),
        (5, "tier"),
        (5, "state"),
        (5, "certifications"),
        (5, "rfc"),
        (5, "employees"),
        (6, "id"),
    } <= where
    letters = {e.column: e.letter for e in report.errors}
    assert letters["name"] == "B" and letters["rfc"] == "I"
    assert count() == 2
    assert (
        db.session.scalar(select(Company.description).where(Company.external_id == "S1"))
        == "Estampado de acero"
    )


def test_dry_run_saves_nothing(ctx):
    report = import_suppliers(None, GOOD.encode(), "good.csv", dry_run=True)
    assert report.created == 2 and not report.committed and count() == 0


def test_xlsx_import_and_export_round_trip(ctx):
    from matchmaker.services.catalogue.exports import export_catalogue
    from matchmaker.services.catalogue.search import CatalogueFilter

    import_suppliers(None, GOOD.encode(), "good.csv", dry_run=False)
    content, _mime, ext = export_catalogue(None, CatalogueFilter(), "xlsx")
    assert ext == "xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]][:3] == ["id", "name", "description"]
    assert sheet.max_row == 3
    again = import_suppliers(None, content, "export.xlsx", dry_run=False)
    assert again.errors == [] and again.created == 0 and count() == 2


def test_export_keeps_formulas_as_text(ctx):
    from matchmaker.services.catalogue.exports import export_catalogue
    from matchmaker.services.catalogue.search import CatalogueFilter

    evil = 'id,name,description\nE1,=HYPERLINK("http://x"),=1+1\n'
    import_suppliers(None, evil.encode(), "evil.csv", dry_run=False)
    content, _m, _e = export_catalogue(None, CatalogueFilter(), "xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "vac"),
        (b"%PDF-1.7\x00\x01\x02 binary", "no es una hoja de c"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b"nombre,descripcion\nA,B\n", "id, name, description"),
        (b"PK\x03\x04not really a zip", "XLSX"),
    ],
)
def test_files_that_are_not_supplier_spreadsheets_are_refused(ctx, data, message):
    with pytest.raises(ServiceError) as e:
        import_suppliers(None, data, "file", dry_run=True)
    assert message in e.value.message


def test_zip_bomb_and_oversized_files_are_refused(ctx):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "0" * (120 * 1024 * 1024))
    with pytest.raises(ServiceError) as e:
        import_suppliers(None, out.getvalue(), "bomb.xlsx", dry_run=True)
    assert "demasiados datos" in e.value.message
    big = b"id,name,description\n" + b"x" * (ctx.config["MAX_CONTENT_LENGTH"] + 1)
    with pytest.raises(ServiceError) as e:
        import_suppliers(None, big, "big.csv", dry_run=True)
    assert "demasiado grande" in e.value.message


@pytest.mark.skipif(not RETC.exists(), reason="shared/data/retc-dev is not beside the repo")
def test_retc_directory_loads_every_row_and_second_run_changes_nothing(ctx):
    rows = RETC.read_text(encoding="utf-8").count("\n") - 1
    first = import_suppliers(None, RETC.read_bytes(), RETC.name, dry_run=False)
    assert first.errors == [] and first.created == rows == count()
    second = import_suppliers(None, RETC.read_bytes(), RETC.name, dry_run=False)
    assert (second.created, second.updated, second.unchanged) == (0, 0, rows)


def test_web_import_two_steps_as_background_jobs(app, client, make, auth, monkeypatch):
    from matchmaker.models import ImportBatch, Job

    monkeypatch.setitem(app.config, "JOBS_INLINE", True)
    auth.login(make.user("organiser", company=make.company("institution")))
    bad = GOOD + "S3,,x,,,,,,,\n"
    r = client.post(
        "/admin/import",
        data={"file": (io.BytesIO(bad.encode()), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    page = client.get(r.headers["Location"])
    assert page.status_code == 400 and "(name)" in page.text
    assert count() == 1  # only the organiser's own company
    r = client.post(
        "/admin/import",
        data={"file": (io.BytesIO(GOOD.encode()), "good.csv")},
        content_type="multipart/form-data",
    )
    batch_url = r.headers["Location"]
    page = client.get(batch_url)
    assert page.status_code == 200 and "2" in page.text and count() == 1
    assert client.post(batch_url).status_code == 302  # the go: imported by a job
    assert count() == 3
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.filename == "good.csv"))
    assert batch.status == "committed"
    job = db.session.get(Job, batch.job_id)
    assert job.kind == "import_commit" and job.status == "done" and job.progress == 1.0
    assert client.get(f"/jobs/{job.id}").json["status"] == "done"
    client.post(batch_url)  # a second click imports nothing twice
    assert count() == 3
    r = client.get("/admin/export.csv")
    assert r.status_code == 200 and "Troqueles Norte" in r.data.decode("utf-8-sig")


def test_unreadable_upload_is_refused_at_once(client, make, auth):
    auth.login(make.user("organiser", company=make.company("institution")))
    r = client.post(
        "/admin/import",
        data={"file": (io.BytesIO(b"%PDF-1.4\x00"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 400 and "hoja de c" in r.text


def test_import_pages_are_for_organisers(client, make, auth):
    auth.login(make.user("manager", company=make.company("institution")))
    assert client.get("/admin/import").status_code == 403
    assert client.post("/admin/import/1").status_code == 403


def test_non_finite_numbers_are_row_errors(ctx):
    data = b"id,name,description,employees\nS1,Uno,x,inf\nS2,Dos,x,1e400\n"
    report = import_suppliers(None, data, "n.csv", dry_run=False)
    assert {(e.row, e.column) for e in report.errors} == {(2, "employees"), (3, "employees")}
    assert count() == 0
