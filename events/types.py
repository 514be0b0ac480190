"""Frozen, typed dataclasses at the border of the scheduling engine."""

from __future__ import annotations

from dataclasses import dataclass, field

ArgValue = str | int


@dataclass(frozen=True)
class Slot:
    """A meeting slot; slots are listed in time order."""

    id: str
    start: str = ""
    end: str = ""
    session: str = ""


@dataclass(frozen=True)
class Participant:
    """A buyer, supplier or networking participant."""

    id: str
    role: str = "participant"
    name: str = ""
    capacity: int = 1
    available: tuple[str, ...] | None = None
    max_meetings: int | None = None
    table: str | None = None


@dataclass(frozen=True)
class Request:
    """A wished meeting between two participants."""

    id: str
    between: tuple[str, str]
    weight: int = 1
    must: bool = False
    slots: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Lock:
    """A meeting placed by hand; table None fixes only the slot."""

    request: str
    slot: str
    table: str | None = None


@dataclass(frozen=True)
class Instance:
    """A scheduling instance in the shape of the scheduling spec."""

    slots: tuple[Slot, ...]
    tables: tuple[str, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    locked: tuple[Lock, ...] = ()
    name: str = ""
    timezone: str = ""


@dataclass(frozen=True)
class Meeting:
    """A scheduled meeting."""

    request: str
    slot: str
    table: str


@dataclass(frozen=True)
class Unscheduled:
    """A request left out, with a reason code and its arguments for translation."""

    request: str
    code: str
    args: tuple[tuple[str, ArgValue], ...] = ()

    def arg(self, key: str) -> ArgValue:
        """Return the argument named key."""
        return dict(self.args)[key]


@dataclass(frozen=True)
class Schedule:
    """Meetings held and requests left out; every request appears once."""

    meetings: tuple[Meeting, ...]
    unscheduled: tuple[Unscheduled, ...] = ()


@dataclass(frozen=True)
class Report:
    """The figures that compare schedules, in the spec's order of preference."""

    meetings: int
    must_asked: int
    must_held: int
    suppliers_asked: int
    suppliers_covered: int
    weight: int
    bound: float
    gap: float
    breaks: int
    idle_slots: int
    moved: int = 0
    weight_gained: int = 0
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Result:
    """A schedule with its report."""

    schedule: Schedule
    report: Report
