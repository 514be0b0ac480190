"""The API's recommendations, shortlists and RFQs follow the pages' rules: who sees what,
who may change what, confidential values."""

from __future__ import annotations

from typing import Any

import pytest

from matchmaker.extensions import db
from matchmaker.models import RfqResponse, ShortlistEntry
from tests.web.test_api import assert_error, bearer

TROQUELADOS = "PIEZAS METALICAS TROQUELADAS"


@pytest.fixture()
def market(make: Any) -> dict[str, Any]:
    stamper = make.company(
        "tier2",
        legal_name=TROQUELADOS,
        state="Nuevo León",
        description="Troquelado y soldadura de piezas metálicas",
    )
    plastics = make.company(
        "tier3", legal_name="Plásticos Sur", state="Jalisco", description="Inyección de plástico"
    )
    oem_a, oem_b = make.company("oem"), make.company("oem")
    w = {
        "stamper": stamper,
        "plastics": plastics,
        "oem_a": oem_a,
        "oem_b": oem_b,
        "need": make.need(
            oem_a, title="Metal stamping and welding", description="Brackets in HSLA steel"
        ),
        "draft": make.need(oem_a, title="Draft", status="draft"),
    }
    for name, role, company in (
        ("buyer_a", "buyer", oem_a),
        ("buyer_b", "buyer", oem_b),
        ("stamper_user", "supplier", stamper),
        ("plastics_user", "supplier", plastics),
        ("organiser", "organiser", None),
        ("manager", "manager", None),
    ):
        w[name] = bearer(make.user(role, company=company, language="en"))
    return w


def test_recommendations_with_reasons_for_the_needs_buyers_and_staff(client, market):
    w = market
    url = f"/api/v1/needs/{w['need'].id}/matches"
    r = client.get(url, headers=w["buyer_a"])
    assert r.status_code == 200, r.text
    items = r.get_json()["items"]
    assert items[0]["supplier"]["id"] == w["stamper"].id and items[0]["reasons"]
    assert items[0]["score"] > 0 and items[0]["shortlisted"] is False
    assert "troquelado" in " ".join(
        client.get(url + "?lang=es", headers=w["buyer_a"]).get_json()["items"][0]["reasons"]
    )
    assert client.get(url, headers=w["organiser"]).status_code == 200
    assert_error(client.get(url, headers=w["buyer_b"]), 404)  # not its need
    assert_error(client.get(url, headers=w["stamper_user"]), 403)  # sees the need, not these
    assert_error(client.get(url + "?lang=fr", headers=w["buyer_a"]), 422)


def test_shortlist_add_list_remove(client, market):
    w = market
    url = f"/api/v1/needs/{w['need'].id}/shortlist"
    r = client.post(url, headers=w["buyer_a"], json={"supplier_id": w["stamper"].id})
    assert r.status_code == 201, r.text
    assert r.get_json()["supplier"]["id"] == w["stamper"].id
    body = client.get(url, headers=w["buyer_a"]).get_json()
    assert [e["supplier"]["id"] for e in body["items"]] == [w["stamper"].id]
    assert_error(client.get(url, headers=w["buyer_b"]), 404)
    assert_error(
        client.post(url, headers=w["stamper_user"], json={"supplier_id": w["stamper"].id}), 403
    )
    assert_error(client.post(url, headers=w["buyer_a"], json={"supplier_id": w["oem_b"].id}), 400)
    assert_error(client.delete(f"{url}/{w['stamper'].id}", headers=w["buyer_b"]), 404)
    assert client.delete(f"{url}/{w['stamper'].id}", headers=w["buyer_a"]).status_code == 204
    assert_error(client.delete(f"{url}/{w['stamper'].id}", headers=w["buyer_a"]), 404)
    assert db.session.query(ShortlistEntry).count() == 0


def test_fitting_needs_for_the_supplier_itself_and_staff(client, market):
    w = market
    url = f"/api/v1/companies/{w['stamper'].id}/fitting-needs"
    r = client.get(url, headers=w["stamper_user"])
    assert r.status_code == 200
    assert [i["need_id"] for i in r.get_json()["items"]] == [w["need"].id]
    assert client.get(url, headers=w["organiser"]).status_code == 200
    assert_error(client.get(url, headers=w["plastics_user"]), 403)
    assert_error(client.get(url, headers=w["buyer_a"]), 403)


def _issue(client: Any, w: dict[str, Any], **extra: Any) -> dict[str, Any]:
    r = client.post(
        "/api/v1/rfqs",
        headers=w["buyer_a"],
        json={
            "reference": "RFQ-1",
            "title": "Soportes",
            "quantity": 1000,
            "supplier_ids": [w["stamper"].id, w["plastics"].id],
            **extra,
        },
    )
    assert r.status_code == 201, r.text
    return r.get_json()


def test_rfq_life_cycle_through_the_api(client, market):
    w = market
    rfq = _issue(client, w)
    assert rfq["buyer"]["id"] == w["oem_a"].id and len(rfq["responses"]) == 2
    mine = next(r for r in rfq["responses"] if r["supplier"]["id"] == w["stamper"].id)
    assert mine["status"] == "invited" and mine["allowed_moves"] == ["cancelled"]
    move = f"/api/v1/rfqs/{rfq['id']}/responses/{mine['id']}/transitions"
    # The buyer cannot quote for the supplier; the supplier quotes.
    err = assert_error(
        client.post(
            move, headers=w["buyer_a"], json={"status": "quoted", "value": 10, "currency": "MXN"}
        ),
        422,
    )
    assert err["field"] == "status"
    r = client.post(
        move,
        headers=w["stamper_user"],
        json={"status": "quoted", "value": "125000.50", "currency": "MXN"},
    )
    assert r.status_code == 200, r.text
    assert r.get_json()["quoted_value"] == "125000.50"
    err = assert_error(
        client.post(
            move,
            headers=w["stamper_user"],
            json={"status": "quoted", "value": 1, "currency": "USD"},
        ),
        422,
    )
    assert err["field"] == "currency"  # no USD rate recorded
    r = client.post(
        move,
        headers=w["buyer_a"],
        json={"status": "awarded", "value": 240000, "currency": "MXN", "months": 24},
    )
    assert r.status_code == 200 and r.get_json()["awarded_annual_mxn"] == "120000.00"
    assert db.session.get(RfqResponse, mine["id"]).status == "awarded"
    assert_error(client.post(move, headers=w["buyer_a"], json={"status": "lost"}), 422)
    assert_error(client.post(move, headers=w["buyer_a"], json={"status": "won"}), 422)


def test_rfq_visibility_and_confidential_values(client, market):
    w = market
    rfq = _issue(client, w, confidential=True)
    stamper_resp = next(r for r in rfq["responses"] if r["supplier"]["id"] == w["stamper"].id)
    client.post(
        f"/api/v1/rfqs/{rfq['id']}/responses/{stamper_resp['id']}/transitions",
        headers=w["stamper_user"],
        json={"status": "quoted", "value": 9, "currency": "MXN"},
    )
    url = f"/api/v1/rfqs/{rfq['id']}"
    seen = client.get(url, headers=w["stamper_user"]).get_json()
    assert [r["supplier"]["id"] for r in seen["responses"]] == [w["stamper"].id]
    assert seen["responses"][0]["quoted_value"] == "9.00"
    plastics = client.get(url, headers=w["plastics_user"]).get_json()
    assert [r["supplier"]["id"] for r in plastics["responses"]] == [w["plastics"].id]
    org = client.get(url, headers=w["organiser"]).get_json()
    assert len(org["responses"]) == 2
    org_stamper = next(r for r in org["responses"] if r["supplier"]["id"] == w["stamper"].id)
    assert org_stamper["values_hidden"] is True and org_stamper["quoted_value"] is None
    assert_error(client.get(url, headers=w["buyer_b"]), 404)
    assert_error(
        client.post(
            f"{url}/responses/{stamper_resp['id']}/transitions",
            headers=w["plastics_user"],
            json={"status": "declined"},
        ),
        404,
    )
    assert client.get("/api/v1/rfqs", headers=w["buyer_b"]).get_json()["total"] == 0
    assert client.get("/api/v1/rfqs", headers=w["plastics_user"]).get_json()["total"] == 1
    assert client.get("/api/v1/rfqs?status=quoted", headers=w["organiser"]).get_json()["total"] == 1
    assert_error(
        client.post(
            "/api/v1/rfqs", headers=w["stamper_user"], json={"reference": "X", "title": "Y"}
        ),
        403,
    )
    err = assert_error(
        client.post(
            "/api/v1/rfqs",
            headers=w["buyer_a"],
            json={"reference": "RFQ-1", "title": "Dup", "supplier_ids": [w["stamper"].id]},
        ),
        422,
    )
    assert err["field"] == "reference"


def test_buyer_invites_another_supplier(client, market, make):
    w = market
    rfq = _issue(client, w, supplier_ids=[w["stamper"].id])
    url = f"/api/v1/rfqs/{rfq['id']}/invitations"
    assert_error(
        client.post(url, headers=w["buyer_b"], json={"supplier_id": w["plastics"].id}), 404
    )
    assert_error(
        client.post(url, headers=w["stamper_user"], json={"supplier_id": w["plastics"].id}), 403
    )
    r = client.post(url, headers=w["buyer_a"], json={"supplier_id": w["plastics"].id})
    assert r.status_code == 201 and len(r.get_json()["responses"]) == 2
    assert_error(
        client.post(url, headers=w["buyer_a"], json={"supplier_id": w["plastics"].id}), 422
    )
