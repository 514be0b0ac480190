"""Requests for quotation: issue, invite, move each supplier's response through its states,
and who may see what.

Confidential RFQs: the raw quoted and awarded values are shown only to the buyer company's
users and to the supplier concerned (its own response). Organisers, managers and admins of
other companies see "confidential" on RFQ pages; the values still count in cluster-wide
aggregates (dashboard, cluster report) but not in any view narrowed to one company."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
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
    Need,
    Participant,
    ResponseStatus,
    Rfq,
    RfqChange,
    RfqOrigin,
    RfqResponse,
    Role,
)
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.access import require, sees_everything
from matchmaker.services.fx import rate_on, to_mxn

S = ResponseStatus
BUYER, SUPPLIER = "buyer", "supplier"
# (from, to) -> the side that may make the move. Same-state moves revise the quote.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.INVITED, S.QUOTED): SUPPLIER,
    (S.INVITED, S.DECLINED): SUPPLIER,
    (S.INVITED, S.CANCELLED): BUYER,
    (S.QUOTED, S.QUOTED): SUPPLIER,
    (S.QUOTED, S.NEGOTIATION): BUYER,
    (S.QUOTED, S.AWARDED): BUYER,
    (S.QUOTED, S.LOST): BUYER,
    (S.QUOTED, S.DECLINED): SUPPLIER,
    (S.QUOTED, S.CANCELLED): BUYER,
    (S.NEGOTIATION, S.NEGOTIATION): SUPPLIER,
    (S.NEGOTIATION, S.AWARDED): BUYER,
    (S.NEGOTIATION, S.LOST): BUYER,
    (S.NEGOTIATION, S.DECLINED): SUPPLIER,
    (S.NEGOTIATION, S.CANCELLED): BUYER,
}
CLOSED = {S.AWARDED, S.LOST, S.DECLINED, S.CANCELLED}


# --- access -------------------------------------------------------------------------------

def is_buyer_of(user: Any, rfq: Rfq) -> bool:
    """The user buys for the RFQ's company."""
    return bool(user.is_authenticated and user.has_role(Role.BUYER)
                and user.company_id == rfq.buyer_company_id)


def is_supplier_of(user: Any, response: RfqResponse) -> bool:
    """The user sells for the response's supplier."""
    return bool(user.is_authenticated and user.has_role(Role.SUPPLIER)
                and user.company_id == response.supplier_company_id)


def own_response(user: Any, rfq: Rfq) -> RfqResponse | None:
    """The response addressed to the user's company, if it is an invited supplier."""
    return next((r for r in rfq.responses if is_supplier_of(user, r)), None)


def visible_rfq(user: Any, rfq: Rfq | None) -> Rfq:
    """The RFQ if the user may see it; 404 otherwise, so that nothing leaks."""
    if rfq is None or not user.is_authenticated:
        raise NotFound()
    if sees_everything(user) or is_buyer_of(user, rfq) or own_response(user, rfq):
        return rfq
    raise NotFound()


def visible_responses(user: Any, rfq: Rfq) -> list[RfqResponse]:
    """All responses for the buyer and staff; a supplier sees only its own."""
    if sees_everything(user) or is_buyer_of(user, rfq):
        return list(rfq.responses)
    return [r for r in rfq.responses if is_supplier_of(user, r)]


def may_see_values(user: Any, rfq: Rfq, response: RfqResponse) -> bool:
    """Raw values of a confidential RFQ: the buyer company and the supplier concerned only."""
    if not rfq.confidential:
        return True
    return bool(user.is_authenticated and user.company_id in
                (rfq.buyer_company_id, response.supplier_company_id))


def may_create(user: Any) -> bool:
    """Buyers with a company issue RFQs."""
    return bool(user.is_authenticated and user.has_role(Role.BUYER) and user.company_id)


def allowed_moves(user: Any, response: RfqResponse) -> list[str]:
    """The statuses this user may move the response to now."""
    sides = set()
    if is_buyer_of(user, response.rfq):
        sides.add(BUYER)
    if is_supplier_of(user, response):
        sides.add(SUPPLIER)
    return [to for (frm, to), side in TRANSITIONS.items()
            if frm == response.status and side in sides]


def list_rfqs(user: Any, status: str = "") -> list[Rfq]:
    """RFQs the user works with: its company's, those it is invited to, or all for staff."""
    query = select(Rfq).options(selectinload(Rfq.responses))
    if not sees_everything(user):
        mine = []
        if user.has_role(Role.BUYER) and user.company_id:
            mine.append(Rfq.buyer_company_id == user.company_id)
        if user.has_role(Role.SUPPLIER) and user.company_id:
            mine.append(exists().where(RfqResponse.rfq_id == Rfq.id,
                                       RfqResponse.supplier_company_id == user.company_id))
        require(bool(mine))
        query = query.where(or_(*mine))
    if status in {s.value for s in S}:
        query = query.where(exists().where(RfqResponse.rfq_id == Rfq.id,
                                           RfqResponse.status == status))
    return list(db.session.scalars(query.order_by(Rfq.created_at.desc(), Rfq.id.desc())))


# --- validation ---------------------------------------------------------------------------

def _int(raw: Any, field: str, errors: list[tuple[str | None, str]]) -> int | None:
    text = str(raw or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        errors.append((field, _("This is not a whole number.")))
        return None
    if value < 0 or value > 10**15:
        errors.append((field, _("The number must be zero or more.")))
        return None
    return value


def _date(raw: Any, field: str, errors: list[tuple[str | None, str]]) -> date | None:
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append((field, _("Use a date such as 2027-03-31.")))
        return None


def _money(raw: Any, field: str) -> Decimal:
    try:
        value = Decimal(str(raw or "").strip().replace(",", ""))
    except InvalidOperation:
        raise ServiceError(_("The value is not a number."), field) from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e13"):
        raise ServiceError(_("The value must be zero or more."), field)
    return value.quantize(Decimal("0.01"))


def _supplier_ids(raw: Any, buyer_id: int) -> list[int]:
    ids = []
    for item in raw or []:
        try:
            ids.append(int(item))
        except (TypeError, ValueError):
            raise ServiceError(_("Choose suppliers from the list."), "supplier_ids") from None
    ids = sorted(set(ids))
    if buyer_id in ids:
        raise ServiceError(_("A company cannot quote to itself."), "supplier_ids")
    found = set(db.session.scalars(select(Company.id).where(
        Company.id.in_(ids), Company.status == CompanyStatus.APPROVED))) if ids else set()
    if found != set(ids):
        raise ServiceError(_("Choose suppliers from the list."), "supplier_ids")
    return ids


def _meeting_companies(meeting: Meeting) -> tuple[int, int]:
    a = db.session.get(Participant, meeting.request.side_a_id)
    b = db.session.get(Participant, meeting.request.side_b_id)
    assert a is not None and b is not None
    return a.company_id, b.company_id


def _origin(data: dict[str, Any], buyer_id: int, rfq: Rfq, suppliers: list[int]) -> list[int]:
    """Check and set the origin; an RFQ from a meeting links it and its event, and by default
    invites the other side of the meeting."""
    origin = data.get("origin") or RfqOrigin.DIRECT
    if origin not in {o.value for o in RfqOrigin}:
        raise ServiceError(_("Choose where the RFQ came from."), "origin")
    rfq.origin, rfq.meeting_id, rfq.event_id = origin, None, None
    if origin == RfqOrigin.MEETING:
        meeting = db.session.get(Meeting, _int(data.get("meeting_id"), "meeting_id", []) or 0)
        if meeting is None:
            raise ServiceError(_("Choose the meeting the RFQ came from."), "meeting_id")
        sides = _meeting_companies(meeting)
        if buyer_id not in sides:
            raise ServiceError(_("Your company did not take part in that meeting."),
                               "meeting_id")
        rfq.meeting_id, rfq.event_id = meeting.id, meeting.event_id
        if not suppliers:
            suppliers = [c for c in sides if c != buyer_id]
    elif origin in (RfqOrigin.EVENT, RfqOrigin.MISSION):
        event = db.session.get(Event, _int(data.get("event_id"), "event_id", []) or 0)
        kind = EventKind.EVENT if origin == RfqOrigin.EVENT else EventKind.MISSION
        if event is None or event.kind != kind:
            message = (_("Choose the event the RFQ came from.") if kind == EventKind.EVENT
                       else _("Choose the trade mission the RFQ came from."))
            raise ServiceError(message, "event_id")
        rfq.event_id = event.id
    return suppliers


@atomic
def create_rfq(actor: Any, data: dict[str, Any]) -> Rfq:
    """A buyer issues an RFQ for its own company to one or more suppliers."""
    require(may_create(actor))
    buyer_id = actor.company_id
    errors: list[tuple[str | None, str]] = []
    reference = (data.get("reference") or "").strip()
    title = (data.get("title") or "").strip()
    if not reference or len(reference) > 60:
        errors.append(("reference", _("Give a reference of up to 60 characters.")))
    if not title or len(title) > 200:
        errors.append(("title", _("Give a title of up to 200 characters.")))
    quantity = _int(data.get("quantity"), "quantity", errors)
    volume = _int(data.get("annual_volume"), "annual_volume", errors)
    due = _date(data.get("due_date"), "due_date", errors)
    need_id = _int(data.get("need_id"), "need_id", errors)
    if need_id is not None:
        need = db.session.get(Need, need_id)
        if need is None or need.company_id != buyer_id:
            errors.append(("need_id", _("Choose one of your company's needs.")))
    if errors:
        raise ServiceError(errors[0][1], errors[0][0], errors)
    if db.session.scalar(select(Rfq.id).where(Rfq.buyer_company_id == buyer_id,
                                              Rfq.reference == reference)):
        raise ServiceError(_("Your company already has an RFQ with this reference."),
                           "reference")
    rfq = Rfq(buyer_company_id=buyer_id, created_by_id=actor.id, reference=reference,
              title=title, description=(data.get("description") or "").strip(),
              need_id=need_id, quantity=quantity, annual_volume=volume, due_date=due,
              confidential=bool(data.get("confidential")))
    suppliers = _origin(data, buyer_id, rfq, _supplier_ids(data.get("supplier_ids"), buyer_id))
    if not suppliers:
        raise ServiceError(_("Invite at least one supplier."), "supplier_ids")
    db.session.add(rfq)
    for supplier_id in suppliers:
        _invite(actor, rfq, supplier_id)
    return rfq


def _invite(actor: Any, rfq: Rfq, supplier_id: int) -> None:
    response = RfqResponse(supplier_company_id=supplier_id, status=S.INVITED)
    response.history.append(RfqChange(actor_id=actor.id, from_status=None,
                                      to_status=S.INVITED, changes={}))
    rfq.responses.append(response)


@atomic
def invite(actor: Any, rfq: Rfq, raw_supplier_id: Any) -> None:
    """The buyer invites one more supplier to an RFQ."""
    require(is_buyer_of(actor, rfq))
    (supplier_id,) = _supplier_ids([raw_supplier_id], rfq.buyer_company_id) or [None]
    if any(r.supplier_company_id == supplier_id for r in rfq.responses):
        raise ServiceError(_("That supplier is already invited."), "supplier_id")
    _invite(actor, rfq, int(supplier_id))


def _at(day: date | None) -> datetime:
    """Noon UTC of a stated day (values recorded after the fact), else now."""
    return datetime.combine(day, time(12), UTC) if day else utcnow()


@atomic
def move(actor: Any, response: RfqResponse, to_status: str, data: dict[str, Any]) -> None:
    """Move a response to another status, with the values that status needs; refuses a move
    the transition table does not allow, or one this user's side may not make."""
    rfq = response.rfq
    frm = response.status
    side = TRANSITIONS.get((frm, to_status))
    if to_status not in {s.value for s in S}:
        raise ServiceError(_("Unknown status."), "status")
    if side is None:
        raise ServiceError(_("A response that is %(frm)s cannot become %(to)s.",
                             frm=status_label(frm), to=status_label(to_status)), "status")
    if (side == BUYER and not is_buyer_of(actor, rfq)) or (
            side == SUPPLIER and not is_supplier_of(actor, response)):
        raise ServiceError(_("Only the %(side)s may make this change.",
                             side=_("buyer") if side == BUYER else _("supplier")), "status")
    errors: list[tuple[str | None, str]] = []
    day = _date(data.get("on"), "on", errors)
    if errors:
        raise ServiceError(errors[0][1], "on")
    if day and day > date.today():
        raise ServiceError(_("The date cannot be in the future."), "on")
    at = _at(day)
    before = _snapshot(response)
    if to_status in (S.QUOTED, S.NEGOTIATION) and side == SUPPLIER:
        value = _money(data.get("value"), "value")
        currency = data.get("currency") or ""
        response.quoted_rate = rate_on(currency, at.date())
        response.quoted_value, response.quoted_currency = value, currency
        response.quoted_at = at
    if to_status == S.AWARDED:
        value = _money(data.get("value"), "value")
        currency = data.get("currency") or ""
        months = _int(data.get("months") or 12, "months", errors)
        if not months or months > 120:
            raise ServiceError(_("The award covers 1 to 120 months."), "months")
        rate = rate_on(currency, at.date())
        response.awarded_value, response.awarded_currency = value, currency
        response.awarded_rate, response.award_months = rate, months
        response.awarded_annual_mxn = to_mxn(value * 12 / months, rate)
        response.awarded_at = at
    if to_status in CLOSED:
        response.closed_at = at
    note = (data.get("note") or "").strip()
    if note:
        response.note = note
    response.status = to_status
    response.updated_at = utcnow()
    after = _snapshot(response)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    response.history.append(RfqChange(actor_id=actor.id, from_status=frm, to_status=to_status,
                                      changes=changes))


VALUE_FIELDS = ("quoted_value", "quoted_currency", "quoted_rate", "awarded_value",
                "awarded_currency", "awarded_rate", "award_months", "awarded_annual_mxn")


def _snapshot(response: RfqResponse) -> dict[str, str | None]:
    fields = ("status", "note", *VALUE_FIELDS)
    return {f: None if getattr(response, f) is None else str(getattr(response, f))
            for f in fields}


def status_label(status: str) -> str:
    """A response status in words."""
    return str(STATUS_LABELS.get(status, status))


def _labels() -> dict[str, Any]:
    from flask_babel import lazy_gettext as _l

    return {
        S.INVITED: _l("invited"), S.QUOTED: _l("quoted"), S.NEGOTIATION: _l("in negotiation"),
        S.AWARDED: _l("awarded"), S.LOST: _l("lost"), S.DECLINED: _l("declined"),
        S.CANCELLED: _l("cancelled"),
    }


STATUS_LABELS = _labels()


def form_choices(actor: Any) -> dict[str, list[tuple[str, str]]]:
    """Suppliers, the buyer's needs, its meetings, events and missions for the RFQ form."""
    from matchmaker.models import MeetingRequest, MeetingStatus, Slot
    from matchmaker.models.company import SUPPLIER_KINDS

    suppliers = db.session.execute(
        select(Company.id, Company.trade_name, Company.legal_name)
        .where(Company.status == CompanyStatus.APPROVED, Company.kind.in_(SUPPLIER_KINDS),
               Company.id != actor.company_id)
        .order_by(Company.legal_name)).all()
    needs = db.session.execute(select(Need.id, Need.title).where(
        Need.company_id == actor.company_id).order_by(Need.title)).all()
    pa, pb = db.aliased(Participant), db.aliased(Participant)
    ca, cb = db.aliased(Company), db.aliased(Company)
    meetings = db.session.execute(
        select(Meeting.id, Event.name, Slot.starts_at, ca.legal_name, cb.legal_name)
        .join(Event, Event.id == Meeting.event_id).join(Slot, Slot.id == Meeting.slot_id)
        .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .join(pa, pa.id == MeetingRequest.side_a_id).join(pb, pb.id == MeetingRequest.side_b_id)
        .join(ca, ca.id == pa.company_id).join(cb, cb.id == pb.company_id)
        .where(Meeting.status == MeetingStatus.HELD,
               or_(pa.company_id == actor.company_id, pb.company_id == actor.company_id))
        .order_by(Slot.starts_at.desc()).limit(200)).all()
    events = db.session.execute(select(Event.id, Event.name, Event.kind)
                                .order_by(Event.starts_on.desc())).all()
    return {
        "suppliers": [(str(i), t or n) for i, t, n in suppliers],
        "needs": [(str(i), t) for i, t in needs],
        "meetings": [(str(i), f"{e} · {s:%Y-%m-%d %H:%M} · {a} / {b}")
                     for i, e, s, a, b in meetings],
        "events": [(str(i), n) for i, n, k in events if k == EventKind.EVENT],
        "missions": [(str(i), n) for i, n, k in events if k == EventKind.MISSION],
    }
