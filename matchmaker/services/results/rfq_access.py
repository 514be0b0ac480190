"""Who may see which RFQ, response and value; the lists and form choices each user gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyStatus,
    Event,
    EventKind,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Need,
    Participant,
    ResponseStatus,
    Rfq,
    RfqResponse,
    Role,
    Slot,
)
from matchmaker.models.company import SUPPLIER_KINDS
from matchmaker.models.rfq import BUYER, SUPPLIER, TRANSITIONS
from matchmaker.services.platform.access import is_cleared, require, sees_everything

S = ResponseStatus


def is_buyer_of(user: Any, rfq: Rfq) -> bool:
    """The user buys for the RFQ's company."""
    return bool(
        user.is_authenticated
        and user.has_role(Role.BUYER)
        and user.company_id == rfq.buyer_company_id
    )


def is_supplier_of(user: Any, response: RfqResponse) -> bool:
    """The user sells for the response's supplier."""
    return bool(
        user.is_authenticated
        and user.has_role(Role.SUPPLIER)
        and user.company_id == response.supplier_company_id
    )


def own_response(user: Any, rfq: Rfq) -> RfqResponse | None:
    """The response addressed to the user's company, if it is an invited supplier."""
    return next((r for r in rfq.responses if is_supplier_of(user, r)), None)


def visible_rfq(user: Any, rfq: Rfq | None) -> Rfq:
    """The RFQ if the user may see it; 404 otherwise, so that nothing leaks."""
    if rfq is None or not is_cleared(user):
        raise NotFound()
    if sees_everything(user) or is_buyer_of(user, rfq) or own_response(user, rfq):
        return rfq
    raise NotFound()


def visible_responses(user: Any, rfq: Rfq) -> list[RfqResponse]:
    """All responses for the buyer and staff; a supplier sees only its own."""
    if sees_everything(user) or is_buyer_of(user, rfq):
        return list(rfq.responses)
    return [r for r in rfq.responses if is_supplier_of(user, r)]


@dataclass(frozen=True)
class ResponseView:
    """A response as one user sees it: whether its values show and where it may move it."""

    response: RfqResponse
    values_visible: bool
    moves: list[str]


def response_views(user: Any, rfq: Rfq) -> list[ResponseView]:
    """The responses the user may see, each with its permissions worked out for the page."""
    return [
        ResponseView(r, may_see_values(user, rfq, r), allowed_moves(user, r))
        for r in visible_responses(user, rfq)
    ]


def may_see_values(user: Any, rfq: Rfq, response: RfqResponse) -> bool:
    """Raw values of a confidential RFQ: the buyer company and the supplier concerned only."""
    if not rfq.confidential:
        return True
    return bool(
        user.is_authenticated
        and user.company_id in (rfq.buyer_company_id, response.supplier_company_id)
    )


def may_create(user: Any) -> bool:
    """Buyers of an approved company issue RFQs."""
    return bool(is_cleared(user) and user.has_role(Role.BUYER) and user.company_id)


def allowed_moves(user: Any, response: RfqResponse) -> list[str]:
    """The statuses this user may move the response to now."""
    sides = set()
    if is_buyer_of(user, response.rfq):
        sides.add(BUYER)
    if is_supplier_of(user, response):
        sides.add(SUPPLIER)
    return [
        to for (frm, to), side in TRANSITIONS.items() if frm == response.status and side in sides
    ]


def list_rfqs(user: Any, status: str = "") -> list[Rfq]:
    """RFQs the user works with: its company's, those it is invited to, or all for staff."""
    require(is_cleared(user))
    query = select(Rfq).options(selectinload(Rfq.responses))
    if not sees_everything(user):
        mine = []
        if user.has_role(Role.BUYER) and user.company_id:
            mine.append(Rfq.buyer_company_id == user.company_id)
        if user.has_role(Role.SUPPLIER) and user.company_id:
            mine.append(
                exists().where(
                    RfqResponse.rfq_id == Rfq.id, RfqResponse.supplier_company_id == user.company_id
                )
            )
        require(bool(mine))
        query = query.where(or_(*mine))
    if status in {s.value for s in S}:
        query = query.where(
            exists().where(RfqResponse.rfq_id == Rfq.id, RfqResponse.status == status)
        )
    return list(db.session.scalars(query.order_by(Rfq.created_at.desc(), Rfq.id.desc())))


def form_choices(actor: Any) -> dict[str, list[tuple[str, str]]]:
    """Suppliers, the buyer's needs, its meetings, events and missions for the RFQ form."""
    suppliers = db.session.execute(
        select(Company.id, Company.trade_name, Company.legal_name)
        .where(
            Company.status == CompanyStatus.APPROVED,
            Company.kind.in_(SUPPLIER_KINDS),
            Company.id != actor.company_id,
        )
        .order_by(Company.legal_name)
    ).all()
    needs = db.session.execute(
        select(Need.id, Need.title).where(Need.company_id == actor.company_id).order_by(Need.title)
    ).all()
    pa, pb = db.aliased(Participant), db.aliased(Participant)
    ca, cb = db.aliased(Company), db.aliased(Company)
    meetings = db.session.execute(
        select(Meeting.id, Event.name, Slot.starts_at, ca.legal_name, cb.legal_name)
        .join(Event, Event.id == Meeting.event_id)
        .join(Slot, Slot.id == Meeting.slot_id)
        .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .join(pa, pa.id == MeetingRequest.side_a_id)
        .join(pb, pb.id == MeetingRequest.side_b_id)
        .join(ca, ca.id == pa.company_id)
        .join(cb, cb.id == pb.company_id)
        .where(
            Meeting.status == MeetingStatus.HELD,
            or_(pa.company_id == actor.company_id, pb.company_id == actor.company_id),
        )
        .order_by(Slot.starts_at.desc())
        .limit(200)
    ).all()
    events = db.session.execute(
        select(Event.id, Event.name, Event.kind).order_by(Event.starts_on.desc())
    ).all()
    return {
        "suppliers": [(str(i), t or n) for i, t, n in suppliers],
        "needs": [(str(i), t) for i, t in needs],
        "meetings": [
            (str(i), f"{e} · {s:%Y-%m-%d %H:%M} · {a} / {b}") for i, e, s, a, b in meetings
        ],
        "events": [(str(i), n) for i, n, k in events if k == EventKind.EVENT],
        "missions": [(str(i), n) for i, n, k in events if k == EventKind.MISSION],
    }
