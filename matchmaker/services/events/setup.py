"""Events: who may see them, setting them up (sessions, slots, tables) and their status."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from matchmaker.extensions import db
from matchmaker.labels import EVENT_STATUS
from matchmaker.models import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    EventTable,
    Meeting,
    Participant,
    Slot,
    TableMode,
)
from matchmaker.services import ServiceError, atomic
from matchmaker.services.events.access import can_manage
from matchmaker.services.platform.access import require, sees_everything

# Forward one step, or back one step before the schedule exists.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventStatus.DRAFT: (EventStatus.REGISTRATION,),
    EventStatus.REGISTRATION: (EventStatus.REQUESTS_OPEN, EventStatus.DRAFT),
    EventStatus.REQUESTS_OPEN: (EventStatus.SCHEDULED, EventStatus.REGISTRATION),
    EventStatus.SCHEDULED: (EventStatus.PUBLISHED, EventStatus.REQUESTS_OPEN),
    EventStatus.PUBLISHED: (EventStatus.CLOSED,),
    EventStatus.CLOSED: (),
}
SLOT_LENGTHS = (15, 20, 30)
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def list_events(user: Any) -> list[Event]:
    """Events this user may see, newest first."""
    query = select(Event).order_by(Event.starts_on.desc(), Event.id.desc())
    if not sees_everything(user):
        query = query.where(Event.status != EventStatus.DRAFT)
    return list(db.session.scalars(query))


def clean_event(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the event form; raises ServiceError listing every bad field."""
    errors: list[tuple[str | None, str]] = []
    name = (data.get("name") or "").strip()
    if not name:
        errors.append(("name", _("The name is required.")))
    elif len(name) > 200:
        errors.append(("name", _("The name is too long (200 characters at most).")))
    tz = (data.get("timezone") or "America/Monterrey").strip()
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(("timezone", _("“%(value)s” is not a known time zone.", value=tz)))
    days: dict[str, date] = {}
    for field in ("starts_on", "ends_on"):
        try:
            days[field] = date.fromisoformat(str(data.get(field) or "").strip())
        except ValueError:
            errors.append((field, _("Give the date as YYYY-MM-DD.")))
    if len(days) == 2 and days["ends_on"] < days["starts_on"]:
        errors.append(("ends_on", _("The event cannot end before it starts.")))
    kind = data.get("kind") or EventKind.EVENT
    if kind not in set(EventKind):
        errors.append(("kind", _("Choose a kind of event.")))
    mode = data.get("table_mode") or TableMode.POOL
    if mode not in set(TableMode):
        errors.append(("table_mode", _("Choose how tables are used.")))
    deadline = None
    raw = str(data.get("requests_deadline") or "").strip()
    if raw:
        try:
            deadline = datetime.fromisoformat(raw)
        except ValueError:
            errors.append(("requests_deadline", _("Give the deadline as YYYY-MM-DD HH:MM.")))
    if errors:
        raise ServiceError(errors[0][1], errors[0][0], errors)
    if deadline is not None and deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=ZoneInfo(tz))
    return {
        "name": name,
        "venue": (data.get("venue") or "").strip()[:200],
        "timezone": tz,
        "starts_on": days["starts_on"],
        "ends_on": days["ends_on"],
        "kind": kind,
        "table_mode": mode,
        "requests_deadline": deadline,
        "description": (data.get("description") or "").strip(),
    }


@atomic
def create_event(actor: Any, data: dict[str, Any]) -> Event:
    """An organiser creates an event in draft."""
    require(can_manage(actor))
    event = Event(created_by_id=actor.id, status=EventStatus.DRAFT, **clean_event(data))
    db.session.add(event)
    db.session.flush()
    return event


@atomic
def update_event(actor: Any, event: Event, data: dict[str, Any]) -> None:
    """An organiser changes an event's settings."""
    require(can_manage(actor))
    if event.status == EventStatus.CLOSED:
        raise ServiceError(_("A closed event cannot be changed."))
    for key, value in clean_event(data).items():
        setattr(event, key, value)


def check_transition(event: Event, status: str) -> None:
    """Refuse a status change the life cycle does not allow."""
    if status not in TRANSITIONS.get(event.status, ()):
        raise ServiceError(
            _(
                "An event cannot go from “%(old)s” to “%(new)s”.",
                old=status_label(event.status),
                new=status_label(status),
            )
        )


def status_label(status: str) -> str:
    """The status as people read it."""
    return str(EVENT_STATUS.get(status, status))


@atomic
def set_status(actor: Any, event: Event, status: str) -> None:
    """Move the event along its life cycle (publishing goes through events.notify.publish)."""
    require(can_manage(actor))
    check_transition(event, status)
    if status == EventStatus.REGISTRATION and not event.sessions:
        raise ServiceError(_("Add at least one session before opening registration."))
    if status == EventStatus.SCHEDULED and not db.session.scalar(
        select(Meeting.id).where(Meeting.event_id == event.id).limit(1)
    ):
        raise ServiceError(_("Schedule the meetings first."))
    if status == EventStatus.PUBLISHED:
        raise ServiceError(_("Use “Publish agendas” to publish."))
    event.status = status


def slot_times(
    day: date, start: time, end: time, minutes: int, breaks: list[list[str]]
) -> list[tuple[datetime, datetime]]:
    """Back-to-back slots of a session, skipping any that overlaps a break."""
    out = []
    cur = datetime.combine(day, start)
    stop = datetime.combine(day, end)
    spans = [
        (datetime.combine(day, time.fromisoformat(a)), datetime.combine(day, time.fromisoformat(b)))
        for a, b in breaks
    ]
    while cur + timedelta(minutes=minutes) <= stop:
        nxt = cur + timedelta(minutes=minutes)
        clash = next((b for a, b in spans if a < nxt and cur < b), None)
        if clash is not None:
            cur = max(clash, cur + timedelta(minutes=1))
            continue
        out.append((cur, nxt))
        cur = nxt
    return out


def clean_session(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """Validate a session form."""
    errors: list[tuple[str | None, str]] = []
    try:
        day = date.fromisoformat(str(data.get("day") or "").strip())
        if not event.starts_on <= day <= event.ends_on:
            errors.append(("day", _("The day must fall within the event's dates.")))
    except ValueError:
        errors.append(("day", _("Give the date as YYYY-MM-DD.")))
        day = event.starts_on
    times = {}
    for field in ("starts_at", "ends_at"):
        raw = str(data.get(field) or "").strip()
        if not HHMM.match(raw):
            errors.append((field, _("Give the time as HH:MM.")))
        else:
            times[field] = raw
    if len(times) == 2 and times["ends_at"] <= times["starts_at"]:
        errors.append(("ends_at", _("The session must end after it starts.")))
    try:
        minutes = int(data.get("slot_minutes") or 20)
    except ValueError:
        minutes = 0
    if minutes not in SLOT_LENGTHS:
        errors.append(("slot_minutes", _("Slots last 15, 20 or 30 minutes.")))
    breaks = []
    for chunk in str(data.get("breaks") or "").replace(";", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        parts = [p.strip() for p in chunk.split("-")]
        if len(parts) != 2 or not all(HHMM.match(p) for p in parts) or parts[1] <= parts[0]:
            errors.append(("breaks", _("Write breaks as HH:MM-HH:MM, separated by commas.")))
            break
        breaks.append(parts)
    if errors:
        raise ServiceError(errors[0][1], errors[0][0], errors)
    return {
        "day": day,
        "starts_at": time.fromisoformat(times["starts_at"]),
        "ends_at": time.fromisoformat(times["ends_at"]),
        "slot_minutes": minutes,
        "breaks": breaks,
        "name": (data.get("name") or "").strip()[:80],
    }


def _period(start: time) -> str:
    return "am" if start.hour < 12 else ("pm" if start.hour < 18 else "ev")


@atomic
def add_session(actor: Any, event: Event, data: dict[str, Any]) -> EventSession:
    """Add a session and generate its slots (codes like d1-am-01)."""
    require(can_manage(actor))
    if event.status not in (EventStatus.DRAFT, EventStatus.REGISTRATION, EventStatus.REQUESTS_OPEN):
        raise ServiceError(_("Sessions cannot change once the event is scheduled."))
    values = clean_session(event, data)
    spans = slot_times(
        values["day"],
        values["starts_at"],
        values["ends_at"],
        values["slot_minutes"],
        values["breaks"],
    )
    if not spans:
        raise ServiceError(_("The session is too short for a single slot."), "ends_at")
    for other in event.sessions:
        if (
            other.day == values["day"]
            and other.starts_at < values["ends_at"]
            and values["starts_at"] < other.ends_at
        ):
            raise ServiceError(_("The session overlaps another session that day."), "starts_at")
    session = EventSession(event_id=event.id, **values)
    event.sessions.append(session)
    db.session.flush()
    used = set(db.session.scalars(select(Slot.code).where(Slot.event_id == event.id)))
    prefix = f"d{(values['day'] - event.starts_on).days + 1}-{_period(values['starts_at'])}"
    while any(c.startswith(prefix + "-") for c in used):
        prefix += "x"
    for i, (start, end) in enumerate(spans, 1):
        session.slots.append(
            Slot(event_id=event.id, code=f"{prefix}-{i:02d}", starts_at=start, ends_at=end)
        )
    return session


@atomic
def remove_session(actor: Any, event: Event, session_id: int) -> None:
    """Remove a session that holds no meetings."""
    require(can_manage(actor))
    session = db.session.get(EventSession, session_id)
    if session is None or session.event_id != event.id:
        raise NotFound()
    slot_ids = [s.id for s in session.slots]
    if slot_ids and db.session.scalar(
        select(Meeting.id).where(Meeting.slot_id.in_(slot_ids)).limit(1)
    ):
        raise ServiceError(_("This session holds meetings; it cannot be removed."))
    event.sessions.remove(session)


@atomic
def set_tables(actor: Any, event: Event, count: int) -> None:
    """Set the shared pool to `count` tables named T01, T02 ... (only unused ones go)."""
    require(can_manage(actor))
    if not 0 <= count <= 500:
        raise ServiceError(_("Give a number of tables between 0 and 500."), "tables")
    pool = [t for t in event.tables if t.name.startswith("T")]
    names = {t.name for t in pool}
    for i in range(1, count + 1):
        if f"T{i:02d}" not in names:
            event.tables.append(EventTable(event_id=event.id, name=f"T{i:02d}"))
    for table in pool:
        if table.name > f"T{count:02d}" or count == 0:
            if (
                db.session.scalar(select(Meeting.id).where(Meeting.table_id == table.id).limit(1))
                is not None
            ):
                raise ServiceError(
                    _("Table %(name)s holds meetings; it cannot be removed.", name=table.name)
                )
            event.tables.remove(table)


def buyer_table(event: Event, participant: Participant) -> None:
    """In fixed-table mode a buyer gets its own table (M01, M02 ...) on approval."""
    if event.table_mode != TableMode.FIXED or participant.table_id is not None:
        return
    names = {t.name for t in event.tables}
    i = 1
    while f"M{i:02d}" in names:
        i += 1
    table = EventTable(event_id=event.id, name=f"M{i:02d}")
    event.tables.append(table)
    db.session.flush()
    participant.table_id = table.id
