"""Organisers' hands on the schedule: move, lock, cancel, fill a freed slot, record outcomes."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import NotFound

from events.agenda import sequence_after_change
from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventStatus,
    EventTable,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    Slot,
)
from matchmaker.models.base import utcnow
from matchmaker.models.event import LIVE
from matchmaker.services import ServiceError, atomic
from matchmaker.services.events.access import can_manage
from matchmaker.services.events.notify import notify_changes
from matchmaker.services.events.requests import schedulable
from matchmaker.services.platform.access import require

RUNNING = (EventStatus.SCHEDULED, EventStatus.PUBLISHED)


def event_meeting(event: Event, meeting_id: int) -> Meeting:
    """A meeting of this event, or 404."""
    m = db.session.get(Meeting, meeting_id)
    if m is None or m.event_id != event.id:
        raise NotFound()
    return m


def _live_in_slot(slot_id: int, participant_id: int, ignore: int | None) -> int:
    query = (
        select(func.count(Meeting.id))
        .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .where(
            Meeting.slot_id == slot_id,
            Meeting.status.in_(LIVE),
            or_(
                MeetingRequest.side_a_id == participant_id,
                MeetingRequest.side_b_id == participant_id,
            ),
        )
    )
    if ignore is not None:
        query = query.where(Meeting.id != ignore)
    return int(db.session.scalar(query) or 0)


def clash(
    event: Event, req: MeetingRequest, slot: Slot, table: EventTable, ignore: int | None = None
) -> str | None:
    """Why the request cannot sit at this table in this slot, or None if it can."""
    if req.allowed_slots is not None and slot.code not in req.allowed_slots:
        return _("This meeting is not allowed at %(time)s.", time=slot.starts_at.strftime("%H:%M"))
    for p in (req.side_a, req.side_b):
        name = p.company.display_name
        if p.status != ParticipantStatus.APPROVED:
            return _("%(name)s no longer takes part.", name=name)
        if p.table_id is not None and p.table_id != table.id:
            return _("%(name)s meets only at its own table.", name=name)
        limit = 1 if p.table_id is not None else p.capacity
        if _live_in_slot(slot.id, p.id, ignore) >= limit:
            return _(
                "%(name)s already has a meeting at %(time)s.",
                name=name,
                time=slot.starts_at.strftime("%H:%M"),
            )
        if p.availability and slot.session_id not in {a.session_id for a in p.availability}:
            return _("%(name)s does not attend that session.", name=name)
    taken = select(Meeting.id).where(
        Meeting.slot_id == slot.id, Meeting.table_id == table.id, Meeting.status.in_(LIVE)
    )
    if ignore is not None:
        taken = taken.where(Meeting.id != ignore)
    if db.session.scalar(taken.limit(1)) is not None:
        return _(
            "Table %(table)s is already taken at %(time)s.",
            table=table.name,
            time=slot.starts_at.strftime("%H:%M"),
        )
    return None


def _seat(m: Meeting) -> None:
    """Give the meeting the lowest free seat of each side in its slot."""
    db.session.execute(delete(MeetingSeat).where(MeetingSeat.meeting_id == m.id))
    for p_id in (m.request.side_a_id, m.request.side_b_id):
        used = set(
            db.session.scalars(
                select(MeetingSeat.seat).where(
                    MeetingSeat.slot_id == m.slot_id, MeetingSeat.participant_id == p_id
                )
            )
        )
        seat = next(i for i in range(len(used) + 1) if i not in used)
        db.session.add(
            MeetingSeat(meeting_id=m.id, participant_id=p_id, slot_id=m.slot_id, seat=seat)
        )


def _flush_or_refuse() -> None:
    try:
        db.session.flush()
    except IntegrityError as e:  # the database's unique constraints: the last line of defence
        raise ServiceError(_("That place was taken in the meantime; nothing was changed.")) from e


def _notify(event: Event, ids: list[int]) -> None:
    """Once agendas are out, both sides hear of a changed meeting (after the commit)."""
    if event.status == EventStatus.PUBLISHED and ids:
        notify_changes(event, ids)


@atomic
def move(actor: Any, event: Event, meeting: Meeting, slot_id: int, table_id: int) -> Meeting:
    """Move a meeting to another slot or table; refuse clashes with a clear message."""
    require(can_manage(actor))
    if event.status not in RUNNING or meeting.status not in LIVE:
        raise ServiceError(_("Only scheduled meetings can be moved."))
    slot, table = db.session.get(Slot, slot_id), db.session.get(EventTable, table_id)
    if slot is None or slot.event_id != event.id or table is None or table.event_id != event.id:
        raise ServiceError(_("Choose a slot and a table of this event."))
    problem = clash(event, meeting.request, slot, table, ignore=meeting.id)
    if problem:
        raise ServiceError(problem)
    meeting.sequence = sequence_after_change(
        (meeting.slot_id, meeting.table_id), (slot.id, table.id), meeting.sequence
    )
    meeting.slot_id, meeting.table_id = slot.id, table.id
    meeting.updated_at = utcnow()
    _flush_or_refuse()
    db.session.expire(meeting, ["slot", "table"])
    _seat(meeting)
    _flush_or_refuse()
    _notify(event, [meeting.id])
    return meeting


@atomic
def set_locked(actor: Any, event: Event, meeting: Meeting, locked: bool) -> None:
    """Lock a meeting so that re-scheduling keeps it where it is."""
    require(can_manage(actor))
    meeting.locked = locked


@atomic
def cancel(actor: Any, event: Event, meeting: Meeting) -> None:
    """Cancel a meeting: its slot, table and seats are freed, calendars show it cancelled."""
    require(can_manage(actor))
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ServiceError(_("Only scheduled meetings can be cancelled."))
    _free(meeting)
    meeting.request.unscheduled_code = "cancelled"
    meeting.request.unscheduled_args = {}
    db.session.flush()
    _notify(event, [meeting.id])


def _free(m: Meeting) -> None:
    m.status = MeetingStatus.CANCELLED
    m.sequence += 1
    m.locked = False
    m.updated_at = utcnow()
    db.session.execute(delete(MeetingSeat).where(MeetingSeat.meeting_id == m.id))


def cancel_meetings_of(p: Participant) -> list[int]:
    """Cancel a withdrawn participant's meetings (inside the caller's transaction)."""
    ids = []
    for m in db.session.scalars(
        select(Meeting)
        .join(MeetingRequest)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            or_(MeetingRequest.side_a_id == p.id, MeetingRequest.side_b_id == p.id),
        )
    ).unique():
        _free(m)
        ids.append(m.id)
    return ids


@atomic
def set_outcome(actor: Any, event: Event, meeting: Meeting, status: str) -> None:
    """On the day: held, no-show, or back to scheduled."""
    require(can_manage(actor))
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW, MeetingStatus.SCHEDULED):
        raise ServiceError(_("Choose held or no-show."))
    if meeting.status not in LIVE or event.status not in RUNNING:
        raise ServiceError(_("Only scheduled meetings can be marked."))
    meeting.status = status
    meeting.updated_at = utcnow()


def candidates(event: Event, slot: Slot, table: EventTable) -> list[MeetingRequest]:
    """Requests without a live meeting that could sit here, best first."""
    placed = select(Meeting.request_id).where(
        Meeting.event_id == event.id, Meeting.status.in_(LIVE)
    )
    reqs = db.session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.event_id == event.id, MeetingRequest.id.not_in(placed))
        .order_by(MeetingRequest.weight.desc(), MeetingRequest.id)
    ).all()
    out = []
    for r in reqs:
        if not schedulable(event, r) or r.unscheduled_code == "cancelled":
            continue
        if clash(event, r, slot, table) is None and all(
            p.max_meetings is None or _total(p.id) < p.max_meetings for p in (r.side_a, r.side_b)
        ):
            out.append(r)
    return out


def _total(p_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count(Meeting.id))
            .join(MeetingRequest)
            .where(
                Meeting.status.in_(LIVE),
                or_(MeetingRequest.side_a_id == p_id, MeetingRequest.side_b_id == p_id),
            )
        )
        or 0
    )


@atomic
def fill(actor: Any, event: Event, freed: Meeting) -> Meeting:
    """Fill a cancelled meeting's slot and table with the best unscheduled request."""
    require(can_manage(actor))
    if freed.status != MeetingStatus.CANCELLED or event.status not in RUNNING:
        raise ServiceError(_("Only a cancelled meeting's place can be filled."))
    found = candidates(event, freed.slot, freed.table)
    if not found:
        raise ServiceError(_("No unscheduled request fits that slot."))
    req = found[0]
    m = db.session.scalar(select(Meeting).where(Meeting.request_id == req.id))
    if m is None:
        m = Meeting(
            event_id=event.id,
            request_id=req.id,
            slot_id=freed.slot_id,
            table_id=freed.table_id,
            status=MeetingStatus.SCHEDULED,
        )
        db.session.add(m)
    else:
        m.slot_id, m.table_id, m.status = freed.slot_id, freed.table_id, MeetingStatus.SCHEDULED
        m.sequence += 1
    req.unscheduled_code, req.unscheduled_args = None, {}
    _flush_or_refuse()
    db.session.refresh(m)
    _seat(m)
    _flush_or_refuse()
    _notify(event, [m.id])
    return m
