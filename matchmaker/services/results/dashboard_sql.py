"""The dashboard's SQL: one statement that builds the filtered meetings once (a CTE of per
meeting facts) and returns every aggregate as tagged rows, so that the database scans the
100,000s of meetings, RFQs and follow-ups a single time per page.

Row shape: (part, key, v0 .. v13). Parts: "m" meeting counts and funnel, "h" days from meeting
to first RFQ (histogram), "o" follow-up outcomes, "r" RFQ figures, "q" meetings requested,
"t" member companies, "a" members active, "b" companies that benefited."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import (
    Integer,
    Numeric,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
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
    Outcome,
    Participant,
    ResponseStatus,
    Rfq,
    RfqResponse,
    Slot,
)
from matchmaker.services.results.dashboard_filters import Filters

WIDTH = 14
STAGE_OF_OUTCOME = {"rfq_received": 1, "quoted": 2, "won": 3, "agreement": 3}
STATUSES = [s.value for s in ResponseStatus]
OUTCOMES = [o.value for o in Outcome]


def _where_pair(
    q: Select[Any], f: Filters, event_col: Any, buyer_col: Any, supplier_col: Any
) -> Select[Any]:
    """Apply the event, mission, kind, tier, state, buyer, supplier and company filters."""
    if f.event_id is not None:
        q = q.where(event_col == f.event_id)
    if f.mission_id is not None:
        q = q.where(event_col == f.mission_id)
    if f.kind in ("event", "mission"):
        q = q.where(event_col.in_(select(Event.id).where(Event.kind == f.kind)))
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


def _day_diff(later: Any, earlier: Any) -> Any:
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(later, db.Date) - cast(earlier, db.Date)
    return cast(func.julianday(func.date(later)) - func.julianday(func.date(earlier)), Integer)


def _platform_pairs(f: Filters) -> Any:
    """Per (event, buyer, supplier): the furthest stage of its platform RFQs, and the first."""
    stage = case(
        (RfqResponse.status == ResponseStatus.AWARDED, 3),
        (RfqResponse.quoted_at.isnot(None), 2),
        else_=1,
    )
    return (
        select(
            Rfq.event_id.label("event_id"),
            Rfq.buyer_company_id.label("buyer_id"),
            RfqResponse.supplier_company_id.label("supplier_id"),
            func.max(stage).label("stage"),
            func.min(Rfq.created_at).label("first_at"),
        )
        .join(RfqResponse, RfqResponse.rfq_id == Rfq.id)
        .where(Rfq.event_id.isnot(None), *_event_filters(f, Rfq.event_id))
        .group_by(Rfq.event_id, Rfq.buyer_company_id, RfqResponse.supplier_company_id)
        .subquery("platform")
    )


def _event_filters(f: Filters, event_col: Any) -> list[ColumnElement[bool]]:
    """The event, mission, kind and period filters on an event column (narrows the
    aggregates before they are joined)."""
    out = [event_col == x for x in (f.event_id, f.mission_id) if x is not None]
    if f.kind in ("event", "mission"):
        out.append(event_col.in_(select(Event.id).where(Event.kind == f.kind)))
    bounds = f.period()
    if bounds is not None:  # events whose slots may fall in the period
        out.append(event_col.in_(select(Slot.event_id).where(*_between(Slot.starts_at, f))))
    return out


def _followup_stages(f: Filters) -> Any:
    """Per meeting: the best stage either side reported, and the largest won value in MXN."""
    stage = case(*((FollowUp.outcome == k, v) for k, v in STAGE_OF_OUTCOME.items()), else_=0)
    won = case((FollowUp.outcome.in_(("won", "agreement")), FollowUp.value_mxn))
    counts = (func.sum(case((FollowUp.outcome == o, 1), else_=0)).label(f"n_{o}") for o in OUTCOMES)
    return (
        select(
            FollowUp.meeting_id.label("meeting_id"),
            func.max(stage).label("stage"),
            func.max(won).label("value_mxn"),
            *counts,
        )
        .where(FollowUp.answered_at.isnot(None), *_meetings_in(f))
        .group_by(FollowUp.meeting_id)
        .subquery("answers")
    )


def _meetings_in(f: Filters) -> list[ColumnElement[bool]]:
    """Follow-ups of meetings of the filtered events (narrows the answers aggregate)."""
    events = _event_filters(f, Meeting.event_id)
    if not events:
        return []
    return [FollowUp.meeting_id.in_(select(Meeting.id).where(*events))]


def meeting_facts(f: Filters) -> Any:
    """Per meeting in the period and filters: status, buyer, supplier, the funnel stage it
    reached (platform RFQ of its pair, else follow-ups), the follow-up value that counts, and
    the days to the pair's first platform RFQ."""
    pa, pb = aliased(Participant), aliased(Participant)
    platform, answers = _platform_pairs(f), _followup_stages(f)
    stage = case(
        (platform.c.stage.isnot(None), platform.c.stage), else_=func.coalesce(answers.c.stage, 0)
    )
    followup_won = and_(platform.c.stage.is_(None), answers.c.stage == 3)
    q = (
        select(
            Meeting.id.label("id"),
            Meeting.status.label("status"),
            pa.company_id.label("buyer_id"),
            pb.company_id.label("supplier_id"),
            stage.label("stage"),
            case((followup_won, 1), else_=0).label("followup_won"),
            case((followup_won, answers.c.value_mxn)).label("followup_value"),
            _day_diff(platform.c.first_at, Slot.starts_at).label("days"),
            *(answers.c[f"n_{o}"] for o in OUTCOMES),
        )
        .join(Slot, Slot.id == Meeting.slot_id)
        .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .join(pa, pa.id == MeetingRequest.side_a_id)
        .join(pb, pb.id == MeetingRequest.side_b_id)
        .outerjoin(
            platform,
            and_(
                platform.c.event_id == Meeting.event_id,
                platform.c.buyer_id == pa.company_id,
                platform.c.supplier_id == pb.company_id,
            ),
        )
        .outerjoin(answers, answers.c.meeting_id == Meeting.id)
        .where(*_between(Slot.starts_at, f))
    )
    return _where_pair(q, f, Meeting.event_id, pa.company_id, pb.company_id).cte("facts")


def rfq_rows(f: Filters) -> Select[Any]:
    """The responses of RFQs issued in the period, within the filters (a FROM for sums)."""
    q = (
        select(RfqResponse.id)
        .join(Rfq, Rfq.id == RfqResponse.rfq_id)
        .where(*_between(Rfq.created_at, f))
    )
    return _where_pair(q, f, Rfq.event_id, Rfq.buyer_company_id, RfqResponse.supplier_company_id)


def _row(part: str, key: Any, *values: Any) -> list[Any]:
    return [
        literal(part),
        cast(key if key is not None else null(), String),
        *(cast(v, Numeric) for v in values),
        *([cast(null(), Numeric)] * (WIDTH - len(values))),
    ]


def _requested(f: Filters) -> Select[Any]:
    pa, pb = aliased(Participant), aliased(Participant)
    q = select(*_row("q", None, func.count())).select_from(MeetingRequest)
    if f.period():
        q = q.join(Event, Event.id == MeetingRequest.event_id).where(
            *_between(Event.starts_on, f, as_datetime=False)
        )
    if f.narrowed_to_company or f.tier or f.state:  # only then the companies are needed
        q = q.join(pa, pa.id == MeetingRequest.side_a_id).join(
            pb, pb.id == MeetingRequest.side_b_id
        )
        return _where_pair(q, f, MeetingRequest.event_id, pa.company_id, pb.company_id)
    return _where_pair(q, f, MeetingRequest.event_id, None, None)


def statement(f: Filters) -> Any:
    """Every aggregate of the dashboard in one statement."""
    facts = meeting_facts(f)
    held = facts.c.status == MeetingStatus.HELD

    def count_if(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    meetings = select(
        *_row(
            "m",
            None,
            count_if(facts.c.status != MeetingStatus.CANCELLED),
            count_if(held),
            count_if(facts.c.status == MeetingStatus.NO_SHOW),
            count_if(facts.c.status == MeetingStatus.CANCELLED),
            count_if(and_(held, facts.c.stage >= 1)),
            count_if(and_(held, facts.c.stage >= 2)),
            count_if(and_(held, facts.c.stage >= 3)),
            func.sum(case((held, facts.c.followup_value))),
        )
    )
    histogram = (
        select(*_row("h", facts.c.days, func.count()))
        .where(held, facts.c.days >= 0)
        .group_by(facts.c.days)
    )
    outcomes = select(*_row("o", None, *(func.sum(facts.c[f"n_{o}"]) for o in OUTCOMES)))

    resp = (
        rfq_rows(f)
        .with_only_columns(
            Rfq.id.label("rfq_id"),
            Rfq.buyer_company_id.label("buyer_id"),
            RfqResponse.supplier_company_id.label("supplier_id"),
            RfqResponse.status.label("status"),
            (RfqResponse.quoted_at.isnot(None)).label("quoted"),
            (RfqResponse.quoted_value * RfqResponse.quoted_rate).label("quoted_mxn"),
            RfqResponse.awarded_annual_mxn.label("awarded_mxn"),
            Rfq.confidential.label("confidential"),
        )
        .cte("resp")
    )
    shown = literal(True) if f.include_confidential else resp.c.confidential.is_(False)
    quoted = resp.c.quoted.is_(True)
    awarded = resp.c.status == ResponseStatus.AWARDED
    rfqs = select(
        *_row(
            "r",
            None,
            func.count(func.distinct(resp.c.rfq_id)),
            func.count(),
            count_if(quoted),
            count_if(awarded),
            func.sum(case((and_(quoted, shown), resp.c.quoted_mxn))),
            func.sum(case((and_(awarded, shown), resp.c.awarded_mxn))),
            count_if(and_(or_(quoted, awarded), ~shown)),
            *(count_if(resp.c.status == s) for s in STATUSES),
        )
    )

    members = and_(
        Company.membership == Membership.MEMBER, Company.status == CompanyStatus.APPROVED
    )
    total = select(*_row("t", None, func.count())).select_from(Company).where(members)
    active_parts = [
        select(facts.c.buyer_id.label("cid")).where(held),
        select(facts.c.supplier_id.label("cid")).where(held),
        select(resp.c.buyer_id.label("cid")),
        select(resp.c.supplier_id.label("cid")),
    ]
    if not (
        f.event_id or f.mission_id or f.kind or f.tier or f.state or f.buyer_id or f.supplier_id
    ):
        q = select(Interaction.company_id.label("cid")).where(
            *_between(Interaction.on, f, as_datetime=False)
        )
        if f.company_id is not None:
            q = q.where(Interaction.company_id == f.company_id)
        active_parts.append(q)
    active_ids = union(*active_parts).subquery("active")
    active = (
        select(*_row("a", None, func.count()))
        .select_from(active_ids)
        .join(Company, Company.id == active_ids.c.cid)
        .where(members)
    )

    reported = and_(held, facts.c.followup_won == 1)
    benefited_ids = union(
        select(resp.c.buyer_id.label("cid")).where(awarded),
        select(resp.c.supplier_id.label("cid")).where(awarded),
        select(facts.c.buyer_id.label("cid")).where(reported),
        select(facts.c.supplier_id.label("cid")).where(reported),
    ).subquery("benefited")
    benefited = select(*_row("b", None, func.count())).select_from(benefited_ids)
    return union_all(meetings, histogram, outcomes, rfqs, _requested(f), total, active, benefited)
