"""Keeping the taxonomy table in step with the engine's bilingual taxonomy."""

from __future__ import annotations

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
        values = {"kind": term.kind, "name_es": term.name_es, "name_en": term.name_en,
                  "synonyms": "|".join(term.synonyms)}
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


def terms_of_kind(kind: str, lang: str) -> list[TaxonomyTerm]:
    """The terms of one kind, sorted by their name in the given language."""
    rows = db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.kind == kind)).all()
    return sorted(rows, key=lambda t: t.name(lang).lower())
