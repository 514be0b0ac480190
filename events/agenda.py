"""Pure helpers to build a participant's agenda at a sourcing event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Literal, TypeVar

AgendaStatus = Literal["CONFIRMED", "CANCELLED"]

_STATUSES: frozenset[str] = frozenset({"CONFIRMED", "CANCELLED"})

SlotT = TypeVar("SlotT")
TableT = TypeVar("TableT")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One meeting in a participant's agenda, seen from that participant."""

    slot_start: datetime
    slot_end: datetime
    table: str
    counterpart_name: str
    counterpart_company: str
    counterpart_contact: str = ""
    status: AgendaStatus = "CONFIRMED"

    def __post_init__(self) -> None:
        if self.slot_end <= self.slot_start:
            raise ValueError("slot must end after it starts")
        if self.status not in _STATUSES:
            raise ValueError(f"invalid status: {self.status!r}")


@dataclass(frozen=True, slots=True)
class AgendaDay:
    """The meetings of one calendar day, in time order."""

    day: date
    meetings: tuple[AgendaItem, ...]


def group_by_day(items: Iterable[AgendaItem]) -> tuple[AgendaDay, ...]:
    """Return the items grouped by the day they start on, days and meetings in time order."""
    ordered = sorted(items, key=lambda i: (i.slot_start, i.slot_end, i.table))
    return tuple(
        AgendaDay(day, tuple(group))
        for day, group in groupby(ordered, key=lambda i: i.slot_start.date())
    )


def sequence_after_change(
    old: tuple[SlotT, TableT] | None, new: tuple[SlotT, TableT], old_sequence: int
) -> int:
    """Return the iCalendar SEQUENCE after placing a meeting: +1 if its slot or table changed."""
    if old_sequence < 0:
        raise ValueError("sequence must not be negative")
    if old is None or old == new:
        # None: first placement, nothing published yet to supersede.
        return old_sequence
    return old_sequence + 1
