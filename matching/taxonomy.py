"""The bilingual capability taxonomy, certifications and Mexican states.

Public API (the web app calls exactly these; keep the names stable):

- ``load_taxonomy() -> Taxonomy``: the taxonomy from ``matching/data/taxonomy.csv`` (cached).
- ``Taxonomy.terms``: ``tuple[Term, ...]`` in file order; ``Taxonomy.by_key``: ``dict[str, Term]``.
- ``Taxonomy.find(text) -> list[TermHit]``: canonical terms named in free text, Spanish or
  English, any case, with or without accents, with typos (rapidfuzz), in text order.
- ``load_certifications() -> tuple[Certification, ...]`` and
  ``normalise_certification(text) -> str | None``: "iatf16949", "ISO-9001:2015", "ISO/TS 16949"
  -> canonical key ("iatf_16949", "iso_9001"); None when nothing matches.
- ``load_states() -> tuple[State, ...]`` and ``normalise_state(text) -> str | None``:
  "NUEVO LEON", "Nuevo León", "NL", "N.L." -> "NLE"; ``state_name(key)`` -> "Nuevo León".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from matching.text import normalise, stem, words
from matching.types import Certification, Kind, State, Term, TermHit

MAX_PHRASE = 5
# Below this length a one-letter change makes another word ("cal"/"cable"): no fuzzy match.
MIN_FUZZY_LEN = 5
FUZZY_CUTOFF = 86.0
_YEAR = re.compile(r"(?:19|20)\d\d$")


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("matching").joinpath("data", name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def phrase_key(text: str) -> tuple[str, ...]:
    """The stems of a phrase's content words: the form phrases are matched in."""
    return tuple(stem(w) for w in words(text))


class FuzzyVocabulary:
    """Corrects misspelt stems to the nearest known stem (cached per word)."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = frozenset(known)
        self._choices = sorted(w for w in self.known if len(w) >= MIN_FUZZY_LEN - 1)
        self._cache: dict[str, str] = {}
        self._near: dict[tuple[int, str], list[str]] = {}

    def _choices_for(self, length: int, first: str) -> list[str]:
        """The known stems that begin with `first` and whose length allows a ratio of
        FUZZY_CUTOFF with a word of `length`: ratio = 1 - indel / (len1 + len2) and
        indel >= |len1 - len2|. Misspellings keep the first letter (as spelling checkers
        assume), which makes the search an order of magnitude smaller."""
        near = self._near.get((length, first))
        if near is None:
            slack = 1.0 - FUZZY_CUTOFF / 100.0
            near = self._near[(length, first)] = [
                w
                for w in self._choices
                if w[0] == first and abs(len(w) - length) <= slack * (len(w) + length)
            ]
        return near

    def correct(self, token: str) -> str:
        """The known stem closest to `token`, or `token` itself when none is close."""
        if token in self.known or len(token) < MIN_FUZZY_LEN - 1 or token.isdigit():
            return token
        hit = self._cache.get(token)
        if hit is None and stem(token) in self.known:
            # A doubled ending ("galvanizadoo") leaves a suffix behind after one pass.
            hit = self._cache[token] = stem(token)
        if hit is None:
            best = process.extractOne(
                token,
                self._choices_for(len(token), token[0]),
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_CUTOFF,
            )
            hit = best[0] if best else token
            self._cache[token] = hit
        return hit


class Taxonomy:
    """Terms plus a phrase index from stemmed synonyms to term keys."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: tuple[Term, ...] = tuple(terms)
        self.by_key: dict[str, Term] = {t.key: t for t in self.terms}
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        for term in self.terms:
            for text in (term.name_es, term.name_en, *term.synonyms):
                key = phrase_key(text)
                if key and term.key not in self.phrases.setdefault(key, []):
                    self.phrases[key].append(term.key)
        self.vocabulary = FuzzyVocabulary(w for k in self.phrases for w in k)

    def find(self, text: str) -> list[TermHit]:
        """Terms named in `text`, longest phrase first at each position, in text order."""
        tokens = words(text)
        stems = [self.vocabulary.correct(stem(t)) for t in tokens]
        hits: list[TermHit] = []
        seen: set[str] = set()
        i = 0
        while i < len(stems):
            for n in range(min(MAX_PHRASE, len(stems) - i), 0, -1):
                keys = self.phrases.get(tuple(stems[i : i + n]))
                if keys:
                    matched = " ".join(tokens[i : i + n])
                    window = zip(tokens[i : i + n], stems[i : i + n], strict=True)
                    exact = all(stem(t) == s for t, s in window)
                    for key in keys:
                        if key not in seen:
                            seen.add(key)
                            hits.append(TermHit(self.by_key[key], matched, 1.0 if exact else 0.9))
                    i += n
                    break
            else:
                i += 1
        return hits


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The bilingual capability taxonomy shipped in matching/data/taxonomy.csv."""
    terms = []
    for row in _rows("taxonomy.csv"):
        kind: Kind
        if row["kind"] == "process":
            kind = "process"
        elif row["kind"] == "material":
            kind = "material"
        else:
            kind = "product"
        terms.append(
            Term(row["key"], kind, row["name_es"], row["name_en"], _split(row["synonyms"]))
        )
    return Taxonomy(terms)


@lru_cache(maxsize=1)
def load_certifications() -> tuple[Certification, ...]:
    """Known certifications with their aliases."""
    rows = _rows("certifications.csv")
    return tuple(Certification(r["key"], r["name"], _split(r["aliases"])) for r in rows)


@lru_cache(maxsize=1)
def _certification_index() -> tuple[dict[str, str], list[str]]:
    exact: dict[str, str] = {}
    for cert in load_certifications():
        for alias in (cert.key, cert.name, *cert.aliases):
            exact.setdefault(normalise(alias).replace(" ", ""), cert.key)
    return exact, sorted(k for k in exact if len(k) >= 5)


@lru_cache(maxsize=4096)
def normalise_certification(text: str) -> str | None:
    """Canonical key of a certification written in any usual way, or None."""
    exact, choices = _certification_index()
    compact = normalise(text).replace(" ", "")
    if not compact:
        return None
    for candidate in (compact, _YEAR.sub("", compact)):
        if candidate in exact:
            return exact[candidate]
    # "Certificado ISO 9001 vigente": a distinctive number inside longer text.
    for token in normalise(text).split():
        if token.isdigit() and len(token) >= 4 and token in exact:
            return exact[token]
    best = process.extractOne(_YEAR.sub("", compact), choices, scorer=fuzz.ratio, score_cutoff=88.0)
    return exact[best[0]] if best else None


def certification_name(key: str) -> str:
    """Display name of a certification key (the key itself if unknown)."""
    for cert in load_certifications():
        if cert.key == key:
            return cert.name
    return key


@lru_cache(maxsize=1)
def load_states() -> tuple[State, ...]:
    """The 32 Mexican states with abbreviations and aliases."""
    return tuple(
        State(r["key"], r["name"], _split(r["abbreviations"]), _split(r["aliases"]))
        for r in _rows("states.csv")
    )


@lru_cache(maxsize=1)
def _state_index() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    for state in load_states():
        for alias in (state.name, *state.aliases):
            names[normalise(alias)] = state.key
        for abbr in (state.key, *state.abbreviations):
            abbreviations[normalise(abbr).replace(" ", "")] = state.key
    return names, abbreviations


@lru_cache(maxsize=4096)
def normalise_state(text: str) -> str | None:
    """Three-letter key of a Mexican state written in any usual way, or None."""
    names, abbreviations = _state_index()
    norm = normalise(text)
    if not norm:
        return None
    if norm in names:
        return names[norm]
    if norm.replace(" ", "") in abbreviations:
        return abbreviations[norm.replace(" ", "")]
    trimmed = re.sub(r"^(estado de|edo de|edo|estado|state of)\s+", "", norm)
    trimmed = re.sub(r"\s+(mexico|mx|mex)$", "", trimmed)
    if trimmed in names:
        return names[trimmed]
    best = process.extractOne(trimmed, list(names), scorer=fuzz.ratio, score_cutoff=85.0)
    return names[best[0]] if best else None


def state_name(key: str) -> str:
    """Display name of a state key (the key itself if unknown)."""
    for state in load_states():
        if state.key == key:
            return state.name
    return key
