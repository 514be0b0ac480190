"""Buyers' sourcing needs."""

from __future__ import annotations

from typing import Any

from matchmaker.api.core import ApiBlueprint, PageArgs, actor, page_of, paginate, protect
from matchmaker.extensions import db
from matchmaker.models import Need
from matchmaker.schemas.needs import (
    NeedArgs,
    NeedCreateSchema,
    NeedSchema,
    NeedWriteSchema,
    changed_values,
    new_values,
)
from matchmaker.services.platform.access import visible_need
from matchmaker.services.sourcing import needs

bp = protect(ApiBlueprint("needs", __name__, description="Buyers' sourcing needs"))


@bp.route("/needs")
@bp.arguments(NeedArgs, location="query")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(NeedSchema))
def list_needs(f: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    """Buyers see their company's needs, suppliers the open ones, staff and managers all."""
    found = needs.list_needs(actor(), f["status"], page["page"], page["per_page"])
    return paginate(found, page)


@bp.route("/needs", methods=["POST"])
@bp.arguments(NeedCreateSchema)
@bp.response(201, NeedSchema)
def create_need(fields: dict[str, Any]) -> Need:
    """A buyer posts a need for its own company."""
    return needs.create_need(actor(), new_values(fields))


@bp.route("/needs/<id:need_id>")
@bp.response(200, NeedSchema)
def get_need(need_id: int) -> Need:
    """A need: open ones for suppliers; drafts and closed ones for its company and staff."""
    return visible_need(actor(), db.session.get(Need, need_id))


@bp.route("/needs/<id:need_id>", methods=["PATCH"])
@bp.arguments(NeedWriteSchema)
@bp.response(200, NeedSchema)
def update_need(fields: dict[str, Any], need_id: int) -> Need:
    """Change a need (its company's buyers and staff); only the fields sent change. Send
    {"status": "closed"} to close it."""
    user = actor()
    need = visible_need(user, db.session.get(Need, need_id))
    needs.update_need(user, need, changed_values(need, fields))
    return need
