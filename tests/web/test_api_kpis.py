"""The API's dashboard figures: staff and managers for the cluster; a company's own people
for its own figures; confidential values stay out of others' company views."""

from __future__ import annotations

from tests.web.test_api import assert_error, bearer


def test_cluster_kpis_for_staff_and_managers_only(client, make):
    sup = make.company("tier2")
    oem = make.company("oem")
    headers = {
        role: bearer(make.user(role, company=company))
        for role, company in (
            ("organiser", None),
            ("manager", None),
            ("supplier", sup),
            ("buyer", oem),
        )
    }
    r = client.get("/api/v1/kpis?quarter=2026-Q3&tier=2", headers=headers["organiser"])
    assert r.status_code == 200, r.text
    body = r.get_json()
    assert body["rfqs"] == 0 and body["awarded_mxn"] == "0.00" and "by_status" in body
    assert client.get("/api/v1/kpis", headers=headers["manager"]).status_code == 200
    assert_error(client.get("/api/v1/kpis", headers=headers["supplier"]), 403)
    assert_error(client.get("/api/v1/kpis", headers=headers["buyer"]), 403)
    err = assert_error(
        client.get("/api/v1/kpis?quarter=2026-Q5", headers=headers["organiser"]), 422
    )
    assert err["field"] == "quarter"
    assert_error(client.get("/api/v1/kpis?event=99999999999", headers=headers["organiser"]), 422)


def test_company_kpis_for_its_own_people_and_staff(client, make):
    sup, other = make.company("tier2"), make.company("tier2")
    mine = bearer(make.user("supplier", company=sup))
    assert (
        client.get(f"/api/v1/companies/{sup.id}/kpis?quarter=2026-Q1", headers=mine).status_code
        == 200
    )
    assert_error(client.get(f"/api/v1/companies/{other.id}/kpis", headers=mine), 404)
    org = bearer(make.user("organiser"))
    assert client.get(f"/api/v1/companies/{other.id}/kpis", headers=org).status_code == 200


def test_interactions_recorded_by_organisers_read_by_staff_and_managers(client, make):
    company = make.company("tier2")
    org = bearer(make.user("organiser"))
    man = bearer(make.user("manager"))
    sup = bearer(make.user("supplier", company=company))
    body = {
        "company_id": company.id,
        "kind": "introduction",
        "on": "2026-09-01",
        "summary": "Presentado a OEM Norte",
        "value_mxn": "15000.5",
    }
    r = client.post("/api/v1/interactions", headers=org, json=body)
    assert r.status_code == 201, r.text
    assert r.get_json()["value_mxn"] == "15000.50"
    assert_error(client.post("/api/v1/interactions", headers=man, json=body), 403)
    assert_error(client.post("/api/v1/interactions", headers=sup, json=body), 403)
    err = assert_error(
        client.post("/api/v1/interactions", headers=org, json={**body, "company_id": 999999}), 422
    )
    assert err["field"] == "company_id"
    listed = client.get(f"/api/v1/interactions?company_id={company.id}", headers=man)
    assert listed.get_json()["total"] == 1
    assert_error(client.get("/api/v1/interactions", headers=sup), 403)
