"""Fixtures for the app: one database per test session (SQLite by default, PostgreSQL when
TEST_DATABASE_URL says so), migrated with the real migrations, emptied after each test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
KEEP_TABLES = {"alembic_version", "taxonomy_terms"}
PASSWORD = "correct-horse-battery"


def _postgres_url(url: str) -> str:
    """Create (anew) the test database named in the URL; each xdist worker gets its own."""
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    base, name = url.rsplit("/", 1)
    name = re.sub(r"\W", "", name + (f"_{worker}" if worker else ""))
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the translation catalogues, so that a fresh checkout tests both languages."""
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "compile"], check=True)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        return _postgres_url(url)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.services.catalogue.taxonomy import sync_taxonomy

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox")),
            "WTF_CSRF_ENABLED": False,
            "LOGIN_RATE_LIMIT": "1000 per minute",
        },
        env="testing",
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        sync_taxonomy()
    yield app
    with app.app_context():
        from matchmaker.extensions import db

        db.session.remove()
        db.engine.dispose()


def _empty_tables(app: Flask) -> None:
    from matchmaker.extensions import db

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in KEEP_TABLES:
                    conn.execute(text(f'DELETE FROM "{table.name}"'))


@pytest.fixture()
def ctx(app: Flask) -> Iterator[Flask]:
    """An app context on an empty database (taxonomy kept)."""
    with app.app_context():
        yield app
    _empty_tables(app)


class IsolatedClient(FlaskClient):
    """Runs each request in a thread of its own, so that it gets its own app context, database
    session and language, as in production, rather than sharing the test's."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        from concurrent.futures import ThreadPoolExecutor

        from matchmaker.extensions import db

        db.session.rollback()  # end the test's read transaction: see the request's writes
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(FlaskClient.open, self, *args, **kwargs).result()


@pytest.fixture()
def client(ctx: Flask) -> FlaskClient:
    ctx.test_client_class = IsolatedClient
    return ctx.test_client()


@pytest.fixture(scope="session")
def password_hash() -> str:
    from matchmaker.services.accounts.users import hash_password

    return hash_password(PASSWORD)


class Factory:
    """Makes companies, users and needs straight in the database."""

    def __init__(self, password_hash: str) -> None:
        self.password_hash = password_hash
        self.n = 0

    def company(self, kind: str = "tier2", status: str = "approved", **kw: Any) -> Any:
        from matchmaker.extensions import db
        from matchmaker.models import Company
        from matchmaker.services.catalogue.companies import search_text

        self.n += 1
        company = Company(
            kind=kind,
            status=status,
            legal_name=kw.pop("legal_name", f"Empresa {self.n} SA de CV"),
            description=kw.pop("description", ""),
            search_text="",
            **kw,
        )
        company.search_text = search_text(company, [])
        db.session.add(company)
        db.session.commit()
        return company

    def user(
        self, *roles: str, company: Any = None, email: str | None = None, language: str = "es"
    ) -> Any:
        from matchmaker.extensions import db
        from matchmaker.models import User, UserRole

        self.n += 1
        user = User(
            email=email or f"user{self.n}@example.mx",
            name=f"User {self.n}",
            password_hash=self.password_hash,
            language=language,
            company_id=company.id if company else None,
            role_rows=[UserRole(role=r) for r in roles],
        )
        db.session.add(user)
        db.session.commit()
        return user

    def need(self, company: Any, **kw: Any) -> Any:
        from matchmaker.extensions import db
        from matchmaker.models import Need

        need = Need(
            company_id=company.id,
            title=kw.pop("title", "Piezas estampadas"),
            status=kw.pop("status", "open"),
            **kw,
        )
        db.session.add(need)
        db.session.commit()
        return need


@pytest.fixture()
def make(ctx: Flask, password_hash: str) -> Factory:
    return Factory(password_hash)


class Auth:
    """Logs a test client in and out, as flaskr's AuthActions."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, user_or_email: Any, password: str = PASSWORD) -> Any:
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/auth/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self.client.post("/auth/logout")


@pytest.fixture()
def auth(client: FlaskClient) -> Auth:
    return Auth(client)
