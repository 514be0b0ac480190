"""Sourcing events and trade missions: sessions, slots, tables, participants, meeting
requests and meetings."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.extensions import db
from matchmaker.models.base import one_of, utcnow

if TYPE_CHECKING:
    from matchmaker.models.company import Company


class EventKind(enum.StrEnum):
    EVENT = "event"  # a B2B sourcing event (rounds of 1:1 meetings at tables)
    MISSION = "mission"  # a trade mission: a delegation's meetings abroad or at a fair


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    REGISTRATION = "registration"
    REQUESTS_OPEN = "requests_open"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CLOSED = "closed"


class TableMode(enum.StrEnum):
    POOL = "pool"  # any free table
    FIXED = "fixed"  # each buyer keeps its own table or booth


class Event(db.Model):
    """A sourcing event or trade mission."""

    __tablename__ = "events"
    __table_args__ = (
        one_of("kind", EventKind, "kind"),
        one_of("status", EventStatus, "status"),
        one_of("table_mode", TableMode, "table_mode"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default=EventKind.EVENT)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(80), default="México")
    timezone: Mapped[str] = mapped_column(String(60), default="America/Monterrey")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.DRAFT, index=True)
    table_mode: Mapped[str] = mapped_column(String(10), default=TableMode.POOL)
    requests_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    sessions: Mapped[list[EventSession]] = relationship(
        cascade="all, delete-orphan", order_by="(EventSession.day, EventSession.starts_at)"
    )
    tables: Mapped[list[EventTable]] = relationship(
        cascade="all, delete-orphan", order_by="EventTable.name"
    )


class EventSession(db.Model):
    """A half-day block of back-to-back meeting slots."""

    __tablename__ = "event_sessions"
    __table_args__ = (
        CheckConstraint("slot_minutes IN (15, 20, 30)", name="slot_minutes"),
        CheckConstraint("ends_at > starts_at", name="order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=20)
    breaks: Mapped[list[list[str]]] = mapped_column(JSON, default=list)  # [["11:00","11:20"]]

    slots: Mapped[list[Slot]] = relationship(
        cascade="all, delete-orphan", order_by="Slot.starts_at", back_populates="session"
    )


class Slot(db.Model):
    """One meeting slot; times are local to the event's time zone (naive)."""

    __tablename__ = "slots"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # dashboards by quarter
    ends_at: Mapped[datetime] = mapped_column(DateTime)

    session: Mapped[EventSession] = relationship(back_populates="slots")


class EventTable(db.Model):
    """A table or booth where meetings sit."""

    __tablename__ = "event_tables"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))


class ParticipantRole(enum.StrEnum):
    BUYER = "buyer"
    SUPPLIER = "supplier"
    PARTICIPANT = "participant"  # open networking: anyone may meet anyone


class ParticipantStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CANCELLED = "cancelled"


class Participant(db.Model):
    """A company registered for an event, with its delegates and availability."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("event_id", "company_id"),
        one_of("role", ParticipantRole, "role"),
        one_of("status", ParticipantStatus, "status"),
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint("max_meetings IS NULL OR max_meetings >= 0", name="max_meetings"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(10), default=ParticipantStatus.PENDING)
    capacity: Mapped[int] = mapped_column(Integer, default=1)  # meetings held in parallel
    max_meetings: Mapped[int | None] = mapped_column(Integer)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("event_tables.id", ondelete="SET NULL"))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    feed_token: Mapped[str] = mapped_column(String(43), unique=True)  # calendar subscription
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    company: Mapped[Company] = relationship(lazy="joined")
    table: Mapped[EventTable | None] = relationship()
    delegates: Mapped[list[Delegate]] = relationship(cascade="all, delete-orphan")
    availability: Mapped[list[Availability]] = relationship(cascade="all, delete-orphan")


class Delegate(db.Model):
    """A person who comes to the event for a participant company."""

    __tablename__ = "delegates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[str] = mapped_column(String(120), default="")


class Availability(db.Model):
    """A session the participant attends (no rows: all sessions)."""

    __tablename__ = "availability"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True
    )


class Interest(enum.StrEnum):
    MUST = "must"  # must meet
    LIKE = "like"  # would like to meet
    NO = "no"  # no thanks


class MeetingRequest(db.Model):
    """A wished meeting between two participants, with each side's interest. For buyer and
    supplier pairs, side A is the buyer."""

    __tablename__ = "meeting_requests"
    __table_args__ = (
        UniqueConstraint("event_id", "side_a_id", "side_b_id"),
        CheckConstraint("side_a_id <> side_b_id", name="two_sides"),
        CheckConstraint(
            "interest_a IS NULL OR interest_a IN ('must', 'like', 'no')", name="interest_a"
        ),
        CheckConstraint(
            "interest_b IS NULL OR interest_b IN ('must', 'like', 'no')", name="interest_b"
        ),
        CheckConstraint("weight >= 1 AND weight <= 1000", name="weight"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    side_a_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    side_b_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    interest_a: Mapped[str | None] = mapped_column(String(4))
    interest_b: Mapped[str | None] = mapped_column(String(4))
    organiser_must: Mapped[bool] = mapped_column(Boolean, default=False)
    engine_score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    allowed_slots: Mapped[list[str] | None] = mapped_column(JSON)  # slot codes; None: any
    unscheduled_code: Mapped[str | None] = mapped_column(String(40))
    unscheduled_args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    side_a: Mapped[Participant] = relationship(foreign_keys=[side_a_id])
    side_b: Mapped[Participant] = relationship(foreign_keys=[side_b_id])


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


# A meeting that holds its slot and table: everything but a cancelled one.
LIVE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


class Meeting(db.Model):
    """A meeting placed in a slot at a table. Cancelled meetings keep their row (history,
    calendars) but free their slot, table and seats."""

    __tablename__ = "meetings"
    __table_args__ = (
        one_of("status", MeetingStatus, "status"),
        Index(
            "uq_meetings_slot_table_live",
            "slot_id",
            "table_id",
            unique=True,
            postgresql_where=text("status <> 'cancelled'"),
            sqlite_where=text("status <> 'cancelled'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_requests.id", ondelete="CASCADE"), unique=True
    )
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="RESTRICT"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("event_tables.id", ondelete="RESTRICT"))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=MeetingStatus.SCHEDULED)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    request: Mapped[MeetingRequest] = relationship(lazy="joined")
    slot: Mapped[Slot] = relationship(lazy="joined")
    table: Mapped[EventTable] = relationship(lazy="joined")
    seats: Mapped[list[MeetingSeat]] = relationship(cascade="all, delete-orphan")


class MeetingSeat(db.Model):
    """One of a participant's parallel seats taken by a meeting in a slot: the database
    refuses a double booking beyond the participant's capacity."""

    __tablename__ = "meeting_seats"
    __table_args__ = (
        UniqueConstraint("slot_id", "participant_id", "seat"),
        CheckConstraint("seat >= 0", name="seat"),
    )

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    seat: Mapped[int] = mapped_column(Integer, default=0)
