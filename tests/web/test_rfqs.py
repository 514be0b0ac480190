"""RFQs: issue, quote, negotiate, award; currencies and rates; the audit trail;
confidential values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from test_rfq_support import Events, rate

from matchmaker.extensions import db
from matchmaker.models import ExchangeRate, Rfq, RfqChange, RfqResponse


def _setup(make):
    buyer_co = make.company("oem", legal_name="Armadora Norte")
    sup_co = make.company("tier2", legal_name="Troqueles del Valle")
    return (
        buyer_co,
        sup_co,
        make.user("buyer", company=buyer_co, language="en"),
        make.user("supplier", company=sup_co, language="en"),
    )


def test_buyer_issues_an_rfq_from_a_meeting_and_it_links_it(client, make, auth):
    buyer_co, sup_co, buyer, _ = _setup(make)
    meeting = Events().meeting(Events().event("Expo", date(2026, 5, 1)), buyer_co, sup_co)
    auth.login(buyer)
    assert client.get(f"/rfqs/new?origin=meeting&meeting_id={meeting.id}").status_code == 200
    r = client.post(
        "/rfqs/new",
        data={
            "reference": "RFQ-1",
            "title": "Brackets",
            "quantity": "5000",
            "annual_volume": "60000",
            "due_date": "2026-12-01",
            "origin": "meeting",
            "meeting_id": str(meeting.id),
        },
    )
    assert r.status_code == 302
    rfq = db.session.query(Rfq).one()
    assert (rfq.meeting_id, rfq.event_id, rfq.origin) == (meeting.id, meeting.event_id, "meeting")
    assert [x.supplier_company_id for x in rfq.responses] == [sup_co.id]  # the other side
    assert rfq.annual_volume == 60000 and rfq.due_date == date(2026, 12, 1)
    history = db.session.query(RfqChange).one()
    assert (history.from_status, history.to_status, history.actor_id) == (None, "invited", buyer.id)
    r = client.post(
        "/rfqs/new", data={"reference": "RFQ-1", "title": "Again", "supplier_ids": [str(sup_co.id)]}
    )
    assert r.status_code == 400 and "already has an RFQ with this reference" in r.text


def test_bad_rfq_and_foreign_meeting_are_refused(client, make, auth):
    buyer_co, sup_co, buyer, _ = _setup(make)
    other = make.company("oem")
    meeting = Events().meeting(Events().event("Expo", date(2026, 5, 1)), other, sup_co)
    auth.login(buyer)
    r = client.post("/rfqs/new", data={"reference": "", "title": "", "quantity": "many"})
    assert r.status_code == 400 and "Give a title" in r.text and "not a whole number" in r.text
    r = client.post(
        "/rfqs/new",
        data={"reference": "X", "title": "T", "origin": "meeting", "meeting_id": str(meeting.id)},
    )
    assert r.status_code == 400 and "did not take part in that meeting" in r.text
    r = client.post("/rfqs/new", data={"reference": "X", "title": "T", "origin": "direct"})
    assert r.status_code == 400 and "Invite at least one supplier" in r.text
    mission = Events().event("Misión Detroit", date(2026, 6, 1), kind="mission")
    r = client.post(
        "/rfqs/new",
        data={
            "reference": "X",
            "title": "T",
            "origin": "event",
            "event_id": str(mission.id),
            "supplier_ids": [str(sup_co.id)],
        },
    )
    assert r.status_code == 400 and "Choose the event" in r.text
    r = client.post(
        "/rfqs/new",
        data={
            "reference": "X",
            "title": "T",
            "origin": "mission",
            "event_id": str(mission.id),
            "supplier_ids": [str(sup_co.id)],
        },
    )
    assert r.status_code == 302 and db.session.query(Rfq).one().event_id == mission.id


def _rfq(client, auth, buyer, supplier_co, **extra):
    auth.login(buyer)
    client.post(
        "/rfqs/new",
        data={"reference": "R", "title": "Piezas", "supplier_ids": [str(supplier_co.id)], **extra},
    )
    auth.logout()
    rfq = db.session.query(Rfq).one()
    return rfq, rfq.responses[0]


def _move(client, rfq, resp, **data):
    return client.post(f"/rfqs/{rfq.id}/responses/{resp.id}/move", data=data)


def test_response_goes_through_its_states_with_currencies_and_history(client, make, auth):
    buyer_co, sup_co, buyer, supplier = _setup(make)
    rfq, resp = _rfq(client, auth, buyer, sup_co)
    auth.login(supplier)
    r = _move(client, rfq, resp, status="quoted", value="1000", currency="USD", on="2026-03-02")
    assert r.status_code == 400
    assert "No USD exchange rate is recorded on or before 2026-03-02" in r.text
    rate(date(2026, 3, 3), "19.00")  # after the day: still unknown on 2 March
    assert (
        _move(
            client, rfq, resp, status="quoted", value="1000", currency="USD", on="2026-03-02"
        ).status_code
        == 400
    )
    rate(date(2026, 3, 1), "18.50")
    r = _move(client, rfq, resp, status="quoted", value="1000", currency="USD", on="2026-03-02")
    assert r.status_code == 302
    row = db.session.get(RfqResponse, resp.id)
    assert (row.status, row.quoted_value, row.quoted_rate) == (
        "quoted",
        Decimal("1000.00"),
        Decimal("18.500000"),
    )
    # the supplier may not award itself; the buyer may not skip to an unknown state
    r = _move(client, rfq, resp, status="awarded", value="1", currency="MXN")
    assert r.status_code == 400 and "Only the buyer may make this change" in r.text
    auth.logout()
    auth.login(buyer)
    r = _move(client, rfq, resp, status="invited")
    assert r.status_code == 400 and "A response that is quoted cannot become invited" in r.text
    assert _move(client, rfq, resp, status="negotiation").status_code == 302
    r = _move(client, rfq, resp, status="awarded", value="600000", currency="MXN", months="6")
    assert r.status_code == 302
    row = db.session.get(RfqResponse, resp.id)
    assert row.status == "awarded" and row.awarded_annual_mxn == Decimal("1200000.00")
    assert row.closed_at is not None
    r = _move(client, rfq, resp, status="lost")
    assert r.status_code == 400 and "cannot become lost" in r.text
    trail = db.session.query(RfqChange).filter_by(response_id=resp.id).order_by(RfqChange.id)
    assert [(c.from_status, c.to_status) for c in trail] == [
        (None, "invited"),
        ("invited", "quoted"),
        ("quoted", "negotiation"),
        ("negotiation", "awarded"),
    ]
    quoted = trail[1]
    assert quoted.changes["quoted_value"] == [None, "1000.00"]
    assert trail[3].changes["awarded_annual_mxn"] == [None, "1200000.00"]
    assert all(c.actor_id for c in trail)


def test_supplier_declines_and_buyer_cancels(client, make, auth):
    buyer_co, sup_co, buyer, supplier = _setup(make)
    rfq, resp = _rfq(client, auth, buyer, sup_co)
    auth.login(buyer)
    assert _move(client, rfq, resp, status="declined").status_code == 400  # supplier's move
    assert _move(client, rfq, resp, status="cancelled").status_code == 302
    assert db.session.get(RfqResponse, resp.id).status == "cancelled"
    auth.logout()
    auth.login(supplier)
    assert _move(client, rfq, resp, status="declined").status_code == 400


def test_confidential_values_show_to_buyer_and_supplier_only(client, make, auth):
    buyer_co, sup_co, buyer, supplier = _setup(make)
    rfq, resp = _rfq(client, auth, buyer, sup_co, confidential="y")
    assert rfq.confidential
    auth.login(supplier)
    _move(client, rfq, resp, status="quoted", value="777123", currency="MXN")
    assert "777123" in client.get(f"/rfqs/{rfq.id}").text
    auth.logout()
    auth.login(buyer)
    assert "777123" in client.get(f"/rfqs/{rfq.id}").text
    auth.logout()
    for role in ("manager", "organiser", "admin"):
        auth.login(make.user(role, company=make.company("institution"), language="en"))
        page = client.get(f"/rfqs/{rfq.id}").text
        assert "777123" not in page and "confidential" in page
        auth.logout()


def test_supplier_sees_only_its_own_response(client, make, auth):
    buyer_co, sup_co, buyer, supplier = _setup(make)
    rival = make.company("tier2", legal_name="Rival Metálico")
    auth.login(buyer)
    client.post(
        "/rfqs/new",
        data={"reference": "R", "title": "Piezas", "supplier_ids": [str(sup_co.id), str(rival.id)]},
    )
    rfq = db.session.query(Rfq).one()
    auth.logout()
    auth.login(supplier)
    page = client.get(f"/rfqs/{rfq.id}").text
    assert "Troqueles del Valle" in page and "Rival Metálico" not in page
    theirs = next(r for r in rfq.responses if r.supplier_company_id == rival.id)
    assert _move(client, rfq, theirs, status="declined").status_code == 404
    assert db.session.get(RfqResponse, theirs.id).status == "invited"


def test_buyer_invites_another_supplier(client, make, auth):
    buyer_co, sup_co, buyer, _ = _setup(make)
    rfq, _resp = _rfq(client, auth, buyer, sup_co)
    extra = make.company("tier3")
    auth.login(buyer)
    assert (
        client.post(f"/rfqs/{rfq.id}/invite", data={"supplier_id": str(extra.id)}).status_code
        == 302
    )
    assert (
        client.post(f"/rfqs/{rfq.id}/invite", data={"supplier_id": str(extra.id)}).status_code
        == 302
    )
    assert db.session.query(RfqResponse).filter_by(rfq_id=rfq.id).count() == 2


def test_organiser_records_rates_and_the_command_too(client, make, auth, app):
    auth.login(make.user("organiser", company=make.company("institution"), language="en"))
    assert client.post("/rfqs/rates", data={"on": "2026-01-05", "rate": "-1"}).status_code == 400
    assert client.post("/rfqs/rates", data={"on": "2026-01-05", "rate": "17.25"}).status_code == 302
    assert (
        client.post("/rfqs/rates", data={"on": "2026-01-05", "rate": "17.30"}).status_code == 302
    )  # a correction, not a second row
    result = app.test_cli_runner().invoke(args=["record-rate", "usd", "2026-01-06", "17.5"])
    assert result.exit_code == 0, result.output
    rows = db.session.query(ExchangeRate).order_by(ExchangeRate.on).all()
    assert [(r.on, r.rate) for r in rows] == [
        (date(2026, 1, 5), Decimal("17.300000")),
        (date(2026, 1, 6), Decimal("17.500000")),
    ]
    bad = app.test_cli_runner().invoke(args=["record-rate", "MXN", "2026-01-06", "1"])
    assert bad.exit_code != 0 and "solo se registran para USD" in bad.output
