"""Companies of the cluster: OEMs, Tier 1s, suppliers, institutions; their certifications and
capabilities."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.extensions import db
from matchmaker.models.base import one_of, utcnow

if TYPE_CHECKING:
    from matchmaker.models.taxonomy import TaxonomyTerm
    from matchmaker.models.user import User


class CompanyKind(enum.StrEnum):
    OEM = "oem"
    TIER1 = "tier1"
    TIER2 = "tier2"
    TIER3 = "tier3"
    SUPPLIER = "supplier"  # a supplier whose tier was not stated (e.g. imported directories)
    INSTITUTION = "institution"  # institution or service provider, the cluster itself


SUPPLIER_KINDS = (CompanyKind.TIER1, CompanyKind.TIER2, CompanyKind.TIER3, CompanyKind.SUPPLIER)
TIER_OF_KIND = {CompanyKind.TIER1: 1, CompanyKind.TIER2: 2, CompanyKind.TIER3: 3}


class CompanyStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    ARCHIVED = "archived"


class Membership(enum.StrEnum):
    MEMBER = "member"
    NON_MEMBER = "non_member"
    PROSPECT = "prospect"
    FORMER = "former"


class Company(db.Model):
    """A company in the catalogue."""

    __tablename__ = "companies"
    __table_args__ = (
        one_of("kind", CompanyKind, "kind"),
        one_of("status", CompanyStatus, "status"),
        one_of("membership", Membership, "membership"),
        CheckConstraint("employees IS NULL OR employees >= 0", name="employees"),
        # Covers the recommendation index's freshness check (count, max(updated_at),
        # sum(version) on every need page): an index-only scan instead of reading the table.
        Index("ix_companies_version_check", "id", "updated_at", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    legal_name: Mapped[str] = mapped_column(String(255))
    trade_name: Mapped[str | None] = mapped_column(String(255))
    rfc: Mapped[str | None] = mapped_column(String(13), unique=True)
    state: Mapped[str | None] = mapped_column(String(60), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(255))
    employees: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[str | None] = mapped_column(Text)
    processes_text: Mapped[str] = mapped_column(Text, default="")
    materials_text: Mapped[str] = mapped_column(Text, default="")
    products_text: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    membership: Mapped[str] = mapped_column(String(20), default=Membership.NON_MEMBER)
    status: Mapped[str] = mapped_column(String(20), default=CompanyStatus.PENDING, index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")  # accent- and case-free
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    users: Mapped[list[User]] = relationship(back_populates="company")
    certifications: Mapped[list[CompanyCertification]] = relationship(
        cascade="all, delete-orphan", order_by="CompanyCertification.cert_key"
    )
    capabilities: Mapped[list[CompanyCapability]] = relationship(cascade="all, delete-orphan")

    @property
    def display_name(self) -> str:
        """The trade name where there is one, else the legal name."""
        return self.trade_name or self.legal_name

    @property
    def tier(self) -> int | None:
        """1, 2 or 3 for tiered suppliers, else None."""
        return TIER_OF_KIND.get(CompanyKind(self.kind))

    @property
    def is_supplier(self) -> bool:
        """True for the kinds that sell parts to others."""
        return self.kind in SUPPLIER_KINDS


class CompanyCertification(db.Model):
    """A quality or environmental certification held by a company."""

    __tablename__ = "company_certifications"
    __table_args__ = (UniqueConstraint("company_id", "cert_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    cert_key: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(80))
    expires_on: Mapped[date | None] = mapped_column(Date)

    def is_valid(self, on: date) -> bool:
        """True when the certificate has not expired on the given day."""
        return self.expires_on is None or self.expires_on >= on


class CompanyCapability(db.Model):
    """A taxonomy term (process, material or product family) that a company offers."""

    __tablename__ = "company_capabilities"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_terms.id", ondelete="RESTRICT"), primary_key=True, index=True
    )

    term: Mapped[TaxonomyTerm] = relationship(lazy="joined")
