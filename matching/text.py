"""Text normalisation shared by the taxonomy and the engine (Spanish and English).

`normalise` lower-cases, strips accents and punctuation and collapses spaces; `words` splits
normalised text and drops stop words; `stem` is a light suffix stripper that treats both
languages alike, so that "troqueladas", "troquelado" and "stamped", "stamping" each collapse.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")
# The combining diacritics of Latin text (the rest are checked one by one).
_COMBINING = re.compile("[\u0300-\u036f]+")

# Function words of both languages plus the generic verbs of manufacturing registers: every
# plant "fabrica" or "produce" something, so these words say nothing about what it makes.
STOP_WORDS = frozenset(
    """
    a al algun alguna algunos ante con contra de del desde e el ella en entre era es esta este
    esto etc excepto excluye incluye la las lo los mas o otra otras otro otros para pero por
    que se segun si sin sobre sus su tal tambien todo toda todos todas tipo tipos u un una unas
    uno unos y ya cual cuales como donde principal principalmente general generales similar
    similares diversos diversas varios varias demas asi mismo mismos
    sa cv rl s de c v srl sapi sab planta
    fabricacion fabricaciones fabricar fabricamos fabricante fabricantes fabrica fabricado
    fabricados fabricada fabricadas produccion producir produce producimos productor
    productores manufactura manufacturas manufacturera manufacturero manufacturacion
    elaboracion elaborar elaborados transformacion actividad actividades empresa industria
    industrias industrial industriales compra venta ventas comercializacion
    importacion exportacion servicio servicios
    an and are as at be by for from in into is it its of on or other others the their to with
    without except excluding including includes etc all any such type types various
    manufacture manufactured manufacturer manufacturers manufacturing make makes making made
    maker makers producer producers production produce produces producing fabrication
    fabricated fabricate company industry industries supplier suppliers supply sale sales
    service services need needs we our us looking seek seeking want require required
    """.split()
)

# Longest first; a suffix is only removed when at least three letters remain.
_SUFFIXES = (
    "amientos",
    "imientos",
    "aciones",
    "iciones",
    "amiento",
    "imiento",
    "idades",
    "ations",
    "adoras",
    "adores",
    "edores",
    "ciones",
    "siones",
    "acion",
    "icion",
    "ation",
    "ments",
    "adora",
    "ador",
    "edor",
    "idad",
    "ment",
    "cion",
    "sion",
    "ings",
    "ados",
    "idos",
    "adas",
    "idas",
    "ado",
    "ido",
    "ada",
    "ida",
    "ing",
    "ies",
    "ers",
    "eos",
    "es",
    "ed",
    "os",
    "as",
    "er",
    "eo",
    "o",
    "a",
    "e",
    "s",
    "y",
)


# Words whose suffix stripping would merge them with another word: "maquinado" (machining)
# is not "maquina" (machine); "fundicion" (casting) is not "funda" (cover).
_STEM_EXCEPTIONS = {
    **dict.fromkeys(("maquinado", "maquinados", "maquinada", "maquinadas", "maquinar"), "maquinad"),
    **dict.fromkeys(("fundicion", "fundiciones"), "fundicion"),
}


def strip_accents(text: str) -> str:
    """Remove diacritics (é -> e, ñ -> n) keeping the base letters."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = _COMBINING.sub("", decomposed)
    if stripped.isascii():
        return stripped
    return "".join(c for c in stripped if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower-case, accent-free text with punctuation turned into single spaces."""
    return _NON_WORD.sub(" ", strip_accents(text).lower()).strip()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light bilingual stem of a normalised word: plural and common derivational suffixes off."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            # "harness"/"glass": a double s is part of the word, not an English plural.
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


def words(text: str, keep_stop_words: bool = False) -> list[str]:
    """Normalised words of `text`, stop words removed unless asked to keep them."""
    tokens = normalise(text).split()
    if keep_stop_words:
        return tokens
    return [t for t in tokens if t not in STOP_WORDS and len(t) > 1]


def stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order."""
    return [stem(w) for w in words(text)]
