"""Buyers' sourcing needs: create, edit, close, list."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    CertificationMode,
    Need,
    NeedCertification,
    NeedStatus,
    NeedTerm,
    Role,
    TaxonomyTerm,
)
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.catalogue.vocab import certification_key, state_name
from matchmaker.services.platform import validation
from matchmaker.services.platform.access import (
    can_edit_need,
    is_cleared,
    require,
    sees_everything,
)


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a need form; raises ServiceError listing every bad field."""
    errors: list[tuple[str | None, str]] = []
    title = (data.get("title") or "").strip()
    if not title:
        errors.append(("title", _("The title is required.")))
    elif len(title) > 200:
        errors.append(("title", _("The title is too long (200 characters at most).")))
    volume = None
    if str(data.get("annual_volume") or "").strip():
        try:
            volume = validation.whole_number(data["annual_volume"])
        except ValueError as e:
            errors.append(("annual_volume", str(e)))
    start = data.get("target_start")
    if start is not None and not isinstance(start, date):
        errors.append(("target_start", _("Give the date as YYYY-MM-DD.")))
    states = []
    for raw in data.get("preferred_states") or []:
        name = state_name(raw)
        if name is None:
            errors.append(("preferred_states", _("“%(value)s” is not a Mexican state.", value=raw)))
        elif name not in states:
            states.append(name)
    certs = []
    for raw in data.get("certifications") or []:
        key = certification_key(raw)
        if key is None:
            errors.append(("certifications", _("Unknown certification “%(value)s”.", value=raw)))
        elif key not in certs:
            certs.append(key)
    mode = data.get("certification_mode") or CertificationMode.PENALISE
    if mode not in {m.value for m in CertificationMode}:
        errors.append(("certification_mode", _("Choose how required certifications count.")))
    status = data.get("status") or NeedStatus.OPEN
    if status not in {s.value for s in NeedStatus}:
        errors.append(("status", _("Unknown status.")))
    for name, limit in (
        ("commodity", 120),
        ("volume_unit", 30),
        ("description", 20000),
        ("processes_text", 5000),
        ("materials_text", 5000),
    ):
        if len((data.get(name) or "").strip()) > limit:
            errors.append((name, _("Too long: %(n)d characters at most.", n=limit)))
    if errors:
        raise ServiceError(errors[0][1], field=errors[0][0], errors=errors)
    return {
        "title": title,
        "description": (data.get("description") or "").strip(),
        "commodity": (data.get("commodity") or "").strip(),
        "processes_text": (data.get("processes_text") or "").strip(),
        "materials_text": (data.get("materials_text") or "").strip(),
        "annual_volume": volume,
        "volume_unit": (data.get("volume_unit") or "").strip(),
        "target_start": start,
        "preferred_states": states,
        "certification_mode": mode,
        "status": status,
        "term_keys": set(data.get("term_keys") or ()),
        "certs": certs,
    }


def apply_values(need: Need, values: dict[str, Any]) -> None:
    """Copy cleaned form values onto a need (inside the caller's transaction)."""
    terms = {
        t.key: t.id
        for t in db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.key.in_(values.pop("term_keys")))
        )
    }
    certs = values.pop("certs")
    for k, v in values.items():
        setattr(need, k, v)
    have = {t.term_id for t in need.terms}
    if have != set(terms.values()):
        need.terms = [NeedTerm(term_id=t) for t in sorted(terms.values())]
    if [c.cert_key for c in need.certifications] != sorted(certs):
        need.certifications = [NeedCertification(cert_key=k) for k in sorted(certs)]
    need.closed_at = utcnow() if need.status == NeedStatus.CLOSED else None
    need.updated_at = utcnow()


@atomic
def create_need(actor: Any, data: dict[str, Any]) -> Need:
    """A buyer posts a need for its own company."""
    require(may_create(actor))
    need = Need(company_id=actor.company_id, created_by_id=actor.id)
    apply_values(need, clean(data))
    db.session.add(need)
    return need


@atomic
def update_need(actor: Any, need: Need, data: dict[str, Any]) -> None:
    """The need's buyers (or staff) change it."""
    require(can_edit_need(actor, need))
    apply_values(need, clean(data))


@atomic
def set_status(actor: Any, need: Need, status: str) -> None:
    """Close or reopen a need."""
    require(can_edit_need(actor, need))
    if status not in {s.value for s in NeedStatus}:
        raise ServiceError(_("Unknown status."))
    need.status = status
    need.closed_at = utcnow() if status == NeedStatus.CLOSED else None
    need.updated_at = utcnow()


def list_needs(actor: Any, status: str = "") -> list[Need]:
    """Needs the user works on: its company's, or all of them for staff and managers;
    suppliers see the open ones."""
    require(is_cleared(actor))
    query = select(Need).options(selectinload(Need.company), selectinload(Need.certifications))
    if sees_everything(actor):
        pass
    elif actor.has_role(Role.BUYER):
        query = query.where(Need.company_id == actor.company_id)
    elif actor.has_role(Role.SUPPLIER):
        query = query.where(Need.status == NeedStatus.OPEN)
    else:
        require(False)
    if status in {s.value for s in NeedStatus}:
        query = query.where(Need.status == status)
    return list(db.session.scalars(query.order_by(Need.created_at.desc(), Need.id.desc())))


def may_create(actor: Any) -> bool:
    """Buyers of an approved company may post needs."""
    return bool(is_cleared(actor) and actor.has_role(Role.BUYER) and actor.company_id)
