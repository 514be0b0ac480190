"""Uploaded files waiting between an import's dry run and its commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.extensions import db
from matchmaker.models.base import one_of, utcnow

# pending: being checked; checked: no bad row, waiting for the organiser's go; refused: bad rows
# (listed in the report); committing: being imported; committed: imported.
BATCH_STATUSES = ("pending", "checked", "refused", "committing", "committed")


class ImportBatch(db.Model):
    """An uploaded supplier file; kept in the database so that any worker can commit it."""

    __tablename__ = "import_batches"
    __table_args__ = (one_of("status", BATCH_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
