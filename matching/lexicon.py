"""Maps Spanish and English text into one shared space of concept features.

A text becomes a list of `Feature`s: a bilingual lexicon phrase ("troqueladas", "stamped" ->
``~stamp``), a taxonomy term (``#stamping``) or, for words neither knows, the word's stem, so
that two texts in different languages share features when they name the same things.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from matching.taxonomy import FuzzyVocabulary, load_taxonomy, phrase_key
from matching.text import stem, words

MAX_PHRASE = 5
_NEGATORS = frozenset(("no", "non", "sin", "not"))
# Listed wordings this close (rapidfuzz ratio) to the best one share the sense ("lamina"/"laminas").
SENSE_MARGIN = 10.0
SENSE_CACHE = 100_000
CONCEPT = "~"
TERM = "#"


@dataclass(frozen=True)
class Feature:
    """One feature of a text and the words of the text that produced it."""

    key: str
    surface: str


class ConceptAnalyzer:
    """Turns text into concept features using the lexicon and the taxonomy."""

    def __init__(
        self,
        phrases: dict[tuple[str, ...], tuple[str, ...]],
        broader: dict[str, list[str]] | None = None,
        senses: dict[tuple[str, ...], dict[str, tuple[str, ...]]] | None = None,
    ) -> None:
        self.phrases = phrases
        # Stems that different words share ("radio"/"radiador" -> "radi", "lamina"/"laminacion"
        # -> "lamin"): per listed wording, its features; the text's own words pick the sense.
        self.senses = senses or {}
        self._sense_cache: dict[tuple[tuple[str, ...], str], tuple[str, ...]] = {}
        self._analysed: dict[tuple[tuple[str, ...], bool, bool], tuple[Feature, ...]] = {}
        self.broader = broader or {}
        self._above: dict[str, tuple[str, ...]] = {}
        self.max_len = max((len(k) for k in phrases), default=1)
        self.vocabulary = FuzzyVocabulary(w for k in phrases for w in k)
        self.labels: dict[str, str] = {}

    def analyse(self, text: str, expand: bool = False, fuzzy: bool = True) -> list[Feature]:
        """Concept features of `text`; unknown words stay as their stems.

        With `expand`, each concept is followed by its broader concepts (same surface words).
        """
        tokens = words(text)
        # Catalogues repeat their wordings (a register's categories, copied titles): the
        # features depend on the words alone, so each wording is analysed once.
        key = (tuple(tokens), expand, fuzzy)
        hit = self._analysed.get(key)
        if hit is None:
            if len(self._analysed) > SENSE_CACHE:
                self._analysed.clear()  # bounded, as the sense cache
            hit = self._analysed[key] = tuple(self._analyse(tokens, expand, fuzzy))
        return list(hit)

    def _analyse(self, tokens: list[str], expand: bool, fuzzy: bool) -> list[Feature]:
        correct = self.vocabulary.correct if fuzzy else (lambda s: s)
        stems = [correct(stem(t)) for t in tokens]
        out: list[Feature] = []
        negated = 0
        for i in range(len(stems)):
            if i < negated:
                continue
            single = False
            for n in range(min(self.max_len, len(stems) - i), 0, -1):
                key = tuple(stems[i : i + n])
                keys = self.phrases.get(key)
                if keys:
                    surface = " ".join(tokens[i : i + n])
                    if key in self.senses:
                        keys = self._sense(key, surface)
                    out.extend(Feature(k, surface) for k in keys)
                    if expand:
                        out.extend(Feature(b, surface) for k in keys for b in self.broader_of(k))
                    single = single or n == 1
                    if n > 1 and tokens[i] in _NEGATORS:
                        # "no ferrosos", "non woven": the words inside do not count alone.
                        negated = max(negated, i + n)
            if not single:
                out.append(Feature(stems[i], tokens[i]))
        return out

    def _sense(self, key: tuple[str, ...], surface: str) -> tuple[str, ...]:
        """The features of the listed wordings of `key` closest to the words written."""
        hit = self._sense_cache.get((key, surface))
        if hit is None:
            scored = [(fuzz.ratio(surface, listed), f) for listed, f in self.senses[key].items()]
            best = max(score for score, _ in scored)
            found: list[str] = []
            for score, features in scored:
                if score >= best - SENSE_MARGIN:
                    found.extend(k for k in features if k not in found)
            if len(self._sense_cache) > SENSE_CACHE:
                self._sense_cache.clear()  # a long-running worker reads unbounded text
            hit = self._sense_cache[(key, surface)] = tuple(found)
        return hit

    def broader_of(self, concept: str) -> tuple[str, ...]:
        """Every concept above `concept`, nearest first."""
        hit = self._above.get(concept)
        if hit is None:
            hit = self._above[concept] = tuple(_closure(concept, self.broader))
        return hit

    def keys(self, text: str) -> list[str]:
        """Only the feature keys of `text` (the vectorizers' analyzer)."""
        return [f.key for f in self.analyse(text)]

    def own_and_broader(self, text: str, fuzzy: bool = True) -> tuple[list[str], list[str]]:
        """The feature keys of `text` and the broader concepts they imply, in one pass
        (`fuzzy`: misspelt words corrected to known ones)."""
        own = [f.key for f in self.analyse(text, fuzzy=fuzzy)]
        return own, [b for k in own for b in self.broader_of(k)]

    def broader_keys(self, text: str) -> list[str]:
        """Only the broader concepts that `text` implies (its own concepts left out)."""
        return [b for f in self.analyse(text) for b in self.broader_of(f.key)]


def _read_lexicon() -> list[tuple[list[str], list[str]]]:
    path = resources.files("matching").joinpath("data", "lexicon.csv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(r["en"].split("|"), r["es"].split("|")) for r in rows]


def concept_key(name: str) -> str:
    """The feature of a lexicon row, from its first English phrase: words, not stems, so that
    rows whose names share a stem ("machine", "machining") stay apart."""
    return CONCEPT + "_".join(words(name))


def _read_broader() -> dict[str, list[str]]:
    """concept -> broader concepts, from matching/data/broader.csv (English head phrases)."""
    path = resources.files("matching").joinpath("data", "broader.csv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, list[str]] = {}
    for row in rows:
        narrow = concept_key(row["concept"])
        for wide in row["broader"].split("|"):
            out.setdefault(narrow, []).append(concept_key(wide))
    return out


def _closure(concept: str, broader: dict[str, list[str]]) -> list[str]:
    """Every concept above `concept` (not itself), nearest first."""
    out: list[str] = []
    todo = list(broader.get(concept, ()))
    while todo:
        wide = todo.pop(0)
        if wide != concept and wide not in out:
            out.append(wide)
            todo.extend(broader.get(wide, ()))
    return out


@lru_cache(maxsize=1)
def load_analyzer() -> ConceptAnalyzer:
    """The shared analyzer built from matching/data/lexicon.csv and the taxonomy."""
    table: dict[tuple[str, ...], list[str]] = {}
    wordings: dict[tuple[str, ...], dict[str, list[str]]] = {}
    labels: dict[str, str] = {}

    def add(phrase: str, feature: str) -> None:
        key = phrase_key(phrase)
        if not key:
            return
        for found in (
            table.setdefault(key, []),
            wordings.setdefault(key, {}).setdefault(" ".join(words(phrase)), []),
        ):
            if feature not in found:
                found.append(feature)

    for english, spanish in _read_lexicon():
        concept = concept_key(english[0])
        if concept == CONCEPT:
            continue
        labels.setdefault(concept, english[0])
        for phrase in (*english, *spanish):
            add(phrase, concept)
    for term in load_taxonomy().terms:
        feature = TERM + term.key
        labels[feature] = term.name_en
        for phrase in (term.name_es, term.name_en, *term.synonyms):
            add(phrase, feature)
    # Hypernyms: a phrase naming a kind of thing ("latas") also names its class ("envases"),
    # so a need written at the class level finds suppliers that name only the product.
    # A stem is ambiguous when its wordings do not all name the same features.
    senses = {
        key: {w: tuple(f) for w, f in listed.items()}
        for key, listed in wordings.items()
        if len({frozenset(f) for f in listed.values()}) > 1
    }
    analyzer = ConceptAnalyzer({k: tuple(v) for k, v in table.items()}, _read_broader(), senses)
    analyzer.labels = labels
    return analyzer
