"""Presenting the dashboard figures: labels, exports (CSV, XLSX), SVG charts drawn on the
server, and the quarterly report as a PDF. The figures themselves come from dashboard.compute,
so the page, the exports and the reports always agree."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from matchmaker.labels import RESPONSE_STATUS
from matchmaker.services.platform.spreadsheets import write_csv, write_xlsx
from matchmaker.services.results.dashboard import Figures
from matchmaker.services.results.followups import OUTCOME_LABELS

LABELS = {
    "members_total": _l("Member companies"),
    "members_active": _l("Members active"),
    "members_active_pct": _l("Members active (%)"),
    "requested": _l("Meetings requested"),
    "scheduled": _l("Meetings scheduled"),
    "held": _l("Meetings held"),
    "no_show": _l("No-shows"),
    "cancelled": _l("Meetings cancelled"),
    "funnel_rfq": _l("Held meetings that led to an RFQ"),
    "funnel_quote": _l("Held meetings that led to a quote"),
    "funnel_award": _l("Held meetings that led to an award"),
    "rate_meeting_rfq": _l("Meeting → RFQ (%)"),
    "rate_rfq_quote": _l("RFQ → quote (%)"),
    "rate_quote_award": _l("Quote → award (%)"),
    "rfqs": _l("RFQs issued"),
    "invitations": _l("Suppliers invited"),
    "quotes": _l("Quotes"),
    "awards": _l("Awards"),
    "quoted_mxn": _l("Value quoted (MXN)"),
    "awarded_mxn": _l("Value awarded in the platform (MXN a year)"),
    "followup_won_mxn": _l("Value won reported in follow-ups (MXN)"),
    "total_awarded_mxn": _l("Total value awarded (MXN)"),
    "confidential_hidden": _l("Confidential values left out"),
    "companies_benefited": _l("Companies that benefited"),
    "median_days_to_rfq": _l("Median days from meeting to RFQ"),
    "followups_answered": _l("Follow-up answers"),
}


def fmt(value: Any) -> str:
    """A figure for people: thousands separated, cents on money, a dash for none."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value.as_tuple().exponent == -2 else f"{value:,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def figure_rows(figures: Figures) -> list[tuple[str, str, Any]]:
    """(key, label, value) of every figure, status and outcome, in display order."""
    rows: list[tuple[str, str, Any]] = [(k, str(LABELS[k]), v) for k, v in figures.scalar_items()]
    rows += [
        (f"status_{k}", _("Responses %(status)s", status=RESPONSE_STATUS[k]), n)
        for k, n in figures.by_status.items()
    ]
    rows += [
        (
            f"outcome_{k}",
            _("Follow-up: %(outcome)s", outcome=OUTCOME_LABELS[k]),
            figures.by_outcome.get(k, 0),
        )
        for k in OUTCOME_LABELS
    ]
    return rows


def export(figures: Figures, fmt_: str, filters: list[tuple[str, str]]) -> bytes:
    """The figures as CSV or XLSX: the filters first, then one row per figure."""
    columns = [_("Figure"), _("Key"), _("Value")]
    rows: list[list[Any]] = [[label, "filter", value] for label, value in filters]
    rows += [
        [label, key, "" if value is None else value] for key, label, value in figure_rows(figures)
    ]
    if fmt_ == "xlsx":
        return write_xlsx(columns, rows, _("Dashboard"))
    return write_csv(columns, rows)


def bar_chart(title: str, bars: list[tuple[str, float]], unit: str = "") -> Markup:
    """A horizontal bar chart as inline SVG (no script, no style attribute)."""
    width, label_w, bar_h, gap = 640, 230, 22, 10
    top = 8
    height = top + len(bars) * (bar_h + gap)
    biggest = max((v for _, v in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = max(1.0, (width - label_w - 120) * value / biggest) if value else 0
        text = fmt(Decimal(str(value)).quantize(Decimal("0.01")) if unit else int(value))
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="13" fill="#1d2330">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#0b5cab" rx="3"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="13" '
            f'fill="#1d2330">{escape(text)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def charts(figures: Figures) -> list[Markup]:
    """The dashboard's charts: meetings, funnel and values."""
    f = figures
    return [
        bar_chart(
            _("Meetings"),
            [
                (_("Requested"), f.requested),
                (_("Scheduled"), f.scheduled),
                (_("Held"), f.held),
                (_("No-show"), f.no_show),
            ],
        ),
        bar_chart(
            _("Funnel"),
            [
                (_("Held meetings"), f.held),
                (_("RFQ"), f.funnel_rfq),
                (_("Quote"), f.funnel_quote),
                (_("Award"), f.funnel_award),
            ],
        ),
        bar_chart(
            _("Value (MXN)"),
            [(_("Quoted"), float(f.quoted_mxn)), (_("Awarded"), float(f.total_awarded_mxn))],
            unit=" MXN",
        ),
    ]


def pdf(title: str, subtitle: str, figures: Figures) -> bytes:
    """The quarterly report as a one-page PDF."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, topMargin=36, bottomMargin=36)
    styles = getSampleStyleSheet()
    data = [
        [label, fmt(value)]
        for key, label, value in figure_rows(figures)
        if not key.startswith(("status_", "outcome_"))
    ]
    table = Table(data, colWidths=[330, 160])
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    doc.build(
        [
            Paragraph(str(escape(title)), styles["Title"]),
            Paragraph(str(escape(subtitle)), styles["Normal"]),
            Spacer(1, 12),
            table,
        ]
    )
    return buffer.getvalue()
