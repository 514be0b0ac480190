"""Buyers' shortlists of recommended suppliers for a need; they feed meeting requests."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Float, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.extensions import db
from matchmaker.models.base import utcnow

if TYPE_CHECKING:
    from matchmaker.models.company import Company


class ShortlistEntry(db.Model):
    """A supplier a buyer kept for a need, with the engine's score at that moment."""

    __tablename__ = "shortlist_entries"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True
    )
    supplier_company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    score: Mapped[float | None] = mapped_column(Float)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    supplier: Mapped[Company] = relationship(lazy="joined")
