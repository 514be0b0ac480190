"""Who may see or change what. Every view goes through these checks via the services."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden, NotFound

from matchmaker.models import Company, CompanyStatus, Need, NeedStatus, Role


def is_staff(user: Any) -> bool:
    """Organisers and admins run the cluster's operations."""
    return bool(user.is_authenticated and user.has_role(Role.ORGANISER))


def sees_everything(user: Any) -> bool:
    """Staff and managers (the cluster board) may read every record."""
    return bool(user.is_authenticated and user.has_role(Role.ORGANISER, Role.MANAGER))


def is_cleared(user: Any) -> bool:
    """May use the platform beyond its own profile: staff and managers, and the people of an
    approved company. A pending, rejected or archived company sees and edits its own profile
    and nothing else until an organiser approves it."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ORGANISER, Role.MANAGER):
        return True
    company = user.company
    return company is not None and company.status == CompanyStatus.APPROVED


# Pages a logged-in user whose company is not approved may still open: the start page (which
# says why the rest is closed), help, language, the account, and its own company's profile.
OPEN_WHILE_WAITING = frozenset(
    {
        "static",
        "main.home",
        "main.help",
        "main.set_language",
        "auth.logout",
        "auth.account",
        "auth.login",
        "auth.register",
        "auth.accept",
        "auth.forgot_password",
        "auth.reset_password",
        "api_me.me",
    }
)
OWN_COMPANY_PAGES = frozenset(
    {
        "catalogue.profile",
        "catalogue.edit",
        "api_companies.get_company",
        "api_companies.update_company",
    }
)


def open_while_waiting(user: Any, endpoint: str | None, view_args: dict[str, Any] | None) -> bool:
    """Whether an authenticated but not cleared user may reach this endpoint."""
    if endpoint in OPEN_WHILE_WAITING:
        return True
    if endpoint in OWN_COMPANY_PAGES:
        company_id = (view_args or {}).get("company_id")
        return company_id is not None and company_id == user.company_id
    return False


def waiting_message(user: Any) -> str:
    """Why a user whose company is not approved sees only its own profile."""
    company = user.company
    if company is None:
        return _(
            "Your account belongs to no company yet. An organiser must link it to one "
            "before you can use the platform."
        )
    if company.status == CompanyStatus.REJECTED:
        return _(
            "%(name)s was not approved by the cluster's organisers. You can still see and "
            "edit its profile; contact the cluster to ask again.",
            name=company.display_name,
        )
    if company.status == CompanyStatus.ARCHIVED:
        return _(
            "%(name)s is archived. You can see its profile; contact the cluster to reactivate it.",
            name=company.display_name,
        )
    return _(
        "%(name)s is waiting for approval by the cluster's organisers. Until then you can "
        "see and edit its profile, and nothing else.",
        name=company.display_name,
    )


class NotCleared(Forbidden):
    """A request from a company that is not approved, for something beyond its profile."""

    def __init__(self, user: Any) -> None:
        super().__init__(waiting_message(user))


def gate(user: Any, endpoint: str | None, view_args: dict[str, Any] | None) -> None:
    """Refuse (403, saying why) anything but its own profile to a company not approved."""
    if (
        user.is_authenticated
        and not is_cleared(user)
        and not open_while_waiting(user, endpoint, view_args)
    ):
        raise NotCleared(user)


def require(condition: bool) -> None:
    """Refuse with 403 unless the condition holds."""
    if not condition:
        raise Forbidden()


def require_role(user: Any, *roles: str) -> None:
    """Refuse with 403 unless the user holds one of the roles."""
    require(bool(user.is_authenticated and user.has_role(*roles)))


def can_view_company(user: Any, company: Company) -> bool:
    """Approved companies are visible to members of approved companies; others only to their
    own people and staff."""
    if user.is_authenticated and user.company_id == company.id:
        return True
    if company.status == CompanyStatus.APPROVED:
        return is_cleared(user)
    return sees_everything(user)


def can_edit_company(user: Any, company: Company) -> bool:
    """A company is edited by its own supplier or buyer users, and by staff."""
    if is_staff(user):
        return True
    return bool(
        user.is_authenticated
        and user.company_id == company.id
        and user.has_role(Role.SUPPLIER, Role.BUYER)
        and company.status != CompanyStatus.ARCHIVED
    )


def visible_company(user: Any, company: Company | None) -> Company:
    """The company if the user may see it; 404 otherwise, so nothing leaks."""
    if company is None or not can_view_company(user, company):
        raise NotFound()
    return company


def can_view_need(user: Any, need: Need) -> bool:
    """Open needs are shown to suppliers of approved companies; drafts and closed ones to their
    company and staff."""
    if not is_cleared(user):
        return False
    if sees_everything(user) or user.company_id == need.company_id:
        return True
    return bool(need.status == NeedStatus.OPEN and user.has_role(Role.SUPPLIER))


def can_edit_need(user: Any, need: Need) -> bool:
    """Buyers of the need's (approved) company, and staff, may change it."""
    if is_staff(user):
        return True
    return bool(
        is_cleared(user) and user.has_role(Role.BUYER) and user.company_id == need.company_id
    )


def visible_need(user: Any, need: Need | None) -> Need:
    """The need if the user may see it; 404 otherwise."""
    if need is None or not can_view_need(user, need):
        raise NotFound()
    return need
