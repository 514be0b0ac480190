"""Settings from environment variables, one class per environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

MB = 1024 * 1024
# Signs sessions in development and tests only: production refuses it (check_secret_key).
DEV_SECRET = "dev-only-not-secret"
MIN_SECRET_LENGTH = 32
SECRET_HOWTO = (
    "Set SECRET_KEY to a long random value (at least 32 characters), for example:\n"
    "  export SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\""
)


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None: SQLite in instance/
    # One pooled connection per worker thread (gunicorn gthread), so none is opened per request.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {
        "pool_pre_ping": True,
        "pool_size": 10,
        "max_overflow": 10,
    }
    LANGUAGES = ("es", "en")
    BABEL_DEFAULT_LOCALE = os.environ.get("MATCHMAKER_LANG", "es")
    BABEL_DEFAULT_TIMEZONE = "America/Monterrey"
    # Uploads: a spreadsheet of the largest cluster is a few MB; refuse the rest early.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "10")) * MB
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
    IMPORT_MAX_UNZIPPED = 100 * MB
    CATALOGUE_PAGE_SIZE = 25
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SECURE_COOKIES", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    REDIS_URL = os.environ.get("REDIS_URL")  # set: long jobs go to RQ; unset: run in-process
    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX")  # folder for mail in development
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_USER = os.environ.get("SMTP_USER")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "matchmaker@localhost")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")


class ProductionConfig(Config):
    """Behind TLS: secure cookies and a real secret are required."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "")  # no default: check_secret_key refuses
    REQUIRE_STRONG_SECRET = True


class DevelopmentConfig(Config):
    """The demo on 127.0.0.1 over plain HTTP: cookies cannot be Secure there."""

    SESSION_COOKIE_SECURE = _bool("SECURE_COOKIES", False)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


class TestingConfig(Config):
    """Used by the test suite; the suite passes the database URL itself."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SESSION_COOKIE_SECURE = True
    RATELIMIT_STORAGE_URI = "memory://"
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    # Jobs (mail included) run right after the commit, in the request's thread: a test sees
    # their result, and no thread outlives the test. Tests of the thread path turn it off.
    JOBS_INLINE = True


CONFIGS = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def config_for(name: str | None) -> type[Config]:
    """The settings class for MATCHMAKER_ENV (development unless told otherwise)."""
    return CONFIGS.get(
        (name or os.environ.get("MATCHMAKER_ENV") or "development").lower(), DevelopmentConfig
    )


def default_sqlite_uri(instance_path: str) -> str:
    """The embedded default database: a SQLite file in the instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(instance_path) / "matchmaker.sqlite3")


class InsecureSecretKey(RuntimeError):
    """Production was asked to start with no secret, the public default or a short one."""


def check_secret_key(config: Any) -> None:
    """Refuse to run production with a secret anyone could know: sessions and remember
    cookies signed with it could be forged offline for any user."""
    if not config.get("REQUIRE_STRONG_SECRET"):
        return
    secret = config.get("SECRET_KEY") or ""
    if isinstance(secret, bytes):
        secret = secret.decode("utf-8", "replace")
    if secret == DEV_SECRET or len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < 8:
        problem = (
            "SECRET_KEY is not set"
            if not secret
            else "SECRET_KEY is the public development default"
            if secret == DEV_SECRET
            else "SECRET_KEY is too short or too simple"
        )
        raise InsecureSecretKey(f"Refusing to start in production: {problem}.\n{SECRET_HOWTO}")
