"""Sparse feature spaces: character n-grams and bilingual concepts, hashed and idf-weighted.

Texts are hashed (no vocabulary to fit before transforming), then mapped by a `Vocabulary`
onto the compact columns the catalogue uses, so that no step of a query touches arrays as wide
as the hashed space. Adding or replacing one supplier transforms only that supplier's row.
Every step works in O(stored entries).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import HashingVectorizer  # type: ignore[import-untyped]

from matching.lexicon import CONCEPT, load_analyzer
from matching.taxonomy import phrase_key
from matching.text import STOP_WORDS, strip_accents, words
from matching.types import NeedQuery, SupplierProfile

N_FEATURES = 2**20
# Far longer than any real description; keeps a 100 KB paste from dominating build time.
MAX_TEXT = 20_000

# Above 1 sharpens idf (as BM25 does): a rare word such as "motores" should outweigh the
# generic "partes para vehiculos" that every auto-parts plant shares.
IDF_POWER = 1.0

# scipy ships no type information; sparse matrices are typed loosely on purpose.
Matrix: TypeAlias = Any


# Phrase structure. A product phrase's head ("partes de sistemas de frenos") says what is made;
# what follows "para"/"for"/"de uso" only says who uses it, and what follows "excepto"/"no
# incluye"/"except" is explicitly not made. Text is cut into weighted segments accordingly.
MODIFIER_WEIGHT = 0.5
PAREN_WEIGHT = 0.6
_MODIFIER_MARKERS = frozenset(
    "para for uso use used usado usados usada usadas utilizado utilizados utilizada utilizadas "
    "destinado destinados destinada destinadas".split()
)
_NEGATION_MARKERS = frozenset(
    "excepto except excluye excluyendo excluding exclude excludes excluido excluidos "
    "salvo not sin without".split()
)
# Words that name no particular product: a head made only of them is not specific, so what the
# modifier says is kept at full weight ("maquinaria y equipo para levantar y trasladar").
GENERIC = frozenset(
    """
    parte partes pieza piezas producto productos equipo equipos articulo articulos componente
    componentes material materiales accesorio accesorios sistema sistemas aparato aparatos
    maquinaria maquina maquinas materia materias prima primas insumo insumos refaccion
    refacciones diverso diversos otro otros otra otras uso general todo tipo
    part parts piece pieces product products equipment component components material materials
    accessory accessories system systems apparatus device devices machinery machine machines
    goods item items supply supplies raw general
    """.split()
)
_TOKEN = re.compile(r"[a-z0-9]+|[,;.()\[\]:]")
_CLOSE = frozenset(").;:]")


GENERIC_WEIGHT = 0.5


def _is_phrase(tokens: list[str]) -> bool:
    """Whether the words are one lexicon phrase ("no ferrosos" is a kind of metal)."""
    return phrase_key(" ".join(tokens)) in load_analyzer().phrases


def segments(text: str, split_generic: bool = False) -> list[tuple[str, float]]:
    """`text` as runs of words with weights: 1 head, lower for modifiers, 0 for exclusions.

    With `split_generic`, generic words form runs of their own at GENERIC_WEIGHT times.
    """
    out: list[tuple[list[str], float]] = []
    for tok, mode in _weighted_words(text):
        weight = mode * GENERIC_WEIGHT if split_generic and tok in GENERIC else mode
        if out and out[-1][1] == weight:
            out[-1][0].append(tok)
        else:
            out.append(([tok], weight))
    return [(" ".join(ws), w) for ws, w in out if w > 0.0]


@lru_cache(maxsize=32_768)
def _weighted_words(text: str) -> tuple[tuple[str, float], ...]:
    """`text` as runs of words with weights: 1 head, lower for modifiers, 0 for exclusions."""
    tokens = _TOKEN.findall(strip_accents(text[:MAX_TEXT]).lower())
    out: list[tuple[str, float]] = []
    base = 1.0  # weight outside the current modifier/negation (parentheses lower it)
    mode = 1.0
    head_specific = False
    stack: list[tuple[float, float]] = []
    prev: list[str] = []
    skip_next = False
    for i, tok in enumerate(tokens):
        if tok in "([":
            stack.append((base, mode))
            base = mode = min(mode, PAREN_WEIGHT)
            continue
        if tok in _CLOSE or tok == ",":
            if tok in ")]" and stack:
                base, mode = stack.pop()
                mode = base
            elif tok != "," or mode > 0.0:
                mode = base
            if tok != ",":
                head_specific = False
            prev = []
            continue
        if (
            tok in ("no", "non")
            and tokens[i + 1 : i + 2] != ["incluye"]
            and not _is_phrase(tokens[i : i + 2])
        ):
            # "equipo no electronico", "non woven": only the next word is denied.
            skip_next = True
            prev.append(tok)
            continue
        if skip_next:
            skip_next = False
            prev.append(tok)
            continue
        if tok in _NEGATION_MARKERS or (tok == "no" and tokens[i + 1 : i + 2] == ["incluye"]):
            # "con y sin reforzamiento" / "with and without": both, not an exclusion.
            if tok in ("sin", "without", "not") and prev[-1:] in (["y"], ["and"], ["o"], ["or"]):
                prev.append(tok)
                continue
            mode = 0.0
            prev.append(tok)
            continue
        if tok in _MODIFIER_MARKERS and mode > 0.0:
            mode = base * (MODIFIER_WEIGHT if head_specific else 1.0)
            prev.append(tok)
            continue
        if mode == base and tok not in STOP_WORDS and tok not in GENERIC and len(tok) > 1:
            head_specific = True
        out.append((tok, mode))
        prev.append(tok)
    return tuple(out)


def clean(text: str) -> str:
    """Normalised content words of `text`, for the character n-gram space."""
    return " ".join(words(text[:MAX_TEXT]))


def _concepts(text: str) -> list[str]:
    return load_analyzer().keys(text[:MAX_TEXT])


def supplier_text(profile: SupplierProfile) -> str:
    """Everything a supplier says about what it does (the name is kept apart)."""
    parts = [profile.description, *profile.processes, *profile.materials, *profile.products]
    return " . ".join(p for p in parts if p)


def need_text(need: NeedQuery) -> str:
    """Everything a need says about what it wants."""
    parts = [need.title, need.description, *need.processes, *need.materials]
    return " . ".join(p for p in parts if p)


# Materials a product is made of: a need for plastic bottles is not met by glass bottles.
MATERIALS = (
    "plastic rubber glass wood paper textile leather ceramic concrete cement metal ferrous "
    "nonferrous steel iron stainless aluminum copper brass bronze zinc lead nickel silver gold"
).split()


def _identity(keys: list[str]) -> list[str]:
    return keys


@lru_cache(maxsize=1)
def _hasher() -> HashingVectorizer:
    """Hashes ready-made feature lists into the same columns as the spaces use."""
    return HashingVectorizer(
        analyzer=_identity, n_features=N_FEATURES, alternate_sign=False, norm=None
    )


@lru_cache(maxsize=1)
def material_columns() -> Any:
    """The hashed concept columns of MATERIALS, in order."""
    return _hasher().transform([[CONCEPT + m] for m in MATERIALS]).indices


@lru_cache(maxsize=1)
def material_lookup() -> Any:
    """Per hashed concept column: its position in MATERIALS, or -1."""
    lookup = np.full(N_FEATURES, -1, dtype=np.int64)
    cols = material_columns()
    # A later material never takes the column of an earlier one (hash collisions).
    for pos in range(len(cols) - 1, -1, -1):
        lookup[cols[pos]] = pos
    return lookup


@lru_cache(maxsize=1)
def _generic_scale() -> Any:
    """Per hashed concept column: GENERIC_WEIGHT for the concepts of generic words, else 1."""
    scale = np.ones(N_FEATURES)
    hasher = _hasher()
    # Taxonomy terms stay whole: "maquina" must not weaken the process "maquinado".
    keys = sorted({k for w in GENERIC for k in load_analyzer().keys(w) if not k.startswith("#")})
    if keys:
        scale[hasher.transform([[k] for k in keys]).indices] = GENERIC_WEIGHT
    return scale


class Space:
    """One hashed feature space: raw counts in, idf-weighted unit rows out."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.vectorizer: HashingVectorizer
        if kind == "char":
            self.vectorizer = HashingVectorizer(
                analyzer="char_wb",
                ngram_range=(3, 5),
                preprocessor=clean,
                n_features=N_FEATURES,
                alternate_sign=False,
                norm=None,
            )
        else:
            self.vectorizer = HashingVectorizer(
                analyzer=_concepts, n_features=N_FEATURES, alternate_sign=False, norm=None
            )
        # Only concepts have hypernyms.
        self.implies = kind == "concept"

    def counts(self, texts: Sequence[str], broader: float = 0.0, fuzzy: bool = True) -> Matrix:
        """Raw term counts, one row per text, plus `broader` times the implied hypernyms."""
        own, implied = self.split_counts(texts, fuzzy)
        if broader and implied is not None:
            return sp.csr_matrix(own + broader * implied)
        return own

    def split_counts(
        self, texts: Sequence[str], fuzzy: bool = True
    ) -> tuple[Matrix, Matrix | None]:
        """A text's own term counts, and (concept space only) the hypernyms they imply."""
        if not texts:
            empty = sp.csr_matrix((0, N_FEATURES), dtype=np.float64)
            return empty, (empty if self.implies else None)
        parts: list[str] = []
        rows: list[int] = []
        weights: list[float] = []
        for row, text in enumerate(texts):
            for part, weight in segments(text, self.kind == "char"):
                parts.append(part)
                rows.append(row)
                weights.append(weight)
        if not parts:
            empty = sp.csr_matrix((len(texts), N_FEATURES), dtype=np.float64)
            return empty, (empty if self.implies else None)
        row_of = np.asarray(rows, dtype=np.int64)
        weight_of = np.asarray(weights, dtype=np.float64)
        if not self.implies:
            own = _combine(self.vectorizer.transform(parts), row_of, weight_of, len(texts))
            return own, None
        analyzer = load_analyzer()
        pairs = [analyzer.own_and_broader(part[:MAX_TEXT], fuzzy) for part in parts]
        hasher = _hasher()
        own = _combine(hasher.transform([p[0] for p in pairs]), row_of, weight_of, len(texts))
        implied = _combine(hasher.transform([p[1] for p in pairs]), row_of, weight_of, len(texts))
        own.data *= _generic_scale()[own.indices]
        implied.data *= _generic_scale()[implied.indices]
        return own, implied


def row_ids(matrix: Matrix) -> Any:
    """The row of every stored entry of a CSR matrix."""
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def row_norms(matrix: Matrix) -> Any:
    """Euclidean length of every row, in O(stored entries) (no work arrays as wide as the
    hashed space, which is what made small catalogues slow)."""
    squares = np.bincount(row_ids(matrix), weights=matrix.data**2, minlength=matrix.shape[0])
    return np.sqrt(squares)


def scale_rows(matrix: Matrix, factors: Any) -> Matrix:
    """A copy of `matrix` with row i multiplied by factors[i]."""
    out = sp.csr_matrix(matrix, copy=True)
    out.data = out.data * np.asarray(factors, dtype=np.float64)[row_ids(out)]
    return out


def _combine(parts: Matrix, rows: Any, weights: Any, n_rows: int) -> Matrix:
    """Sum of weighted part rows into text rows, in O(stored entries), canonical CSR."""
    parts = sp.csr_matrix(parts)
    entry_rows = row_ids(parts)
    out = sp.coo_matrix(
        (parts.data * weights[entry_rows], (rows[entry_rows], parts.indices)),
        shape=(n_rows, parts.shape[1]),
    ).tocsr()
    out.sum_duplicates()
    return sp.csr_matrix(out, dtype=np.float64)


class Vocabulary:
    """Hashed columns seen in the catalogue mapped to compact columns 1..size-1.

    Column 0 is no feature: a query keeps there the length of its part that no supplier has,
    so cosines equal those of the full hashed vectors. New suppliers add columns at the end,
    so the columns already fitted (and their idf) never move.
    """

    def __init__(self) -> None:
        self.table = np.full(N_FEATURES, -1, dtype=np.int64)
        self.size = 1

    def add(self, matrix: Matrix) -> None:
        """Give a compact column to every hashed column `matrix` uses that has none yet."""
        if not matrix.nnz:
            return
        if matrix.nnz > N_FEATURES // 16:
            used = np.flatnonzero(np.bincount(matrix.indices, minlength=N_FEATURES))
        else:
            used = np.unique(matrix.indices)
        new = used[self.table[used] < 0]
        self.table[new] = np.arange(self.size, self.size + new.size)
        self.size += int(new.size)

    def hashed(self) -> Any:
        """The hashed column of every compact column (-1 for column 0)."""
        out = np.full(self.size, -1, dtype=np.int64)
        used = np.flatnonzero(self.table >= 0)
        out[self.table[used]] = used
        return out

    def compact(self, matrix: Matrix) -> Matrix:
        """`matrix` in compact columns; unknown columns fold into column 0 (root sum of squares)."""
        matrix = sp.csr_matrix(matrix)
        cols = self.table[matrix.indices]
        rows = row_ids(matrix)
        known = cols >= 0
        unknown = np.bincount(
            rows[~known], weights=matrix.data[~known] ** 2, minlength=matrix.shape[0]
        )
        extra = np.flatnonzero(unknown)
        out = sp.coo_matrix(
            (
                np.concatenate([matrix.data[known], np.sqrt(unknown[extra])]),
                (np.concatenate([rows[known], extra]), np.concatenate([cols[known], extra * 0])),
            ),
            shape=(matrix.shape[0], self.size),
        ).tocsr()
        out.sum_duplicates()
        return sp.csr_matrix(out, dtype=np.float64)


def widen(matrix: Matrix, width: int) -> Matrix:
    """`matrix` with more (empty) columns."""
    shape = (matrix.shape[0], width)
    return sp.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=shape)


def idf(counts: Matrix, width: int | None = None) -> Any:
    """Smoothed inverse document frequency of every column."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=width or counts.shape[1]).astype(np.float64)
    return unseen_idf(n, df)


def unseen_idf(n: int, df: Any = 0.0) -> Any:
    """idf for document frequency `df` among `n` rows (a column no row has: df 0)."""
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0) ** IDF_POWER


def weigh(counts: Matrix, idf_values: np.ndarray) -> Matrix:
    """Sublinear tf times idf, each row scaled to unit length (empty rows stay zero)."""
    out = sp.csr_matrix(counts, copy=True)
    # Sublinear above one occurrence; a fractional (down-weighted) count stays proportional.
    tf = np.where(out.data > 1.0, 1.0 + np.log(np.maximum(out.data, 1.0)), out.data)
    out.data = np.maximum(tf, 0.0) * idf_values[out.indices]
    return normalise_rows(out)


def normalise_rows(matrix: Matrix) -> Matrix:
    """Rows scaled to unit length."""
    norms = row_norms(matrix)
    norms[norms == 0] = 1.0
    return scale_rows(matrix, 1.0 / norms)
