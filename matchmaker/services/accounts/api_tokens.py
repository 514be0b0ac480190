"""Personal API tokens: create, list, revoke, and authenticate a request's bearer token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from matchmaker.extensions import db
from matchmaker.models import ApiToken, User
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.platform.access import require

PREFIX = "mm_"
MAX_ACTIVE = 20
# Writing last_used_at on every call would make each read a write; a minute is precise enough.
TOUCH_EVERY = timedelta(minutes=1)


def digest(secret: str) -> str:
    """The stored form of a secret: sha256 hex (the secret is long and random, so no salt)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def list_tokens(actor: Any) -> list[ApiToken]:
    """The user's own tokens, newest first."""
    require(bool(actor.is_authenticated))
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == actor.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


@atomic
def create_token(actor: Any, name: str) -> tuple[ApiToken, str]:
    """A user creates a token for itself; the secret is returned once and never stored."""
    require(bool(actor.is_authenticated))
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the token a name."), field="name")
    if len(name) > 80:
        raise ServiceError(_("The name is too long (80 characters at most)."), field="name")
    active = sum(1 for t in list_tokens(actor) if t.active)
    if active >= MAX_ACTIVE:
        raise ServiceError(_("You have too many tokens; revoke one first."), field="name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=actor.id, name=name, token_hash=digest(secret), prefix=secret[:10])
    db.session.add(token)
    return token, secret


@atomic
def revoke_token(actor: Any, token_id: int) -> None:
    """A user revokes one of its own tokens; others' tokens are not found."""
    require(bool(actor.is_authenticated))
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def authenticate(secret: str) -> User | None:
    """The active user behind a bearer secret, or None; notes when the token was last used."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    last = token.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite drops the zone
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last > TOUCH_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token.user
