"""The per-process supplier index: ORM rows converted for the engine, kept fresh cheaply.

Several stateless workers share one database, so each keeps its own index and, on every use,
reads a version of the companies table with one aggregate query. Every ORM update of a company
bumps its `version` column (and profile edits and imports set `updated_at`), so
(count, max(updated_at), sum(version)) changes whenever any worker changes a company. Only
then are the (id, version) pairs of the approved suppliers compared with the cached ones, and
the changed rows alone loaded and upserted (or removed). A full build happens once, when the
cache is empty.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from matching.engine import SupplierIndex
from matching.types import NeedQuery, SupplierProfile
from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyCapability,
    CompanyStatus,
    Need,
    NeedStatus,
    NeedTerm,
)
from matchmaker.models.company import SUPPLIER_KINDS
from matchmaker.services.catalogue.vocab import certification_name

_SPLIT = re.compile(r"[;\n]+")
_NUMBER = re.compile(r"^\s*(\d[\d,.\s]*)")


def _pieces(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in _SPLIT.split(text or "") if p.strip())


def _capacity(text: str | None) -> int | None:
    """A capacity written as a number ("120000", "120,000 piezas/año"), else None."""
    found = _NUMBER.match(text or "")
    if not found:
        return None
    digits = re.sub(r"\D", "", found.group(1))
    return int(digits) if digits and len(digits) < 15 else None


def _term_names(terms: Iterable[Any], kind: str) -> tuple[str, ...]:
    """Both languages' names of the terms of one kind (the engine bridges the languages)."""
    out: list[str] = []
    for term in sorted(terms, key=lambda t: t.key):
        if term.kind == kind:
            out.extend(n for n in (term.name_es, term.name_en) if n)
    return tuple(out)


def supplier_profile(company: Company, today: date) -> SupplierProfile:
    """What the engine needs to know about a supplier company (expired certificates left out)."""
    terms = [c.term for c in company.capabilities]
    certs: list[str] = []
    for cert in company.certifications:
        if cert.is_valid(today):
            certs.extend(dict.fromkeys((cert.name, certification_name(cert.cert_key))))
    return SupplierProfile(
        id=str(company.id),
        name=company.display_name,
        description=company.description or "",
        tier=company.tier,
        state=company.state,
        processes=_pieces(company.processes_text) + _term_names(terms, "process"),
        materials=_pieces(company.materials_text) + _term_names(terms, "material"),
        products=_pieces(company.products_text) + _term_names(terms, "product"),
        certifications=tuple(certs),
        capacity=_capacity(company.capacity),
    )


def need_query(need: Need) -> NeedQuery:
    """A need as the engine's query: text, term names, required certifications, states."""
    terms = [t.term for t in need.terms]
    description = " . ".join(p for p in (need.commodity, need.description) if p)
    return NeedQuery(
        id=str(need.id),
        title=need.title,
        description=description,
        processes=_pieces(need.processes_text) + _term_names(terms, "process"),
        materials=(
            _pieces(need.materials_text)
            + _term_names(terms, "material")
            + _term_names(terms, "product")
        ),
        certifications=tuple(certification_name(c.cert_key) for c in need.certifications),
        states=tuple(need.preferred_states or ()),
        certification_mode="exclude" if need.certification_mode == "exclude" else "penalise",
    )


def supplier_rows() -> Select[tuple[Company]]:
    """Approved supplier companies, with what the profile conversion reads loaded eagerly."""
    return (
        select(Company)
        .where(
            Company.status == CompanyStatus.APPROVED,
            Company.kind.in_([k.value for k in SUPPLIER_KINDS]),
        )
        .options(
            selectinload(Company.certifications),
            selectinload(Company.capabilities).joinedload(CompanyCapability.term),
        )
    )


def open_need_rows() -> Select[tuple[Need]]:
    """Open needs with their terms, certifications and company loaded eagerly."""
    return (
        select(Need)
        .where(Need.status == NeedStatus.OPEN)
        .options(
            selectinload(Need.terms).joinedload(NeedTerm.term),
            selectinload(Need.certifications),
            selectinload(Need.company),
        )
        .order_by(Need.id)
    )


def companies_version() -> tuple[Any, ...]:
    """One small query that changes whenever any company row is inserted, updated or deleted."""
    row = db.session.execute(
        select(func.count(Company.id), func.max(Company.updated_at), func.sum(Company.version))
    ).one()
    return (int(row[0] or 0), row[1], int(row[2] or 0))


def _next_expiry(company: Company, today: date) -> date | None:
    days = [
        c.expires_on
        for c in company.certifications
        if c.expires_on is not None and c.expires_on >= today
    ]
    return min(days) if days else None


class SupplierCache:
    """A worker's supplier index, refreshed incrementally when the database version changes."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.index: SupplierIndex | None = None
        self.version: tuple[Any, ...] | None = None
        self.versions: dict[int, tuple[int, str]] = {}  # company id -> row version indexed
        self.expiries: dict[int, date] = {}  # company id -> next certificate expiry
        self.day: date | None = None
        self.generation = 0  # bumped on every change: keys the result caches
        self.stats = {"builds": 0, "upserts": 0, "removals": 0, "checks": 0}
        self._results: dict[Any, Any] = {}

    def current(self, today: date | None = None) -> SupplierIndex:
        """The index, fresh with respect to the database (one aggregate query when unchanged)."""
        today = today or date.today()
        with self._lock:
            self.stats["checks"] += 1
            version = companies_version()
            if self.index is None:
                self._build(today)
            elif version != self.version or self._expired(today):
                self._update(today)
            self.version = version
            self.day = today
            assert self.index is not None
            return self.index

    def remember(self, key: Any, compute: Any) -> Any:
        """A result computed once per index generation (call after `current`)."""
        with self._lock:
            full = (self.generation, key)
            if full not in self._results:
                if len(self._results) > 512:
                    self._results.clear()
                self._results[full] = compute()
            return self._results[full]

    def _expired(self, today: date) -> bool:
        return self.day != today and any(d < today for d in self.expiries.values())

    def _track(self, company: Company, today: date) -> None:
        self.versions[company.id] = _row_key(company.version, company.updated_at)
        expiry = _next_expiry(company, today)
        if expiry is None:
            self.expiries.pop(company.id, None)
        else:
            self.expiries[company.id] = expiry

    def _build(self, today: date) -> None:
        companies = list(db.session.scalars(supplier_rows()))
        self.versions.clear()
        self.expiries.clear()
        profiles = []
        for company in companies:
            profiles.append(supplier_profile(company, today))
            self._track(company, today)
        self.index = SupplierIndex.build(profiles)
        self.stats["builds"] += 1
        self._changed()

    def _update(self, today: date) -> None:
        assert self.index is not None
        current = {
            cid: _row_key(v, ts)
            for cid, v, ts in db.session.execute(
                select(Company.id, Company.version, Company.updated_at).where(
                    Company.status == CompanyStatus.APPROVED,
                    Company.kind.in_([k.value for k in SUPPLIER_KINDS]),
                )
            )
        }
        gone = [cid for cid in self.versions if cid not in current]
        stale = {cid for cid, v in current.items() if self.versions.get(cid) != v}
        stale |= {cid for cid, d in self.expiries.items() if d < today and cid in current}
        if len(stale) > max(1000, len(current) // 2):
            self._build(today)  # most rows changed (a big import): cheaper to start again
            return
        for cid in gone:
            self.index.remove(str(cid))
            self.versions.pop(cid, None)
            self.expiries.pop(cid, None)
        if stale:
            for company in db.session.scalars(supplier_rows().where(Company.id.in_(stale))):
                self.index.upsert(supplier_profile(company, today))
                self._track(company, today)
        self.stats["upserts"] += len(stale)
        self.stats["removals"] += len(gone)
        if gone or stale:
            self._changed()

    def _changed(self) -> None:
        self.generation += 1
        self._results.clear()


def cache_for(app: Any) -> SupplierCache:
    """The app's (this worker's) supplier cache."""
    cache = app.extensions.get("matchmaker.suppliers")
    if cache is None:
        cache = app.extensions.setdefault("matchmaker.suppliers", SupplierCache())
    return cache  # type: ignore[no-any-return]


def _row_key(version: int, updated_at: datetime | None) -> tuple[int, str]:
    """A row's identity for freshness: ids may be reused (SQLite), so the time counts too."""
    if updated_at is not None and updated_at.tzinfo is not None:
        updated_at = updated_at.astimezone(UTC).replace(tzinfo=None)
    return (version, updated_at.isoformat() if updated_at else "")


def stamp(value: datetime | None) -> str:
    """A datetime as a cache-key part."""
    return value.isoformat() if value else ""
