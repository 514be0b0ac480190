"""A company that is not approved sees and edits its own profile and nothing else, on the pages
and in the API, and is told why; once approved, the rest opens."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Company, Need, Rfq
from matchmaker.services.accounts.api_tokens import create_token

CLOSED_PAGES = (
    "/companies/",
    "/needs/",
    "/needs/new",
    "/events/",
    "/rfqs/",
    "/rfqs/new",
    "/api/tokens/",
)


@pytest.fixture()
def world(make):
    """An approved buyer with an open need, an approved supplier, and the companies waiting."""
    buyer_co = make.company("oem", legal_name="Armadora Aprobada")
    supplier_co = make.company(legal_name="Proveedor Aprobado")
    need = make.need(buyer_co, title="Piezas estampadas de acero")
    return {
        "buyer_co": buyer_co,
        "supplier_co": supplier_co,
        "need": need,
        "buyer": make.user("buyer", company=buyer_co),
    }


@pytest.mark.parametrize("status", ["pending", "rejected"])
@pytest.mark.parametrize("role", ["supplier", "buyer"])
def test_waiting_company_sees_only_its_profile(client, make, auth, world, status, role):
    mine = make.company(
        "oem" if role == "buyer" else "tier2", status=status, legal_name="Empresa en Espera"
    )
    auth.login(make.user(role, company=mine, language="en"))
    for url in CLOSED_PAGES + (
        f"/companies/{world['supplier_co'].id}",
        f"/companies/{world['buyer_co'].id}",
        f"/needs/{world['need'].id}",
    ):
        r = client.get(url)
        assert r.status_code == 403, url
        assert "Empresa en Espera" in r.text and f"/companies/{mine.id}" in r.text, url
    # What it may do: read and edit its own profile, read help, see why on the start page.
    assert client.get(f"/companies/{mine.id}").status_code == 200
    assert client.get(f"/companies/{mine.id}/edit").status_code == 200
    r = client.post(
        f"/companies/{mine.id}/edit",
        data={
            "legal_name": "Empresa en Espera",
            "kind": mine.kind,
            "description": "Troquelado de lámina",
        },
    )
    assert r.status_code == 302
    assert db.session.get(Company, mine.id).description == "Troquelado de lámina"
    home = client.get("/")
    assert home.status_code == 200
    assert ("waiting for approval" if status == "pending" else "was not approved") in home.text
    assert 'href="/companies/"' not in home.text  # no link into the closed catalogue
    assert client.get("/help").status_code == 200
    # Writes are refused too, and nothing is saved.
    assert client.post("/needs/new", data={"title": "Bujes", "description": "x"}).status_code == 403
    assert (
        client.post(
            "/rfqs/new", data={"title": "RFQ", "supplier_ids": [str(world["supplier_co"].id)]}
        ).status_code
        == 403
    )
    assert db.session.scalar(select(func.count()).select_from(Need)) == 1
    assert db.session.scalar(select(func.count()).select_from(Rfq)) == 0


def test_waiting_company_is_refused_by_the_api_with_the_reason(client, make, world):
    mine = make.company("oem", status="pending", legal_name="Empresa en Espera")
    user = make.user("buyer", company=mine, language="en")
    _token, secret = create_token(user, "script")
    headers = {"Authorization": f"Bearer {secret}"}
    for path in (
        "/api/v1/companies",
        f"/api/v1/companies/{world['supplier_co'].id}",
        "/api/v1/needs",
        f"/api/v1/needs/{world['need'].id}",
        "/api/v1/rfqs",
        "/api/v1/events",
    ):
        r = client.get(path, headers=headers)
        assert r.status_code == 403, path
        assert "waiting for approval" in r.get_json()["error"]["message"]
    r = client.post("/api/v1/needs", json={"title": "Bujes"}, headers=headers)
    assert r.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Need)) == 1
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    own = client.get(f"/api/v1/companies/{mine.id}", headers=headers)
    assert own.status_code == 200 and own.get_json()["legal_name"] == "Empresa en Espera"


def test_approval_opens_the_platform(client, make, auth, world):
    mine = make.company(status="pending", legal_name="Empresa en Espera")
    auth.login(make.user("supplier", company=mine))
    assert client.get(f"/needs/{world['need'].id}").status_code == 403
    mine.status = "approved"
    db.session.commit()
    for url in (
        "/companies/",
        "/needs/",
        f"/needs/{world['need'].id}",
        "/events/",
        "/rfqs/",
        f"/companies/{world['supplier_co'].id}",
    ):
        assert client.get(url).status_code == 200, url


def test_user_without_a_company_is_told_to_ask_for_one(client, make, auth):
    auth.login(make.user("supplier", language="en"))
    r = client.get("/companies/")
    assert r.status_code == 403 and "belongs to no company" in r.text


def test_staff_and_managers_are_not_gated(client, make, auth, world):
    for role in ("organiser", "manager"):
        auth.login(make.user(role))
        assert client.get("/companies/").status_code == 200
        assert client.get(f"/needs/{world['need'].id}").status_code == 200
        auth.logout()
