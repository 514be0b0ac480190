"""Who may see and run an event, its participants and their agendas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from matchmaker.extensions import db
from matchmaker.models import Event, EventStatus, Participant
from matchmaker.services.platform.access import is_staff, require, sees_everything


def can_manage(user: Any) -> bool:
    """Organisers (and admins) set up, schedule, publish and run events."""
    return is_staff(user)


def can_view_event(user: Any, event: Event) -> bool:
    """Drafts are for staff and managers; members see the rest."""
    if sees_everything(user):
        return True
    return bool(user.is_authenticated and event.status != EventStatus.DRAFT)


def visible_event(user: Any, event: Event | None) -> Event:
    """The event if the user may see it; 404 otherwise."""
    if event is None or not can_view_event(user, event):
        raise NotFound()
    return event


def managed_event(user: Any, event_id: int) -> Event:
    """The event for an organiser's change; 404 if unseen, 403 if only readable."""
    event = visible_event(user, db.session.get(Event, event_id))
    require(can_manage(user))
    return event


def my_participant(user: Any, event: Event) -> Participant | None:
    """The participant of the user's company at this event, if registered."""
    if not user.is_authenticated or not user.company_id:
        return None
    return db.session.scalar(
        select(Participant).where(
            Participant.event_id == event.id, Participant.company_id == user.company_id
        )
    )


def can_view_participant(user: Any, participant: Participant) -> bool:
    """A participant's agenda and details: its own company's people, staff and managers."""
    return sees_everything(user) or bool(
        user.is_authenticated and user.company_id == participant.company_id
    )


def visible_participant(user: Any, event: Event, participant_id: int) -> Participant:
    """The participant if the user may see it; 404 otherwise."""
    p = db.session.get(Participant, participant_id)
    if p is None or p.event_id != event.id or not can_view_participant(user, p):
        raise NotFound()
    return p


def agendas_published(event: Event) -> bool:
    """Participants see their agendas once published."""
    return event.status in (EventStatus.PUBLISHED, EventStatus.CLOSED)


def may_see_agenda(user: Any, event: Event, p: Participant) -> bool:
    """Staff and managers always; the participant's own people once agendas are published."""
    if not can_view_participant(user, p):
        return False
    return can_manage(user) or agendas_published(event) or user.has_role("manager")
