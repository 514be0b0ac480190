"""Column helpers shared by the models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def one_of(column: str, values: type[enum.StrEnum] | tuple[str, ...], name: str) -> CheckConstraint:
    """A CHECK constraint that keeps a text column within a fixed set of values."""
    allowed = [v.value for v in values] if isinstance(values, type) else list(values)
    quoted = ", ".join(f"'{v}'" for v in allowed)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)
