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
from decimal import Decimal
from typing import Any

from matchmaker.extensions import db
from matchmaker.services.results.dashboard_filters import Filters
from matchmaker.services.results.dashboard_sql import OUTCOMES, STATUSES, statement

CENT = Decimal("0.01")
STAGE_OF_OUTCOME = {"rfq_received": 1, "quoted": 2, "won": 3, "agreement": 3}


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
        return [
            (f.name, getattr(self, f.name))
            for f in fields(self)
            if not isinstance(getattr(self, f.name), dict)
        ]


def _pct(num: int, den: int) -> Decimal | None:
    return (Decimal(100 * num) / den).quantize(Decimal("0.1")) if den else None


def _money(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def compute(f: Filters) -> Figures:
    """All the figures for these filters, from one aggregate statement."""
    out = Figures()
    histogram: list[tuple[int, int]] = []
    for part, key, *v in db.session.execute(statement(f)).all():
        if part == "m":
            (
                out.scheduled,
                out.held,
                out.no_show,
                out.cancelled,
                out.funnel_rfq,
                out.funnel_quote,
                out.funnel_award,
            ) = (int(x or 0) for x in v[:7])
            out.followup_won_mxn = _money(v[7])
        elif part == "h":
            histogram.append((int(key), int(v[0])))
        elif part == "o":
            out.by_outcome = {o: int(n or 0) for o, n in zip(OUTCOMES, v, strict=False)}
        elif part == "r":
            out.rfqs, out.invitations, out.quotes, out.awards = (int(x or 0) for x in v[:4])
            out.quoted_mxn, out.awarded_mxn = _money(v[4]), _money(v[5])
            out.confidential_hidden = int(v[6] or 0)
            out.by_status = {s: int(n or 0) for s, n in zip(STATUSES, v[7:14], strict=True)}
        elif part == "q":
            out.requested = int(v[0])
        elif part == "t":
            out.members_total = int(v[0])
        elif part == "a":
            out.members_active = int(v[0])
        elif part == "b":
            out.companies_benefited = int(v[0])
    out.rate_meeting_rfq = _pct(out.funnel_rfq, out.held)
    out.rate_rfq_quote = _pct(out.funnel_quote, out.funnel_rfq)
    out.rate_quote_award = _pct(out.funnel_award, out.funnel_quote)
    out.median_days_to_rfq = median_of_histogram(sorted(histogram))
    out.followups_answered = sum(out.by_outcome.values())
    out.total_awarded_mxn = out.awarded_mxn + out.followup_won_mxn
    out.members_active_pct = _pct(out.members_active, out.members_total)
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
