"""Recording sensitive changes in the audit trail (inside the caller's transaction)."""

from __future__ import annotations

from typing import Any

from matchmaker.extensions import db
from matchmaker.models import AuditEntry


def record(actor: Any, action: str, obj: Any, **details: Any) -> None:
    """Add an audit entry for a change to obj (a model, or a table name for many rows); the
    caller's commit saves it."""
    actor_id = actor.id if actor is not None and getattr(actor, "is_authenticated", False) else None
    object_type = obj if isinstance(obj, str) else type(obj).__tablename__
    object_id = None if isinstance(obj, str) else getattr(obj, "id", None)
    db.session.add(
        AuditEntry(
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=details,
        )
    )
