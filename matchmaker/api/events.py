"""B2B sourcing events: the events, their participants, meeting requests (mark interest) and
each participant's agenda of meetings."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma

from matchmaker.api.core import REF, ApiBlueprint, PageArgs, actor, page_of, paginate, protect
from matchmaker.api.schemas import CompanyBriefSchema
from matchmaker.extensions import db
from matchmaker.models import Event, Interest, MeetingRequest, Participant
from matchmaker.schemas.fields import Text, UtcDateTime
from matchmaker.services.events import access as event_access
from matchmaker.services.events import agenda as event_agenda
from matchmaker.services.events import participants as event_participants
from matchmaker.services.events import requests as event_requests
from matchmaker.services.events import setup as event_setup
from matchmaker.services.platform.access import require, sees_everything

bp = protect(
    ApiBlueprint(
        "events", __name__, description="Events, participants, meeting requests and agendas"
    )
)
F = ma.fields
ID = "id"
INTERESTS = [i.value for i in Interest]


class EventSchema(ma.Schema):
    id = F.Integer(required=True)
    kind = F.String(required=True)
    name = F.String(required=True)
    venue = F.String(required=True)
    country = F.String(required=True)
    timezone = F.String(required=True)
    starts_on = F.Date(required=True)
    ends_on = F.Date(required=True)
    status = F.String(required=True)
    table_mode = F.String(required=True)
    requests_deadline = UtcDateTime(allow_none=True, required=True)
    description = F.String(required=True)


class DelegateSchema(ma.Schema):
    name = F.String(required=True)
    email = F.String(required=True)
    phone = F.String(required=True)
    position = F.String(required=True)


class ParticipantSchema(ma.Schema):
    id = F.Integer(required=True)
    event_id = F.Integer(required=True)
    company = F.Nested(CompanyBriefSchema, required=True)
    role = F.String(required=True)
    status = F.String(required=True)
    mine = F.Boolean(required=True, metadata={"description": "Your own company's."})
    delegates = F.List(
        F.Nested(DelegateSchema),
        allow_none=True,
        required=True,
        metadata={"description": "Only for its own company and staff."},
    )


class MeetingRequestSchema(ma.Schema):
    id = F.Integer(required=True)
    side_a_id = F.Integer(required=True)
    side_b_id = F.Integer(required=True)
    side_a = F.Nested(CompanyBriefSchema, required=True)
    side_b = F.Nested(CompanyBriefSchema, required=True)
    interest_a = F.String(allow_none=True, required=True)
    interest_b = F.String(allow_none=True, required=True)
    organiser_must = F.Boolean(required=True)
    engine_score = F.Float(allow_none=True, required=True)
    weight = F.Integer(required=True)
    state = F.String(
        required=True,
        metadata={"description": "declined, promised, mutual, requested, waiting or expired"},
    )


class DelegateInSchema(ma.Schema):
    name = Text(120, required=True)
    email = Text(254, load_default="")
    phone = Text(40, load_default="")
    position = Text(120, load_default="")


class RegistrationSchema(ma.Schema):
    delegates = F.List(
        F.Nested(DelegateInSchema), required=True, validate=ma.validate.Length(min=1, max=20)
    )
    capacity = F.Integer(
        validate=ma.validate.Range(min=1, max=20),
        metadata={"description": "Meetings held in parallel."},
    )
    max_meetings = F.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=1000))
    sessions = F.List(
        F.Integer(validate=REF),
        validate=ma.validate.Length(max=100),
        metadata={"description": "Session ids you are available in."},
    )
    company_id = F.Integer(
        validate=REF,
        metadata={"description": "Organisers only; others register their own company."},
    )


class InterestSchema(ma.Schema):
    counterpart_id = F.Integer(
        required=True, validate=REF, metadata={"description": "The other participant's id."}
    )
    interest = F.String(required=True, validate=ma.validate.OneOf(INTERESTS))


class AnswerSchema(ma.Schema):
    interest = F.String(required=True, validate=ma.validate.OneOf(INTERESTS))


class MeetingSchema(ma.Schema):
    id = F.Integer(required=True)
    starts_at = F.String(required=True, metadata={"format": "date-time"})
    ends_at = F.String(required=True, metadata={"format": "date-time"})
    slot = F.String(required=True)
    table = F.String(required=True)
    status = F.String(required=True)
    counterpart = F.Nested(CompanyBriefSchema, required=True)
    counterpart_participant_id = F.Integer(required=True)


class AgendaSchema(ma.Schema):
    participant_id = F.Integer(required=True)
    published = F.Boolean(required=True)
    items = F.List(F.Nested(MeetingSchema), required=True)


def _event(event_id: int) -> Event:
    return event_access.visible_event(actor(), db.session.get(Event, event_id))


def _participant(user: Any, p: Participant) -> dict[str, Any]:
    own = event_access.can_view_participant(user, p)
    return {
        "id": p.id,
        "event_id": p.event_id,
        "company": p.company,
        "role": p.role,
        "status": p.status,
        "mine": bool(user.company_id == p.company_id),
        "delegates": list(p.delegates) if own else None,
    }


def _request(event: Event, req: MeetingRequest) -> dict[str, Any]:
    return {
        "id": req.id,
        "side_a_id": req.side_a_id,
        "side_b_id": req.side_b_id,
        "side_a": req.side_a.company,
        "side_b": req.side_b.company,
        "interest_a": req.interest_a,
        "interest_b": req.interest_b,
        "organiser_must": req.organiser_must,
        "engine_score": req.engine_score,
        "weight": req.weight,
        "state": event_requests.request_state(event, req),
    }


def _local(event: Event, at: datetime) -> str:
    """A slot's wall-clock time with the event's offset."""
    return at.replace(tzinfo=ZoneInfo(event.timezone)).isoformat()


@bp.route("/events")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(EventSchema))
def list_events(page: dict[str, Any]) -> dict[str, Any]:
    """Events you may see, newest first (drafts: staff and managers only)."""
    return paginate(event_setup.list_events(actor()), page)


@bp.route(f"/events/<{ID}:event_id>")
@bp.response(200, EventSchema)
def get_event(event_id: int) -> Event:
    """An event."""
    return _event(event_id)


@bp.route(f"/events/<{ID}:event_id>/participants")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(ParticipantSchema))
def list_participants(page: dict[str, Any], event_id: int) -> dict[str, Any]:
    """Approved participants (all of them for staff and managers); delegates' contacts only
    for your own company."""
    user = actor()
    result = paginate(event_participants.list_participants(user, _event(event_id)), page)
    result["items"] = [_participant(user, p) for p in result["items"]]
    return result


@bp.route(f"/events/<{ID}:event_id>/participants", methods=["POST"])
@bp.arguments(RegistrationSchema)
@bp.response(201, ParticipantSchema)
def register(body: dict[str, Any], event_id: int) -> dict[str, Any]:
    """Register your own company (buyers and suppliers, while registration is open; pending
    until an organiser approves it); organisers may register any approved company."""
    user = actor()
    event = _event(event_id)
    company_id = body.pop("company_id", None)
    p = event_participants.register(user, event, company_id, body)
    return _participant(user, p)


@bp.route(f"/events/<{ID}:event_id>/participants/<{ID}:participant_id>")
@bp.response(200, ParticipantSchema)
def get_participant(event_id: int, participant_id: int) -> dict[str, Any]:
    """A participant: its own company's people, staff and managers."""
    user = actor()
    event = _event(event_id)
    return _participant(user, event_access.visible_participant(user, event, participant_id))


@bp.route(f"/events/<{ID}:event_id>/participants/<{ID}:participant_id>/agenda")
@bp.response(200, AgendaSchema)
def agenda(event_id: int, participant_id: int) -> dict[str, Any]:
    """A participant's meetings in time order: staff and managers always; its own people once
    agendas are published."""
    user = actor()
    event = _event(event_id)
    p = event_access.visible_participant(user, event, participant_id)
    require(event_access.may_see_agenda(user, event, p))
    items = [
        {
            "id": r.meeting.id,
            "starts_at": _local(event, r.slot.starts_at),
            "ends_at": _local(event, r.slot.ends_at),
            "slot": r.slot.code,
            "table": r.table,
            "status": r.status,
            "counterpart": r.other.company,
            "counterpart_participant_id": r.other.id,
        }
        for r in event_agenda.rows_for(event, p)
    ]
    return {
        "participant_id": p.id,
        "published": event_access.agendas_published(event),
        "items": items,
    }


@bp.route(f"/events/<{ID}:event_id>/meeting-requests")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(MeetingRequestSchema))
def list_requests(page: dict[str, Any], event_id: int) -> dict[str, Any]:
    """Every request for staff and managers; your company's requests for a participant."""
    user = actor()
    event = _event(event_id)
    if sees_everything(user):
        rows = event_requests.all_requests(user, event)
    else:
        me = event_access.my_participant(user, event)
        rows = event_requests.requests_of(event, me) if me is not None else []
    result = paginate(rows, page)
    result["items"] = [_request(event, r) for r in result["items"]]
    return result


@bp.route(f"/events/<{ID}:event_id>/meeting-requests", methods=["POST"])
@bp.arguments(InterestSchema)
@bp.response(200, MeetingRequestSchema)
def mark_interest(body: dict[str, Any], event_id: int) -> dict[str, Any]:
    """Your company marks a counterpart: must (must meet), like (would like to), no (no
    thanks); while requests are open."""
    event = _event(event_id)
    req = event_requests.set_interest(actor(), event, body["counterpart_id"], body["interest"])
    return _request(event, req)


@bp.route(f"/events/<{ID}:event_id>/meeting-requests/<{ID}:request_id>", methods=["POST"])
@bp.arguments(AnswerSchema)
@bp.response(200, MeetingRequestSchema)
def answer(body: dict[str, Any], event_id: int, request_id: int) -> dict[str, Any]:
    """Answer a request your company is a side of (others' are not found)."""
    event = _event(event_id)
    req = event_requests.answer(actor(), event, request_id, body["interest"])
    return _request(event, req)
