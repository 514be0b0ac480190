"""Sparse feature spaces: character n-grams and bilingual concepts, hashed and idf-weighted.

Hashing (rather than a fitted vocabulary) lets the index add or replace one supplier by
transforming only that supplier's row; idf is recomputed from stored counts, which is cheap
and gives exactly the vectors a full rebuild would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import HashingVectorizer  # type: ignore[import-untyped]

from matching.lexicon import load_analyzer
from matching.text import words
from matching.types import NeedQuery, SupplierProfile

N_FEATURES = 2**20
# Far longer than any real description; keeps a 100 KB paste from dominating build time.
MAX_TEXT = 20_000

# Above 1 sharpens idf (as BM25 does): a rare word such as "motores" should outweigh the
# generic "partes para vehiculos" that every auto-parts plant shares.
IDF_POWER = 1.0

# scipy ships no type information; sparse matrices are typed loosely on purpose.
Matrix: TypeAlias = Any


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

    def counts(self, texts: Sequence[str]) -> Matrix:
        """Raw term counts, one row per text."""
        if not texts:
            return sp.csr_matrix((0, N_FEATURES), dtype=np.float64)
        return sp.csr_matrix(self.vectorizer.transform(texts), dtype=np.float64)


def idf(counts: Matrix) -> Any:
    """Smoothed inverse document frequency of every hashed feature."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=N_FEATURES).astype(np.float64)
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0) ** IDF_POWER


def weigh(counts: Matrix, idf_values: np.ndarray) -> Matrix:
    """Sublinear tf times idf, each row scaled to unit length (empty rows stay zero)."""
    out = sp.csr_matrix(counts, copy=True)
    out.data = (1.0 + np.log(np.maximum(out.data, 1e-12))) * idf_values[out.indices]
    out.data = np.maximum(out.data, 0.0)
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ out)


def normalise_rows(matrix: Matrix) -> Matrix:
    """Rows scaled to unit length."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
