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
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.labels import RESPONSE_STATUS, label
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
)
from matchmaker.models.base import utcnow
from matchmaker.models.rfq import BUYER, CLOSED, SUPPLIER, TRANSITIONS
from matchmaker.services import ServiceError, atomic
from matchmaker.services.platform.access import require
from matchmaker.services.results.fx import rate_on, to_mxn
from matchmaker.services.results.rfq_access import is_buyer_of, is_supplier_of, may_create

S = ResponseStatus


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
    found = (
        set(
            db.session.scalars(
                select(Company.id).where(
                    Company.id.in_(ids), Company.status == CompanyStatus.APPROVED
                )
            )
        )
        if ids
        else set()
    )
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
            raise ServiceError(_("Your company did not take part in that meeting."), "meeting_id")
        rfq.meeting_id, rfq.event_id = meeting.id, meeting.event_id
        if not suppliers:
            suppliers = [c for c in sides if c != buyer_id]
    elif origin in (RfqOrigin.EVENT, RfqOrigin.MISSION):
        event = db.session.get(Event, _int(data.get("event_id"), "event_id", []) or 0)
        kind = EventKind.EVENT if origin == RfqOrigin.EVENT else EventKind.MISSION
        if event is None or event.kind != kind:
            message = (
                _("Choose the event the RFQ came from.")
                if kind == EventKind.EVENT
                else _("Choose the trade mission the RFQ came from.")
            )
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
    if db.session.scalar(
        select(Rfq.id).where(Rfq.buyer_company_id == buyer_id, Rfq.reference == reference)
    ):
        raise ServiceError(_("Your company already has an RFQ with this reference."), "reference")
    rfq = Rfq(
        buyer_company_id=buyer_id,
        created_by_id=actor.id,
        reference=reference,
        title=title,
        description=(data.get("description") or "").strip(),
        need_id=need_id,
        quantity=quantity,
        annual_volume=volume,
        due_date=due,
        confidential=bool(data.get("confidential")),
    )
    suppliers = _origin(data, buyer_id, rfq, _supplier_ids(data.get("supplier_ids"), buyer_id))
    if not suppliers:
        raise ServiceError(_("Invite at least one supplier."), "supplier_ids")
    db.session.add(rfq)
    for supplier_id in suppliers:
        _invite(actor, rfq, supplier_id)
    return rfq


def _invite(actor: Any, rfq: Rfq, supplier_id: int) -> None:
    response = RfqResponse(supplier_company_id=supplier_id, status=S.INVITED)
    response.history.append(
        RfqChange(actor_id=actor.id, from_status=None, to_status=S.INVITED, changes={})
    )
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
        raise ServiceError(
            _(
                "A response that is %(frm)s cannot become %(to)s.",
                frm=status_label(frm),
                to=status_label(to_status),
            ),
            "status",
        )
    if (side == BUYER and not is_buyer_of(actor, rfq)) or (
        side == SUPPLIER and not is_supplier_of(actor, response)
    ):
        raise ServiceError(
            _(
                "Only the %(side)s may make this change.",
                side=_("buyer") if side == BUYER else _("supplier"),
            ),
            "status",
        )
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
    response.history.append(
        RfqChange(actor_id=actor.id, from_status=frm, to_status=to_status, changes=changes)
    )


VALUE_FIELDS = (
    "quoted_value",
    "quoted_currency",
    "quoted_rate",
    "awarded_value",
    "awarded_currency",
    "awarded_rate",
    "award_months",
    "awarded_annual_mxn",
)


def _snapshot(response: RfqResponse) -> dict[str, str | None]:
    fields = ("status", "note", *VALUE_FIELDS)
    return {f: None if getattr(response, f) is None else str(getattr(response, f)) for f in fields}


def status_label(status: str) -> str:
    """A response status in words."""
    return label(RESPONSE_STATUS, status)
