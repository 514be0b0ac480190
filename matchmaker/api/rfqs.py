"""RFQs with their responses: issue, invite, and move a response along its life cycle."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma
from werkzeug.exceptions import NotFound

from matchmaker.api.core import REF, ApiBlueprint, PageArgs, actor, page_of, paginate, protect
from matchmaker.api.schemas import CompanyBriefSchema
from matchmaker.extensions import db
from matchmaker.models import Currency, ResponseStatus, Rfq, RfqOrigin, RfqResponse
from matchmaker.schemas.fields import Text, UtcDateTime
from matchmaker.services.results import rfq_access, rfqs

bp = protect(ApiBlueprint("rfqs", __name__, description="RFQs and suppliers' responses"))
F = ma.fields
ID = "id"
BIG = ma.validate.Range(min=0, max=10**15)
STATUSES = [s.value for s in ResponseStatus]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class RfqResponseSchema(ma.Schema):
    id = F.Integer(required=True)
    supplier = F.Nested(CompanyBriefSchema, required=True)
    status = F.String(required=True)
    values_hidden = F.Boolean(
        required=True,
        metadata={"description": "True when the RFQ is confidential and the values are not yours."},
    )
    quoted_value = F.String(allow_none=True, required=True, metadata={"description": "Decimal."})
    quoted_currency = F.String(allow_none=True, required=True)
    quoted_at = UtcDateTime(allow_none=True, required=True)
    awarded_value = F.String(allow_none=True, required=True)
    awarded_currency = F.String(allow_none=True, required=True)
    award_months = F.Integer(allow_none=True, required=True)
    awarded_annual_mxn = F.String(allow_none=True, required=True)
    awarded_at = UtcDateTime(allow_none=True, required=True)
    closed_at = UtcDateTime(allow_none=True, required=True)
    note = F.String(required=True)
    updated_at = UtcDateTime(required=True)
    allowed_moves = F.List(
        F.String(), required=True, metadata={"description": "Statuses you may move it to now."}
    )


class RfqSchema(ma.Schema):
    id = F.Integer(required=True)
    reference = F.String(required=True)
    title = F.String(required=True)
    description = F.String(required=True)
    buyer = F.Nested(CompanyBriefSchema, required=True)
    need_id = F.Integer(allow_none=True, required=True)
    quantity = F.Integer(allow_none=True, required=True)
    annual_volume = F.Integer(allow_none=True, required=True)
    due_date = F.Date(allow_none=True, required=True)
    origin = F.String(required=True)
    meeting_id = F.Integer(allow_none=True, required=True)
    event_id = F.Integer(allow_none=True, required=True)
    confidential = F.Boolean(required=True)
    created_at = UtcDateTime(required=True)
    responses = F.List(
        F.Nested(RfqResponseSchema),
        required=True,
        metadata={"description": "All for the buyer and staff; a supplier sees only its own."},
    )


class RfqCreateSchema(ma.Schema):
    reference = Text(60, required=True)
    title = Text(200, required=True)
    description = Text(20_000)
    need_id = F.Integer(allow_none=True, validate=REF)
    quantity = F.Integer(allow_none=True, validate=BIG)
    annual_volume = F.Integer(allow_none=True, validate=BIG)
    due_date = F.Date(allow_none=True)
    origin = F.String(validate=ma.validate.OneOf([o.value for o in RfqOrigin]))
    meeting_id = F.Integer(allow_none=True, validate=REF)
    event_id = F.Integer(allow_none=True, validate=REF)
    confidential = F.Boolean()
    supplier_ids = F.List(F.Integer(validate=REF), validate=ma.validate.Length(max=200))


class InviteSchema(ma.Schema):
    supplier_id = F.Integer(required=True, validate=REF)


class TransitionSchema(ma.Schema):
    status = F.String(required=True, validate=ma.validate.OneOf(STATUSES))
    value = F.Decimal(allow_nan=False, metadata={"description": "Quote or award value."})
    currency = F.String(validate=ma.validate.OneOf([c.value for c in Currency]))
    months = F.Integer(
        validate=ma.validate.Range(min=1, max=120),
        metadata={"description": "The period an award's value covers."},
    )
    on = F.Date(metadata={"description": "When it happened, if not today."})
    note = Text(5_000)


class RfqArgs(ma.Schema):
    status = F.String(load_default="", validate=ma.validate.OneOf(["", *STATUSES]))


def _response(user: Any, rfq: Rfq, r: RfqResponse) -> dict[str, Any]:
    shown = rfq_access.may_see_values(user, rfq, r)
    values = {
        "quoted_value": _money(r.quoted_value),
        "quoted_currency": r.quoted_currency,
        "awarded_value": _money(r.awarded_value),
        "awarded_currency": r.awarded_currency,
        "award_months": r.award_months,
        "awarded_annual_mxn": _money(r.awarded_annual_mxn),
    }
    if not shown:
        values = dict.fromkeys(values)
    return {
        "id": r.id,
        "supplier": r.supplier,
        "status": r.status,
        "values_hidden": not shown,
        **values,
        "quoted_at": r.quoted_at,
        "awarded_at": r.awarded_at,
        "closed_at": r.closed_at,
        "note": r.note,
        "updated_at": r.updated_at,
        "allowed_moves": rfq_access.allowed_moves(user, r),
    }


def _rfq(user: Any, rfq: Rfq) -> dict[str, Any]:
    fields = (
        "id",
        "reference",
        "title",
        "description",
        "need_id",
        "quantity",
        "annual_volume",
        "due_date",
        "origin",
        "meeting_id",
        "event_id",
        "confidential",
        "created_at",
    )
    return {
        **{f: getattr(rfq, f) for f in fields},
        "buyer": rfq.buyer,
        "responses": [_response(user, rfq, r) for r in rfq_access.visible_responses(user, rfq)],
    }


def _visible(rfq_id: int) -> Rfq:
    return rfq_access.visible_rfq(actor(), db.session.get(Rfq, rfq_id))


@bp.route("/rfqs")
@bp.arguments(RfqArgs, location="query")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(RfqSchema))
def list_rfqs(f: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    """Buyers see their company's RFQs, suppliers those they are invited to, staff and
    managers all; filter by a response status."""
    user = actor()
    result = paginate(rfq_access.list_rfqs(user, f["status"]), page)
    result["items"] = [_rfq(user, r) for r in result["items"]]
    return result


@bp.route("/rfqs", methods=["POST"])
@bp.arguments(RfqCreateSchema)
@bp.response(201, RfqSchema)
def create_rfq(body: dict[str, Any]) -> dict[str, Any]:
    """A buyer issues an RFQ for its own company to one or more approved suppliers."""
    user = actor()
    return _rfq(user, rfqs.create_rfq(user, body))


@bp.route(f"/rfqs/<{ID}:rfq_id>")
@bp.response(200, RfqSchema)
def get_rfq(rfq_id: int) -> dict[str, Any]:
    """An RFQ with the responses you may see (values of confidential RFQs: the two companies
    concerned only)."""
    return _rfq(actor(), _visible(rfq_id))


@bp.route(f"/rfqs/<{ID}:rfq_id>/invitations", methods=["POST"])
@bp.arguments(InviteSchema)
@bp.response(201, RfqSchema)
def invite(body: dict[str, Any], rfq_id: int) -> dict[str, Any]:
    """The buyer invites one more supplier."""
    user = actor()
    rfq = _visible(rfq_id)
    rfqs.invite(user, rfq, body["supplier_id"])
    return _rfq(user, rfq)


@bp.route(f"/rfqs/<{ID}:rfq_id>/responses/<{ID}:response_id>/transitions", methods=["POST"])
@bp.arguments(TransitionSchema)
@bp.response(200, RfqResponseSchema)
def move(body: dict[str, Any], rfq_id: int, response_id: int) -> dict[str, Any]:
    """Quote, decline, negotiate, award, lose or cancel a response: each move by the side the
    life cycle gives it to (see allowed_moves)."""
    user = actor()
    rfq = _visible(rfq_id)
    response = db.session.get(RfqResponse, response_id)
    if response is None or response not in rfq_access.visible_responses(user, rfq):
        raise NotFound()
    data = {k: v for k, v in body.items() if k != "status"}
    rfqs.move(user, response, body["status"], data)
    return _response(user, rfq, response)
