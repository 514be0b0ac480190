"""Buyers' sourcing needs."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.extensions import db
from matchmaker.models.base import one_of, utcnow

if TYPE_CHECKING:
    from matchmaker.models.company import Company
    from matchmaker.models.taxonomy import TaxonomyTerm
    from matchmaker.models.user import User


class NeedStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class CertificationMode(enum.StrEnum):
    PENALISE = "penalise"  # a supplier without it ranks lower, and the gap is shown
    EXCLUDE = "exclude"  # a supplier without it is not proposed


class Need(db.Model):
    """A sourcing need posted by a buyer company."""

    __tablename__ = "needs"
    __table_args__ = (
        one_of("status", NeedStatus, "status"),
        one_of("certification_mode", CertificationMode, "certification_mode"),
        CheckConstraint("annual_volume IS NULL OR annual_volume >= 0", name="annual_volume"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    commodity: Mapped[str] = mapped_column(String(120), default="")
    processes_text: Mapped[str] = mapped_column(Text, default="")
    materials_text: Mapped[str] = mapped_column(Text, default="")
    annual_volume: Mapped[int | None] = mapped_column(BigInteger)
    volume_unit: Mapped[str] = mapped_column(String(30), default="")
    target_start: Mapped[date | None] = mapped_column(Date)
    preferred_states: Mapped[list[str]] = mapped_column(JSON, default=list)
    certification_mode: Mapped[str] = mapped_column(String(10), default=CertificationMode.PENALISE)
    status: Mapped[str] = mapped_column(String(10), default=NeedStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    company: Mapped[Company] = relationship()
    created_by: Mapped[User | None] = relationship()
    terms: Mapped[list[NeedTerm]] = relationship(cascade="all, delete-orphan")
    certifications: Mapped[list[NeedCertification]] = relationship(
        cascade="all, delete-orphan", order_by="NeedCertification.cert_key"
    )


class NeedTerm(db.Model):
    """A process, material or product family a need asks for."""

    __tablename__ = "need_terms"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_terms.id", ondelete="RESTRICT"), primary_key=True
    )

    term: Mapped[TaxonomyTerm] = relationship(lazy="joined")


class NeedCertification(db.Model):
    """A certification the need requires of suppliers."""

    __tablename__ = "need_certifications"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True
    )
    cert_key: Mapped[str] = mapped_column(String(40), primary_key=True)
