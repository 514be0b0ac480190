"""Learned classes: what the suppliers of a known kind of need look like, learned from labels.

A class is a need title together with the suppliers labelled relevant to it: the SCIAN class of
the plants in Mexico's public pollutant register (the model shipped in ``data/``), or a
cluster's own history (shortlists, meetings that led to RFQs) exported as labelled pairs.
Training fits one logistic regression per class over the engine's own features (character
n-grams and concepts), stored by hashed column so that the model applies to any catalogue.

At query time a need whose title reads like a class title (the engine's own text similarity,
the closest class only, from SIMILAR_FROM upwards) averages that class's probability for every
supplier into its text scores (see ``SupplierIndex._blend``). So "Fabricación de motores y sus
partes para vehículos automotrices" prefers engine plants to electric-motor plants, because
labelled engine plants taught it so. A need that is like no class is ranked by text alone.

Public API: ``save``, ``load``, ``shipped()``; training is in ``matching.training``
(``train(profiles, needs, labels) -> LearnedClasses``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from matching.features import N_FEATURES, Matrix, Vocabulary

SPACES = ("char", "concept")
SHIPPED = Path(__file__).parent / "data" / "learned_retc.npz"


@dataclass(frozen=True)
class LearnedClasses:
    """One linear model per class over hashed features."""

    titles: tuple[str, ...]
    # space -> classes x N_FEATURES weights
    weights: Mapping[str, Matrix]
    intercepts: Any

    def __len__(self) -> int:
        return len(self.titles)

    def compact(self, space: str, vocab: Vocabulary) -> Matrix:
        """The weights of `space` in the compact columns of `vocab` (unknown columns dropped:
        no supplier of that catalogue has them)."""
        weights = self.weights[space]
        cols = vocab.table[weights.indices]
        rows = np.repeat(np.arange(weights.shape[0]), np.diff(weights.indptr))
        known = cols >= 0
        return sp.csr_matrix(
            (weights.data[known].astype(np.float64), (rows[known], cols[known])),
            shape=(weights.shape[0], vocab.size),
        )

    def probabilities(self, rows: Mapping[str, Matrix], weights: Mapping[str, Matrix]) -> Any:
        """classes x rows probabilities of weighted supplier rows, given the weights of each
        space in the rows' compact columns (see `compact`)."""
        n_rows = next(iter(rows.values())).shape[0]
        logits = np.zeros((n_rows, len(self)))
        for space in SPACES:
            logits += (rows[space] @ weights[space].T).toarray()
        logits += np.asarray(self.intercepts)[None, :]
        return np.ascontiguousarray((1.0 / (1.0 + np.exp(-logits))).T)


def save(model: LearnedClasses, path: str | Path) -> None:
    """Write `model` as a NumPy archive (no pickles)."""
    arrays: dict[str, Any] = {
        "titles": np.array(model.titles, dtype=str),
        "intercepts": np.asarray(model.intercepts, dtype=np.float64),
    }
    for space in SPACES:
        w = sp.csr_matrix(model.weights[space])
        arrays[f"{space}_data"] = w.data.astype(np.float32)
        arrays[f"{space}_indices"] = w.indices.astype(np.int32)
        arrays[f"{space}_indptr"] = w.indptr.astype(np.int64)
    # Through a file object: given a path, NumPy would append ".npz" to any other name.
    with open(path, "wb") as f:
        np.savez_compressed(f, **arrays)


def load(path: str | Path) -> LearnedClasses:
    """Read a model written by `save`."""
    # The file is opened here, so that it is closed even when NumPy rejects its contents.
    with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as f:
        titles = tuple(str(t) for t in f["titles"])
        weights = {
            space: sp.csr_matrix(
                (f[f"{space}_data"], f[f"{space}_indices"], f[f"{space}_indptr"]),
                shape=(len(titles), N_FEATURES),
            )
            for space in SPACES
        }
        return LearnedClasses(titles, weights, np.array(f["intercepts"]))


@lru_cache(maxsize=1)
def shipped() -> LearnedClasses | None:
    """The model shipped with the package (None if its file is missing)."""
    return load(SHIPPED) if SHIPPED.exists() else None
