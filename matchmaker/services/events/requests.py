"""Meeting requests: buyers mark the engine's proposals, suppliers ask buyers, organisers
promise meetings; each request's weight and whether it is still to be scheduled.

Unanswered requests at the deadline (Event.requests_deadline): a request that only the
supplier side made (the buyer never answered) expires and is not scheduled; a request the
buyer made stands even if the supplier never answered, as is usual at sourcing events, where
buyers' time is the scarce resource. Before the deadline every open request is scheduled.
"No thanks" from either side removes the pair unless the organiser promised the meeting.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from werkzeug.exceptions import NotFound

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventStatus,
    Interest,
    MeetingRequest,
    Participant,
    ParticipantRole,
    ParticipantStatus,
)
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.events.access import can_manage, my_participant
from matchmaker.services.events.proposals import ranking, reasons_json
from matchmaker.services.platform.access import require, sees_everything

POINTS = {Interest.MUST: 300, Interest.LIKE: 100}
MUTUAL_BONUS = 200
PROMISE_BONUS = 300
SCORE_POINTS = 200
WANTED = (Interest.MUST, Interest.LIKE)


def weight_of(req: MeetingRequest) -> int:
    """1..1000 from the engine score, each side's interest, mutual interest and promises."""
    w = 1 + round(SCORE_POINTS * max(0.0, min(1.0, req.engine_score or 0.0)))
    w += POINTS.get(req.interest_a or "", 0) + POINTS.get(req.interest_b or "", 0)
    if req.interest_a in WANTED and req.interest_b in WANTED:
        w += MUTUAL_BONUS
    if req.organiser_must:
        w += PROMISE_BONUS
    return max(1, min(1000, w))


def is_must(req: MeetingRequest) -> bool:
    """Promised by the organiser, or a side says it must meet."""
    return req.organiser_must or Interest.MUST in (req.interest_a, req.interest_b)


def deadline_passed(event: Event, now: datetime | None = None) -> bool:
    """True once the organiser's deadline for requests is over."""
    if event.requests_deadline is None:
        return False
    deadline = event.requests_deadline
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) >= deadline


def request_state(event: Event, req: MeetingRequest, now: datetime | None = None) -> str:
    """declined, promised, mutual, requested, waiting or expired (see module docstring)."""
    if req.organiser_must:
        return "promised"
    if Interest.NO in (req.interest_a, req.interest_b):
        return "declined"
    if req.interest_a in WANTED and req.interest_b in WANTED:
        return "mutual"
    if req.interest_a in WANTED:
        return "requested"
    if req.interest_b in WANTED:
        return "expired" if deadline_passed(event, now) else "waiting"
    return "declined"


def schedulable(event: Event, req: MeetingRequest, now: datetime | None = None) -> bool:
    """Whether the scheduler should place this request."""
    return request_state(event, req, now) in ("promised", "mutual", "requested", "waiting")


def _pair(event: Event, a: Participant, b: Participant) -> MeetingRequest:
    req = db.session.scalar(
        select(MeetingRequest).where(
            MeetingRequest.event_id == event.id,
            or_(
                (MeetingRequest.side_a_id == a.id) & (MeetingRequest.side_b_id == b.id),
                (MeetingRequest.side_a_id == b.id) & (MeetingRequest.side_b_id == a.id),
            ),
        )
    )
    if req is None:
        req = MeetingRequest(
            event_id=event.id, side_a_id=a.id, side_b_id=b.id, reasons=[], unscheduled_args={}
        )
        db.session.add(req)
    return req


def _score(event: Event, buyer: Participant, supplier: Participant, req: MeetingRequest) -> None:
    if buyer.role != ParticipantRole.BUYER or supplier.role != ParticipantRole.SUPPLIER:
        return
    proposal = ranking(event, buyer).get(supplier.id)
    if proposal is not None:
        req.engine_score = round(proposal.score, 4)
        req.reasons = reasons_json(proposal.reasons)


def _sides(a: Participant, b: Participant) -> tuple[Participant, Participant]:
    """Side A is the buyer of a buyer and supplier pair, else the one who asks."""
    if b.role == ParticipantRole.BUYER and a.role != ParticipantRole.BUYER:
        return b, a
    return a, b


def _counterpart(event: Event, participant_id: int) -> Participant:
    other = db.session.get(Participant, participant_id)
    if other is None or other.event_id != event.id or other.status != ParticipantStatus.APPROVED:
        raise NotFound()
    return other


@atomic
def set_interest(actor: Any, event: Event, counterpart_id: int, interest: str) -> MeetingRequest:
    """The actor's company marks a counterpart: must meet, would like to meet, no thanks."""
    me = my_participant(actor, event)
    if me is None or me.status != ParticipantStatus.APPROVED:
        raise ServiceError(_("Your company is not an approved participant of this event."))
    if interest not in set(Interest):
        raise ServiceError(_("Choose must meet, would like to meet or no thanks."))
    if event.status != EventStatus.REQUESTS_OPEN:
        raise ServiceError(_("Meeting requests are not open for this event."))
    if deadline_passed(event):
        raise ServiceError(_("The deadline for meeting requests has passed."))
    other = _counterpart(event, counterpart_id)
    if other.id == me.id:
        raise ServiceError(_("A company cannot meet itself."))
    if me.role == other.role and me.role != ParticipantRole.PARTICIPANT:
        raise ServiceError(_("Buyers meet suppliers, and suppliers meet buyers."))
    a, b = _sides(me, other)
    req = _pair(event, a, b)
    if req.side_a_id == me.id:
        req.interest_a = interest
    else:
        req.interest_b = interest
    if req.engine_score is None:
        _score(event, a, b, req)
    req.weight = weight_of(req)
    req.updated_at = utcnow()
    db.session.flush()
    return req


@atomic
def answer(actor: Any, event: Event, request_id: int, interest: str) -> MeetingRequest:
    """Answer a request one is a side of; others' requests are not found."""
    req = db.session.get(MeetingRequest, request_id)
    me = my_participant(actor, event)
    if (
        req is None
        or req.event_id != event.id
        or me is None
        or me.id not in (req.side_a_id, req.side_b_id)
    ):
        raise NotFound()
    other = req.side_b_id if req.side_a_id == me.id else req.side_a_id
    return set_interest(actor, event, other, interest)  # joins this transaction


@atomic
def promise(
    actor: Any, event: Event, a_id: int, b_id: int, promised: bool = True
) -> MeetingRequest:
    """An organiser adds (or withdraws) a meeting promised to both sides."""
    require(can_manage(actor))
    if event.status == EventStatus.CLOSED:
        raise ServiceError(_("A closed event cannot be changed."))
    a, b = _counterpart(event, a_id), _counterpart(event, b_id)
    if a.id == b.id:
        raise ServiceError(_("A company cannot meet itself."))
    a, b = _sides(a, b)
    req = _pair(event, a, b)
    req.organiser_must = promised
    if req.engine_score is None:
        _score(event, a, b, req)
    req.weight = weight_of(req)
    req.updated_at = utcnow()
    db.session.flush()
    return req


def requests_of(event: Event, participant: Participant) -> list[MeetingRequest]:
    """Every request a participant is a side of."""
    return list(
        db.session.scalars(
            select(MeetingRequest)
            .where(
                MeetingRequest.event_id == event.id,
                or_(
                    MeetingRequest.side_a_id == participant.id,
                    MeetingRequest.side_b_id == participant.id,
                ),
            )
            .order_by(MeetingRequest.weight.desc(), MeetingRequest.id)
        )
    )


def all_requests(actor: Any, event: Event) -> list[MeetingRequest]:
    """Every request of the event (organisers and managers)."""
    require(sees_everything(actor))
    return list(
        db.session.scalars(
            select(MeetingRequest)
            .where(MeetingRequest.event_id == event.id)
            .order_by(MeetingRequest.id)
        )
    )
