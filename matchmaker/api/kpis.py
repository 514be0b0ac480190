"""The results dashboard's figures (KPIs), for the cluster or one company."""

from __future__ import annotations

import dataclasses
import typing
from decimal import Decimal
from typing import Any

import marshmallow as ma

from matchmaker.api.core import REF, ApiBlueprint, actor, protect
from matchmaker.schemas.fields import Text
from matchmaker.services.platform.access import require
from matchmaker.services.results import dashboard
from matchmaker.services.results import dashboard_filters as filters

bp = protect(ApiBlueprint("kpis", __name__, description="Results dashboard figures"))
F = ma.fields
ID = "id"
QUARTER = ma.validate.Regexp(r"^\d{4}-Q[1-4]$", error="Give a quarter such as 2026-Q3.")


def _field(annotation: Any) -> ma.fields.Field:
    text = str(annotation)
    if text.startswith("dict"):
        return F.Dict(keys=F.String(), values=F.Integer(), required=True)
    if "Decimal" in text:
        return F.String(
            required=True,
            allow_none="None" in text,
            metadata={"description": "Decimal (MXN or percent)."},
        )
    return F.Integer(required=True)


# One field per figure of the dashboard, so that new figures appear here by themselves.
FiguresSchema = type(
    "FiguresSchema",
    (ma.Schema,),
    {
        f.name: _field(typing.get_type_hints(dashboard.Figures).get(f.name, f.type))
        for f in dataclasses.fields(dashboard.Figures)
    },
)


class KpiArgs(ma.Schema):
    quarter = Text(7, load_default="", validate=QUARTER)
    event = F.Integer(validate=REF)
    mission = F.Integer(validate=REF)
    kind = F.String(load_default="", validate=ma.validate.OneOf(["", "event", "mission"]))
    tier = F.Integer(validate=ma.validate.OneOf([1, 2, 3]))
    state = Text(60, load_default="")
    buyer = F.Integer(validate=REF)
    supplier = F.Integer(validate=REF)


class QuarterArgs(ma.Schema):
    quarter = Text(7, load_default="", validate=QUARTER)


def _figures(f: filters.Filters) -> dict[str, Any]:
    figures = dashboard.compute(f)
    return {
        k: str(v) if isinstance(v, Decimal) else v for k, v in dataclasses.asdict(figures).items()
    }


@bp.route("/kpis")
@bp.arguments(KpiArgs, location="query")
@bp.response(200, FiguresSchema)
def cluster_kpis(args: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's figures (organisers and managers), filtered as on the page: quarter
    (2026-Q3), event, mission, kind, tier, state, buyer, supplier."""
    user = actor()
    require(filters.may_view(user))
    raw = {k: str(v) for k, v in args.items() if v not in ("", None)}
    return _figures(filters.parse(raw, user))


@bp.route(f"/companies/<{ID}:company_id>/kpis")
@bp.arguments(QuarterArgs, location="query")
@bp.response(200, FiguresSchema)
def company_kpis(args: dict[str, Any], company_id: int) -> dict[str, Any]:
    """One company's figures: its own people, managers and organisers."""
    _company, f = filters.for_company(actor(), company_id, args["quarter"])
    return _figures(f)
