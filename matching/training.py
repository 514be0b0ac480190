"""Training learned classes from labelled needs (see matching/learned.py for what they are
and how the engine uses them): one logistic regression per class over the engine's own
features, kept by hashed column so that the model applies to any catalogue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from matching.engine import SupplierIndex
from matching.features import N_FEATURES, Matrix
from matching.learned import SPACES, LearnedClasses
from matching.types import NeedQuery, SupplierProfile

# Inverse regularisation strength of each class's logistic regression.
C = 8.0
# A label of grade 1 (related, e.g. the same 5-digit SCIAN class) counts half a positive.
RELATED_WEIGHT = 0.5
# Largest weights kept per class and space (the rest are dropped: a smaller file, same ranks).
KEEP = 1500


def train(
    profiles: Sequence[SupplierProfile],
    needs: Sequence[NeedQuery],
    labels: Mapping[str, Mapping[str, int]],
    c: float = C,
    keep: int = KEEP,
) -> LearnedClasses:
    """One class per need that has labelled suppliers among `profiles`.

    `labels[need_id][supplier_id]` is a grade: 2 relevant, 1 related, 0 (or absent) not.
    """
    # Imported here: scikit-learn's linear models are slow to import and only training uses them.
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    index = SupplierIndex.build(profiles, learned=False)
    rows = index.feature_rows()
    x = sp.hstack([rows[space] for space in SPACES]).tocsr()
    widths = [rows[space].shape[1] for space in SPACES]
    hashed = [index.vocab[space].hashed() for space in SPACES]
    titles: list[str] = []
    parts: dict[str, list[Matrix]] = {space: [] for space in SPACES}
    intercepts: list[float] = []
    for need in needs:
        grades = labels.get(need.id, {})
        y = np.array([grades.get(sid, 0) for sid in index.ids])
        if not (y > 0).any() or (y > 0).all():
            continue
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
        model.fit(x, (y > 0).astype(int), sample_weight=np.where(y == 1, RELATED_WEIGHT, 1.0))
        coef = model.coef_[0]
        start = 0
        for space, width, to_hashed in zip(SPACES, widths, hashed, strict=True):
            part = coef[start : start + width]
            start += width
            top = np.argsort(-np.abs(part), kind="stable")[:keep]
            top = top[(part[top] != 0) & (to_hashed[top] >= 0)]
            parts[space].append(
                sp.csr_matrix(
                    (part[top], (np.zeros(top.size, dtype=np.int64), to_hashed[top])),
                    shape=(1, N_FEATURES),
                )
            )
        titles.append(need.title)
        intercepts.append(float(model.intercept_[0]))
    weights = {
        space: sp.csr_matrix(sp.vstack(parts[space]), dtype=np.float32)
        if parts[space]
        else sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
        for space in SPACES
    }
    return LearnedClasses(tuple(titles), weights, np.array(intercepts))
