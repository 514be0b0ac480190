"""Accounts: registration, login, invitations, roles and language."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Company, CompanyKind, CompanyStatus, Invitation, Role, User, UserRole
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.platform import mail, validation
from matchmaker.services.platform.access import require, require_role
from matchmaker.services.platform.audit import record

_hasher = PasswordHasher()
log = logging.getLogger(__name__)
SELF_SERVICE_ROLES = (Role.SUPPLIER, Role.BUYER)
INVITATION_DAYS = 14


def hash_password(plain: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(plain)


def check_password(user: User, plain: str) -> bool:
    """True when the password is the user's; rehashes transparently if parameters changed."""
    try:
        _hasher.verify(user.password_hash, plain)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(plain)
    return True


def find_user(email: str) -> User | None:
    """The user with this e-mail, ignoring case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _clean_email(value: str) -> str:
    try:
        address = validation.email(value)
    except ValueError as e:
        raise ServiceError(str(e), field="email") from None
    if find_user(address) is not None:
        raise ServiceError(_("An account with this e-mail already exists."), field="email")
    return address


def _clean_password(value: str) -> str:
    try:
        return validation.password(value)
    except ValueError as e:
        raise ServiceError(str(e), field="password") from None


@atomic
def register(
    *, email: str, name: str, password: str, company_name: str, kind: str, role: str, language: str
) -> User:
    """Create a user and its company; the company waits for an organiser's approval."""
    if role not in SELF_SERVICE_ROLES:
        raise ServiceError(_("Choose supplier or buyer."), field="role")
    if kind not in {k.value for k in CompanyKind} or kind == CompanyKind.INSTITUTION:
        raise ServiceError(_("Choose the kind of company."), field="kind")
    if not name.strip() or not company_name.strip():
        raise ServiceError(_("Your name and your company's name are required."), field="name")
    company = Company(
        kind=kind,
        legal_name=company_name.strip(),
        status=CompanyStatus.PENDING,
        description="",
        search_text="",
    )
    user = User(
        email=_clean_email(email),
        name=name.strip(),
        password_hash=hash_password(_clean_password(password)),
        language=language if language in ("es", "en") else "es",
        company=company,
        role_rows=[UserRole(role=role)],
    )
    db.session.add_all([company, user])
    log.info("registered %s for a new %s company", user.email, kind)
    return user


@atomic
def authenticate(email: str, password: str) -> User:
    """The active user with these credentials; a ServiceError that says nothing more otherwise."""
    user = find_user(email)
    # Hash even for unknown e-mails so that timing does not reveal which accounts exist.
    ok = check_password(user, password) if user else (_hasher.hash(password) and False)
    if not user or not ok or not user.active:
        log.warning("login failed for %s", email.strip().lower()[:254])
        raise ServiceError(_("Wrong e-mail or password."))
    log.info("login succeeded for user %s", user.id)
    user.last_login_at = utcnow()
    return user


@atomic
def set_language(user: User, language: str) -> None:
    """Save the user's interface language."""
    if language not in ("es", "en"):
        raise ServiceError(_("Unknown language."))
    user.language = language


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@atomic
def invite(
    actor: Any, *, email: str, company: Company, roles: list[str], language: str
) -> tuple[Invitation, str]:
    """An organiser invites someone into a company; the link goes out by e-mail after the
    commit. Returns the invitation and its secret."""
    require_role(actor, Role.ORGANISER)
    roles = [r for r in roles if r in {x.value for x in Role}]
    if not roles:
        raise ServiceError(_("Choose at least one role."), field="roles")
    if Role.ADMIN in roles:
        require_role(actor, Role.ADMIN)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=_token_hash(token),
        email=_clean_email(email),
        company=company,
        roles=",".join(sorted(roles)),
        language=language if language in ("es", "en") else "es",
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    record(actor, "user.invited", company, email=invitation.email, roles=invitation.roles)
    mail.queue(
        invitation.email,
        _("Your invitation to matchmaker"),
        _(
            "You have been invited to join %(company)s on matchmaker. Open this link "
            "to create your account (valid 14 days):\n\n%(link)s",
            company=company.display_name,
            link=public_url("auth.accept", token=token),
        ),
    )
    return invitation, token


def open_invitation(token: str) -> Invitation:
    """The pending invitation for this secret, or a ServiceError."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ServiceError(_("This invitation is not valid or has already been used."))
    expires = invitation.expires_at
    if expires.tzinfo is None:  # SQLite returns naive datetimes
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    if expires < utcnow():
        raise ServiceError(_("This invitation has expired. Ask the organiser for a new one."))
    return invitation


@atomic
def accept_invitation(token: str, *, name: str, password: str) -> User:
    """Create the invited user's account."""
    invitation = open_invitation(token)
    if not name.strip():
        raise ServiceError(_("Your name is required."), field="name")
    user = User(
        email=_clean_email(invitation.email),
        name=name.strip(),
        password_hash=hash_password(_clean_password(password)),
        language=invitation.language,
        company_id=invitation.company_id,
        role_rows=[UserRole(role=r) for r in invitation.roles.split(",")],
    )
    invitation.accepted_at = utcnow()
    db.session.add(user)
    return user


@atomic
def set_roles(actor: Any, user: User, roles: list[str]) -> None:
    """An admin changes a user's roles; recorded in the audit trail."""
    require_role(actor, Role.ADMIN)
    wanted = {r for r in roles if r in {x.value for x in Role}}
    require(bool(wanted))
    before = sorted(user.roles)
    user.role_rows = [UserRole(role=r) for r in sorted(wanted)]
    record(actor, "user.roles", user, before=before, after=sorted(wanted))


def list_users(actor: Any) -> list[User]:
    """Every account, for organisers."""
    require_role(actor, Role.ORGANISER)
    return list(db.session.scalars(select(User).order_by(User.email)))


RESET_MAX_AGE = 3600  # seconds a reset link stays valid


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_token(user: User) -> str:
    """A signed link token for this user; it dies when the password changes (single use)."""
    return _reset_serializer().dumps({"u": user.id, "h": user.password_hash[-16:]})


@atomic
def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say nothing either way (no enumeration)."""
    user = find_user(email)
    if user is None or not user.active:
        log.info("password reset asked for an unknown or inactive account")
        return
    mail.queue(
        user.email,
        _("Reset your matchmaker password"),
        _(
            "Someone asked to reset the password of your matchmaker account. If it was "
            "you, open this link within an hour:\n\n%(link)s\n\nIf it was not, ignore "
            "this message; your password stays as it is.",
            link=public_url("auth.reset_password", token=reset_token(user)),
        ),
    )
    log.info("password reset link queued for user %s", user.id)


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute link to a page, for e-mails: PUBLIC_URL (not the request's host, and the
    same from a request, a command or a job) followed by the page's path."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + path


def user_for_reset(token: str) -> User:
    """The user a valid, unused reset token belongs to, or a ServiceError."""
    try:
        data = _reset_serializer().loads(token, max_age=RESET_MAX_AGE)
    except (BadSignature, SignatureExpired):
        raise ServiceError(_("This link is not valid or has expired. Ask for a new one.")) from None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("h") or not user.active:
        raise ServiceError(_("This link is not valid or has expired. Ask for a new one.")) from None
    return user


@atomic
def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link; the link cannot be used again."""
    user = user_for_reset(token)
    user.password_hash = hash_password(_clean_password(password))
    log.info("password reset for user %s", user.id)
    return user
