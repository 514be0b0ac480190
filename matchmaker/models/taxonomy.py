"""The bilingual capability taxonomy: processes, materials and product families."""

from __future__ import annotations

import enum

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.extensions import db
from matchmaker.models.base import one_of


class TermKind(enum.StrEnum):
    PROCESS = "process"
    MATERIAL = "material"
    PRODUCT = "product"


class TaxonomyTerm(db.Model):
    """A canonical capability with its Spanish and English names and synonyms."""

    __tablename__ = "taxonomy_terms"
    __table_args__ = (one_of("kind", TermKind, "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name_es: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    synonyms: Mapped[str] = mapped_column(Text, default="")

    def name(self, lang: str) -> str:
        """The term's name in the given language."""
        return self.name_en if lang == "en" else self.name_es
