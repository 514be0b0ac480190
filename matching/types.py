"""Frozen dataclasses that cross the border between the engine and its callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["process", "material", "product"]
CertificationMode = Literal["penalise", "exclude"]
Lang = Literal["es", "en"]


@dataclass(frozen=True)
class Term:
    """One capability of the taxonomy, named in both languages."""

    key: str
    kind: Kind
    name_es: str
    name_en: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermHit:
    """A taxonomy term found in free text; `matched` is the text that matched it."""

    term: Term
    matched: str
    score: float


@dataclass(frozen=True)
class Certification:
    """A quality or environmental certification and the ways people write it."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class State:
    """A Mexican state (ISO 3166-2:MX code without the prefix)."""

    key: str
    name: str
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupplierProfile:
    """What the engine knows about a supplier; lists are free text as the user wrote them."""

    id: str
    name: str
    description: str = ""
    tier: int | None = None
    state: str | None = None
    processes: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    capacity: int | None = None


@dataclass(frozen=True)
class NeedQuery:
    """A buyer's sourcing need: text, required certifications and soft preferences."""

    id: str
    title: str
    description: str = ""
    processes: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    tiers: tuple[int, ...] = ()
    min_capacity: int | None = None
    certification_mode: CertificationMode = "penalise"


@dataclass(frozen=True)
class Reason:
    """Why a supplier was proposed, as a code plus arguments; see `matching.reasons.render`."""

    code: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """One ranked supplier for one need; `score` is in 0..1 and comparable across needs."""

    need_id: str
    supplier_id: str
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
