"""Agendas: each participant's meetings, printable sheets, calendars, the table plan and
schedule exports."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from werkzeug.exceptions import NotFound

from events.calendar import CalendarInfo, CalendarMeeting, agenda_calendar, uid_key_for
from events.reasons import render_reason
from events.types import Unscheduled
from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    Delegate,
    Event,
    EventTable,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    Slot,
)
from matchmaker.models.event import LIVE
from matchmaker.services.events.access import agendas_published
from matchmaker.services.platform.spreadsheets import write_csv, write_xlsx

_PID = re.compile(r"^P(\d+)$")


def _meetings_query(event: Event) -> Any:
    side = (
        joinedload(Meeting.request)
        .joinedload(MeetingRequest.side_a)
        .selectinload(Participant.delegates)
    )
    other = (
        joinedload(Meeting.request)
        .joinedload(MeetingRequest.side_b)
        .selectinload(Participant.delegates)
    )
    return select(Meeting).where(Meeting.event_id == event.id).options(side, other)


@dataclass(frozen=True)
class Row:
    """One line of an agenda, seen from one participant."""

    meeting: Meeting
    slot: Slot
    table: str
    other: Participant
    status: str


def rows_for(event: Event, p: Participant, include_cancelled: bool = True) -> list[Row]:
    """A participant's meetings in time order, counterparts and contacts loaded at once.

    Three queries whatever the number of meetings: the meetings (with request, slot and
    table), the counterparts (with company), and their delegates. Only the other side of each
    request is loaded, not both.
    """
    query = (
        select(Meeting)
        .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .options(contains_eager(Meeting.request))
        .where(
            Meeting.event_id == event.id,
            or_(MeetingRequest.side_a_id == p.id, MeetingRequest.side_b_id == p.id),
        )
    )
    if not include_cancelled:
        query = query.where(Meeting.status.in_(LIVE))
    meetings = list(db.session.scalars(query).unique())
    other_ids = {_other_id(m, p.id) for m in meetings}
    others = (
        {
            o.id: o
            for o in db.session.scalars(
                select(Participant)
                .where(Participant.id.in_(other_ids))
                .options(selectinload(Participant.delegates))
            )
        }
        if other_ids
        else {}
    )
    out = [Row(m, m.slot, m.table.name, others[_other_id(m, p.id)], m.status) for m in meetings]
    return sorted(out, key=lambda r: (r.slot.starts_at, r.table))


@dataclass(frozen=True)
class Line:
    """One line of an agenda page, as plain values."""

    starts_at: datetime
    ends_at: datetime
    table: str
    other_id: int
    other_name: str
    contacts: tuple[tuple[str, str | None, str | None], ...]  # delegates' name, e-mail, phone
    status: str


def agenda_lines(event: Event, p: Participant) -> list[Line]:
    """A participant's meetings in time order, for its agenda page: two column queries.

    The page is what participants reload on the day; it reads plain columns rather than
    building ORM objects for meetings, requests, slots, tables and counterparts.
    """
    req = MeetingRequest
    other = case((req.side_a_id == p.id, req.side_b_id), else_=req.side_a_id)
    rows = db.session.execute(
        select(
            Slot.starts_at,
            Slot.ends_at,
            EventTable.name,
            other,
            Company.trade_name,
            Company.legal_name,
            Meeting.status,
        )
        .select_from(Meeting)
        .join(req, req.id == Meeting.request_id)
        .join(Slot, Slot.id == Meeting.slot_id)
        .join(EventTable, EventTable.id == Meeting.table_id)
        .join(Participant, Participant.id == other)
        .join(Company, Company.id == Participant.company_id)
        .where(Meeting.event_id == event.id, or_(req.side_a_id == p.id, req.side_b_id == p.id))
        .order_by(Slot.starts_at, EventTable.name)
    ).all()
    contacts: dict[int, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    if rows:
        for pid, name, email, phone in db.session.execute(
            select(Delegate.participant_id, Delegate.name, Delegate.email, Delegate.phone)
            .where(Delegate.participant_id.in_({r[3] for r in rows}))
            .order_by(Delegate.id)
        ):
            contacts[pid].append((name, email, phone))
    return [
        Line(start, end, table, oid, trade or legal, tuple(contacts[oid]), status)
        for start, end, table, oid, trade, legal, status in rows
    ]


def _other_id(m: Meeting, p_id: int) -> int:
    return m.request.side_b_id if m.request.side_a_id == p_id else m.request.side_a_id


def _row(m: Meeting, p_id: int) -> Row:
    other = m.request.side_b if m.request.side_a_id == p_id else m.request.side_a
    return Row(m, m.slot, m.table.name, other, m.status)


def contact(p: Participant) -> str:
    """Delegates' names, e-mails and phones, for the counterpart."""
    parts = []
    for d in p.delegates:
        parts.append(" ".join(x for x in (d.name, d.email, d.phone) if x))
    return "; ".join(parts) or (p.company.contact_email or "")


def all_agendas(event: Event) -> list[tuple[Participant, list[Row]]]:
    """Every approved participant with its live meetings (the organiser's print run)."""
    parts = list(
        db.session.scalars(
            select(Participant)
            .where(Participant.event_id == event.id, Participant.status == "approved")
            .options(selectinload(Participant.delegates))
            .order_by(Participant.role, Participant.id)
        )
    )
    by_p: dict[int, list[Row]] = defaultdict(list)
    query = _meetings_query(event).where(Meeting.status.in_(LIVE))
    for m in db.session.scalars(query).unique():
        for p_id in (m.request.side_a_id, m.request.side_b_id):
            by_p[p_id].append(_row(m, p_id))
    return [(p, sorted(by_p[p.id], key=lambda r: (r.slot.starts_at, r.table))) for p in parts]


def calendar_for(event: Event, p: Participant) -> bytes:
    """The participant's .ics: VTIMEZONE, stable UIDs, SEQUENCE, cancelled meetings."""
    domain = current_app.config.get("CALENDAR_DOMAIN", "matchmaker.local")
    info = CalendarInfo(event_name=event.name, timezone=event.timezone, domain=domain)
    meetings = []
    if agendas_published(event):
        for r in rows_for(event, p):
            where = ", ".join(x for x in (event.venue, _("table %(t)s", t=r.table)) if x)
            meetings.append(
                CalendarMeeting(
                    uid_key=uid_key_for(event.id, r.meeting.request_id),
                    start=r.slot.starts_at,
                    end=r.slot.ends_at,
                    summary=_("Meeting: %(name)s", name=r.other.company.display_name),
                    location=where,
                    description=contact(r.other),
                    sequence=r.meeting.sequence,
                    status="CANCELLED"
                    if r.status == MeetingStatus.CANCELLED or p.status == "cancelled"
                    else "CONFIRMED",
                )
            )
    return agenda_calendar(info, meetings)


def participant_by_token(event_id: int, token: str) -> tuple[Event, Participant]:
    """The calendar feed's participant: the token must match, else 404."""
    p = db.session.scalar(select(Participant).where(Participant.feed_token == token))
    if p is None or p.event_id != event_id or len(token) < 20:
        raise NotFound()
    return db.session.get(Event, event_id), p  # type: ignore[return-value]


def table_plan(event: Event) -> tuple[list[Slot], list[str], dict[tuple[int, str], Meeting]]:
    """Slots × tables, with the live meeting in each cell."""
    slots = list(
        db.session.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at))
    )
    tables = [t.name for t in event.tables]
    cells = {
        (m.slot_id, m.table.name): m
        for m in db.session.scalars(_meetings_query(event).where(Meeting.status.in_(LIVE))).unique()
    }
    return slots, tables, cells


COLUMNS = (
    "day",
    "start",
    "end",
    "slot",
    "table",
    "buyer",
    "supplier",
    "status",
    "locked",
    "weight",
    "must",
)


def schedule_rows(event: Event) -> list[list[Any]]:
    """One row per meeting for the CSV/XLSX export."""
    out = []
    for m in db.session.scalars(_meetings_query(event)).unique():
        r = m.request
        out.append(
            [
                m.slot.starts_at.date().isoformat(),
                m.slot.starts_at.strftime("%H:%M"),
                m.slot.ends_at.strftime("%H:%M"),
                m.slot.code,
                m.table.name,
                r.side_a.company.display_name,
                r.side_b.company.display_name,
                m.status,
                "yes" if m.locked else "",
                r.weight,
                "yes" if r.organiser_must else "",
            ]
        )
    return sorted(out, key=lambda row: (row[0], row[1], row[4]))


def export(event: Event, fmt: str) -> bytes:
    """The schedule as CSV or XLSX."""
    rows = schedule_rows(event)
    if fmt == "xlsx":
        return write_xlsx(COLUMNS, rows, title=event.name)
    return write_csv(COLUMNS, rows)


def names_of(event: Event) -> dict[str, str]:
    """Instance participant ids (P12) to company names, for reasons."""
    return {
        f"P{p.id}": p.company.display_name
        for p in db.session.scalars(select(Participant).where(Participant.event_id == event.id))
    }


def reason_text(req: MeetingRequest, names: dict[str, str], lang: str) -> str:
    """Why a request is not scheduled, in the reader's language, with company names."""
    if req.unscheduled_code == "cancelled":
        return _("The meeting was cancelled.")
    args = tuple(
        (k, names.get(str(v), v) if isinstance(v, str) else v)
        for k, v in sorted((req.unscheduled_args or {}).items())
    )
    return render_reason(
        Unscheduled(f"R{req.id}", req.unscheduled_code or "other", args),
        "en" if lang == "en" else "es",
    )


def live_slot(event: Event, slots: list[Slot], chosen: int | None) -> Slot | None:
    """The chosen slot, else the one running now in the event's zone, else the next one."""
    if not slots:
        return None
    if chosen is not None:
        return next((s for s in slots if s.id == chosen), slots[0])
    now = datetime.now(ZoneInfo(event.timezone)).replace(tzinfo=None)
    return next((s for s in slots if s.ends_at > now), slots[-1])
