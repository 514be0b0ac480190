"""Keeping the taxonomy table in step with the engine's bilingual taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from matching import taxonomy as tx
from matchmaker.extensions import db
from matchmaker.models import TaxonomyTerm
from matchmaker.services import atomic


@atomic
def sync_taxonomy() -> int:
    """Insert or update every term of the engine's taxonomy; returns how many changed."""
    existing = {t.key: t for t in db.session.scalars(select(TaxonomyTerm))}
    changed = 0
    for term in tx.load_taxonomy().terms:
        values = {
            "kind": term.kind,
            "name_es": term.name_es,
            "name_en": term.name_en,
            "synonyms": "|".join(term.synonyms),
        }
        row = existing.get(term.key)
        if row is None:
            db.session.add(TaxonomyTerm(key=term.key, **values))
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed += 1
    return changed


def terms_by_key() -> dict[str, TaxonomyTerm]:
    """All taxonomy rows, by key."""
    return {t.key: t for t in db.session.scalars(select(TaxonomyTerm))}


@dataclass(frozen=True)
class TermChoice:
    """A term as forms offer it."""

    key: str
    name_es: str
    name_en: str

    def name(self, lang: str) -> str:
        """The term's name in the given language."""
        return self.name_en if lang == "en" else self.name_es


@lru_cache(maxsize=16)
def terms_of_kind(kind: str, lang: str) -> tuple[TermChoice, ...]:
    """The terms of one kind, sorted by their name in the given language.

    Read from the engine's taxonomy, which `sync_taxonomy` copies into the table, so every
    page that offers the choices costs no query (the taxonomy changes only with a release).
    """
    terms = [
        TermChoice(t.key, t.name_es, t.name_en) for t in tx.load_taxonomy().terms if t.kind == kind
    ]
    return tuple(sorted(terms, key=lambda t: t.name(lang).lower()))
