"""Accounts: registration, login, logout, rate limits, languages, invitations, roles."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, Company, User


def test_register_creates_pending_company_and_logs_in(client):
    r = client.post(
        "/auth/register",
        data={
            "email": "Ana@Troqueles.mx",
            "name": "Ana",
            "password": "long-enough-pass",
            "company_name": "Troqueles Ana SA de CV",
            "kind": "tier2",
            "role": "supplier",
            "language": "en",
        },
    )
    assert r.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ana@troqueles.mx"))
    assert user is not None and user.roles == {"supplier"} and user.language == "en"
    assert user.company.status == "pending"
    assert user.password_hash.startswith("$argon2id$")
    page = client.get(r.headers["Location"])
    assert page.status_code == 200 and "Troqueles Ana" in page.text
    # Until approved, the company sees its own profile and nothing else, and is told why.
    closed = client.get("/companies/")
    assert closed.status_code == 403 and "waiting for approval" in closed.text


def test_register_refuses_bad_input_and_saves_nothing(client):
    r = client.post(
        "/auth/register",
        data={
            "email": "not-an-email",
            "name": "Ana",
            "password": "short",
            "company_name": "X",
            "kind": "tier2",
            "role": "supplier",
            "language": "es",
        },
    )
    assert r.status_code == 400
    assert db.session.scalar(select(Company)) is None
    r = client.post(
        "/auth/register",
        data={
            "email": "a@b.mx",
            "name": "Ana",
            "password": "long-enough-pass",
            "company_name": "X",
            "kind": "tier2",
            "role": "admin",
            "language": "es",
        },
    )
    assert r.status_code == 400 and db.session.scalar(select(User)) is None


def test_login_logout_and_wrong_password(client, make, auth):
    user = make.user("supplier", company=make.company())
    assert auth.login(user, "wrong-password").status_code == 401
    r = auth.login(user)
    assert r.status_code == 302
    assert client.get("/companies/").status_code == 200
    assert auth.logout().status_code == 302
    r = client.get("/companies/")
    assert r.status_code == 302 and "/auth/login" in r.headers["Location"]


def test_login_is_rate_limited(app, client, make, auth):
    from matchmaker.extensions import limiter

    user = make.user("buyer", company=make.company("oem"))
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        codes = [auth.login(user, "bad-password-x").status_code for _ in range(4)]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
        limiter.reset()
    assert codes[:3] == [401, 401, 401] and codes[3] == 429


def test_session_cookie_is_secure_and_httponly(client, make, auth):
    r = auth.login(make.user("buyer", company=make.company("oem")))
    cookie = r.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_language_follows_the_user(client, make, auth):
    user = make.user("supplier", company=make.company(), language="es")
    auth.login(user)
    assert "Catálogo de proveedores" in client.get("/companies/").text
    client.post("/language", data={"language": "en", "next": "/companies/"})
    assert db.session.get(User, user.id).language == "en"
    assert "Supplier catalogue" in client.get("/companies/").text


def test_anonymous_language_switch(client):
    assert "Iniciar sesión" in client.get("/", headers={"Accept-Language": "es"}).text
    client.post("/language", data={"language": "en", "next": "//evil.example/"})
    r = client.get("/")
    assert "Log in" in r.text


def test_invitation_flow(app, client, make, auth):
    cluster = make.company("institution")
    supplier_co = make.company("tier2")
    organiser = make.user("organiser", company=cluster)
    auth.login(organiser)
    form = client.get("/admin/invite")
    assert form.status_code == 200 and f'value="{supplier_co.id}"' in form.text
    r = client.post(
        "/admin/invite",
        data={
            "email": "new@prov.mx",
            "company_id": supplier_co.id,
            "roles": ["supplier"],
            "language": "es",
        },
    )
    assert r.status_code == 302
    assert client.get(r.headers["Location"]).status_code == 200  # where it lands
    mails = list(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    newest = max(mails, key=lambda p: p.stat().st_mtime)
    body = email.message_from_bytes(newest.read_bytes(), policy=email.policy.default).get_content()
    token = re.search(r"/auth/invitation/([\w-]+)", body).group(1)
    auth.logout()
    r = client.post(
        f"/auth/invitation/{token}", data={"name": "Nuevo", "password": "a-good-pass-1"}
    )
    assert r.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new@prov.mx"))
    assert user.company_id == supplier_co.id and user.roles == {"supplier"}
    # The link works once.
    assert client.get(f"/auth/invitation/{token}").status_code == 404


def test_only_organisers_invite_and_only_admins_grant_admin(client, make, auth):
    company = make.company()
    auth.login(make.user("supplier", company=company))
    assert (
        client.post(
            "/admin/invite",
            data={"email": "x@y.mx", "company_id": company.id, "roles": ["supplier"]},
        ).status_code
        == 403
    )
    auth.logout()
    auth.login(make.user("organiser", company=make.company("institution")))
    r = client.post(
        "/admin/invite", data={"email": "x@y.mx", "company_id": company.id, "roles": ["admin"]}
    )
    assert r.status_code == 403


def test_admin_sets_roles_with_audit(client, make, auth):
    cluster = make.company("institution")
    target = make.user("supplier", company=make.company())
    auth.login(make.user("admin", company=cluster))
    r = client.post("/admin/users", data={"user_id": target.id, "roles": ["supplier", "buyer"]})
    assert r.status_code == 302
    assert db.session.get(User, target.id).roles == {"supplier", "buyer"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles"))
    assert entry.details == {"before": ["supplier"], "after": ["buyer", "supplier"]}


def test_organiser_cannot_set_roles(client, make, auth):
    target = make.user("supplier", company=make.company())
    auth.login(make.user("organiser", company=make.company("institution")))
    r = client.post("/admin/users", data={"user_id": target.id, "roles": ["admin"]})
    assert r.status_code == 403
    assert db.session.get(User, target.id).roles == {"supplier"}


def test_csrf_is_required_on_forms(app, client, make):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        user = make.user("buyer", company=make.company("oem"))
        r = client.post("/auth/login", data={"email": user.email, "password": "x"})
        assert r.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_security_headers_and_no_stack_traces(client):
    r = client.get("/nowhere")
    assert r.status_code == 404
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"
    assert "Traceback" not in r.text


def test_passwords_are_never_logged(client, make, auth, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    secret = "my-very-secret-passphrase"
    client.post(
        "/auth/register",
        data={
            "email": "log@x.mx",
            "name": "L",
            "password": secret,
            "company_name": "L SA",
            "kind": "tier2",
            "role": "supplier",
            "language": "es",
        },
    )
    auth.logout()
    auth.login("log@x.mx", secret)
    auth.login("log@x.mx", secret + "-wrong")
    assert caplog.records, "the app logged nothing at all: the check would be empty"
    assert all(secret not in r.getMessage() for r in caplog.records)
    user = db.session.scalar(select(User).where(User.email == "log@x.mx"))
    assert secret not in user.password_hash


def _last_mail(app) -> str:
    mails = list(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    newest = max(mails, key=lambda p: p.stat().st_mtime)
    return email.message_from_bytes(newest.read_bytes(), policy=email.policy.default).get_content()


def test_password_reset_by_mail_works_once(app, client, make, auth):
    user = make.user("supplier", company=make.company(), email="olvido@prov.mx")
    before = set(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    r = client.post("/auth/reset", data={"email": "nadie@prov.mx"})
    assert r.status_code == 200
    assert set(Path(app.config["MAIL_OUTBOX"]).glob("*.eml")) == before  # no mail, same answer
    same = client.post("/auth/reset", data={"email": "OLVIDO@prov.mx"})
    assert same.status_code == 200 and r.text.count("flash") == same.text.count("flash")
    token = re.search(r"/auth/reset/([\w.-]+)", _last_mail(app)).group(1)
    assert client.post(f"/auth/reset/{token}", data={"password": "short"}).status_code == 400
    r = client.post(f"/auth/reset/{token}", data={"password": "a-brand-new-pass"})
    assert r.status_code == 302
    assert client.get(f"/auth/reset/{token}").status_code == 404  # used: the hash changed
    assert auth.login(user).status_code == 401
    assert auth.login(user, "a-brand-new-pass").status_code == 302


def test_password_reset_is_rate_limited(app, client):
    from matchmaker.extensions import limiter

    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    limiter.reset()
    try:
        codes = [client.post("/auth/reset", data={"email": "x@y.mx"}).status_code for _ in range(3)]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
        limiter.reset()
    assert codes == [200, 200, 429]
