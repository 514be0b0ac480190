"""Recommendations: suppliers for a need, needs for a supplier, the best pairs, shortlists.

The engine (`matching/`) ranks; this module checks access, converts rows (see
`supplier_index`), renders reasons in the reader's language and owns the shortlist's
transactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matching.engine import SupplierIndex
from matching.files import FORMAT
from matching.reasons import render
from matching.types import Lang, Match
from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyStatus,
    Need,
    NeedStatus,
    Role,
    ShortlistEntry,
)
from matchmaker.services import ServiceError, atomic
from matchmaker.services.catalogue.vocab import state_name
from matchmaker.services.platform.access import can_edit_need, is_staff, require, require_role
from matchmaker.services.sourcing.supplier_index import (
    SupplierCache,
    cache_for,
    need_query,
    open_need_rows,
    stamp,
    supplier_profile,
    supplier_rows,
)

TOP = 10
PAIR_DEPTH = 50  # suppliers kept per open need for the best pairs and suppliers' pages


@dataclass(frozen=True)
class Recommendation:
    """A supplier proposed for a need, or a need proposed to a supplier, with reasons."""

    need: Need
    supplier: Company
    score: float
    reasons: tuple[str, ...]
    shortlisted: bool = False


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "es"


def _cache() -> SupplierCache:
    return cache_for(current_app)


def may_see_recommendations(actor: Any, need: Need) -> bool:
    """The need's company's buyers and staff see its recommended suppliers."""
    return bool(
        actor.is_authenticated
        and (
            is_staff(actor) or (actor.has_role(Role.BUYER) and actor.company_id == need.company_id)
        )
    )


def may_see_fitting_needs(actor: Any, company: Company) -> bool:
    """A supplier company's own people and staff see the open needs that fit it."""
    return bool(
        actor.is_authenticated
        and company.is_supplier
        and (is_staff(actor) or actor.company_id == company.id)
    )


def _companies(ids: set[int]) -> dict[int, Company]:
    if not ids:
        return {}
    rows = db.session.scalars(select(Company).where(Company.id.in_(ids)))
    return {c.id: c for c in rows}


def _rank_need(need: Need, top: int) -> list[Match]:
    cache = _cache()
    index = cache.current()
    key = ("need", need.id, stamp(need.updated_at), top)
    return list(cache.remember(key, lambda: index.rank(need_query(need), top)))


def recommendations(actor: Any, need: Need, lang: str, top: int = TOP) -> list[Recommendation]:
    """The best suppliers for a need, best first, with reasons in `lang`."""
    require(may_see_recommendations(actor, need))
    matches = _rank_need(need, top)
    companies = _companies({int(m.supplier_id) for m in matches})
    kept = {e.supplier_company_id for e in shortlist(actor, need)}
    out = []
    for m in matches:
        company = companies.get(int(m.supplier_id))
        if company is not None:
            out.append(
                Recommendation(
                    need,
                    company,
                    m.score,
                    tuple(render(r, _lang(lang)) for r in m.reasons),
                    company.id in kept,
                )
            )
    return out


def shortlist(actor: Any, need: Need) -> list[ShortlistEntry]:
    """The suppliers a need's buyers kept, best score first."""
    require(may_see_recommendations(actor, need))
    return list(
        db.session.scalars(
            select(ShortlistEntry)
            .where(ShortlistEntry.need_id == need.id)
            .order_by(ShortlistEntry.score.desc(), ShortlistEntry.added_at)
        )
    )


@atomic
def add_to_shortlist(actor: Any, need: Need, company_id: int) -> ShortlistEntry:
    """A buyer keeps a supplier for a need, with the engine's current score."""
    require(can_edit_need(actor, need) and may_see_recommendations(actor, need))
    supplier = db.session.get(Company, company_id)
    if supplier is None or not supplier.is_supplier or supplier.status != CompanyStatus.APPROVED:
        raise ServiceError(_("Only approved suppliers can be shortlisted."))
    entry = db.session.get(ShortlistEntry, (need.id, company_id))
    if entry is None:
        score = next(
            (m.score for m in _rank_need(need, PAIR_DEPTH) if m.supplier_id == str(company_id)),
            None,
        )
        entry = ShortlistEntry(
            need_id=need.id, supplier_company_id=company_id, score=score, added_by_id=actor.id
        )
        db.session.add(entry)
    return entry


@atomic
def remove_from_shortlist(actor: Any, need: Need, company_id: int) -> bool:
    """A buyer drops a supplier from a need's shortlist; False if it was not there."""
    require(can_edit_need(actor, need) and may_see_recommendations(actor, need))
    entry = db.session.get(ShortlistEntry, (need.id, company_id))
    if entry is None:
        return False
    db.session.delete(entry)
    return True


def _needs_version() -> tuple[Any, ...]:
    row = db.session.execute(
        select(func.count(Need.id), func.max(Need.updated_at), func.sum(Need.id)).where(
            Need.status == NeedStatus.OPEN
        )
    ).one()
    return (int(row[0] or 0), stamp(row[1]), int(row[2] or 0))


def open_ranking(depth: int = PAIR_DEPTH) -> tuple[list[Need], list[list[Match]]]:
    """Every open need with its best `depth` suppliers, computed once per index generation
    and needs version (all needs in a few matrix products)."""
    cache = _cache()
    index = cache.current()

    def compute() -> tuple[list[int], list[list[Match]]]:
        rows = list(db.session.scalars(open_need_rows()))
        return [n.id for n in rows], index.rank_many([need_query(n) for n in rows], depth)

    ids, ranked = cache.remember(("open", _needs_version(), depth), compute)
    needs = {
        n.id: n
        for n in db.session.scalars(
            select(Need).where(Need.id.in_(ids)).options(selectinload(Need.company))
        )
    }
    kept = [(needs[i], r) for i, r in zip(ids, ranked, strict=True) if i in needs]
    return [n for n, _r in kept], [r for _n, r in kept]


def fitting_needs(actor: Any, company: Company, lang: str, top: int = TOP) -> list[Recommendation]:
    """The open needs a supplier fits best (among each need's best suppliers), best first."""
    require(may_see_fitting_needs(actor, company))
    if company.status != CompanyStatus.APPROVED:
        return []
    sid = str(company.id)
    found = []
    for need, matches in zip(*open_ranking(), strict=True):
        for m in matches:
            if m.supplier_id == sid:
                found.append(
                    Recommendation(
                        need, company, m.score, tuple(render(r, _lang(lang)) for r in m.reasons)
                    )
                )
                break
    found.sort(key=lambda r: (-r.score, r.need.id))
    return found[:top]


@dataclass(frozen=True)
class PairsPage:
    """One page of the best pairs."""

    items: list[Recommendation]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        """The previous page's number."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """The next page's number."""
        return self.page + 1


def best_pairs(
    actor: Any,
    lang: str,
    need_id: int | None = None,
    state: str = "",
    page: int = 1,
    per_page: int = 50,
    per_need: int = TOP,
) -> PairsPage:
    """The best (need, supplier) pairs over all open needs, by score; filter by need or by
    the supplier's state. Organisers and managers only."""
    require_role(actor, Role.ORGANISER, Role.MANAGER)
    wanted_state = state_name(state) if state else None
    if state and wanted_state is None:
        return PairsPage([], 1, 1, 0)
    needs, ranked = open_ranking()
    pairs = [
        (m, need)
        for need, matches in zip(needs, ranked, strict=True)
        if need_id is None or need.id == need_id
        for m in matches[:per_need]
    ]
    companies = _companies({int(m.supplier_id) for m, _n in pairs})
    if wanted_state:
        pairs = [
            (m, n)
            for m, n in pairs
            if (c := companies.get(int(m.supplier_id))) and c.state == wanted_state
        ]
    pairs.sort(key=lambda p: (-p[0].score, p[1].id, p[0].supplier_id))
    total = len(pairs)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = [
        Recommendation(
            n,
            companies[int(m.supplier_id)],
            m.score,
            tuple(render(r, _lang(lang)) for r in m.reasons),
        )
        for m, n in pairs[(page - 1) * per_page : page * per_page]
        if int(m.supplier_id) in companies
    ]
    return PairsPage(items, page, pages, total)


def open_needs_choices(actor: Any) -> list[tuple[int, str]]:
    """(id, title) of the open needs, for the best pairs' filter."""
    require_role(actor, Role.ORGANISER, Role.MANAGER)
    return [
        (n.id, n.title)
        for n in db.session.scalars(
            select(Need).where(Need.status == NeedStatus.OPEN).order_by(Need.title, Need.id)
        )
    ]


def database_matches(top: int, lang: str = "en") -> dict[str, Any]:
    """Open needs x approved suppliers as a "matchmaking-matches/1" object (command line);
    needs by id, suppliers by external id or "C<id>"."""
    companies = list(db.session.scalars(supplier_rows()))
    today = date.today()
    index = SupplierIndex.build(supplier_profile(c, today) for c in companies)
    label = {str(c.id): c.external_id or f"C{c.id}" for c in companies}
    needs = list(db.session.scalars(open_need_rows()))
    ranked = index.rank_many([need_query(n) for n in needs], top)
    return {
        "format": FORMAT,
        "needs": [
            {
                "need": str(n.id),
                "matches": [
                    {
                        "supplier": label[m.supplier_id],
                        "score": m.score,
                        "reasons": [render(r, _lang(lang)) for r in m.reasons],
                    }
                    for m in matches
                ],
            }
            for n, matches in zip(needs, ranked, strict=True)
        ],
    }
