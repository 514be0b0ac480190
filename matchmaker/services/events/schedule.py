"""From the database to the scheduling engine and back: instances, schedules, the job."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from events.agenda import sequence_after_change
from events.scheduler import solve
from events.spec import InstanceError
from events.types import Instance, Lock, Schedule, Unscheduled
from events.types import Meeting as PlannedMeeting
from events.types import Participant as PlannedParticipant
from events.types import Request as PlannedRequest
from events.types import Slot as PlannedSlot
from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventStatus,
    Job,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    Slot,
)
from matchmaker.models.event import LIVE
from matchmaker.services import ServiceError, transaction
from matchmaker.services.events.access import can_manage
from matchmaker.services.events.notify import notify_changes
from matchmaker.services.events.requests import is_must, schedulable, weight_of
from matchmaker.services.platform.access import require
from matchmaker.services.platform.jobs import Progress, enqueue, handler

SCHEDULABLE_STATUSES = (EventStatus.REQUESTS_OPEN, EventStatus.SCHEDULED, EventStatus.PUBLISHED)


def pid(p_id: int) -> str:
    """A participant's id in the instance."""
    return f"P{p_id}"


def rid(r_id: int) -> str:
    """A request's id in the instance."""
    return f"R{r_id}"


def to_instance(event: Event, now: datetime | None = None) -> Instance:
    """The event as a scheduling instance: approved participants, open requests, locks."""
    slots = list(
        db.session.scalars(
            select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at, Slot.code)
        )
    )
    codes_by_session: dict[int, list[str]] = {}
    for s in slots:
        codes_by_session.setdefault(s.session_id, []).append(s.code)
    parts = (
        db.session.scalars(
            select(Participant)
            .where(
                Participant.event_id == event.id, Participant.status == ParticipantStatus.APPROVED
            )
            .options(selectinload(Participant.availability), selectinload(Participant.table))
            .order_by(Participant.id)
        )
        .unique()
        .all()
    )
    planned_parts = []
    for p in parts:
        available = None
        if p.availability:
            available = tuple(
                c for a in p.availability for c in codes_by_session.get(a.session_id, [])
            )
        planned_parts.append(
            PlannedParticipant(
                id=pid(p.id),
                role=p.role,
                name=p.company.display_name,
                capacity=p.capacity,
                available=available,
                max_meetings=p.max_meetings,
                table=p.table.name if p.table is not None else None,
            )
        )
    ids = {p.id for p in parts}
    known = {s.code for s in slots}
    requests = []
    for r in db.session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.event_id == event.id)
        .order_by(MeetingRequest.id)
    ):
        if r.side_a_id in ids and r.side_b_id in ids and schedulable(event, r, now):
            allowed = (
                None if r.allowed_slots is None else tuple(c for c in r.allowed_slots if c in known)
            )
            requests.append(
                PlannedRequest(
                    id=rid(r.id),
                    between=(pid(r.side_a_id), pid(r.side_b_id)),
                    weight=weight_of(r),
                    must=is_must(r),
                    slots=allowed,
                )
            )
    in_instance = {r.id for r in requests}
    locks = [
        Lock(request=rid(m.request_id), slot=m.slot.code, table=m.table.name)
        for m in live_meetings(event)
        if rid(m.request_id) in in_instance
        and (m.locked or m.status in (MeetingStatus.HELD, MeetingStatus.NO_SHOW))
    ]
    return Instance(
        slots=tuple(
            PlannedSlot(
                id=s.code,
                start=s.starts_at.isoformat(timespec="minutes"),
                end=s.ends_at.isoformat(timespec="minutes"),
                session=str(s.session_id),
            )
            for s in slots
        ),
        tables=tuple(t.name for t in event.tables),
        participants=tuple(planned_parts),
        requests=tuple(requests),
        locked=tuple(locks),
        name=event.name,
        timezone=event.timezone,
    )


def live_meetings(event: Event) -> list[Meeting]:
    """Meetings that hold their slot (scheduled, held or no-show)."""
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.event_id == event.id, Meeting.status.in_(LIVE))
        ).unique()
    )


def current_schedule(event: Event, inst: Instance) -> Schedule:
    """The schedule in the database, as the engine sees it (for incremental runs)."""
    reqs = {r.id for r in inst.requests}
    meetings = tuple(
        PlannedMeeting(rid(m.request_id), m.slot.code, m.table.name)
        for m in live_meetings(event)
        if rid(m.request_id) in reqs
    )
    held = {m.request for m in meetings}
    unscheduled = tuple(
        Unscheduled(
            rid(r.id),
            r.unscheduled_code or "no_slot",
            tuple(sorted((r.unscheduled_args or {}).items())),
        )
        for r in db.session.scalars(
            select(MeetingRequest).where(
                MeetingRequest.event_id == event.id, MeetingRequest.unscheduled_code.is_not(None)
            )
        )
        if rid(r.id) in reqs and rid(r.id) not in held
    )
    return Schedule(meetings, unscheduled)


def apply_schedule(event: Event, schedule: Schedule) -> list[int]:
    """Write the schedule as Meeting and MeetingSeat rows; returns the ids of moved meetings.
    Runs inside the caller's transaction."""
    slots = {s.code: s for s in db.session.scalars(select(Slot).where(Slot.event_id == event.id))}
    tables = {t.name: t for t in event.tables}
    rows = {
        m.request_id: m
        for m in db.session.scalars(select(Meeting).where(Meeting.event_id == event.id)).unique()
    }
    target = {int(m.request[1:]): (slots[m.slot].id, tables[m.table].id) for m in schedule.meetings}
    before = {k: (m.slot_id, m.table_id, m.status) for k, m in rows.items()}
    db.session.execute(
        delete(MeetingSeat).where(
            MeetingSeat.meeting_id.in_(select(Meeting.id).where(Meeting.event_id == event.id))
        )
    )
    for req_id, m in rows.items():  # vacate first: no transient clash on the unique indexes
        if m.status in LIVE and target.get(req_id) != (m.slot_id, m.table_id):
            m.status = MeetingStatus.CANCELLED
    db.session.flush()
    moved: list[int] = []
    for req_id, m in rows.items():
        if req_id in target:
            continue
        if before[req_id][2] in LIVE:
            if event.published_at is None:
                db.session.delete(m)
            else:
                m.sequence += 1
                m.updated_at = datetime.now().astimezone()
                moved.append(m.id)
    for req_id, (slot_id, table_id) in target.items():
        m = rows.get(req_id)
        if m is None:
            m = Meeting(
                event_id=event.id,
                request_id=req_id,
                slot_id=slot_id,
                table_id=table_id,
                status=MeetingStatus.SCHEDULED,
                sequence=0,
            )
            db.session.add(m)
            continue
        old_slot, old_table, old_status = before[req_id]
        if old_status in LIVE:
            m.sequence = sequence_after_change(
                (old_slot, old_table), (slot_id, table_id), m.sequence
            )
            m.status = old_status
        else:
            m.sequence += 1
            m.status = MeetingStatus.SCHEDULED
        if (old_slot, old_table, old_status) != (slot_id, table_id, m.status):
            moved.append(m.id)
            m.updated_at = datetime.now().astimezone()
        m.slot_id, m.table_id = slot_id, table_id
    db.session.flush()
    write_seats(event)
    unscheduled = {int(u.request[1:]): u for u in schedule.unscheduled}
    for r in db.session.scalars(select(MeetingRequest).where(MeetingRequest.event_id == event.id)):
        u = unscheduled.get(r.id)
        r.unscheduled_code = u.code if u else None
        r.unscheduled_args = dict(u.args) if u else {}
    db.session.flush()
    return [i for i in moved if i is not None]


def write_seats(event: Event) -> None:
    """Seat numbers 0..capacity-1 for each participant in each slot of the live meetings."""
    taken: dict[tuple[int, int], int] = {}
    rows = db.session.execute(
        select(Meeting.id, Meeting.slot_id, MeetingRequest.side_a_id, MeetingRequest.side_b_id)
        .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .where(Meeting.event_id == event.id, Meeting.status.in_(LIVE))
        .order_by(Meeting.id)
    )
    seats = []
    for meeting_id, slot_id, a, b in rows:
        for p in (a, b):
            n = taken.get((slot_id, p), 0)
            taken[(slot_id, p)] = n + 1
            seats.append(
                {"meeting_id": meeting_id, "participant_id": p, "slot_id": slot_id, "seat": n}
            )
    if seats:
        db.session.execute(MeetingSeat.__table__.insert(), seats)


def start_scheduling(actor: Any, event: Event, incremental: bool = False) -> Job:
    """Queue the scheduling of the event ("Schedule all", or an incremental re-run)."""
    require(can_manage(actor))
    if event.status not in SCHEDULABLE_STATUSES:
        raise ServiceError(_("Open the meeting requests before scheduling."))
    if not event.tables:
        raise ServiceError(_("Add tables before scheduling."))
    return enqueue(
        "schedule_event", {"event_id": event.id, "incremental": incremental}, actor=actor
    )


def run_schedule(
    event: Event,
    incremental: bool,
    progress: Progress | None = None,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """Solve the event's instance and save the schedule; returns the engine's report."""
    inst = to_instance(event)
    previous = current_schedule(event, inst) if incremental else None
    if time_limit is None:
        time_limit = current_app.config.get("EVENTS_SCHEDULE_SECONDS")
    try:
        result = solve(
            inst,
            previous,
            time_limit,
            progress=(lambda f, m: progress(0.9 * f, m)) if progress else None,
        )
    except InstanceError as e:
        raise ServiceError(str(e)) from e
    with transaction():
        event = db.session.get(Event, event.id)  # type: ignore[assignment]
        moved = apply_schedule(event, result.schedule)
        if event.status == EventStatus.REQUESTS_OPEN:
            event.status = EventStatus.SCHEDULED
        report = asdict(result.report)
        report["notes"] = list(report["notes"])
        report["requests"] = len(inst.requests)
        report["incremental"] = incremental
        if event.status == EventStatus.PUBLISHED and moved:
            notify_changes(event, moved)  # sent once the new schedule is committed
    return report


@handler("schedule_event")
def _schedule_job(job: Job, progress: Progress, _payload: Any) -> dict[str, Any]:
    event = db.session.get(Event, job.params["event_id"])
    if event is None:
        raise ValueError("event not found")
    return run_schedule(event, bool(job.params.get("incremental")), progress)


def last_report(event: Event) -> Job | None:
    """The latest scheduling job of the event."""
    jobs = db.session.scalars(
        select(Job).where(Job.kind == "schedule_event").order_by(Job.id.desc()).limit(50)
    )
    return next((j for j in jobs if j.params.get("event_id") == event.id), None)


def unscheduled_requests(event: Event) -> list[MeetingRequest]:
    """Requests the engine left out, with their reason codes."""
    return list(
        db.session.scalars(
            select(MeetingRequest)
            .where(
                MeetingRequest.event_id == event.id, MeetingRequest.unscheduled_code.is_not(None)
            )
            .order_by(MeetingRequest.weight.desc())
        )
    )
