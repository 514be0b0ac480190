"""Reading the dashboard filters, the choices offered, and who may see which figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from matchmaker.extensions import db
from matchmaker.models import Company, CompanyKind, CompanyStatus, Event, EventKind
from matchmaker.models.company import SUPPLIER_KINDS
from matchmaker.services.platform.access import require, sees_everything


@dataclass
class Filters:
    """What the figures are narrowed to; empty means everything."""

    quarter: str = ""  # "2026-Q3"
    event_id: int | None = None
    mission_id: int | None = None
    kind: str = ""  # "event" or "mission"
    tier: int | None = None  # supplier's tier
    state: str = ""  # supplier's state
    buyer_id: int | None = None
    supplier_id: int | None = None
    company_id: int | None = None  # either side (reports per company)
    include_confidential: bool = True

    def period(self) -> tuple[date, date] | None:
        """First day and the day after the last of the quarter."""
        return quarter_bounds(self.quarter)

    @property
    def narrowed_to_company(self) -> bool:
        return any(x is not None for x in (self.buyer_id, self.supplier_id, self.company_id))


def quarter_bounds(quarter: str) -> tuple[date, date] | None:
    """("2026-Q3") -> (2026-07-01, 2026-10-01); None when not a quarter."""
    try:
        year, q = quarter.split("-Q")
        y, n = int(year), int(q)
    except ValueError:
        return None
    if not (1 <= n <= 4 and 2000 <= y <= 2100):
        return None
    start = date(y, 3 * n - 2, 1)
    end = date(y + 1, 1, 1) if n == 4 else date(y, 3 * n + 1, 1)
    return start, end


def may_view(user: Any) -> bool:
    """Managers and organisers (and admins) see the dashboard."""
    return sees_everything(user)


def _int(raw: Any) -> int | None:
    try:
        return int(raw) if str(raw or "").strip() else None
    except ValueError:
        return None


def parse(args: Any, actor: Any) -> Filters:
    """Filters from the query string; unknown values are ignored. Confidential values are
    left out when the figures are narrowed to one company the viewer does not belong to."""
    quarter = args.get("quarter") or current_quarter()  # "all": all time
    tier = _int(args.get("tier"))
    f = Filters(
        quarter=quarter if quarter_bounds(quarter) else "",
        event_id=_int(args.get("event")),
        mission_id=_int(args.get("mission")),
        kind=args.get("kind", "") if args.get("kind") in ("event", "mission") else "",
        tier=tier if tier in (1, 2, 3) else None,
        state=args.get("state", "")[:60],
        buyer_id=_int(args.get("buyer")),
        supplier_id=_int(args.get("supplier")),
    )
    if (
        f.mission_id is not None
        and db.session.scalar(select(Event.kind).where(Event.id == f.mission_id))
        != EventKind.MISSION
    ):
        f.mission_id = -1  # not a mission: nothing matches
    f.include_confidential = confidential_allowed(actor, f)
    return f


def confidential_allowed(actor: Any, f: Filters) -> bool:
    """Raw confidential values reach only aggregates not narrowed to a company the viewer
    is not part of."""
    narrowed = {x for x in (f.buyer_id, f.supplier_id, f.company_id) if x is not None}
    return not narrowed or narrowed == {actor.company_id}


def for_company(actor: Any, company_id: int, quarter: str) -> tuple[Company, Filters]:
    """The company report's subject and filters: its own people, managers and organisers."""
    company = db.session.get(Company, company_id)
    if company is None or not (sees_everything(actor) or actor.company_id == company_id):
        raise NotFound()
    f = Filters(quarter=quarter if quarter_bounds(quarter) else "", company_id=company_id)
    f.include_confidential = confidential_allowed(actor, f)
    return company, f


def quarters(today: date | None = None, years: int = 3) -> list[str]:
    """The quarters of the last few years, newest first."""
    today = today or date.today()
    now = (today.month - 1) // 3 + 1
    out = []
    for y in range(today.year, today.year - years, -1):
        for q in range(4, 0, -1):
            if y < today.year or q <= now:
                out.append(f"{y}-Q{q}")
    return out


def current_quarter(today: date | None = None) -> str:
    """The quarter today falls in."""
    return quarters(today, 1)[0]


def choices(actor: Any) -> dict[str, list[tuple[str, str]]]:
    """What the filter form offers."""
    require(may_view(actor))
    events = db.session.execute(
        select(Event.id, Event.name, Event.kind).order_by(Event.starts_on.desc())
    ).all()
    companies = db.session.execute(
        select(Company.id, Company.legal_name, Company.state, Company.kind)
        .where(Company.status == CompanyStatus.APPROVED)
        .order_by(Company.legal_name)
    ).all()
    states = sorted({s for _i, _n, s, _k in companies if s})
    buyer_kinds = {CompanyKind.OEM, CompanyKind.TIER1, CompanyKind.TIER2}
    return {
        "quarters": [(q, q) for q in quarters()],
        "events": [(str(i), n) for i, n, k in events if k == EventKind.EVENT],
        "missions": [(str(i), n) for i, n, k in events if k == EventKind.MISSION],
        "kinds": [("event", _("Events")), ("mission", _("Trade missions"))],
        "tiers": [("1", _("Tier 1")), ("2", _("Tier 2")), ("3", _("Tier 3"))],
        "states": [(s, s) for s in states],
        "companies": [(str(i), n) for i, n, _s, _k in companies],
        "buyers": [(str(i), n) for i, n, _s, k in companies if k in buyer_kinds],
        "suppliers": [(str(i), n) for i, n, _s, k in companies if k in SUPPLIER_KINDS],
    }


def describe(f: Filters) -> list[tuple[str, str]]:
    """The active filters in words (exports and reports say what they cover)."""
    names = {}
    ids = [
        x
        for x in (f.event_id, f.mission_id, f.buyer_id, f.supplier_id, f.company_id)
        if x is not None
    ]
    if ids:
        names.update(
            {
                ("e", i): n
                for i, n in db.session.execute(
                    select(Event.id, Event.name).where(Event.id.in_(ids))
                )
            }
        )
        names.update(
            {
                ("c", i): n
                for i, n in db.session.execute(
                    select(Company.id, Company.legal_name).where(Company.id.in_(ids))
                )
            }
        )
    out = [(_("Quarter"), f.quarter or _("All time"))]
    for label, key, value in (
        (_("Event"), "e", f.event_id),
        (_("Trade mission"), "e", f.mission_id),
        (_("Buyer"), "c", f.buyer_id),
        (_("Supplier"), "c", f.supplier_id),
        (_("Company"), "c", f.company_id),
    ):
        if value is not None:
            out.append((label, names.get((key, value), str(value))))
    if f.kind:
        out.append((_("Kind"), _("Events") if f.kind == "event" else _("Trade missions")))
    if f.tier:
        out.append((_("Tier"), str(f.tier)))
    if f.state:
        out.append((_("State"), f.state))
    return out
