"""Requests for quotation, each supplier's response, its audit trail, and exchange rates."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.extensions import db
from matchmaker.models.base import one_of, utcnow

if TYPE_CHECKING:
    from matchmaker.models.company import Company

MONEY = Numeric(16, 2)
RATE = Numeric(12, 6)


class RfqOrigin(enum.StrEnum):
    MEETING = "meeting"
    EVENT = "event"
    MISSION = "mission"
    DIRECT = "direct"


class ResponseStatus(enum.StrEnum):
    INVITED = "invited"
    QUOTED = "quoted"
    NEGOTIATION = "negotiation"
    AWARDED = "awarded"
    LOST = "lost"
    DECLINED = "declined"
    CANCELLED = "cancelled"


# A response's state machine: (from, to) -> the side that may make the move. Same-state
# moves revise the quote.
BUYER, SUPPLIER = "buyer", "supplier"
_S = ResponseStatus
TRANSITIONS: dict[tuple[str, str], str] = {
    (_S.INVITED, _S.QUOTED): SUPPLIER,
    (_S.INVITED, _S.DECLINED): SUPPLIER,
    (_S.INVITED, _S.CANCELLED): BUYER,
    (_S.QUOTED, _S.QUOTED): SUPPLIER,
    (_S.QUOTED, _S.NEGOTIATION): BUYER,
    (_S.QUOTED, _S.AWARDED): BUYER,
    (_S.QUOTED, _S.LOST): BUYER,
    (_S.QUOTED, _S.DECLINED): SUPPLIER,
    (_S.QUOTED, _S.CANCELLED): BUYER,
    (_S.NEGOTIATION, _S.NEGOTIATION): SUPPLIER,
    (_S.NEGOTIATION, _S.AWARDED): BUYER,
    (_S.NEGOTIATION, _S.LOST): BUYER,
    (_S.NEGOTIATION, _S.DECLINED): SUPPLIER,
    (_S.NEGOTIATION, _S.CANCELLED): BUYER,
}
CLOSED = frozenset({_S.AWARDED, _S.LOST, _S.DECLINED, _S.CANCELLED})


class Currency(enum.StrEnum):
    MXN = "MXN"
    USD = "USD"


class Rfq(db.Model):
    """A buyer company's request for quotation to one or more suppliers."""

    __tablename__ = "rfqs"
    __table_args__ = (
        UniqueConstraint("buyer_company_id", "reference"),
        one_of("origin", RfqOrigin, "origin"),
        CheckConstraint("quantity IS NULL OR quantity >= 0", name="quantity"),
        CheckConstraint("annual_volume IS NULL OR annual_volume >= 0", name="annual_volume"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer_company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reference: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"))
    quantity: Mapped[int | None] = mapped_column(BigInteger)
    annual_volume: Mapped[int | None] = mapped_column(BigInteger)
    due_date: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(10), default=RfqOrigin.DIRECT)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="RESTRICT"), index=True
    )
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    buyer: Mapped[Company] = relationship(lazy="joined")
    responses: Mapped[list[RfqResponse]] = relationship(
        back_populates="rfq", cascade="all, delete-orphan", order_by="RfqResponse.id"
    )


class RfqResponse(db.Model):
    """One invited supplier's path through an RFQ: invited → quoted → negotiation → awarded,
    or lost, declined, cancelled. Values carry their currency and the rate to MXN that day."""

    __tablename__ = "rfq_responses"
    __table_args__ = (
        UniqueConstraint("rfq_id", "supplier_company_id"),
        one_of("status", ResponseStatus, "status"),
        CheckConstraint("quoted_value IS NULL OR quoted_value >= 0", name="quoted_value"),
        CheckConstraint("awarded_value IS NULL OR awarded_value >= 0", name="awarded_value"),
        CheckConstraint(
            "quoted_currency IS NULL OR quoted_currency IN ('MXN', 'USD')", name="quoted_currency"
        ),
        CheckConstraint(
            "awarded_currency IS NULL OR awarded_currency IN ('MXN', 'USD')",
            name="awarded_currency",
        ),
        CheckConstraint("award_months IS NULL OR award_months > 0", name="award_months"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    supplier_company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default=ResponseStatus.INVITED, index=True)
    quoted_value: Mapped[Decimal | None] = mapped_column(MONEY)
    quoted_currency: Mapped[str | None] = mapped_column(String(3))
    quoted_rate: Mapped[Decimal | None] = mapped_column(RATE)  # MXN per unit of currency
    quoted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    awarded_value: Mapped[Decimal | None] = mapped_column(MONEY)
    awarded_currency: Mapped[str | None] = mapped_column(String(3))
    awarded_rate: Mapped[Decimal | None] = mapped_column(RATE)
    award_months: Mapped[int | None] = mapped_column(Integer)  # period the awarded value covers
    awarded_annual_mxn: Mapped[Decimal | None] = mapped_column(MONEY)
    awarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    rfq: Mapped[Rfq] = relationship(back_populates="responses")
    supplier: Mapped[Company] = relationship(lazy="joined")
    history: Mapped[list[RfqChange]] = relationship(
        cascade="all, delete-orphan", order_by="RfqChange.id"
    )


class RfqChange(db.Model):
    """The audit trail of a response: who changed what, when, from what, to what."""

    __tablename__ = "rfq_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("rfq_responses.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ExchangeRate(db.Model):
    """MXN per unit of a currency on a day (e.g. Banxico's FIX for USD)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("currency", "on"),
        CheckConstraint("rate > 0", name="rate"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    on: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(RATE)
