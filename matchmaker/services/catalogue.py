"""Browsing and searching the supplier catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyKind,
    CompanyStatus,
)
from matchmaker.models.company import SUPPLIER_KINDS
from matchmaker.services.access import require
from matchmaker.services.vocab import fold

TIER_KINDS = {"1": CompanyKind.TIER1, "2": CompanyKind.TIER2, "3": CompanyKind.TIER3,
              "unknown": CompanyKind.SUPPLIER}


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
    query = select(Company).where(Company.status == CompanyStatus.APPROVED,
                                  Company.kind.in_([k.value for k in SUPPLIER_KINDS]))
    if f.tier in TIER_KINDS:
        query = query.where(Company.kind == TIER_KINDS[f.tier])
    if f.state:
        query = query.where(Company.state == f.state)
    for key in (f.process, f.material, f.product):
        if key:
            from matchmaker.models import TaxonomyTerm

            query = query.where(Company.id.in_(
                select(CompanyCapability.company_id).join(TaxonomyTerm)
                .where(TaxonomyTerm.key == key)))
    if f.certification:
        query = query.where(Company.id.in_(
            select(CompanyCertification.company_id)
            .where(CompanyCertification.cert_key == f.certification)))
    for word in fold(f.q).split()[:8]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Company.search_text.like(f"%{escaped}%", escape="\\"))
    return query.order_by(Company.legal_name, Company.id)


def search(actor: Any, f: CatalogueFilter, page: int, per_page: int) -> Pagination:
    """One page of the catalogue for a logged-in user."""
    require(bool(actor.is_authenticated))
    query = supplier_query(f).options(
        selectinload(Company.certifications),
        selectinload(Company.capabilities),
    )
    return db.paginate(query, page=max(1, page), per_page=per_page, error_out=False)
