"""Recommended suppliers for a need (with reasons), the need's shortlist, and the open needs
that fit a supplier."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from werkzeug.exceptions import NotFound

from matchmaker.api.core import REF, ApiBlueprint, actor, protect
from matchmaker.api.schemas import CompanyBriefSchema
from matchmaker.extensions import db
from matchmaker.models import Company, Need
from matchmaker.services.platform.access import require, visible_company, visible_need
from matchmaker.services.sourcing import recommendations as matching

bp = protect(ApiBlueprint("matches", __name__, description="Recommendations and shortlists"))
F = ma.fields
ID = "id"


class RecommendationSchema(ma.Schema):
    need_id = F.Function(lambda r: r.need.id, required=True, metadata={"type": "integer"})
    need_title = F.Function(lambda r: r.need.title, required=True, metadata={"type": "string"})
    supplier = F.Nested(CompanyBriefSchema, required=True)
    score = F.Float(required=True)
    reasons = F.List(F.String(), required=True)
    shortlisted = F.Boolean(required=True)


class RecommendationListSchema(ma.Schema):
    items = F.List(F.Nested(RecommendationSchema), required=True)


class ShortlistEntrySchema(ma.Schema):
    need_id = F.Integer(required=True)
    supplier = F.Nested(CompanyBriefSchema, required=True)
    score = F.Float(allow_none=True, required=True)


class ShortlistSchema(ma.Schema):
    items = F.List(F.Nested(ShortlistEntrySchema), required=True)


class ShortlistAddSchema(ma.Schema):
    supplier_id = F.Integer(required=True, validate=REF)


class LangArgs(ma.Schema):
    lang = F.String(
        load_default="",
        validate=ma.validate.OneOf(["", "es", "en"]),
        metadata={"description": "Language of the reasons; default: the user's."},
    )


def _lang(args: dict[str, Any]) -> str:
    return args["lang"] or str(actor().language)


def _need(need_id: int) -> Need:
    return visible_need(actor(), db.session.get(Need, need_id))


@bp.route(f"/needs/<{ID}:need_id>/matches")
@bp.arguments(LangArgs, location="query")
@bp.response(200, RecommendationListSchema)
def need_matches(args: dict[str, Any], need_id: int) -> dict[str, Any]:
    """The best suppliers for a need, best first, with reasons: the need's buyers and staff."""
    need = _need(need_id)
    return {"items": matching.recommendations(actor(), need, _lang(args))}


@bp.route(f"/needs/<{ID}:need_id>/shortlist")
@bp.response(200, ShortlistSchema)
def get_shortlist(need_id: int) -> dict[str, Any]:
    """The suppliers the need's buyers kept: the need's buyers and staff."""
    return {"items": matching.shortlist(actor(), _need(need_id))}


@bp.route(f"/needs/<{ID}:need_id>/shortlist", methods=["POST"])
@bp.arguments(ShortlistAddSchema)
@bp.response(201, ShortlistEntrySchema)
def add_to_shortlist(body: dict[str, Any], need_id: int) -> Any:
    """Keep an approved supplier for the need: its company's buyers (and staff)."""
    return matching.add_to_shortlist(actor(), _need(need_id), body["supplier_id"])


@bp.route(f"/needs/<{ID}:need_id>/shortlist/<{ID}:company_id>", methods=["DELETE"])
@bp.response(204)
def remove_from_shortlist(need_id: int, company_id: int) -> None:
    """Drop a supplier from the need's shortlist (404 if it was not there)."""
    if not matching.remove_from_shortlist(actor(), _need(need_id), company_id):
        raise NotFound()


@bp.route(f"/companies/<{ID}:company_id>/fitting-needs")
@bp.arguments(LangArgs, location="query")
@bp.response(200, RecommendationListSchema)
def fitting_needs(args: dict[str, Any], company_id: int) -> dict[str, Any]:
    """The open needs a supplier fits best: its own people and staff."""
    user = actor()
    company = visible_company(user, db.session.get(Company, company_id))
    require(matching.may_see_fitting_needs(user, company))
    return {"items": matching.fitting_needs(user, company, _lang(args))}
