"""Browsing and searching the supplier catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, func, literal, literal_column, select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyKind,
    CompanyStatus,
    TaxonomyTerm,
)
from matchmaker.models.company import SUPPLIER_KINDS
from matchmaker.services.catalogue.vocab import fold
from matchmaker.services.platform.access import is_cleared, require
from matchmaker.services.platform.paging import paginate

TIER_KINDS = {
    "1": CompanyKind.TIER1,
    "2": CompanyKind.TIER2,
    "3": CompanyKind.TIER3,
    "unknown": CompanyKind.SUPPLIER,
}


@dataclass(frozen=True)
class CatalogueFilter:
    """What a catalogue search asks for; empty fields do not filter."""

    q: str = ""
    tier: str = ""
    state: str = ""
    process: str = ""  # taxonomy key
    material: str = ""
    product: str = ""
    certification: str = ""  # certification key

    @classmethod
    def from_args(cls, args: Any) -> CatalogueFilter:
        """Read the filter from query-string arguments."""
        return cls(**{k: (args.get(k) or "").strip()[:200] for k in cls.__dataclass_fields__})


def supplier_query(f: CatalogueFilter) -> Select[tuple[Company]]:
    """The approved suppliers matching the filter, by name."""
    query = select(Company).where(
        Company.status == CompanyStatus.APPROVED,
        Company.kind.in_([k.value for k in SUPPLIER_KINDS]),
    )
    if f.tier in TIER_KINDS:
        query = query.where(Company.kind == TIER_KINDS[f.tier])
    if f.state:
        query = query.where(Company.state == f.state)
    for key in (f.process, f.material, f.product):
        if key:
            query = query.where(
                Company.id.in_(
                    select(CompanyCapability.company_id)
                    .join(TaxonomyTerm)
                    .where(TaxonomyTerm.key == key)
                )
            )
    if f.certification:
        query = query.where(
            Company.id.in_(
                select(CompanyCertification.company_id).where(
                    CompanyCertification.cert_key == f.certification
                )
            )
        )
    words = search_words(f.q)
    if words:
        query = query.where(_words_condition(words))
    return query.order_by(Company.legal_name, Company.id)


def search_words(q: str) -> list[str]:
    """The words of a search, folded as `Company.search_text` is (at most 8)."""
    return re.findall(r"[a-z0-9]+", fold(q))[:8]


def _words_condition(words: list[str]) -> ColumnElement[bool]:
    """Every word begins a word of the company's search text ("fundi" finds "fundicion").

    PostgreSQL answers from a full-text GIN index on the search text (migration 5b7e1f0c2d3a);
    SQLite scans, which is fine at the size of catalogue it is used for. Words are [a-z0-9]+,
    so they need no escaping in either form.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        vector = func.to_tsvector(literal_column("'simple'::regconfig"), Company.search_text)
        query = func.to_tsquery(
            literal_column("'simple'::regconfig"), " & ".join(f"{w}:*" for w in words)
        )
        return vector.op("@@")(query)
    spaced = literal(" ").concat(Company.search_text)
    return and_(*(spaced.like(f"% {w}%") for w in words))


def search(
    actor: Any, f: CatalogueFilter, page: int, per_page: int, capabilities: bool = True
) -> Pagination:
    """One page of the catalogue for a logged-in user (with each company's certifications,
    and its capabilities unless `capabilities` is False)."""
    require(is_cleared(actor))
    options = [selectinload(Company.certifications)]
    if capabilities:
        options.append(selectinload(Company.capabilities))
    return paginate(supplier_query(f), page, per_page, entity=Company, options=tuple(options))
