"""Aggregated models solved with HiGHS: the weight bound and the choice of meetings to hold."""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import (  # type: ignore[import-untyped]
    Bounds,
    LinearConstraint,
    linprog,
    milp,
)
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

from events.model import Model


def _rows(m: Model, cand: list[int]) -> tuple[csr_matrix, np.ndarray]:
    """Degree rows per participant (capped by slots x capacity and max) and the table row."""
    col = {r: j for j, r in enumerate(cand)}
    rows, cols = [], []
    ub: list[float] = []
    for p in range(m.n_p):
        rs = [col[r] for r in m.by_p[p] if r in col]
        if not rs:
            continue
        open_slots: set[int] = set()
        for r in m.by_p[p]:
            open_slots.update(m.rslots[r])
        k = min(m.maxm[p], m.cap[p] * len(open_slots))
        if k >= len(rs):
            continue
        i = len(ub)
        rows.extend([i] * len(rs))
        cols.extend(rs)
        ub.append(k)
    used: set[int] = set()
    for r in cand:
        used.update(m.rslots[r])
    if m.n_t * len(used) < len(cand):
        i = len(ub)
        rows.extend([i] * len(cand))
        cols.extend(range(len(cand)))
        ub.append(m.n_t * len(used))
    a = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ub), len(cand)))
    return a, np.array(ub, dtype=float)


def candidates(m: Model) -> list[int]:
    """Requests with at least one open slot."""
    return [r for r in range(m.n_r) if m.rslots[r]]


def weight_bound(m: Model) -> float:
    """LP relaxation bound on the total weight of any feasible schedule."""
    cand = candidates(m)
    if not cand:
        return 0.0
    a, ub = _rows(m, cand)
    w = np.array([m.rw[r] for r in cand], dtype=float)
    lo = np.array([1.0 if m.lock_slot[r] >= 0 else 0.0 for r in cand])
    if a.shape[0] == 0:
        return float(w.sum())
    res = linprog(
        -w, A_ub=a, b_ub=ub, bounds=np.stack([lo, np.ones(len(cand))], axis=1), method="highs"
    )
    if res.status != 0:
        return float(w.sum())
    return float(-res.fun) + 1e-6


def _cover_sum(m: Model, cand: list[int], side: bool) -> float:
    cover = [m.buyer[p] == side for p in range(m.n_p)]
    for r in cand:
        if not cover[m.ra[r]] and not cover[m.rb[r]]:
            cover[m.ra[r]] = True
    total = 0.0
    for p in range(m.n_p):
        if not cover[p]:
            continue
        ws = sorted((m.rw[r] for r in m.by_p[p] if m.rslots[r]), reverse=True)
        if not ws:
            continue
        open_slots: set[int] = set()
        for r in m.by_p[p]:
            open_slots.update(m.rslots[r])
        k = min(m.maxm[p], m.cap[p] * len(open_slots))
        total += sum(ws[:k])
    return total


def cover_bound(m: Model) -> float:
    """A cheap bound without an LP, for incremental runs (which say so in the report).

    Every meeting has an end in a vertex cover of the requests (the buyers, or the others; an
    uncovered request adds its first participant), and each cover participant p holds at most
    k_p meetings, so the weight is at most the sum of their k_p heaviest requests.
    """
    cand = candidates(m)
    best = min(_cover_sum(m, cand, True), _cover_sum(m, cand, False))
    return min(best, float(sum(m.rw[r] for r in cand))) + 1e-6


def choose(m: Model, time_limit: float) -> list[int] | None:
    """Requests to hold by the aggregated lexicographic model (must, coverage, weight)."""
    cand = candidates(m)
    if not cand:
        return []
    n = len(cand)
    a, ub = _rows(m, cand)
    cov = [p for p in range(m.n_p) if m.wants[p]]
    col = {r: j for j, r in enumerate(cand)}
    # y_p <= sum of x_r over p's requests
    rows, cols, vals = [], [], []
    for i, p in enumerate(cov):
        rows.append(i)
        cols.append(n + i)
        vals.append(1.0)
        for r in m.by_p[p]:
            if r in col:
                rows.append(i)
                cols.append(col[r])
                vals.append(-1.0)
    nv = n + len(cov)
    ycon = csr_matrix((vals, (rows, cols)), shape=(len(cov), nv))
    a_full = csr_matrix((a.data, a.indices, a.indptr), shape=(a.shape[0], nv))
    cons = [LinearConstraint(a_full, -np.inf, ub), LinearConstraint(ycon, -np.inf, 0.0)]
    lo = np.zeros(nv)
    lo[[j for j, r in enumerate(cand) if m.lock_slot[r] >= 0]] = 1.0
    bounds = Bounds(lo, np.ones(nv))
    integ = np.ones(nv)
    must = np.zeros(nv)
    must[[j for j, r in enumerate(cand) if m.rmust[r]]] = 1.0
    cover = np.zeros(nv)
    cover[n:] = 1.0
    w = np.zeros(nv)
    w[:n] = [m.rw[r] for r in cand]
    x = None
    stages = [c for c in ([must, cover, w] if must.any() else [cover, w]) if c.any()]
    end = time.perf_counter() + time_limit
    for i, c in enumerate(stages):
        # time a stage leaves unused goes to the next ones (the weight stage is the hard one)
        left = (end - time.perf_counter()) / (len(stages) - i)
        opts = {"time_limit": max(0.05, left), "mip_rel_gap": 1e-4}
        res = milp(-c, constraints=cons, bounds=bounds, integrality=integ, options=opts)
        if res.x is None:
            return None
        x = res.x
        val = float(c @ x)
        cons.append(LinearConstraint(c.reshape(1, -1), val - 0.5, np.inf))
    if x is None:
        return []
    return [r for j, r in enumerate(cand) if x[j] > 0.5]
