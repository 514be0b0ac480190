"""Buyers' sourcing needs: create, edit, close, list."""

from __future__ import annotations

from dataclasses import dataclass
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
from matchmaker.services.platform.access import (
    can_edit_need,
    is_cleared,
    require,
    sees_everything,
)
from matchmaker.services.platform.paging import CountedPagination, paginate


@dataclass(frozen=True)
class NeedValues:
    """A need's fields, already checked and in canonical form (matchmaker.schemas.needs reads
    them from the need form and the API)."""

    title: str
    description: str = ""
    commodity: str = ""
    processes_text: str = ""
    materials_text: str = ""
    annual_volume: int | None = None
    volume_unit: str = ""
    target_start: date | None = None
    preferred_states: tuple[str, ...] = ()  # state names ("Nuevo León")
    certification_mode: str = CertificationMode.PENALISE
    status: str = NeedStatus.OPEN
    capabilities: frozenset[str] = frozenset()  # taxonomy keys; unknown ones are left out
    certifications: tuple[str, ...] = ()  # certification keys ("iatf_16949")

    @classmethod
    def of(cls, need: Need) -> NeedValues:
        """A need's current values (to change some of them)."""
        return cls(
            title=need.title,
            description=need.description,
            commodity=need.commodity,
            processes_text=need.processes_text,
            materials_text=need.materials_text,
            annual_volume=need.annual_volume,
            volume_unit=need.volume_unit,
            target_start=need.target_start,
            preferred_states=tuple(need.preferred_states or ()),
            certification_mode=need.certification_mode,
            status=need.status,
            capabilities=frozenset(t.term.key for t in need.terms),
            certifications=tuple(c.cert_key for c in need.certifications),
        )


def apply_values(need: Need, values: NeedValues) -> None:
    """Copy checked values onto a need (inside the caller's transaction)."""
    terms = {
        t.key: t.id
        for t in db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.key.in_(values.capabilities))
        )
    }
    need.title, need.description = values.title, values.description
    need.commodity, need.volume_unit = values.commodity, values.volume_unit
    need.processes_text, need.materials_text = values.processes_text, values.materials_text
    need.annual_volume, need.target_start = values.annual_volume, values.target_start
    need.preferred_states = list(values.preferred_states)
    need.certification_mode, need.status = values.certification_mode, values.status
    have = {t.term_id for t in need.terms}
    if have != set(terms.values()):
        need.terms = [NeedTerm(term_id=t) for t in sorted(terms.values())]
    if [c.cert_key for c in need.certifications] != sorted(values.certifications):
        need.certifications = [NeedCertification(cert_key=k) for k in sorted(values.certifications)]
    need.closed_at = utcnow() if need.status == NeedStatus.CLOSED else None
    need.updated_at = utcnow()


@atomic
def create_need(actor: Any, values: NeedValues) -> Need:
    """A buyer posts a need for its own company."""
    require(may_create(actor))
    need = Need(company_id=actor.company_id, created_by_id=actor.id)
    apply_values(need, values)
    db.session.add(need)
    return need


@atomic
def update_need(actor: Any, need: Need, values: NeedValues) -> None:
    """The need's buyers (or staff) change it."""
    require(can_edit_need(actor, need))
    apply_values(need, values)


@atomic
def set_status(actor: Any, need: Need, status: str) -> None:
    """Close or reopen a need."""
    require(can_edit_need(actor, need))
    if status not in {s.value for s in NeedStatus}:
        raise ServiceError(_("Unknown status."))
    need.status = status
    need.closed_at = utcnow() if status == NeedStatus.CLOSED else None
    need.updated_at = utcnow()


def list_needs(actor: Any, status: str, page: int, per_page: int) -> CountedPagination:
    """One page of the needs the user works on, newest first: its company's, or all of them
    for staff and managers; suppliers see the open ones."""
    require(is_cleared(actor))
    query = select(Need)
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
    return paginate(
        query.order_by(Need.created_at.desc(), Need.id.desc()),
        page,
        per_page,
        entity=Need,
        options=(selectinload(Need.company), selectinload(Need.certifications)),
    )


def may_create(actor: Any) -> bool:
    """Buyers of an approved company may post needs."""
    return bool(is_cleared(actor) and actor.has_role(Role.BUYER) and actor.company_id)
