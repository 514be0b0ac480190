"""Every text field round-trips an XSS payload and comes back escaped."""

from __future__ import annotations

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


def test_company_fields_are_escaped(client, make, auth):
    company = make.company()
    auth.login(make.user("supplier", company=company))
    fields = (
        "legal_name",
        "trade_name",
        "city",
        "description",
        "capacity",
        "processes_text",
        "materials_text",
        "products_text",
        "contact_name",
    )
    r = client.post(
        f"/companies/{company.id}/edit", data={"kind": "tier2", **{f: f + PAYLOAD for f in fields}}
    )
    assert r.status_code == 302
    for url in (f"/companies/{company.id}", f"/companies/{company.id}/edit", "/companies/"):
        page = client.get(url).text
        assert "<script>alert" not in page and "onerror=alert(1)>" not in page, url
    assert ESCAPED in client.get(f"/companies/{company.id}").text


def test_need_fields_are_escaped(client, make, auth):
    auth.login(make.user("buyer", company=make.company("oem")))
    fields = ("title", "description", "commodity", "processes_text", "materials_text")
    r = client.post("/needs/new", data={"status": "open", **{f: f + PAYLOAD for f in fields}})
    assert r.status_code == 302
    for url in (r.headers["Location"], "/needs/"):
        page = client.get(url).text
        assert "<script>alert" not in page and "onerror=alert(1)>" not in page, url
        assert ESCAPED in page


def test_search_query_is_escaped(client, make, auth):
    auth.login(make.user("buyer", company=make.company("oem")))
    page = client.get("/companies/", query_string={"q": PAYLOAD}).text
    assert "<script>alert" not in page


def test_registration_name_is_escaped(client):
    r = client.post(
        "/auth/register",
        data={
            "email": "x@y.mx",
            "name": PAYLOAD,
            "password": "long-enough-pass",
            "company_name": PAYLOAD,
            "kind": "tier2",
            "role": "supplier",
            "language": "es",
        },
    )
    page = client.get(r.headers["Location"]).text
    assert "<script>alert" not in page and ESCAPED in page


def test_too_long_values_are_refused_not_crashed(client, make, auth):
    company = make.company()
    auth.login(make.user("supplier", company=company))
    r = client.post(
        f"/companies/{company.id}/edit",
        data={"kind": "tier2", "legal_name": "X", "phone": "5" * 41},
    )
    assert r.status_code == 400 and "40" in r.text


def test_event_rfq_and_crm_text_is_escaped(app, client, make, auth, monkeypatch):
    from matchmaker.services.events import participants as event_participants
    from matchmaker.services.events import setup as event_setup
    from matchmaker.services.results import crm, rfqs

    cluster = make.company("institution", legal_name="Clúster")
    organiser = make.user("organiser", company=cluster)
    buyer_co = make.company("oem", legal_name="OEM" + PAYLOAD)
    supplier_co = make.company("tier2", legal_name="Prov" + PAYLOAD)
    buyer = make.user("buyer", company=buyer_co)
    event = event_setup.create_event(
        organiser,
        {
            "name": "Evento" + PAYLOAD,
            "venue": "Sede" + PAYLOAD,
            "timezone": "America/Monterrey",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-10",
        },
    )
    event_setup.add_session(
        organiser,
        event,
        {"day": "2027-03-10", "starts_at": "09:00", "ends_at": "10:00", "slot_minutes": "20"},
    )
    event_setup.set_status(organiser, event, "registration")
    part = event_participants.register(
        organiser,
        event,
        supplier_co.id,
        {
            "delegates": [
                {"name": "Persona" + PAYLOAD, "email": "p@x.mx", "position": "Ventas" + PAYLOAD}
            ]
        },
    )
    rfq = rfqs.create_rfq(
        buyer,
        {
            "reference": "R<b>1",
            "title": "RFQ" + PAYLOAD,
            "description": "Desc" + PAYLOAD,
            "supplier_ids": [supplier_co.id],
            "origin": "direct",
        },
    )
    crm.record_interaction(
        organiser,
        {
            "company_id": supplier_co.id,
            "kind": "service",
            "summary": "Nota" + PAYLOAD,
            "on": "2026-11-20",
        },
    )
    event_id, part_id, rfq_id = event.id, part.id, rfq.id
    auth.login(organiser)
    pages = [
        f"/events/{event_id}",
        f"/events/{event_id}/participants",
        "/events/",
        f"/events/{event_id}/agenda/{part_id}",
        f"/rfqs/{rfq_id}",
        "/rfqs/",
        "/dashboard/interactions",
    ]
    for url in pages:
        page = client.get(url).text
        assert "<script>alert" not in page and "onerror=alert(1)>" not in page, url
    assert ESCAPED in client.get(f"/rfqs/{rfq_id}").text
