"""The JSON API: tokens, authentication, the error shape, pagination, and the same permission
rules as the pages for companies, capabilities and needs."""

from __future__ import annotations

from typing import Any

import pytest

from matchmaker.extensions import db
from matchmaker.models import ApiToken, Company, Need
from matchmaker.services.accounts.api_tokens import create_token


def bearer(user: Any) -> dict[str, str]:
    """An Authorization header with a fresh token of the user's."""
    _token, secret = create_token(user, "tests")
    return {"Authorization": f"Bearer {secret}"}


def assert_error(r: Any, status: int) -> dict[str, Any]:
    """Every error has the one JSON shape."""
    assert r.status_code == status, r.text
    assert r.is_json, r.text
    body = r.get_json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "message", "field", "errors"}
    assert err["status"] == status and err["message"]
    assert all(set(e) == {"field", "message"} for e in err["errors"])
    return err


@pytest.fixture()
def world(make):
    """Two buyers (OEMs), two suppliers, an organiser, a manager and some needs."""
    oem_a, oem_b = make.company("oem"), make.company("oem")
    sup_a, sup_b = make.company("tier2"), make.company("tier1")
    pending = make.company("tier3", status="pending")
    w = {
        "oem_a": oem_a,
        "oem_b": oem_b,
        "sup_a": sup_a,
        "sup_b": sup_b,
        "pending": pending,
        "buyer_a": make.user("buyer", company=oem_a),
        "buyer_b": make.user("buyer", company=oem_b),
        "supplier_a": make.user("supplier", company=sup_a),
        "supplier_b": make.user("supplier", company=sup_b),
        "pending_user": make.user("supplier", company=pending),
        "organiser": make.user("organiser"),
        "manager": make.user("manager"),
        "open_a": make.need(oem_a, title="Estampado abierto"),
        "draft_a": make.need(oem_a, title="Borrador", status="draft"),
        "open_b": make.need(oem_b, title="Fundición abierta"),
    }
    return w


# Tokens -----------------------------------------------------------------------------------


def test_token_page_creates_shows_once_and_revokes(client, make, auth):
    user = make.user("supplier", company=make.company())
    auth.login(user)
    r = client.post("/api/tokens/", data={"name": "ERP"})
    assert r.status_code == 200
    token = db.session.query(ApiToken).one()
    import re

    secret = re.search(r'<code id="new-token">([^<]+)</code>', r.text).group(1)
    assert secret.startswith("mm_") and token.token_hash != secret and secret not in token.prefix
    assert secret not in client.get("/api/tokens/").text  # shown once
    auth.logout()
    r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 200 and r.get_json()["id"] == user.id
    assert db.session.get(ApiToken, token.id).last_used_at is not None
    auth.login(user)
    assert client.post(f"/api/tokens/{token.id}/revoke").status_code == 302
    auth.logout()
    r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert_error(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_needs_a_name_and_others_tokens_cannot_be_revoked(client, make, auth):
    owner = make.user("buyer", company=make.company("oem"))
    other = make.user("supplier", company=make.company())
    token, _secret = create_token(owner, "mine")
    auth.login(other)
    assert client.post("/api/tokens/", data={"name": " "}).status_code == 400
    assert client.post(f"/api/tokens/{token.id}/revoke").status_code == 404
    assert db.session.get(ApiToken, token.id).revoked_at is None
    assert client.get("/api/tokens/").status_code == 200


def test_token_page_needs_login(client):
    assert client.get("/api/tokens/").status_code == 302


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer mm_nope",
        "Basic dXNlcjpwYXNz",
        "Token x",
        "Bearer " + "mm_" + "x" * 300,
    ],
)
def test_anonymous_and_bad_tokens_get_401(client, header):
    headers = {"Authorization": header} if header else {}
    for path in (
        "/api/v1/me",
        "/api/v1/companies",
        "/api/v1/needs",
        "/api/v1/capabilities",
        "/api/v1/companies/1",
        "/api/v1/needs/1",
    ):
        assert_error(client.get(path, headers=headers), 401)
    assert_error(client.post("/api/v1/needs", json={"title": "x"}, headers=headers), 401)


def test_session_cookie_is_not_accepted(client, make, auth):
    auth.login(make.user("organiser"))
    assert client.get("/needs/").status_code == 200
    assert_error(client.get("/api/v1/me"), 401)
    assert_error(client.post("/api/v1/needs", json={"title": "x"}), 401)


def test_inactive_users_token_is_refused(client, make):
    user = make.user("buyer", company=make.company("oem"))
    headers = bearer(user)
    user.active = False
    db.session.commit()
    assert_error(client.get("/api/v1/me", headers=headers), 401)


# The error shape --------------------------------------------------------------------------


def test_errors_share_one_json_shape(client, make):
    headers = bearer(make.user("buyer", company=make.company("oem")))
    assert_error(client.get("/api/v1/nothing-here", headers=headers), 404)
    assert_error(
        client.get("/api/v1/events/73050522283675136000/participants/%0D%0Ax", headers=headers), 404
    )
    assert_error(client.get("/api/v1/needs/999999", headers=headers), 404)
    assert_error(client.get("/api/v1/needs/abc", headers=headers), 404)
    err = assert_error(client.delete("/api/v1/needs", headers=headers), 405)
    assert err["message"]
    assert_error(client.put("/api/v1/companies/1", headers=headers), 405)
    err = assert_error(client.get("/api/v1/needs?per_page=1000", headers=headers), 422)
    assert err["field"] == "per_page"
    err = assert_error(client.post("/api/v1/needs", headers=headers, json={"title": 5}), 422)
    assert err["errors"][0]["field"] == "title"
    assert_error(
        client.post(
            "/api/v1/needs", headers=headers, data="{nope", content_type="application/json"
        ),
        400,
    )
    err = assert_error(
        client.post(
            "/api/v1/needs",
            headers=headers,
            json={"title": "x", "annual_volume": 5, "preferred_states": ["Atlantis"]},
        ),
        422,
    )
    assert err["field"] == "preferred_states"


def test_docs_and_openapi_are_public(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.get_json()["openapi"].startswith("3.")
    assert "/api/v1/needs" in r.get_json()["paths"]
    r = client.get("/api/v1/docs")
    assert r.status_code == 200 and "swagger-ui-bundle.js" in r.text
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "<script>" not in r.text  # no inline script under the CSP
    for path in (
        "/api/v1/docs/swagger/swagger-ui-bundle.js",
        "/api/v1/docs/static/docs.js",
        "/api/v1/docs/swagger/swagger-ui.css",
    ):
        with client.get(path) as r:
            assert r.status_code == 200
    assert_error(client.get("/api/v1/docs/swagger/index.html"), 404)


# Companies --------------------------------------------------------------------------------


def test_company_list_is_paginated(client, make):
    for _ in range(5):
        make.company("tier2")
    headers = bearer(make.user("buyer", company=make.company("oem")))
    body = client.get("/api/v1/companies?per_page=2", headers=headers).get_json()
    assert body["total"] == 5 and body["pages"] == 3 and len(body["items"]) == 2
    assert body["links"]["prev"] is None and "page=2" in body["links"]["next"]
    page3 = client.get(body["links"]["last"], headers=headers).get_json()
    assert len(page3["items"]) == 1 and page3["links"]["next"] is None
    ids = {
        c["id"]
        for p in (1, 2, 3)
        for c in client.get(f"/api/v1/companies?per_page=2&page={p}", headers=headers).get_json()[
            "items"
        ]
    }
    assert len(ids) == 5
    beyond = client.get("/api/v1/companies?per_page=2&page=9", headers=headers).get_json()
    assert beyond["items"] == [] and beyond["total"] == 5


def test_company_visibility_follows_the_pages(client, world):
    w = world
    sup = bearer(w["supplier_a"])
    listed = {
        c["id"]
        for c in client.get("/api/v1/companies?per_page=100", headers=sup).get_json()["items"]
    }
    assert listed == {w["sup_a"].id, w["sup_b"].id}  # approved suppliers only
    assert client.get(f"/api/v1/companies/{w['sup_b'].id}", headers=sup).status_code == 200
    assert_error(client.get(f"/api/v1/companies/{w['pending'].id}", headers=sup), 404)
    own = bearer(w["pending_user"])
    assert client.get(f"/api/v1/companies/{w['pending'].id}", headers=own).status_code == 200
    org = bearer(w["organiser"])
    assert client.get(f"/api/v1/companies/{w['pending'].id}", headers=org).status_code == 200
    man = bearer(w["manager"])
    assert client.get(f"/api/v1/companies/{w['pending'].id}", headers=man).status_code == 200


def test_supplier_updates_own_company_only(client, world):
    w = world
    sup = bearer(w["supplier_a"])
    r = client.patch(
        f"/api/v1/companies/{w['sup_a'].id}",
        headers=sup,
        json={
            "description": "Estampado progresivo",
            "capabilities": ["stamping"],
            "certifications": {"iatf_16949": "2027-01-31"},
            "kind": "oem",
            "state": "Nuevo León",
            "employees": 120,
        },
    )
    assert r.status_code == 200, r.text
    body = r.get_json()
    assert body["description"] == "Estampado progresivo" and body["capabilities"] == ["stamping"]
    assert body["kind"] == "tier2"  # only staff re-classify
    assert body["certifications"][0]["expires_on"] == "2027-01-31"
    assert body["legal_name"] == w["sup_a"].legal_name  # untouched
    assert_error(
        client.patch(
            f"/api/v1/companies/{w['sup_b'].id}", headers=sup, json={"description": "hack"}
        ),
        403,
    )
    assert_error(
        client.patch(
            f"/api/v1/companies/{w['pending'].id}", headers=sup, json={"description": "hack"}
        ),
        404,
    )
    assert db.session.get(Company, w["sup_b"].id).description == ""
    err = assert_error(
        client.patch(
            f"/api/v1/companies/{w['sup_a'].id}",
            headers=sup,
            json={"website": "not a url", "rfc": "XX"},
        ),
        422,
    )
    assert {e["field"] for e in err["errors"]} == {"website", "rfc"}
    assert_error(
        client.patch(f"/api/v1/companies/{w['sup_a'].id}", headers=sup, json={"legal_name": ""}),
        422,
    )
    org = bearer(w["organiser"])
    r = client.patch(f"/api/v1/companies/{w['sup_b'].id}", headers=org, json={"kind": "tier3"})
    assert r.status_code == 200 and r.get_json()["kind"] == "tier3"
    man = bearer(w["manager"])
    assert_error(
        client.patch(f"/api/v1/companies/{w['sup_b'].id}", headers=man, json={"description": "x"}),
        403,
    )


def test_capabilities_are_listed_and_filtered(client, make):
    headers = bearer(make.user("supplier", company=make.company()))
    body = client.get("/api/v1/capabilities?kind=process&per_page=100", headers=headers).get_json()
    assert body["total"] > 5 and all(t["kind"] == "process" for t in body["items"])
    body = client.get("/api/v1/capabilities?q=estampado", headers=headers).get_json()
    assert "stamping" in {t["key"] for t in body["items"]}
    assert_error(client.get("/api/v1/capabilities?kind=colour", headers=headers), 422)


# Needs ------------------------------------------------------------------------------------


def test_need_visibility_by_role(client, world):
    w = world
    ids = {k: w[k].id for k in ("open_a", "draft_a", "open_b")}

    def listed(user: str) -> set[int]:
        r = client.get("/api/v1/needs?per_page=100", headers=bearer(w[user]))
        return {n["id"] for n in r.get_json()["items"]}

    assert listed("buyer_a") == {ids["open_a"], ids["draft_a"]}
    assert listed("buyer_b") == {ids["open_b"]}
    assert listed("supplier_a") == {ids["open_a"], ids["open_b"]}
    assert listed("organiser") == set(ids.values()) == listed("manager")
    b = bearer(w["buyer_b"])
    assert_error(client.get(f"/api/v1/needs/{ids['open_a']}", headers=b), 404)
    assert_error(client.get(f"/api/v1/needs/{ids['draft_a']}", headers=b), 404)
    s = bearer(w["supplier_a"])
    assert client.get(f"/api/v1/needs/{ids['open_a']}", headers=s).status_code == 200
    assert_error(client.get(f"/api/v1/needs/{ids['draft_a']}", headers=s), 404)
    r = client.get("/api/v1/needs?status=draft", headers=bearer(w["buyer_a"]))
    assert [n["id"] for n in r.get_json()["items"]] == [ids["draft_a"]]


def test_buyer_creates_updates_and_closes_a_need(client, world):
    w = world
    a = bearer(w["buyer_a"])
    r = client.post(
        "/api/v1/needs",
        headers=a,
        json={
            "title": "Soportes estampados",
            "capabilities": ["stamping"],
            "certifications": ["IATF 16949"],
            "annual_volume": 120000,
            "target_start": "2027-02-01",
            "preferred_states": ["nuevo leon"],
        },
    )
    assert r.status_code == 201, r.text
    body = r.get_json()
    assert body["company_id"] == w["oem_a"].id and body["status"] == "open"
    assert body["certifications"] == ["iatf_16949"] and body["capabilities"] == ["stamping"]
    assert body["preferred_states"] == ["Nuevo León"]
    need_id = body["id"]
    r = client.patch(f"/api/v1/needs/{need_id}", headers=a, json={"status": "closed"})
    assert r.status_code == 200 and r.get_json()["closed_at"] is not None
    assert r.get_json()["title"] == "Soportes estampados"  # untouched
    b = bearer(w["buyer_b"])
    assert_error(
        client.patch(f"/api/v1/needs/{w['open_a'].id}", headers=b, json={"title": "x"}), 404
    )
    s = bearer(w["supplier_a"])
    assert_error(
        client.patch(f"/api/v1/needs/{w['open_a'].id}", headers=s, json={"title": "x"}), 403
    )
    assert_error(client.post("/api/v1/needs", headers=s, json={"title": "x"}), 403)
    assert db.session.get(Need, w["open_a"].id).title == "Estampado abierto"
    err = assert_error(client.post("/api/v1/needs", headers=a, json={"title": ""}), 422)
    assert err["field"] == "title"
    assert_error(client.post("/api/v1/needs", headers=a, json={"title": "x", "extra": 1}), 422)
    org = bearer(w["organiser"])
    r = client.patch(f"/api/v1/needs/{w['open_b'].id}", headers=org, json={"title": "Revisada"})
    assert r.status_code == 200 and r.get_json()["title"] == "Revisada"


def test_rate_limit_answers_429_in_the_error_shape(client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    headers = bearer(make.user("supplier", company=make.company()))
    for _ in range(3):
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert_error(client.get("/api/v1/needs", headers=headers), 429)
    other = bearer(make.user("supplier", company=make.company()))
    assert client.get("/api/v1/me", headers=other).status_code == 200  # its own budget


def test_every_operation_refuses_anonymous_callers(client, app):
    """Walk the OpenAPI document: without a token every operation answers 401."""
    import re

    spec = client.get("/api/v1/openapi.json").get_json()
    assert len(spec["paths"]) >= 20
    for path, item in spec["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in item:
            if method == "parameters":
                continue
            r = client.open(url, method=method.upper(), json={} if method != "get" else None)
            assert_error(r, 401)


def test_api_needs_no_csrf_token_but_pages_do(app, make, tmp_path):
    """With CSRF on, as in production: token calls go through, cookie-less; forms still need
    their CSRF token."""
    from matchmaker import create_app

    csrf_app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MAIL_OUTBOX": str(tmp_path),
            "WTF_CSRF_ENABLED": True,
        },
        env="testing",
    )
    buyer = make.user("buyer", company=make.company("oem"))
    headers = bearer(buyer)
    with csrf_app.test_client() as c:
        r = c.post("/api/v1/needs", headers=headers, json={"title": "Sin CSRF"})
        assert r.status_code == 201, r.text
        assert "Set-Cookie" not in r.headers
        assert c.post("/api/tokens/", data={"name": "x"}).status_code == 400  # no CSRF token
    assert db.session.query(ApiToken).count() == 1
    with csrf_app.app_context():
        db.engine.dispose()


def test_ids_beyond_the_databases_integers_are_not_found(client, make):
    headers = bearer(make.user("organiser"))
    for path in (
        "/api/v1/needs/2147483648",
        "/api/v1/companies/262686753984965",
        "/api/v1/events/99999999999999999",
        "/api/v1/rfqs/1234567890123456789012",
    ):
        assert_error(client.get(path, headers=headers), 404)
