"""The dashboard, its exports and the quarterly reports on a known scenario: every figure is
computed by hand below and must show the same on the page, in CSV, XLSX and the report."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from test_rfq_support import Events, figures_in, issued_on, rate

from matchmaker.extensions import db
from matchmaker.models import FollowUp, Interaction
from matchmaker.services.results import rfqs
from matchmaker.services.results.followups import hash_token


def _quote(user, rfq, supplier, value, currency, on, status="quoted"):
    resp = next(r for r in rfq.responses if r.supplier_company_id == supplier.id)
    rfqs.move(user, resp, status, {"value": value, "currency": currency, "on": on})


def _buyer_moves(user, rfq, supplier, status, **data):
    resp = next(r for r in rfq.responses if r.supplier_company_id == supplier.id)
    rfqs.move(user, resp, status, data)


def _answer(client, meeting, company, days, token, **form):
    fu = FollowUp(
        meeting_id=meeting.id,
        company_id=company.id,
        after_days=days,
        due_on=date(2026, 4, 15),
        email="x@example.mx",
        token_hash=hash_token(token),
    )
    db.session.add(fu)
    db.session.commit()
    r = client.post(f"/rfqs/follow-up/{token}", data=form)
    assert r.status_code == 200, r.text


@pytest.fixture()
def scenario(client, make):
    """Q1 2026: event E1 (15 Jan), mission M1 (10 Feb); E0 in Q4 2025 lies outside."""
    ev = Events()
    rate(date(2026, 1, 2), "20.00")
    rate(date(2026, 2, 1), "18.00")
    b1 = make.company("oem", legal_name="B1 OEM", membership="member", contact_email="b1@x.mx")
    b2 = make.company("tier1", legal_name="B2 Tier1", contact_email="b2@x.mx")
    s1 = make.company("tier2", legal_name="S1", membership="member", state="Nuevo León")
    s2 = make.company("tier3", legal_name="S2", membership="member", state="Coahuila")
    s3 = make.company("tier2", legal_name="S3", state="Nuevo León")
    s4 = make.company("tier2", legal_name="S4", membership="member")
    s5 = make.company("tier1", legal_name="S5", state="Jalisco")
    u1, u2 = make.user("buyer", company=b1), make.user("buyer", company=b2)
    v1, v2, v3 = (make.user("supplier", company=c) for c in (s1, s2, s3))
    e1 = ev.event("E1", date(2026, 1, 15))
    m1 = ev.event("M1", date(2026, 2, 10), kind="mission")
    e0 = ev.event("E0", date(2025, 11, 10))
    mt = {
        "m1": ev.meeting(e1, b1, s1),
        "m2": ev.meeting(e1, b1, s2),
        "m3": ev.meeting(e1, b1, s3),
        "m4": ev.meeting(e1, b2, s1, "no_show"),
        "m5": ev.meeting(e1, b2, s2, "cancelled"),
        "m6": ev.meeting(e1, b2, s3),
        "m9": ev.meeting(e1, b2, s5, "scheduled"),
        "m7": ev.meeting(m1, b2, s1),
        "m8": ev.meeting(e0, b1, s1),
    }
    ev.request(e1, b1, s5)  # requested, never met
    # R1: from meeting m1; quoted 1,000 USD on 26 Jan (rate 20) and awarded 1,200 USD for
    # 6 months on 20 Feb (rate 18): 1,200 x 12/6 x 18 = 43,200 MXN a year.
    r1 = rfqs.create_rfq(
        u1,
        {
            "reference": "R1",
            "title": "Soportes",
            "origin": "meeting",
            "meeting_id": str(mt["m1"].id),
        },
    )
    issued_on(r1, date(2026, 1, 25))
    _quote(v1, r1, s1, "1000", "USD", "2026-01-26")
    _buyer_moves(u1, r1, s1, "awarded", value="1200", currency="USD", months="6", on="2026-02-20")
    # R2: event E1 to S2 (quotes 50,000 MXN, negotiation, lost) and S3 (declines).
    r2 = rfqs.create_rfq(
        u1,
        {
            "reference": "R2",
            "title": "Tornillos",
            "origin": "event",
            "event_id": str(e1.id),
            "supplier_ids": [s2.id, s3.id],
        },
    )
    issued_on(r2, date(2026, 1, 20))
    _quote(v2, r2, s2, "50000", "MXN", "2026-01-22")
    _buyer_moves(u1, r2, s2, "negotiation")
    _buyer_moves(u1, r2, s2, "lost")
    _buyer_moves(v3, r2, s3, "declined")
    # R3: mission M1, confidential; S1 quotes 2,000 USD on 21 Feb (36,000 MXN), awarded
    # 100,000 MXN for 12 months.
    r3 = rfqs.create_rfq(
        u2,
        {
            "reference": "R3",
            "title": "Arneses",
            "origin": "mission",
            "event_id": str(m1.id),
            "supplier_ids": [s1.id],
            "confidential": True,
        },
    )
    issued_on(r3, date(2026, 2, 20))
    _quote(v1, r3, s1, "2000", "USD", "2026-02-21")
    _buyer_moves(u2, r3, s1, "negotiation")
    _buyer_moves(
        u2, r3, s1, "awarded", value="100000", currency="MXN", months="12", on="2026-03-01"
    )
    # R4 direct, cancelled; R5 direct, still invited.
    r4 = rfqs.create_rfq(u2, {"reference": "R4", "title": "Pintura", "supplier_ids": [s2.id]})
    issued_on(r4, date(2026, 3, 1))
    _buyer_moves(u2, r4, s2, "cancelled")
    r5 = rfqs.create_rfq(u1, {"reference": "R5", "title": "Moldes", "supplier_ids": [s3.id]})
    issued_on(r5, date(2026, 1, 10))
    # Follow-ups: m6 has no platform RFQ: B2 says negotiation, S3 says won 10,000 USD
    # (converted at the latest rate, 18: 180,000 MXN). Answers for m2, m3 and m7 are
    # superseded by their platform RFQs; m8 lies outside the quarter.
    _answer(client, mt["m6"], b2, 30, "t-m6-b2", outcome="negotiation")
    _answer(client, mt["m6"], s3, 90, "t-m6-s3", outcome="won", value="10000", currency="USD")
    _answer(client, mt["m2"], s2, 90, "t-m2-s2", outcome="won", value="30000", currency="MXN")
    _answer(client, mt["m3"], b1, 90, "t-m3-b1", outcome="rfq_received")
    _answer(client, mt["m7"], s1, 30, "t-m7-s1", outcome="won", value="5000", currency="MXN")
    _answer(client, mt["m8"], s1, 90, "t-m8-s1", outcome="agreement")
    db.session.add(
        Interaction(company_id=s4.id, kind="service", on=date(2025, 12, 1), summary="Asesoría")
    )
    db.session.commit()
    return {"b1": b1, "b2": b2, "s1": s1, "e1": e1, "m1": m1, "u2": u2, "mt": mt}


Q1 = {
    "members_total": "4",
    "members_active": "3",
    "members_active_pct": "75.0",
    "requested": "9",
    "scheduled": "7",
    "held": "5",
    "no_show": "1",
    "cancelled": "1",
    "funnel_rfq": "5",
    "funnel_quote": "4",
    "funnel_award": "3",
    "rate_meeting_rfq": "100.0",
    "rate_rfq_quote": "80.0",
    "rate_quote_award": "75.0",
    "rfqs": "5",
    "invitations": "6",
    "quotes": "3",
    "awards": "2",
    "quoted_mxn": "106,000.00",
    "awarded_mxn": "143,200.00",
    "followup_won_mxn": "180,000.00",
    "total_awarded_mxn": "323,200.00",
    "confidential_hidden": "0",
    "companies_benefited": "4",
    "median_days_to_rfq": "7.5",
    "followups_answered": "5",
    "status_invited": "1",
    "status_quoted": "0",
    "status_negotiation": "0",
    "status_awarded": "2",
    "status_lost": "1",
    "status_declined": "1",
    "status_cancelled": "1",
    "outcome_won": "3",
    "outcome_rfq_received": "1",
    "outcome_negotiation": "1",
    "outcome_agreement": "0",
    "outcome_no_contact": "0",
}


def _plain(shown: str) -> str:
    return shown.replace(",", "")


def test_dashboard_export_and_report_show_the_hand_computed_figures(client, make, auth, scenario):
    auth.login(make.user("manager", company=make.company("institution"), language="en"))
    page = figures_in(client.get("/dashboard/?quarter=2026-Q1").text)
    assert {k: page.get(k) for k in Q1} == Q1
    csv_rows = {
        row[1]: row[2]
        for row in csv.reader(
            io.StringIO(
                client.get("/dashboard/export.csv?quarter=2026-Q1").data.decode("utf-8-sig")
            )
        )
    }
    assert {k: csv_rows.get(k) for k in Q1} == {k: _plain(v) for k, v in Q1.items()}
    sheet = load_workbook(
        io.BytesIO(client.get("/dashboard/export.xlsx?quarter=2026-Q1").data)
    ).active
    xlsx = {r[1]: r[2] for r in sheet.iter_rows(values_only=True)}
    assert {k: Decimal(str(xlsx[k])) for k in Q1} == {k: Decimal(_plain(v)) for k, v in Q1.items()}
    report = client.get("/dashboard/report?quarter=2026-Q1")
    assert "What the cluster generated this quarter" in report.text
    shown = figures_in(report.text)
    assert {k: shown.get(k) for k in Q1 if not k.startswith("status_")} == {
        k: v for k, v in Q1.items() if not k.startswith("status_")
    }
    pdf = client.get("/dashboard/report.pdf?quarter=2026-Q1")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "<svg" in client.get("/dashboard/?quarter=2026-Q1").text


def test_all_time_adds_the_earlier_event(client, make, auth, scenario):
    auth.login(make.user("manager", company=make.company("institution")))
    from matchmaker.services.results.dashboard_filters import current_quarter

    default = figures_in(client.get("/dashboard/").text)  # the current quarter by default
    assert default == figures_in(client.get(f"/dashboard/?quarter={current_quarter()}").text)
    page = figures_in(client.get("/dashboard/?quarter=all").text)
    # m8 (held Nov 2025, follow-up "agreement" without value) joins the cohort: its pair
    # (E0, B1, S1) has no platform RFQ, so the follow-up counts up to award.
    assert (page["held"], page["funnel_rfq"], page["funnel_award"]) == ("6", "6", "4")
    assert page["requested"] == "10" and page["followups_answered"] == "6"
    assert page["followup_won_mxn"] == "180,000.00"


def test_mission_filter(client, make, auth, scenario):
    auth.login(make.user("manager", company=make.company("institution")))
    page = figures_in(client.get(f"/dashboard/?quarter=2026-Q1&mission={scenario['m1'].id}").text)
    assert (page["held"], page["requested"], page["rfqs"], page["funnel_award"]) == (
        "1",
        "1",
        "1",
        "1",
    )
    assert page["awarded_mxn"] == "100,000.00" and page["quoted_mxn"] == "36,000.00"
    assert page["median_days_to_rfq"] == "10.0"
    kinds = figures_in(client.get("/dashboard/?quarter=2026-Q1&kind=event").text)
    assert kinds["held"] == "4" and kinds["rfqs"] == "2"  # R1 (from meeting m1, in E1) and R2


def test_tier_and_state_filters(client, make, auth, scenario):
    auth.login(make.user("manager", company=make.company("institution")))
    tier3 = figures_in(client.get("/dashboard/?quarter=2026-Q1&tier=3").text)
    assert (tier3["held"], tier3["invitations"], tier3["quoted_mxn"]) == ("1", "2", "50,000.00")
    nl = figures_in(client.get("/dashboard/?quarter=2026-Q1&state=Nuevo%20Le%C3%B3n").text)
    # S1 and S3: meetings m1, m3, m6, m7 held; m4 no-show.
    assert (nl["held"], nl["no_show"], nl["invitations"]) == ("4", "1", "4")


def test_company_views_leave_confidential_values_out_except_for_the_company(
    client, make, auth, scenario
):
    auth.login(make.user("manager", company=make.company("institution")))
    page = figures_in(client.get(f"/dashboard/?quarter=2026-Q1&buyer={scenario['b2'].id}").text)
    assert page["awarded_mxn"] == "0.00" and page["confidential_hidden"] == "1"
    report = figures_in(
        client.get(f"/dashboard/report/company/{scenario['b2'].id}?quarter=2026-Q1").text
    )
    assert report["awarded_mxn"] == "0.00"
    auth.logout()
    auth.login(scenario["u2"])
    own = figures_in(
        client.get(f"/dashboard/report/company/{scenario['b2'].id}?quarter=2026-Q1").text
    )
    # B2's own people see R3's 100,000 and the m6 follow-up win (180,000).
    assert own["awarded_mxn"] == "100,000.00" and own["total_awarded_mxn"] == "280,000.00"
    assert own["confidential_hidden"] == "0"


def test_dashboard_is_for_managers_and_organisers(client, make, auth):
    company = make.company("oem")
    for role, code in (
        ("buyer", 403),
        ("supplier", 403),
        ("manager", 200),
        ("organiser", 200),
        ("admin", 200),
    ):
        auth.login(make.user(role, company=company))
        for url in (
            "/dashboard/",
            "/dashboard/export.csv",
            "/dashboard/export.xlsx",
            "/dashboard/report",
            "/dashboard/report.pdf",
        ):
            assert client.get(url).status_code == code, (role, url)
        assert client.get(f"/dashboard/report/company/{company.id}").status_code == 200
        auth.logout()
    assert client.get("/dashboard/").status_code == 302
    auth.login(make.user("buyer", company=make.company("oem")))
    assert client.get(f"/dashboard/report/company/{company.id}").status_code == 404
    assert client.get("/dashboard/export.pdf").status_code == 403


def test_median_of_histogram():
    from matchmaker.services.results.dashboard import median_of_histogram

    assert median_of_histogram([]) is None
    assert str(median_of_histogram([(5, 2), (10, 2)])) == "7.5"
    assert str(median_of_histogram([(1, 1), (4, 1), (9, 1)])) == "4.0"


def test_quarter_bounds():
    from matchmaker.services.results.dashboard_filters import quarter_bounds

    assert quarter_bounds("2026-Q4") == (date(2026, 10, 1), date(2027, 1, 1))
    assert quarter_bounds("2026-Q5") is None and quarter_bounds("x") is None
    assert datetime(2026, 1, 1)  # keep import used
