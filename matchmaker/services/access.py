"""Who may see or change what. Every view goes through these checks via the services."""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import Forbidden, NotFound

from matchmaker.models import Company, CompanyStatus, Need, NeedStatus, Role


def is_staff(user: Any) -> bool:
    """Organisers and admins run the cluster's operations."""
    return bool(user.is_authenticated and user.has_role(Role.ORGANISER))


def sees_everything(user: Any) -> bool:
    """Staff and managers (the cluster board) may read every record."""
    return bool(user.is_authenticated and user.has_role(Role.ORGANISER, Role.MANAGER))


def require(condition: bool) -> None:
    """Refuse with 403 unless the condition holds."""
    if not condition:
        raise Forbidden()


def require_role(user: Any, *roles: str) -> None:
    """Refuse with 403 unless the user holds one of the roles."""
    require(bool(user.is_authenticated and user.has_role(*roles)))


def can_view_company(user: Any, company: Company) -> bool:
    """Approved companies are visible to members; others only to their own people and staff."""
    if company.status == CompanyStatus.APPROVED:
        return bool(user.is_authenticated)
    return sees_everything(user) or (user.is_authenticated and user.company_id == company.id)


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
    """Open needs are shown to suppliers; drafts and closed ones to their company and staff."""
    if sees_everything(user) or (user.is_authenticated and user.company_id == need.company_id):
        return True
    return bool(
        user.is_authenticated and need.status == NeedStatus.OPEN and user.has_role(Role.SUPPLIER)
    )


def can_edit_need(user: Any, need: Need) -> bool:
    """Buyers of the need's company, and staff, may change it."""
    if is_staff(user):
        return True
    return bool(
        user.is_authenticated and user.has_role(Role.BUYER) and user.company_id == need.company_id
    )


def visible_need(user: Any, need: Need | None) -> Need:
    """The need if the user may see it; 404 otherwise."""
    if need is None or not can_view_need(user, need):
        raise NotFound()
    return need
