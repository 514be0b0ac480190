"""Buyers' sourcing needs."""

from __future__ import annotations

from typing import Any

from matchmaker.api.core import ApiBlueprint, PageArgs, actor, page_of, paginate, protect
from matchmaker.api.schemas import NeedArgs, NeedCreateSchema, NeedSchema, NeedWriteSchema
from matchmaker.extensions import db
from matchmaker.models import Need
from matchmaker.services.platform.access import visible_need
from matchmaker.services.sourcing import needs

bp = protect(ApiBlueprint("needs", __name__, description="Buyers' sourcing needs"))

FIELDS = (
    "title",
    "description",
    "commodity",
    "processes_text",
    "materials_text",
    "annual_volume",
    "volume_unit",
    "target_start",
    "preferred_states",
    "certification_mode",
    "status",
)


def _form(changes: dict[str, Any], need: Need | None = None) -> dict[str, Any]:
    """The service's form data: the need's current values overlaid with those sent."""
    data: dict[str, Any] = {}
    if need is not None:
        data = {f: getattr(need, f) for f in FIELDS}
        data["term_keys"] = [t.term.key for t in need.terms]
        data["certifications"] = [c.cert_key for c in need.certifications]
    if "capabilities" in changes:
        changes["term_keys"] = changes.pop("capabilities")
    data.update(changes)
    return data


@bp.route("/needs")
@bp.arguments(NeedArgs, location="query")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(NeedSchema))
def list_needs(f: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    """Buyers see their company's needs, suppliers the open ones, staff and managers all."""
    return paginate(needs.list_needs(actor(), f["status"]), page)


@bp.route("/needs", methods=["POST"])
@bp.arguments(NeedCreateSchema)
@bp.response(201, NeedSchema)
def create_need(changes: dict[str, Any]) -> Need:
    """A buyer posts a need for its own company."""
    return needs.create_need(actor(), _form(changes))


@bp.route("/needs/<id:need_id>")
@bp.response(200, NeedSchema)
def get_need(need_id: int) -> Need:
    """A need: open ones for suppliers; drafts and closed ones for its company and staff."""
    return visible_need(actor(), db.session.get(Need, need_id))


@bp.route("/needs/<id:need_id>", methods=["PATCH"])
@bp.arguments(NeedWriteSchema)
@bp.response(200, NeedSchema)
def update_need(changes: dict[str, Any], need_id: int) -> Need:
    """Change a need (its company's buyers and staff); only the fields sent change. Send
    {"status": "closed"} to close it."""
    user = actor()
    need = visible_need(user, db.session.get(Need, need_id))
    needs.update_need(user, need, _form(changes, need))
    return need
