"""Follow-ups of held meetings at 30, 90 and 180 days, and staff's record of member
interactions (CRM)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.extensions import db
from matchmaker.models.base import one_of, utcnow


class Outcome(enum.StrEnum):
    NO_CONTACT = "no_contact"
    VALUABLE = "valuable"  # contact valuable, no business yet
    NEGOTIATION = "negotiation"
    RFQ_RECEIVED = "rfq_received"
    QUOTED = "quoted"
    WON = "won"  # with value
    AGREEMENT = "agreement"  # agreement signed


class FollowUp(db.Model):
    """One side of one held meeting, asked after N days what came of it."""

    __tablename__ = "followups"
    __table_args__ = (
        UniqueConstraint("meeting_id", "company_id", "after_days"),
        CheckConstraint("after_days IN (30, 90, 180)", name="after_days"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('no_contact', 'valuable', 'negotiation', "
            "'rfq_received', 'quoted', 'won', 'agreement')",
            name="outcome",
        ),
        CheckConstraint("value IS NULL OR value >= 0", name="value"),
        CheckConstraint("currency IS NULL OR currency IN ('MXN', 'USD')", name="currency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    after_days: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    outcome: Mapped[str | None] = mapped_column(String(14), index=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    value_mxn: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    comment: Mapped[str] = mapped_column(Text, default="")


class InteractionKind(enum.StrEnum):
    SERVICE = "service"
    REQUEST = "request"
    INTRODUCTION = "introduction"
    OPPORTUNITY = "opportunity"


class Interaction(db.Model):
    """A service, request, introduction or opportunity staff recorded for a member company."""

    __tablename__ = "interactions"
    __table_args__ = (one_of("kind", InteractionKind, "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(14))
    on: Mapped[date] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(Text)
    counterpart_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL")
    )
    value_mxn: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
