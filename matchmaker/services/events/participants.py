"""Registering companies at an event: delegates, availability, approval, check-in."""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Availability,
    Company,
    CompanyKind,
    CompanyStatus,
    Delegate,
    Event,
    EventStatus,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Role,
)
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.events.access import can_manage
from matchmaker.services.events.meetings import cancel_meetings_of
from matchmaker.services.events.setup import buyer_table
from matchmaker.services.platform.access import require, sees_everything

OPEN_FOR_REGISTRATION = (EventStatus.REGISTRATION, EventStatus.REQUESTS_OPEN)


def role_for(company: Company) -> str:
    """OEMs come as buyers, suppliers as suppliers, institutions to network."""
    if company.kind == CompanyKind.OEM:
        return ParticipantRole.BUYER
    if company.is_supplier:
        return ParticipantRole.SUPPLIER
    return ParticipantRole.PARTICIPANT


def list_participants(user: Any, event: Event) -> list[Participant]:
    """Staff and managers see every participant; members see the approved ones."""
    query = (
        select(Participant)
        .where(Participant.event_id == event.id)
        .options(selectinload(Participant.delegates))
        .order_by(Participant.role, Participant.id)
    )
    if not sees_everything(user):
        query = query.where(Participant.status == ParticipantStatus.APPROVED)
    return list(db.session.scalars(query))


def clean_registration(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """Validate delegates, capacity, availability and the meeting limit."""
    errors: list[tuple[str | None, str]] = []
    delegates = []
    for d in data.get("delegates") or []:
        name = (d.get("name") or "").strip()
        if not name:
            continue
        email = (d.get("email") or "").strip()
        if email and "@" not in email:
            errors.append(("delegates", _("“%(value)s” is not an e-mail address.", value=email)))
        delegates.append(
            Delegate(
                name=name[:120],
                email=email[:254],
                phone=(d.get("phone") or "").strip()[:40],
                position=(d.get("position") or "").strip()[:120],
            )
        )
    if not delegates:
        errors.append(("delegates", _("Name at least one person who will attend.")))
    capacity = 1
    raw = str(data.get("capacity") or "").strip()
    if raw:
        try:
            capacity = int(raw)
        except ValueError:
            capacity = 0
        if not 1 <= capacity <= max(1, len(delegates)):
            errors.append(("capacity", _("Parallel meetings: from 1 to the number of people.")))
    max_meetings = None
    raw = str(data.get("max_meetings") or "").strip()
    if raw:
        try:
            max_meetings = int(raw)
            if max_meetings < 0:
                raise ValueError
        except ValueError:
            errors.append(("max_meetings", _("Give a whole number of meetings.")))
    session_ids = {s.id for s in event.sessions}
    chosen = []
    for raw in data.get("sessions") or []:
        try:
            sid = int(raw)
        except ValueError:
            sid = -1
        if sid not in session_ids:
            errors.append(("sessions", _("Choose sessions of this event.")))
            break
        chosen.append(sid)
    if errors:
        raise ServiceError(errors[0][1], errors[0][0], errors)
    return {
        "delegates": delegates,
        "capacity": capacity,
        "max_meetings": max_meetings,
        "sessions": sorted(set(chosen)),
    }


def _apply(p: Participant, values: dict[str, Any]) -> None:
    p.delegates = values["delegates"]
    p.capacity = values["capacity"]
    p.max_meetings = values["max_meetings"]
    p.availability = [Availability(session_id=s) for s in values["sessions"]]


@atomic
def register(actor: Any, event: Event, company_id: int | None, data: dict[str, Any]) -> Participant:
    """A buyer or supplier registers its own company; organisers may register any company."""
    staff = can_manage(actor)
    if not staff:
        require(
            actor.is_authenticated
            and actor.has_role(Role.BUYER, Role.SUPPLIER)
            and actor.company_id is not None
        )
        company_id = actor.company_id
    company = db.session.get(Company, company_id) if company_id else None
    if company is None:
        raise ServiceError(_("Choose a company."), "company_id")
    if company.status != CompanyStatus.APPROVED:
        raise ServiceError(_("Only approved companies can take part."), "company_id")
    if event.status not in OPEN_FOR_REGISTRATION and not (
        staff and event.status in (EventStatus.DRAFT, EventStatus.SCHEDULED, EventStatus.PUBLISHED)
    ):
        raise ServiceError(_("Registration is not open for this event."))
    if db.session.scalar(
        select(Participant.id).where(
            Participant.event_id == event.id, Participant.company_id == company.id
        )
    ):
        raise ServiceError(_("%(name)s is already registered.", name=company.display_name))
    role = (
        data.get("role")
        if staff and data.get("role") in set(ParticipantRole)
        else role_for(company)
    )
    values = clean_registration(event, data)
    p = Participant(
        event_id=event.id,
        company_id=company.id,
        role=role,
        status=ParticipantStatus.APPROVED if staff else ParticipantStatus.PENDING,
        feed_token=secrets.token_urlsafe(32),
    )
    _apply(p, values)
    db.session.add(p)
    db.session.flush()
    if p.status == ParticipantStatus.APPROVED and role == ParticipantRole.BUYER:
        buyer_table(event, p)
    return p


@atomic
def update_registration(actor: Any, event: Event, p: Participant, data: dict[str, Any]) -> None:
    """Change delegates, capacity, availability or limit (own company or staff)."""
    require(
        can_manage(actor)
        or (actor.company_id == p.company_id and actor.has_role(Role.BUYER, Role.SUPPLIER))
    )
    if event.status == EventStatus.CLOSED:
        raise ServiceError(_("A closed event cannot be changed."))
    _apply(p, clean_registration(event, data))


@atomic
def decide(actor: Any, event: Event, p: Participant, status: str) -> list[int]:
    """Approve or cancel a participant; cancelling frees its meetings (returned ids)."""
    require(can_manage(actor))
    if status not in (ParticipantStatus.APPROVED, ParticipantStatus.CANCELLED):
        raise ServiceError(_("Choose approve or cancel."))
    p.status = status
    freed: list[int] = []
    if status == ParticipantStatus.APPROVED and p.role == ParticipantRole.BUYER:
        buyer_table(event, p)
    if status == ParticipantStatus.CANCELLED:
        freed = cancel_meetings_of(p)
    return freed


@atomic
def check_in(actor: Any, event: Event, p: Participant, present: bool = True) -> None:
    """Record that a participant arrived (or undo it)."""
    require(can_manage(actor))
    if event.status not in (EventStatus.SCHEDULED, EventStatus.PUBLISHED):
        raise ServiceError(_("Check-in opens once the agendas are out."))
    p.checked_in_at = utcnow() if present else None


def approved(event: Event, role: str | None = None) -> list[Participant]:
    """Approved participants, optionally of one role."""
    query = select(Participant).where(
        Participant.event_id == event.id, Participant.status == ParticipantStatus.APPROVED
    )
    if role:
        query = query.where(Participant.role == role)
    return list(db.session.scalars(query.order_by(Participant.id)))
