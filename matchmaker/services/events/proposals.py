"""The engine's proposals at an event: suppliers ranked for a buyer's open needs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matching.engine import SupplierIndex
from matching.reasons import render
from matching.types import Match, NeedQuery, Reason, SupplierProfile
from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    Event,
    Need,
    NeedStatus,
    Participant,
    ParticipantRole,
    ParticipantStatus,
)

_SPLIT = re.compile(r"[,;\n]+")
_CACHE: dict[tuple[Any, ...], Any] = {}
_CACHE_MAX = 64


def _items(text: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in _SPLIT.split(text or "") if x.strip())


def supplier_profile(company: Company) -> SupplierProfile:
    """A company as the matching engine sees it."""
    by_kind: dict[str, list[str]] = {"process": [], "material": [], "product": []}
    for cap in company.capabilities:
        by_kind.setdefault(cap.term.kind, []).append(cap.term.name_es)
    return SupplierProfile(
        id=str(company.id),
        name=company.display_name,
        description=company.description or "",
        tier=company.tier,
        state=company.state,
        processes=_items(company.processes_text) + tuple(by_kind["process"]),
        materials=_items(company.materials_text) + tuple(by_kind["material"]),
        products=_items(company.products_text) + tuple(by_kind["product"]),
        certifications=tuple(c.name for c in company.certifications),
    )


def buyer_query(company: Company, needs: list[Need]) -> NeedQuery | None:
    """One query made from all of a buyer's open needs (None when there is nothing to ask)."""
    if not needs:
        if not (company.description or company.products_text):
            return None
        return NeedQuery(
            id=f"c{company.id}",
            title=company.display_name,
            description=f"{company.description}\n{company.products_text}",
        )
    processes: list[str] = []
    materials: list[str] = []
    certs: list[str] = []
    states: list[str] = []
    for n in needs:
        processes += list(_items(n.processes_text))
        processes += [t.term.name_es for t in n.terms if t.term.kind == "process"]
        materials += list(_items(n.materials_text))
        materials += [t.term.name_es for t in n.terms if t.term.kind != "process"]
        certs += [c.cert_key for c in n.certifications]
        states += list(n.preferred_states or [])
    return NeedQuery(
        id=f"c{company.id}",
        title=" / ".join(n.title for n in needs),
        description="\n".join(f"{n.commodity} {n.description}" for n in needs),
        processes=tuple(dict.fromkeys(processes)),
        materials=tuple(dict.fromkeys(materials)),
        certifications=tuple(dict.fromkeys(certs)),
        states=tuple(dict.fromkeys(states)),
    )


def _suppliers(event: Event) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant)
            .where(
                Participant.event_id == event.id,
                Participant.role == ParticipantRole.SUPPLIER,
                Participant.status == ParticipantStatus.APPROVED,
            )
            .options(
                selectinload(Participant.company).selectinload(Company.capabilities),
                selectinload(Participant.company).selectinload(Company.certifications),
            )
        )
    )


def _index(key: tuple[Any, ...], suppliers: list[Participant]) -> SupplierIndex:
    """One index per event and state of its suppliers, shared by every buyer."""
    ikey = ("index", key[0], key[2])
    if ikey not in _CACHE:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[ikey] = SupplierIndex.build(supplier_profile(p.company) for p in suppliers)
    index: SupplierIndex = _CACHE[ikey]
    return index


def _fingerprint(event: Event, buyer: Participant) -> tuple[Any, ...]:
    sup = db.session.execute(
        select(func.count(Participant.id), func.max(Participant.id), func.max(Company.updated_at))
        .join(Company, Company.id == Participant.company_id)
        .where(
            Participant.event_id == event.id,
            Participant.role == ParticipantRole.SUPPLIER,
            Participant.status == ParticipantStatus.APPROVED,
        )
    ).one()
    needs = db.session.execute(
        select(func.count(Need.id), func.max(Need.updated_at)).where(
            Need.company_id == buyer.company_id, Need.status == NeedStatus.OPEN
        )
    ).one()
    return (event.id, buyer.id, tuple(sup), tuple(needs), buyer.company.updated_at)


@dataclass(frozen=True)
class Proposal:
    """One supplier proposed to a buyer, with the engine's score and reasons."""

    participant_id: int
    score: float
    reasons: tuple[Reason, ...]


def ranking(event: Event, buyer: Participant) -> dict[int, Proposal]:
    """Every approved supplier of the event scored for the buyer (cached until data changes)."""
    key = _fingerprint(event, buyer)
    if key in _CACHE:
        return dict(_CACHE[key])
    suppliers = _suppliers(event)
    needs = list(
        db.session.scalars(
            select(Need)
            .where(Need.company_id == buyer.company_id, Need.status == NeedStatus.OPEN)
            .options(selectinload(Need.terms), selectinload(Need.certifications))
        )
    )
    query = buyer_query(buyer.company, needs)
    by_company = {str(p.company_id): p.id for p in suppliers}
    out: dict[int, Proposal] = {p.id: Proposal(p.id, 0.0, ()) for p in suppliers}
    if query is not None and suppliers:
        index = _index(key[:3], suppliers)
        matches: list[Match] = index.rank(query, top=len(suppliers))
        for m in matches:
            pid = by_company.get(m.supplier_id)
            if pid is not None:
                out[pid] = Proposal(pid, float(m.score), tuple(m.reasons))
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = out
    return dict(out)


def reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    """Reasons as stored on a meeting request."""
    return [{"code": r.code, "args": list(r.args)} for r in reasons]


def render_reasons(stored: list[dict[str, Any]] | tuple[Reason, ...], lang: str) -> list[str]:
    """Stored or fresh reasons rendered in the reader's language."""
    out = []
    for r in stored:
        reason = (
            r
            if isinstance(r, Reason)
            else Reason(str(r.get("code", "")), tuple(r.get("args") or ()))
        )
        out.append(render(reason, "en" if lang == "en" else "es"))
    return out


def buyers_for(event: Event, supplier: Participant) -> list[tuple[Participant, Proposal]]:
    """Approved buyers ranked by how well their open needs fit the supplier, best first."""
    buyers = db.session.scalars(
        select(Participant)
        .where(
            Participant.event_id == event.id,
            Participant.role == ParticipantRole.BUYER,
            Participant.status == ParticipantStatus.APPROVED,
        )
        .order_by(Participant.id)
    ).all()
    out = [
        (b, ranking(event, b).get(supplier.id) or Proposal(supplier.id, 0.0, ())) for b in buyers
    ]
    return sorted(out, key=lambda x: (-x[1].score, x[0].id))
