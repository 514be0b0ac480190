"""A probe over every route of the app: for each role (and anonymous), GET and POST with real
and unknown ids must never give a server error, and anonymous users get nothing private."""

from __future__ import annotations

import re

import pytest

# Pages anyone may open without logging in.
PUBLIC = {
    "main.home",
    "main.help",
    "main.set_language",
    "auth.login",
    "auth.register",
    "auth.accept",
    "auth.forgot_password",
    "auth.reset_password",
    "static",
}
# Token links that work without an account (the token is the key).
TOKEN_PREFIXES = ("/events/feed/", "/followups/", "/f/")
ROLES = ["anonymous", "supplier", "buyer", "organiser", "manager", "admin"]


def _world(make):
    cluster = make.company("institution", legal_name="Clúster")
    supplier_co = make.company("tier2", legal_name="Proveedor A")
    buyer_co = make.company("oem", legal_name="OEM B")
    users = {
        "supplier": make.user("supplier", company=supplier_co),
        "buyer": make.user("buyer", company=buyer_co),
        "organiser": make.user("organiser", company=cluster),
        "manager": make.user("manager", company=cluster),
        "admin": make.user("admin", company=cluster),
    }
    make.need(buyer_co, title="Necesidad")
    return users


def _urls(app, value: str):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("api"):
            continue
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", value, rule.rule)
        yield rule, url


@pytest.mark.parametrize("value", ["1", "999999"])
def test_no_route_gives_a_server_error_for_any_role(app, client, make, auth, value):
    users = _world(make)
    for role in ROLES:
        if role != "anonymous":
            auth.login(users[role])
        for rule, url in _urls(app, value):
            for method in ("GET", "POST"):
                if method not in rule.methods:
                    continue
                r = client.open(url, method=method, data={})
                assert r.status_code < 500, f"{role} {method} {url}: {r.status_code}"
                if (
                    role == "anonymous"
                    and rule.endpoint not in PUBLIC
                    and not url.startswith(TOKEN_PREFIXES)
                ):
                    assert r.status_code in (302, 400, 401, 403, 404, 405), (
                        f"anonymous {method} {url}: {r.status_code}"
                    )
                    if r.status_code == 302:
                        assert "/auth/login" in r.headers["Location"], url
        if role != "anonymous":
            auth.logout()
