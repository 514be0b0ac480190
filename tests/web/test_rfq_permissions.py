"""Who may do what on every RFQ route: anonymous, supplier (invited or not), buyer (own or
foreign), organiser, manager and admin."""

from __future__ import annotations

import pytest
from test_rfq_support import Events, rate

from matchmaker.extensions import db
from matchmaker.models import FollowUp, Rfq, RfqResponse
from matchmaker.services.results.followups import hash_token

ROLES = (
    "anonymous",
    "supplier",
    "other_supplier",
    "buyer",
    "other_buyer",
    "organiser",
    "manager",
    "admin",
)


@pytest.fixture()
def world(client, make, auth):
    from datetime import date

    rate(date(2026, 1, 1), "18")
    buyer_co, sup_co = make.company("oem"), make.company("tier2")
    users = {
        "supplier": make.user("supplier", company=sup_co),
        "other_supplier": make.user("supplier", company=make.company("tier2")),
        "buyer": make.user("buyer", company=buyer_co),
        "other_buyer": make.user("buyer", company=make.company("oem")),
        "organiser": make.user("organiser", company=make.company("institution")),
        "manager": make.user("manager", company=make.company("institution")),
        "admin": make.user("admin"),
    }
    auth.login(users["buyer"])
    client.post(
        "/rfqs/new", data={"reference": "R", "title": "Piezas", "supplier_ids": [str(sup_co.id)]}
    )
    auth.logout()
    rfq = db.session.query(Rfq).one()
    meeting = Events().meeting(Events().event("Expo", date(2026, 1, 10)), buyer_co, sup_co)
    db.session.add(
        FollowUp(
            meeting_id=meeting.id,
            company_id=sup_co.id,
            after_days=30,
            due_on=date(2026, 2, 9),
            token_hash=hash_token("good-token"),
        )
    )
    db.session.commit()
    return {"users": users, "rfq": rfq, "resp": rfq.responses[0], "extra": make.company("tier3")}


def _as(auth, world, role):
    auth.logout()
    if role != "anonymous":
        auth.login(world["users"][role])


# route -> expected status per role (302 anonymous: to the login page)
CASES = {
    ("GET", "/rfqs/"): dict(
        anonymous=302,
        supplier=200,
        other_supplier=200,
        buyer=200,
        other_buyer=200,
        organiser=200,
        manager=200,
        admin=200,
    ),
    ("GET", "/rfqs/new"): dict(
        anonymous=302,
        supplier=403,
        other_supplier=403,
        buyer=200,
        other_buyer=200,
        organiser=403,
        manager=403,
        admin=403,
    ),
    ("GET", "/rfqs/{rfq}"): dict(
        anonymous=302,
        supplier=200,
        other_supplier=404,
        buyer=200,
        other_buyer=404,
        organiser=200,
        manager=200,
        admin=200,
    ),
    ("POST", "/rfqs/{rfq}/invite"): dict(
        anonymous=302,
        supplier=403,
        other_supplier=404,
        buyer=302,
        other_buyer=404,
        organiser=403,
        manager=403,
        admin=403,
    ),
    ("POST", "/rfqs/{rfq}/responses/{resp}/move"): dict(
        anonymous=302,
        supplier=302,
        other_supplier=404,
        buyer=400,
        other_buyer=404,
        organiser=400,
        manager=400,
        admin=400,
    ),
    ("GET", "/rfqs/rates"): dict(
        anonymous=302,
        supplier=403,
        other_supplier=403,
        buyer=403,
        other_buyer=403,
        organiser=200,
        manager=403,
        admin=200,
    ),
    ("POST", "/rfqs/rates"): dict(
        anonymous=302,
        supplier=403,
        other_supplier=403,
        buyer=403,
        other_buyer=403,
        organiser=400,
        manager=403,
        admin=400,
    ),
    ("GET", "/rfqs/follow-up/good-token"): dict.fromkeys(ROLES, 200),
    ("GET", "/rfqs/follow-up/forged-token"): dict.fromkeys(ROLES, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_every_rfq_route_for_every_role(client, auth, world, role):
    _as(auth, world, role)
    for (method, pattern), expected in CASES.items():
        url = pattern.format(rfq=world["rfq"].id, resp=world["resp"].id)
        data = {}
        if url.endswith("/invite"):
            data = {"supplier_id": str(world["extra"].id)}
        if url.endswith("/move"):  # a supplier's move: quoting
            data = {"status": "quoted", "value": "10", "currency": "MXN"}
        r = client.open(url, method=method, data=data)
        assert r.status_code == expected[role], (role, method, url, r.status_code)
        if r.status_code == 302 and role == "anonymous":
            assert "/auth/login" in r.headers["Location"]
    status = db.session.get(RfqResponse, world["resp"].id).status
    assert status == ("quoted" if role == "supplier" else "invited")
    invited = db.session.query(RfqResponse).filter_by(rfq_id=world["rfq"].id).count()
    assert invited == (2 if role == "buyer" else 1)


def test_foreign_buyer_sees_none_of_anothers_rfqs_in_the_list(client, auth, world):
    _as(auth, world, "other_buyer")
    assert "Piezas" not in client.get("/rfqs/").text
    _as(auth, world, "other_supplier")
    assert "Piezas" not in client.get("/rfqs/").text
    _as(auth, world, "supplier")
    assert "Piezas" in client.get("/rfqs/").text
    _as(auth, world, "manager")
    assert "Piezas" in client.get("/rfqs/").text


def test_unknown_rfq_and_response_are_404(client, auth, world):
    _as(auth, world, "manager")
    assert client.get("/rfqs/999999").status_code == 404
    _as(auth, world, "buyer")
    rfq = world["rfq"]
    assert (
        client.post(
            f"/rfqs/{rfq.id}/responses/999999/move", data={"status": "cancelled"}
        ).status_code
        == 404
    )
