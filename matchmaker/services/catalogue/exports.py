"""Exporting the catalogue in the import format, so that an export can be re-imported."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import Company, CompanyKind, Role, TermKind
from matchmaker.services.catalogue.search import CatalogueFilter, supplier_query
from matchmaker.services.platform.access import require_role
from matchmaker.services.platform.spreadsheets import XLSX_MIME, write_csv, write_xlsx

COLUMNS = (
    "id",
    "name",
    "description",
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
TIER = {CompanyKind.TIER1: "1", CompanyKind.TIER2: "2", CompanyKind.TIER3: "3"}


def _terms(company: Company, kind: str, free_text: str) -> str:
    if free_text:
        return free_text
    return "; ".join(sorted(c.term.name_es for c in company.capabilities if c.term.kind == kind))


def company_row(company: Company) -> list[Any]:
    """One company as a row of the import format."""
    certs = "; ".join(
        c.name + (f" ({c.expires_on.isoformat()})" if c.expires_on else "")
        for c in company.certifications
    )
    return [
        company.external_id or f"C{company.id}",
        company.legal_name,
        company.description,
        TIER.get(CompanyKind(company.kind), ""),
        company.state or "",
        _terms(company, TermKind.PROCESS, company.processes_text),
        _terms(company, TermKind.MATERIAL, company.materials_text),
        certs,
        _terms(company, TermKind.PRODUCT, company.products_text),
        company.kind,
        company.trade_name or "",
        company.rfc or "",
        company.city or "",
        company.website or "",
        company.employees if company.employees is not None else "",
        company.membership,
        company.contact_name or "",
        company.contact_email or "",
        company.phone or "",
        company.capacity or "",
    ]


def export_catalogue(actor: Any, f: CatalogueFilter, fmt: str) -> tuple[bytes, str, str]:
    """The (filtered) catalogue as CSV or XLSX: (content, mimetype, file extension)."""
    if actor is not None:
        require_role(actor, Role.ORGANISER, Role.MANAGER)
    query = supplier_query(f).options(
        selectinload(Company.certifications), selectinload(Company.capabilities)
    )
    rows = (company_row(c) for c in db.session.scalars(query))
    if fmt == "xlsx":
        return write_xlsx(COLUMNS, rows, "suppliers"), XLSX_MIME, "xlsx"
    return write_csv(COLUMNS, rows), "text/csv; charset=utf-8", "csv"
