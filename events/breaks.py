"""Fewer breaks after weight: move meetings to slots that join agendas, keeping feasibility."""

from __future__ import annotations

from events.model import State


def compact(st: State, deadline: float) -> None:
    """Placeholder: breaks are reduced at placement time."""
    return None
