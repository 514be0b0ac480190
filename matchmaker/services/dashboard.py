"""The results dashboard: one set of figures, computed with aggregate SQL, shared by the
page, the exports and the quarterly reports.

Definitions (also shown on the help line of each figure):
- Period: a quarter. Meetings are dated by their slot, meeting requests by their event's first
  day, RFQs (and their quotes and awards) by the day the RFQ was issued, interactions by
  their day.
- Meetings scheduled: placed in the schedule and not cancelled (held + no-show + pending).
- Funnel (per held meeting, buyer side A and supplier side B): the meeting reached RFQ, quote
  or award when a platform RFQ of the same event between the same buyer and supplier did
  (RFQ: invited; quote: a value was quoted; award: awarded); when the pair has no platform RFQ,
  the best follow-up answer of either side counts (RFQ received; quoted; won or agreement
  signed). A platform RFQ supersedes follow-up answers for its pair, so nothing counts twice.
- Values (MXN): quoted = value x rate of the quote's day; awarded = annualised MXN of the
  awards; follow-up won = the largest value either side reported for a held meeting whose pair
  has no platform RFQ. Views narrowed to one company leave confidential RFQ values out unless
  the viewer belongs to that company.
- Members active: member companies (approved) with a held meeting, an RFQ (issued or invited)
  or an interaction in the period, over all member companies.
- Companies that benefited: every buyer and supplier party to an award (platform) or to a
  won/agreement follow-up answer, in the period.
- Meeting to RFQ: median whole days from a held meeting to the first platform RFQ of its pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement, Select

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyStatus,
    Event,
    FollowUp,
    Interaction,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Membership,
    Participant,
    ResponseStatus,
    Rfq,
    RfqResponse,
    Slot,
)

CENT = Decimal("0.01")
STAGE_OF_OUTCOME = {"rfq_received": 1, "quoted": 2, "won": 3, "agreement": 3}


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


@dataclass
class Figures:
    """Every figure the dashboard, exports and reports show."""

    members_total: int = 0
    members_active: int = 0
    members_active_pct: Decimal | None = None
    requested: int = 0
    scheduled: int = 0
    held: int = 0
    no_show: int = 0
    cancelled: int = 0
    funnel_rfq: int = 0
    funnel_quote: int = 0
    funnel_award: int = 0
    rate_meeting_rfq: Decimal | None = None
    rate_rfq_quote: Decimal | None = None
    rate_quote_award: Decimal | None = None
    rfqs: int = 0
    invitations: int = 0
    quotes: int = 0
    awards: int = 0
    quoted_mxn: Decimal = Decimal("0.00")
    awarded_mxn: Decimal = Decimal("0.00")
    followup_won_mxn: Decimal = Decimal("0.00")
    total_awarded_mxn: Decimal = Decimal("0.00")
    confidential_hidden: int = 0
    companies_benefited: int = 0
    median_days_to_rfq: Decimal | None = None
    followups_answered: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)

    def scalar_items(self) -> list[tuple[str, Any]]:
        """(name, value) of each single figure, in a stable order (for exports)."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)
                if not isinstance(getattr(self, f.name), dict)]


def _pct(num: int, den: int) -> Decimal | None:
    return (Decimal(100 * num) / den).quantize(Decimal("0.1")) if den else None


def _money(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _in_kind(col: Any, kind: str) -> ColumnElement[bool]:
    return col.in_(select(Event.id).where(Event.kind == kind))


def _where_pair(q: Select[Any], f: Filters, event_col: Any, buyer_col: Any,
                supplier_col: Any) -> Select[Any]:
    """Apply the event, mission, kind, tier, state, buyer, supplier and company filters."""
    if f.event_id is not None:
        q = q.where(event_col == f.event_id)
    if f.mission_id is not None:
        q = q.where(event_col == f.mission_id)
    if f.kind in ("event", "mission"):
        q = q.where(_in_kind(event_col, f.kind))
    if f.tier is not None:
        q = q.where(supplier_col.in_(select(Company.id).where(Company.kind == f"tier{f.tier}")))
    if f.state:
        q = q.where(supplier_col.in_(select(Company.id).where(Company.state == f.state)))
    if f.buyer_id is not None:
        q = q.where(buyer_col == f.buyer_id)
    if f.supplier_id is not None:
        q = q.where(supplier_col == f.supplier_id)
    if f.company_id is not None:
        q = q.where(or_(buyer_col == f.company_id, supplier_col == f.company_id))
    return q


def _between(col: Any, f: Filters, as_datetime: bool = True) -> list[ColumnElement[bool]]:
    bounds = f.period()
    if bounds is None:
        return []
    start, end = bounds
    if as_datetime:
        return [col >= datetime.combine(start, time()), col < datetime.combine(end, time())]
    return [col >= start, col < end]


def meetings_cohort(f: Filters) -> Any:
    """Meetings in the period and filters: id, event, status, start, buyer and supplier."""
    pa, pb = aliased(Participant), aliased(Participant)
    q = (select(Meeting.id.label("id"), Meeting.event_id.label("event_id"),
                Meeting.status.label("status"), Slot.starts_at.label("starts_at"),
                pa.company_id.label("buyer_id"), pb.company_id.label("supplier_id"))
         .join(Slot, Slot.id == Meeting.slot_id)
         .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
         .join(pa, pa.id == MeetingRequest.side_a_id)
         .join(pb, pb.id == MeetingRequest.side_b_id)
         .where(*_between(Slot.starts_at, f)))
    return _where_pair(q, f, Meeting.event_id, pa.company_id, pb.company_id).cte("cohort")


def platform_pairs() -> Any:
    """Per (event, buyer, supplier): the furthest stage of its platform RFQs, and the first."""
    stage = case((RfqResponse.status == ResponseStatus.AWARDED, 3),
                 (RfqResponse.quoted_at.isnot(None), 2), else_=1)
    return (select(Rfq.event_id.label("event_id"), Rfq.buyer_company_id.label("buyer_id"),
                   RfqResponse.supplier_company_id.label("supplier_id"),
                   func.max(stage).label("stage"), func.min(Rfq.created_at).label("first_at"))
            .join(RfqResponse, RfqResponse.rfq_id == Rfq.id)
            .where(Rfq.event_id.isnot(None))
            .group_by(Rfq.event_id, Rfq.buyer_company_id, RfqResponse.supplier_company_id)
            .subquery("platform"))


def followup_stages() -> Any:
    """Per meeting: the best stage either side reported, and the largest won value in MXN."""
    stage = case(*((FollowUp.outcome == k, v) for k, v in STAGE_OF_OUTCOME.items()), else_=0)
    won = case((FollowUp.outcome.in_(("won", "agreement")), FollowUp.value_mxn))
    return (select(FollowUp.meeting_id.label("meeting_id"), func.max(stage).label("stage"),
                   func.max(won).label("value_mxn"))
            .where(FollowUp.answered_at.isnot(None))
            .group_by(FollowUp.meeting_id).subquery("answers"))


def _day_diff(later: Any, earlier: Any) -> Any:
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(later, db.Date) - cast(earlier, db.Date)
    return cast(func.julianday(func.date(later)) - func.julianday(func.date(earlier)), Integer)


def compute(f: Filters) -> Figures:
    """All the figures for these filters."""
    out = Figures()
    cohort = meetings_cohort(f)
    platform, answers = platform_pairs(), followup_stages()
    held = cohort.c.status == MeetingStatus.HELD
    effective = case((platform.c.stage.isnot(None), platform.c.stage),
                     else_=func.coalesce(answers.c.stage, 0))
    pair = and_(platform.c.event_id == cohort.c.event_id,
                platform.c.buyer_id == cohort.c.buyer_id,
                platform.c.supplier_id == cohort.c.supplier_id)
    only_followup_won = and_(held, platform.c.stage.is_(None), answers.c.stage == 3)

    def count_if(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    row = db.session.execute(
        select(count_if(cohort.c.status != MeetingStatus.CANCELLED), count_if(held),
               count_if(cohort.c.status == MeetingStatus.NO_SHOW),
               count_if(cohort.c.status == MeetingStatus.CANCELLED),
               count_if(and_(held, effective >= 1)), count_if(and_(held, effective >= 2)),
               count_if(and_(held, effective >= 3)),
               func.sum(case((only_followup_won, answers.c.value_mxn))))
        .select_from(cohort).outerjoin(platform, pair)
        .outerjoin(answers, answers.c.meeting_id == cohort.c.id)).one()
    (out.scheduled, out.held, out.no_show, out.cancelled, out.funnel_rfq, out.funnel_quote,
     out.funnel_award) = (int(x) for x in row[:7])
    out.followup_won_mxn = _money(row[7])
    out.rate_meeting_rfq = _pct(out.funnel_rfq, out.held)
    out.rate_rfq_quote = _pct(out.funnel_quote, out.funnel_rfq)
    out.rate_quote_award = _pct(out.funnel_award, out.funnel_quote)

    days = _day_diff(platform.c.first_at, cohort.c.starts_at)
    histogram = db.session.execute(
        select(days, func.count()).select_from(cohort).join(platform, pair)
        .where(held, days >= 0).group_by(days).order_by(days)).all()
    out.median_days_to_rfq = median_of_histogram([(int(d), int(n)) for d, n in histogram])

    out.requested = _requested(f)
    _rfq_block(f, out)
    outcome_rows = db.session.execute(
        select(FollowUp.outcome, func.count()).join(cohort, cohort.c.id == FollowUp.meeting_id)
        .where(FollowUp.answered_at.isnot(None)).group_by(FollowUp.outcome)).all()
    out.by_outcome = {k: int(n) for k, n in outcome_rows}
    out.followups_answered = sum(out.by_outcome.values())
    out.total_awarded_mxn = out.awarded_mxn + out.followup_won_mxn
    _companies(f, out, cohort, platform, answers, pair, only_followup_won)
    return out


def median_of_histogram(histogram: list[tuple[int, int]]) -> Decimal | None:
    """The median of values given as sorted (value, count) pairs."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for value, n in histogram:
        found += [value for pos in wanted if seen <= pos < seen + n]
        seen += n
    return (Decimal(sum(found)) / 2).quantize(Decimal("0.1"))


def _requested(f: Filters) -> int:
    pa, pb = aliased(Participant), aliased(Participant)
    q = (select(func.count()).select_from(MeetingRequest)
         .join(Event, Event.id == MeetingRequest.event_id)
         .join(pa, pa.id == MeetingRequest.side_a_id).join(pb, pb.id == MeetingRequest.side_b_id)
         .where(*_between(Event.starts_on, f, as_datetime=False)))
    q = _where_pair(q, f, MeetingRequest.event_id, pa.company_id, pb.company_id)
    return int(db.session.scalar(q) or 0)


def rfq_rows(f: Filters) -> Select[Any]:
    """The responses of RFQs issued in the period, within the filters (a FROM for sums)."""
    q = (select(RfqResponse.id).join(Rfq, Rfq.id == RfqResponse.rfq_id)
         .where(*_between(Rfq.created_at, f)))
    return _where_pair(q, f, Rfq.event_id, Rfq.buyer_company_id, RfqResponse.supplier_company_id)


def _rfq_block(f: Filters, out: Figures) -> None:
    shown = literal(True) if f.include_confidential else Rfq.confidential.is_(False)
    quoted = RfqResponse.quoted_at.isnot(None)
    awarded = RfqResponse.status == ResponseStatus.AWARDED
    statuses = [s.value for s in ResponseStatus]
    q = rfq_rows(f).with_only_columns(
        func.count(func.distinct(Rfq.id)), func.count(),
        func.sum(case((quoted, 1), else_=0)), func.sum(case((awarded, 1), else_=0)),
        func.sum(case((and_(quoted, shown), RfqResponse.quoted_value * RfqResponse.quoted_rate))),
        func.sum(case((and_(awarded, shown), RfqResponse.awarded_annual_mxn))),
        func.sum(case((and_(or_(quoted, awarded), ~shown), 1), else_=0)),
        *(func.sum(case((RfqResponse.status == s, 1), else_=0)) for s in statuses))
    row = db.session.execute(q).one()
    out.rfqs, out.invitations = int(row[0] or 0), int(row[1] or 0)
    out.quotes, out.awards = int(row[2] or 0), int(row[3] or 0)
    out.quoted_mxn, out.awarded_mxn = _money(row[4]), _money(row[5])
    out.confidential_hidden = int(row[6] or 0)
    out.by_status = {s: int(n or 0) for s, n in zip(statuses, row[7:], strict=True)}


def _companies(f: Filters, out: Figures, cohort: Any, platform: Any, answers: Any, pair: Any,
               only_followup_won: Any) -> None:
    """Members active and companies that benefited."""
    held = cohort.c.status == MeetingStatus.HELD
    responses = rfq_rows(f)
    active_parts = [
        select(cohort.c.buyer_id.label("cid")).where(held),
        select(cohort.c.supplier_id.label("cid")).where(held),
        responses.with_only_columns(Rfq.buyer_company_id.label("cid")),
        responses.with_only_columns(RfqResponse.supplier_company_id.label("cid")),
    ]
    if f.event_id is None and f.mission_id is None and not f.kind and not f.tier and \
            not f.state and f.buyer_id is None and f.supplier_id is None:
        q = select(Interaction.company_id.label("cid")).where(
            *_between(Interaction.on, f, as_datetime=False))
        if f.company_id is not None:
            q = q.where(Interaction.company_id == f.company_id)
        active_parts.append(q)
    active = union(*active_parts).subquery("active")
    members = (Company.membership == Membership.MEMBER) & (Company.status == CompanyStatus.APPROVED)
    out.members_total = int(db.session.scalar(select(func.count()).where(members)) or 0)
    out.members_active = int(db.session.scalar(
        select(func.count()).select_from(active).join(Company, Company.id == active.c.cid)
        .where(members)) or 0)
    out.members_active_pct = _pct(out.members_active, out.members_total)

    won = responses.where(RfqResponse.status == ResponseStatus.AWARDED)
    reported = (select(cohort.c.buyer_id, cohort.c.supplier_id).select_from(cohort)
                .outerjoin(platform, pair).outerjoin(answers, answers.c.meeting_id == cohort.c.id)
                .where(only_followup_won).subquery("reported"))
    benefited = union(
        won.with_only_columns(Rfq.buyer_company_id.label("cid")),
        won.with_only_columns(RfqResponse.supplier_company_id.label("cid")),
        select(reported.c.buyer_id.label("cid")),
        select(reported.c.supplier_id.label("cid")),
    ).subquery("benefited")
    out.companies_benefited = int(db.session.scalar(select(func.count()).select_from(benefited))
                                  or 0)
