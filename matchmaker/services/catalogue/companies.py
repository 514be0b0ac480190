"""Changing companies: profile, capabilities, certifications, approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyKind,
    CompanyStatus,
    FollowUp,
    Interaction,
    Membership,
    Need,
    Participant,
    Rfq,
    RfqResponse,
    Role,
    TaxonomyTerm,
    User,
)
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.catalogue.vocab import (
    certification_key,
    certification_name,
    fold,
    state_name,
)
from matchmaker.services.platform import validation
from matchmaker.services.platform.access import can_edit_company, require, require_role
from matchmaker.services.platform.audit import record


@dataclass
class CompanyChanges:
    """What a company form or an import row says about a company (validated strings)."""

    legal_name: str
    kind: str
    description: str = ""
    trade_name: str | None = None
    rfc: str | None = None
    state: str | None = None
    city: str | None = None
    website: str | None = None
    employees: int | None = None
    capacity: str | None = None
    processes_text: str = ""
    materials_text: str = ""
    products_text: str = ""
    contact_name: str | None = None
    contact_email: str | None = None
    phone: str | None = None
    membership: str | None = None  # staff only
    term_keys: set[str] = field(default_factory=set)
    certifications: dict[str, date | None] = field(default_factory=dict)


# The lengths of the text columns (PostgreSQL refuses longer values; SQLite would not).
LIMITS = {
    "legal_name": 255,
    "trade_name": 255,
    "city": 120,
    "website": 255,
    "contact_name": 120,
    "contact_email": 254,
    "phone": 40,
    "description": 20000,
    "capacity": 5000,
    "processes_text": 5000,
    "materials_text": 5000,
    "products_text": 5000,
}


def search_text(company: Company, term_names: list[str]) -> str:
    """Everything a free-text search should find a company by, folded."""
    parts = [
        company.legal_name,
        company.trade_name,
        company.description,
        company.city,
        company.state,
        company.processes_text,
        company.materials_text,
        company.products_text,
        company.rfc,
        *term_names,
        *(c.name for c in company.certifications),
    ]
    return " ".join(fold(p) for p in parts if p)


def apply_changes(
    company: Company,
    changes: CompanyChanges,
    terms: dict[str, TaxonomyTerm],
    *,
    may_set_membership: bool,
) -> bool:
    """Copy validated changes onto the company; True if anything changed."""
    changed = False
    fields = (
        "legal_name",
        "kind",
        "description",
        "trade_name",
        "rfc",
        "state",
        "city",
        "website",
        "employees",
        "capacity",
        "processes_text",
        "materials_text",
        "products_text",
        "contact_name",
        "contact_email",
        "phone",
    )
    for name in fields:
        value = getattr(changes, name)
        if getattr(company, name) != value:
            setattr(company, name, value)
            changed = True
    if may_set_membership and changes.membership and company.membership != changes.membership:
        company.membership = changes.membership
        changed = True
    wanted = {terms[k].id for k in changes.term_keys if k in terms}
    have = {c.term_id for c in company.capabilities}
    if wanted != have:
        company.capabilities = [c for c in company.capabilities if c.term_id in wanted] + [
            CompanyCapability(term_id=t) for t in sorted(wanted - have)
        ]
        changed = True
    have_certs = {c.cert_key: c for c in company.certifications}
    if set(have_certs) != set(changes.certifications) or any(
        have_certs[k].expires_on != v for k, v in changes.certifications.items()
    ):
        company.certifications = [
            have_certs.get(k) or CompanyCertification(cert_key=k, name=certification_name(k))
            for k in sorted(changes.certifications)
        ]
        for cert in company.certifications:
            cert.expires_on = changes.certifications[cert.cert_key]
        changed = True
    if changed:
        names = [terms[k].name_es + " " + terms[k].name_en for k in changes.term_keys if k in terms]
        company.search_text = search_text(company, names)
        company.updated_at = utcnow()
    return changed


def clean_form(data: dict[str, Any]) -> CompanyChanges:
    """Validate the company form's fields; raises ServiceError listing every bad field."""
    errors: list[tuple[str | None, str]] = []

    def check(name: str, fn: Any) -> Any:
        raw = (data.get(name) or "").strip() if isinstance(data.get(name), str) else data.get(name)
        if raw in (None, ""):
            return None
        try:
            return fn(raw)
        except ValueError as e:
            errors.append((name, str(e)))
            return None

    legal_name = (data.get("legal_name") or "").strip()
    if not legal_name:
        errors.append(("legal_name", _("The legal name is required.")))
    kind = data.get("kind") or ""
    if kind not in {k.value for k in CompanyKind}:
        errors.append(("kind", _("Choose the kind of company.")))
    state = None
    if (data.get("state") or "").strip():
        state = state_name(data["state"])
        if state is None:
            errors.append(("state", _("“%(value)s” is not a Mexican state.", value=data["state"])))
    certs: dict[str, date | None] = {}
    for key, expires in (data.get("certifications") or {}).items():
        canonical = certification_key(key)
        if canonical is None:
            errors.append(("certifications", _("Unknown certification “%(value)s”.", value=key)))
            continue
        if isinstance(expires, str):
            try:
                expires = date.fromisoformat(expires)
            except ValueError:
                errors.append(
                    ("certifications", _("“%(value)s” is not a date (YYYY-MM-DD).", value=expires))
                )
                continue
        certs[canonical] = expires
    changes = CompanyChanges(
        legal_name=legal_name,
        kind=kind,
        description=(data.get("description") or "").strip(),
        trade_name=(data.get("trade_name") or "").strip() or None,
        rfc=check("rfc", validation.rfc),
        state=state,
        city=(data.get("city") or "").strip() or None,
        website=check("website", validation.website),
        employees=check("employees", validation.whole_number),
        capacity=(data.get("capacity") or "").strip() or None,
        processes_text=(data.get("processes_text") or "").strip(),
        materials_text=(data.get("materials_text") or "").strip(),
        products_text=(data.get("products_text") or "").strip(),
        contact_name=(data.get("contact_name") or "").strip() or None,
        contact_email=check("contact_email", validation.email),
        phone=(data.get("phone") or "").strip() or None,
        membership=data.get("membership")
        if data.get("membership") in {m.value for m in Membership}
        else None,
        term_keys=set(data.get("term_keys") or ()),
        certifications=certs,
    )
    for name, limit in LIMITS.items():
        value = getattr(changes, name)
        if isinstance(value, str) and len(value) > limit:
            errors.append((name, _("Too long: %(n)d characters at most.", n=limit)))
    if errors:
        raise ServiceError(errors[0][1], field=errors[0][0], errors=errors)
    return changes


@atomic
def update_company(actor: Any, company: Company, data: dict[str, Any]) -> bool:
    """A company's own people, or staff, edit its profile."""
    require(can_edit_company(actor, company))
    changes = clean_form(data)
    if changes.rfc:
        other = db.session.scalar(
            select(Company).where(Company.rfc == changes.rfc, Company.id != company.id)
        )
        if other is not None:
            raise ServiceError(_("Another company already has this RFC."), field="rfc")
    if not actor.has_role(Role.ORGANISER):
        # Only staff re-classify a company; members keep the kind they were approved with.
        changes.kind = company.kind
    terms = {t.key: t for t in db.session.scalars(select(TaxonomyTerm))}
    return apply_changes(company, changes, terms, may_set_membership=actor.has_role(Role.ORGANISER))


@atomic
def decide_company(actor: Any, company: Company, status: str) -> None:
    """An organiser approves, rejects or archives a company; recorded in the audit trail."""
    require_role(actor, Role.ORGANISER)
    if status not in {s.value for s in CompanyStatus}:
        raise ServiceError(_("Unknown status."))
    before = company.status
    company.status = status
    company.updated_at = utcnow()
    record(actor, "company.status", company, before=before, after=status)


def pending_companies(actor: Any) -> list[Company]:
    """Companies waiting for approval, oldest first."""
    require_role(actor, Role.ORGANISER)
    return list(
        db.session.scalars(
            select(Company)
            .where(Company.status == CompanyStatus.PENDING)
            .order_by(Company.created_at)
        )
    )


def has_history(company: Company) -> bool:
    """True when anything refers to the company: people, needs, events, RFQs, follow-ups."""
    checks = [
        exists().where(User.company_id == company.id),
        exists().where(Need.company_id == company.id),
        exists().where(Participant.company_id == company.id),
        exists().where(Rfq.buyer_company_id == company.id),
        exists().where(RfqResponse.supplier_company_id == company.id),
        exists().where(FollowUp.company_id == company.id),
        exists().where(Interaction.company_id == company.id),
    ]
    return bool(db.session.scalar(select(or_(*checks))))


@atomic
def remove_company(actor: Any, company: Company) -> str:
    """Delete a company that nothing refers to; archive one with history, so it is never lost.
    Returns "deleted" or "archived"."""
    require_role(actor, Role.ORGANISER)
    if has_history(company):
        before = company.status
        company.status = CompanyStatus.ARCHIVED
        company.updated_at = utcnow()
        record(actor, "company.archived", company, before=before)
        return "archived"
    record(actor, "company.deleted", company, name=company.legal_name, rfc=company.rfc)
    db.session.delete(company)
    return "deleted"
