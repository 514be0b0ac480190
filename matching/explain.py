"""Builds the reasons that let a person check why a supplier was proposed for a need."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from matching.features import MAX_TEXT, need_text, supplier_text
from matching.lexicon import CONCEPT, TERM, Feature, load_analyzer
from matching.taxonomy import (
    certification_name,
    load_taxonomy,
    normalise_certification,
    normalise_state,
    state_name,
)
from matching.text import words
from matching.types import NeedQuery, Reason, SupplierProfile

MAX_TEXT_REASONS = 4


@lru_cache(maxsize=50_000)
def _features(text: str) -> tuple[Feature, ...]:
    return tuple(load_analyzer().analyse(text[:MAX_TEXT]))


def _first_surfaces(features: tuple[Feature, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in features:
        out.setdefault(f.key, f.surface)
    return out


def text_reasons(need: NeedQuery, profile: SupplierProfile) -> list[Reason]:
    """Shared taxonomy terms, shared concepts across languages, shared or similar words."""
    wanted = _first_surfaces(_features(need_text(need)))
    offered = _first_surfaces(_features(supplier_text(profile) + " . " + profile.name))
    shared = [k for k in wanted if k in offered]
    out: list[Reason] = []
    covered: set[str] = set()
    taxonomy = load_taxonomy()
    for key in shared:
        if key.startswith(TERM):
            term = taxonomy.by_key[key[1:]]
            out.append(Reason(term.kind, (offered[key], wanted[key])))
            covered.update(offered[key].split())
    for key in shared:
        if key.startswith(CONCEPT) and offered[key] not in covered:
            out.append(Reason("concept", (offered[key], wanted[key])))
            covered.update(offered[key].split())
    plain = [
        offered[k] for k in shared if k[:1] not in (TERM, CONCEPT) and offered[k] not in covered
    ]
    if plain:
        out.append(Reason("words", tuple(dict.fromkeys(plain))[:5]))
    if not out:
        out.extend(_similar_words(need, profile))
    return out[:MAX_TEXT_REASONS]


def _similar_words(need: NeedQuery, profile: SupplierProfile) -> list[Reason]:
    """For matches found through spelling alone: the closest pair of words."""
    mine = set(words(need_text(need)[:MAX_TEXT]))
    theirs = set(words((supplier_text(profile) + " " + profile.name)[:MAX_TEXT]))
    best: tuple[float, str, str] = (0.0, "", "")
    for a in list(theirs)[:500]:
        for b in list(mine)[:100]:
            score = fuzz.ratio(a, b)
            if score > best[0]:
                best = (score, a, b)
    if best[0] >= 60.0:
        return [Reason("similar", (best[1], best[2]))]
    snippet = (profile.description or profile.name)[:80]
    return [Reason("related", (snippet,))]


def reasons(need: NeedQuery, profile: SupplierProfile, have: set[str | None]) -> tuple[Reason, ...]:
    """All reasons for one match: text evidence, certifications and preferences."""
    out = text_reasons(need, profile)
    for cert in need.certifications:
        key = normalise_certification(cert) or cert
        name = certification_name(key)
        out.append(Reason("certified" if key in have else "missing_certification", (name,)))
    state = normalise_state(profile.state or "")
    if state and state in {normalise_state(s) for s in need.states}:
        out.append(Reason("preferred_state", (state_name(state),)))
    if profile.tier is not None and profile.tier in need.tiers:
        out.append(Reason("preferred_tier", (str(profile.tier),)))
    if need.min_capacity and profile.capacity:
        code = "capacity_ok" if profile.capacity >= need.min_capacity else "capacity_short"
        out.append(Reason(code, (str(profile.capacity), str(need.min_capacity))))
    return tuple(out)
