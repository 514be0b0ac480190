"""Bulk import of suppliers from CSV or XLSX: a dry run that lists every bad row, then a
commit that saves every row or none. Re-importing a file updates rows and adds no duplicates
(key: the file's `id`, else the RFC)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyKind,
    CompanyStatus,
    ImportBatch,
    Membership,
    Role,
    TaxonomyTerm,
    User,
)
from matchmaker.services import ServiceError, transaction
from matchmaker.services.catalogue.companies import LIMITS, CompanyChanges, apply_changes
from matchmaker.services.catalogue.vocab import certification_key, state_name, terms_in
from matchmaker.services.platform import validation
from matchmaker.services.platform.access import require_role
from matchmaker.services.platform.audit import record
from matchmaker.services.platform.jobs import enqueue, handler
from matchmaker.services.platform.spreadsheets import Sheet, read_sheet

REQUIRED = ("id", "name", "description")
OPTIONAL = (
    "tier",
    "state",
    "processes",
    "materials",
    "certifications",
    "products",
    "kind",
    "trade_name",
    "rfc",
    "city",
    "website",
    "employees",
    "membership",
    "contact_name",
    "contact_email",
    "phone",
    "capacity",
)
TIERS = {"1": CompanyKind.TIER1, "2": CompanyKind.TIER2, "3": CompanyKind.TIER3}
COLUMN_OF = {
    "processes_text": "processes",
    "materials_text": "materials",
    "products_text": "products",
}
CERT_EXPIRY = re.compile(r"^(.*?)\s*\((\d{4}-\d{2}-\d{2})\)\s*$")


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or row) of the file."""

    row: int
    column: str
    letter: str
    message: str

    def __str__(self) -> str:
        where = (
            _(
                "row %(row)d, column %(letter)s (%(column)s)",
                row=self.row,
                letter=self.letter,
                column=self.column,
            )
            if self.column
            else _("row %(row)d", row=self.row)
        )
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What an import did, or would do."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        """True when the file has no bad rows."""
        return not self.errors


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]


class _Row:
    """Validates one row into CompanyChanges, collecting errors with row and column."""

    def __init__(
        self, sheet: Sheet, number: int, values: dict[str, str], errors: list[RowError]
    ) -> None:
        self.sheet, self.number, self.values, self.errors = sheet, number, values, errors

    def has(self, column: str) -> bool:
        return column in self.values

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def error(self, column: str, message: str) -> None:
        letter = self.sheet.letter(column) if column in self.sheet.columns else ""
        self.errors.append(RowError(self.number, column, letter, message))

    def convert(self, column: str, fn: Any) -> Any:
        raw = self.get(column)
        if not raw:
            return None
        try:
            return fn(raw)
        except ValueError as e:
            self.error(column, str(e))
            return None

    def certifications(self) -> dict[str, date | None]:
        certs: dict[str, date | None] = {}
        for part in _split(self.get("certifications")):
            expires = None
            m = CERT_EXPIRY.match(part)
            if m:
                part = m.group(1)
                try:
                    expires = date.fromisoformat(m.group(2))
                except ValueError:
                    self.error("certifications", _("“%(value)s” is not a date.", value=m.group(2)))
            key = certification_key(part)
            if key is None:
                self.error("certifications", _("Unknown certification “%(value)s”.", value=part))
            else:
                certs[key] = expires
        return certs

    def kind(self, current: str | None) -> str:
        tier = self.get("tier").lower().replace("tier", "").replace("t", "").strip()
        kind = self.get("kind").lower()
        if kind:
            if kind not in {k.value for k in CompanyKind}:
                self.error(
                    "kind",
                    _(
                        "“%(value)s” is not a kind of company (%(kinds)s).",
                        value=kind,
                        kinds=", ".join(k.value for k in CompanyKind),
                    ),
                )
            return kind
        if tier:
            if tier not in TIERS:
                self.error(
                    "tier",
                    _("The tier must be 1, 2 or 3, not “%(value)s”.", value=self.get("tier")),
                )
                return current or CompanyKind.SUPPLIER
            return TIERS[tier]
        return current or CompanyKind.SUPPLIER


def _changes(row: _Row, company: Company | None, current_terms: set[str]) -> CompanyChanges:
    """The company as the row describes it; columns the file lacks keep their values."""

    def keep(column: str, attr: str, value: Any) -> Any:
        return value if row.has(column) else (getattr(company, attr) if company else None)

    name = row.get("name")
    if not name:
        row.error("name", _("The name is required."))
    elif len(name) > 255:
        row.error("name", _("The name is too long (255 characters at most)."))
    state = None
    if row.get("state"):
        state = state_name(row.get("state"))
        if state is None:
            row.error("state", _("“%(value)s” is not a Mexican state.", value=row.get("state")))
    membership = row.get("membership").lower() or None
    if membership and membership not in {m.value for m in Membership}:
        row.error("membership", _("“%(value)s” is not a membership status.", value=membership))
    texts = {c: row.get(c) for c in ("processes", "materials", "products")}
    term_keys = current_terms
    if any(row.has(c) for c in (*texts, "description")):
        term_keys = terms_in(" ; ".join([*texts.values(), row.get("description")]))
    changes = CompanyChanges(
        legal_name=name,
        kind=row.kind(company.kind if company else None),
        description=keep("description", "description", row.get("description")) or "",
        trade_name=keep("trade_name", "trade_name", row.get("trade_name") or None),
        rfc=keep("rfc", "rfc", row.convert("rfc", validation.rfc)),
        state=keep("state", "state", state),
        city=keep("city", "city", row.get("city") or None),
        website=keep("website", "website", row.convert("website", validation.website)),
        employees=keep("employees", "employees", row.convert("employees", validation.whole_number)),
        capacity=keep("capacity", "capacity", row.get("capacity") or None),
        processes_text=keep("processes", "processes_text", texts["processes"]) or "",
        materials_text=keep("materials", "materials_text", texts["materials"]) or "",
        products_text=keep("products", "products_text", texts["products"]) or "",
        contact_name=keep("contact_name", "contact_name", row.get("contact_name") or None),
        contact_email=keep(
            "contact_email", "contact_email", row.convert("contact_email", validation.email)
        ),
        phone=keep("phone", "phone", row.get("phone") or None),
        membership=membership,
        term_keys=term_keys,
        certifications=row.certifications()
        if row.has("certifications")
        else ({c.cert_key: c.expires_on for c in company.certifications} if company else {}),
    )
    for attr, limit in LIMITS.items():
        value = getattr(changes, attr)
        column = COLUMN_OF.get(attr, attr)
        if attr != "legal_name" and isinstance(value, str) and len(value) > limit:
            row.error(column, _("Too long: %(n)d characters at most.", n=limit))
    return changes


def read_file(data: bytes, filename: str) -> Sheet:
    """The uploaded file as a table, or a ServiceError saying why it cannot be read."""
    cfg = current_app.config
    if len(data) > cfg["MAX_CONTENT_LENGTH"]:
        raise ServiceError(
            _(
                "The file is too large (%(mb)d MB at most).",
                mb=cfg["MAX_CONTENT_LENGTH"] // (1024 * 1024),
            )
        )
    return read_sheet(
        data,
        filename,
        required=REQUIRED,
        max_rows=cfg["IMPORT_MAX_ROWS"],
        max_unzipped=cfg["IMPORT_MAX_UNZIPPED"],
    )


def import_suppliers(
    actor: Any,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    batch: ImportBatch | None = None,
    progress: Any = None,
) -> ImportReport:
    """Check every row; unless dry_run and if no row is bad, save them all in one transaction
    (which also marks the uploaded batch, if any, as imported)."""
    if actor is not None:  # None: the command line, run by whoever runs the server
        require_role(actor, Role.ORGANISER)
    sheet = read_file(data, filename)
    report = ImportReport(rows=len(sheet.rows))
    with transaction():
        _apply(sheet, report, progress)
        if report.errors or dry_run:
            db.session.rollback()
            return report
        if actor is not None:
            record(
                actor,
                "companies.imported",
                "companies",
                filename=filename,
                created=report.created,
                updated=report.updated,
            )
        report.committed = True
        if batch is not None:
            batch.status = "committed"
            batch.report = report_dict(report)
    return report


def _apply(sheet: Sheet, report: ImportReport, progress: Any = None) -> None:
    companies = list(
        db.session.scalars(
            select(Company).options(
                selectinload(Company.certifications), selectinload(Company.capabilities)
            )
        )
    )
    by_id = {c.external_id: c for c in companies if c.external_id}
    by_rfc = {c.rfc: c for c in companies if c.rfc}
    terms = {t.key: t for t in db.session.scalars(select(TaxonomyTerm))}
    key_of_term = {t.id: t.key for t in terms.values()}
    seen_ids: dict[str, int] = {}
    seen_rfcs: dict[str, int] = {}
    total = len(sheet.rows)
    for done, (number, values) in enumerate(sheet.rows):
        if progress is not None and done % 200 == 0:
            progress(done / max(1, total), _("Row %(n)d of %(total)d", n=done, total=total))
        row = _Row(sheet, number, values, report.errors)
        ext = row.get("id")
        before = len(report.errors)
        if not ext:
            row.error("id", _("The id is required."))
        elif len(ext) > 64:
            row.error("id", _("The id is too long (64 characters at most)."))
        elif ext in seen_ids:
            row.error(
                "id",
                _("The id “%(id)s” is already used in row %(row)d.", id=ext, row=seen_ids[ext]),
            )
        seen_ids.setdefault(ext, number)
        rfc = row.convert("rfc", validation.rfc)
        company = by_id.get(ext) or (by_rfc.get(rfc) if rfc else None)
        if rfc:
            if rfc in seen_rfcs:
                row.error(
                    "rfc",
                    _(
                        "The RFC %(rfc)s is already used in row %(row)d.",
                        rfc=rfc,
                        row=seen_rfcs[rfc],
                    ),
                )
            seen_rfcs.setdefault(rfc, number)
            owner = by_rfc.get(rfc)
            if owner is not None and company is not None and owner is not company:
                row.error(
                    "rfc",
                    _(
                        "The RFC %(rfc)s belongs to another company (%(name)s).",
                        rfc=rfc,
                        name=owner.legal_name,
                    ),
                )
        current_terms = {key_of_term[c.term_id] for c in company.capabilities} if company else set()
        changes = _changes(row, company, current_terms)
        if len(report.errors) > before or report.errors:
            continue  # once any row is bad nothing is saved; keep checking the rest
        if company is None:
            company = Company(
                external_id=ext,
                status=CompanyStatus.APPROVED,
                membership=changes.membership or Membership.NON_MEMBER,
                description="",
                search_text="",
            )
            db.session.add(company)
            apply_changes(company, changes, terms, may_set_membership=True)
            report.created += 1
            by_id[ext] = company
        else:
            changed = company.external_id != ext
            company.external_id = ext
            if apply_changes(company, changes, terms, may_set_membership=True) or changed:
                report.updated += 1
            else:
                report.unchanged += 1
        if rfc:
            by_rfc[rfc] = company
    db.session.flush()


def report_dict(report: ImportReport) -> dict[str, Any]:
    """An import report as plain data, for storing with the batch."""
    return {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "committed": report.committed,
        "errors": [[e.row, e.column, e.letter, e.message] for e in report.errors],
    }


def start_check(actor: Any, data: bytes, filename: str) -> ImportBatch:
    """Step 1: keep the upload and check it in the background (progress on the page).
    A file that cannot be read at all is refused at once."""
    require_role(actor, Role.ORGANISER)
    read_file(data, filename)  # size, type, zip bomb, header: answer these straight away
    with transaction():
        batch = ImportBatch(
            created_by_id=actor.id,
            filename=filename[:255],
            content=data,
            status="pending",
            report={},
        )
        db.session.add(batch)
    _start(actor, batch, "import_check")
    return batch


def start_commit(actor: Any, batch: ImportBatch) -> None:
    """Step 2: import a checked file in the background, all rows or none."""
    require_role(actor, Role.ORGANISER)
    if batch.status != "checked":
        raise ServiceError(_("This file has already been imported, or it has bad rows."))
    with transaction():
        batch.status = "committing"
    _start(actor, batch, "import_commit")


def _start(actor: Any, batch: ImportBatch, kind: str) -> None:
    batch_id = batch.id
    job = enqueue(kind, {"batch_id": batch_id}, actor)
    with transaction():
        found = db.session.get(ImportBatch, batch_id)
        if found is not None and found.job_id != job.id:
            found.job_id = job.id


def _batch_job(job: Any, progress: Any, dry_run: bool) -> dict[str, Any]:
    batch = db.session.get(ImportBatch, job.params["batch_id"])
    if batch is None:
        raise ValueError("the uploaded file is gone")
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    batch_id, content, filename = batch.id, batch.content, batch.filename

    def rows_done(fraction: float, message: str) -> None:
        # SQLite (WAL): a progress write from another connection would invalidate this
        # transaction's snapshot, so there the page shows activity without the figure.
        if db.engine.dialect.name != "sqlite":
            progress(fraction, message)

    try:
        report = import_suppliers(
            actor,
            content,
            filename,
            dry_run=dry_run,
            progress=rows_done,
            batch=None if dry_run else batch,
        )
    except ServiceError as e:
        report = ImportReport(errors=[RowError(1, "", "", e.message)])
    with transaction():
        batch = db.session.get(ImportBatch, batch_id)
        assert batch is not None
        if dry_run:
            batch.status = "checked" if report.ok else "refused"
            batch.report = report_dict(report)
        elif not report.committed:  # the catalogue changed since the check and a row fails now
            batch.status = "refused"
            batch.report = report_dict(report)
    return report_dict(report)


@handler("import_check")
def _check_job(job: Any, progress: Any, _payload: Any) -> dict[str, Any]:
    return _batch_job(job, progress, dry_run=True)


@handler("import_commit")
def _commit_job(job: Any, progress: Any, _payload: Any) -> dict[str, Any]:
    return _batch_job(job, progress, dry_run=False)


def report_of(batch: ImportBatch) -> ImportReport:
    """The stored report of a batch, as an ImportReport for the page."""
    r = batch.report or {}
    return ImportReport(
        rows=r.get("rows", 0),
        created=r.get("created", 0),
        updated=r.get("updated", 0),
        unchanged=r.get("unchanged", 0),
        committed=r.get("committed", False),
        errors=[RowError(*e) for e in r.get("errors", [])],
    )
