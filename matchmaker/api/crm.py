"""Member interactions (CRM) that staff record: services, requests, introductions and
opportunities."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from matchmaker.api.core import REF, ApiBlueprint, PageArgs, actor, page_of, paginate, protect
from matchmaker.extensions import db
from matchmaker.models import Company, InteractionKind
from matchmaker.schemas.fields import Text, UtcDateTime
from matchmaker.services.results import crm

bp = protect(ApiBlueprint("interactions", __name__, description="Member interactions (CRM)"))
F = ma.fields
KINDS = [k.value for k in InteractionKind]


class InteractionSchema(ma.Schema):
    id = F.Integer(required=True)
    company_id = F.Integer(required=True)
    company_name = F.String(required=True)
    kind = F.String(required=True)
    on = F.Date(required=True)
    summary = F.String(required=True)
    counterpart_company_id = F.Integer(allow_none=True, required=True)
    value_mxn = F.String(allow_none=True, required=True, metadata={"description": "Decimal."})
    created_at = UtcDateTime(required=True)


class InteractionCreateSchema(ma.Schema):
    company_id = F.Integer(required=True, validate=REF)
    kind = F.String(required=True, validate=ma.validate.OneOf(KINDS))
    on = F.Date(required=True)
    summary = Text(5_000, required=True)
    counterpart_company_id = F.Integer(allow_none=True, validate=REF)
    value_mxn = F.Decimal(allow_none=True, allow_nan=False)


class InteractionArgs(ma.Schema):
    company_id = F.Integer(validate=REF)


def _row(interaction: Any, name: str) -> dict[str, Any]:
    fields = ("id", "company_id", "kind", "on", "summary", "counterpart_company_id", "created_at")
    value = interaction.value_mxn
    return {
        **{f: getattr(interaction, f) for f in fields},
        "company_name": name,
        "value_mxn": None if value is None else str(value),
    }


@bp.route("/interactions")
@bp.arguments(InteractionArgs, location="query")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(InteractionSchema))
def list_interactions(f: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    """The latest interactions (the last 200), optionally of one company: staff and
    managers."""
    rows = crm.list_interactions(actor(), f.get("company_id"))
    result = paginate(rows, page)
    result["items"] = [_row(i, name) for i, name in result["items"]]
    return result


@bp.route("/interactions", methods=["POST"])
@bp.arguments(InteractionCreateSchema)
@bp.response(201, InteractionSchema)
def record_interaction(body: dict[str, Any]) -> dict[str, Any]:
    """Record an interaction with a company: organisers."""
    data = {
        k: (str(v) if k in ("on", "value_mxn") and v is not None else v) for k, v in body.items()
    }
    row = crm.record_interaction(actor(), data)
    company = db.session.get(Company, row.company_id)
    return _row(row, company.legal_name if company else "")
