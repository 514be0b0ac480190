"""The supplier index: builds feature matrices once and ranks many needs with sparse products.

Public API:

- ``SupplierIndex.build(profiles) -> SupplierIndex``
- ``index.rank(need, top=10) -> list[Match]``
- ``index.rank_many(needs, top=10) -> list[list[Match]]`` (all needs in a few matrix products)
- ``index.needs_for_supplier(supplier_id, needs, top=10) -> list[Match]``
- ``index.upsert(profile)`` / ``index.remove(supplier_id)``: fresh without a full rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from matching import explain
from matching.features import (
    Matrix,
    Space,
    idf,
    material_columns,
    need_text,
    normalise_rows,
    supplier_text,
    weigh,
)
from matching.taxonomy import normalise_certification, normalise_state
from matching.text import normalise
from matching.types import Match, NeedQuery, SupplierProfile

# Weights measured on retc-dev (see BENCHMARKS notes in the report); concepts carry the
# cross-language signal, character n-grams the typo-tolerant same-language one.
W_CHAR = 0.35
W_CONCEPT = 0.4
W_COVER = 0.25
NAME_WEIGHT = 0.25
PRF_DEPTH = 5
PRF_WEIGHT = 0.6
PRF_MIN = 0.1
# Candidates looked at per feedback slot, to skip repeated texts.
PRF_POOL = 4
CHUNK = 256
# Hypernym weight: a supplier that makes "latas" makes "envases" (document side, full), a
# need for "latas" only weakly wants any "envases" (query side).
DOC_BROADER = 1.0
QUERY_BROADER = 0.6
MATERIAL_PENALTY = 0.75
CERT_PENALTY = 0.5
STATE_BOOST = 1.05
TIER_BOOST = 1.03
CAPACITY_BOOST = 1.02
CAPACITY_PENALTY = 0.9


def _binary(matrix: Matrix) -> Matrix:
    out = sp.csr_matrix(matrix, copy=True)
    out.data = (out.data > 0).astype(np.float64)
    return out


class SupplierIndex:
    """Suppliers as idf-weighted sparse rows in two spaces, kept fresh incrementally."""

    def __init__(self) -> None:
        self.spaces = {"char": Space("char"), "concept": Space("concept")}
        self.ids: list[str] = []
        self.profiles: dict[str, SupplierProfile] = {}
        self._counts: dict[str, Matrix] = {}
        self._name_counts: dict[str, Matrix] = {}
        self._pending: dict[str, SupplierProfile | None] = {}
        self._weighted: dict[str, Matrix] = {}
        self._transposed: dict[str, Matrix] = {}
        self._idf: dict[str, np.ndarray] = {}
        self._own_materials: Matrix = None
        self._added_materials: Matrix = None

    @classmethod
    def build(cls, profiles: Iterable[SupplierProfile]) -> SupplierIndex:
        """An index over `profiles` (later duplicates of an id replace earlier ones)."""
        index = cls()
        unique = {p.id: p for p in profiles}
        index.ids = list(unique)
        index.profiles = unique
        texts = [supplier_text(p) for p in unique.values()]
        for name, space in index.spaces.items():
            index._counts[name] = index._supplier_counts(name, texts)
            index._name_counts[name] = space.counts([p.name for p in unique.values()])
        index._reweigh()
        return index

    def __len__(self) -> int:
        self._refresh()
        return len(self.ids)

    def upsert(self, profile: SupplierProfile) -> None:
        """Add or replace one supplier; only its row is transformed, on the next query."""
        self._pending[profile.id] = profile

    def remove(self, supplier_id: str) -> None:
        """Drop a supplier (unknown ids are ignored)."""
        self._pending[supplier_id] = None

    def _refresh(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        keep = [i for i, sid in enumerate(self.ids) if sid not in pending]
        added = [p for p in pending.values() if p is not None]
        for name, space in self.spaces.items():
            self._counts[name] = sp.csr_matrix(
                sp.vstack(
                    [
                        self._counts[name][keep],
                        self._supplier_counts(name, [supplier_text(p) for p in added]),
                    ]
                )
            )
            self._name_counts[name] = sp.csr_matrix(
                sp.vstack([self._name_counts[name][keep], space.counts([p.name for p in added])])
            )
        self._own_materials = sp.csr_matrix(
            sp.vstack([self._own_materials[keep], self._added_materials])
        )
        self.ids = [self.ids[i] for i in keep] + [p.id for p in added]
        for sid, profile in pending.items():
            if profile is None:
                self.profiles.pop(sid, None)
            else:
                self.profiles[sid] = profile
        self._reweigh()

    def _supplier_counts(self, name: str, texts: list[str]) -> Matrix:
        """Counts of supplier texts; in the concept space also their own materials."""
        own, implied = self.spaces[name].split_counts(texts)
        if implied is None:
            return own
        materials = sp.csr_matrix(own[:, material_columns()])
        if self._own_materials is not None:
            self._added_materials = materials
        else:
            self._own_materials = materials
        return sp.csr_matrix(own + DOC_BROADER * implied)

    def _reweigh(self) -> None:
        for name in self.spaces:
            values = idf(self._counts[name])
            self._idf[name] = values
            rows = weigh(self._counts[name], values)
            names = weigh(self._name_counts[name], values)
            self._weighted[name] = normalise_rows(sp.csr_matrix(rows + NAME_WEIGHT * names))
            self._transposed[name] = sp.csr_matrix(self._weighted[name].T)
        present = sp.csr_matrix(
            self._counts["concept"] + self._name_counts["concept"] * NAME_WEIGHT
        )
        present.data = np.minimum(present.data, 1.0)
        every = sp.csr_matrix(self._counts["concept"][:, material_columns()])
        self._materials_t = {
            "own": _binary(self._own_materials).T.tocsr(),
            "all": _binary(every).T.tocsr(),
        }
        self._has_material = np.asarray(every.sum(axis=1)).ravel() > 0
        self._present_t = sp.csr_matrix(present.T)
        self._states = np.array([normalise_state(p.state or "") or "" for p in self._ordered()])
        self._tiers = np.array([p.tier or 0 for p in self._ordered()])
        self._capacity = np.array([p.capacity or 0 for p in self._ordered()])
        certs = [{normalise_certification(c) for c in p.certifications} for p in self._ordered()]
        self._certs = certs
        groups: dict[str, int] = {}
        self._text_group = np.array(
            [groups.setdefault(normalise(supplier_text(p)), len(groups)) for p in self._ordered()],
            dtype=np.int64,
        )
        self._order = np.argsort(np.array(self.ids, dtype=object), kind="stable")
        self._tie_rank = np.empty(len(self.ids), dtype=np.int64)
        self._tie_rank[self._order] = np.arange(len(self.ids))

    def _ordered(self) -> list[SupplierProfile]:
        return [self.profiles[sid] for sid in self.ids]

    def _queries(self, needs: Sequence[NeedQuery]) -> dict[str, Matrix]:
        texts = [need_text(n) for n in needs]
        own, implied = self.spaces["concept"].split_counts(texts)
        counts = {
            "char": self.spaces["char"].counts(texts),
            "concept": own if implied is None else sp.csr_matrix(own + QUERY_BROADER * implied),
        }
        raw = counts["concept"]
        own_materials = _binary(sp.csr_matrix(own[:, material_columns()]))
        all_materials = _binary(sp.csr_matrix(raw[:, material_columns()]))
        out = {name: weigh(counts[name], self._idf[name]) for name in self.spaces}
        # Coverage: the idf share of the need's concepts that the supplier names at all, which
        # unlike cosine does not punish a supplier for also listing other things.
        cover = sp.csr_matrix(raw, copy=True)
        cover.data = self._idf["concept"][cover.indices] * np.minimum(cover.data, 1.0)
        sums = np.asarray(cover.sum(axis=1)).ravel()
        sums[sums == 0] = 1.0
        out["cover"] = sp.csr_matrix(sp.diags(1.0 / sums) @ cover)
        out["own_materials"] = own_materials
        out["all_materials"] = all_materials
        return out

    def _similarity(self, queries: dict[str, Matrix]) -> np.ndarray:
        char = (queries["char"] @ self._transposed["char"]).toarray()
        concept = (queries["concept"] @ self._transposed["concept"]).toarray()
        sims = W_CHAR * char + W_CONCEPT * concept
        if W_COVER:
            sims += W_COVER * (queries["cover"] @ self._present_t).toarray()
        conflict = queries.get("conflict")
        if conflict is not None:
            sims[conflict] *= MATERIAL_PENALTY
        return np.asarray(sims)

    def _conflicts(self, queries: dict[str, Matrix]) -> Any:
        """needs x suppliers: the need names materials, the supplier names others and none of
        the need's (nor a class that holds them, as "metal" holds "acero")."""
        named = np.asarray(queries["own_materials"].sum(axis=1)).ravel() > 0
        if MATERIAL_PENALTY >= 1.0 or not named.any():
            return None
        both = sp.hstack([queries["own_materials"], queries["all_materials"]]).tocsr()
        supplier = sp.vstack([self._materials_t["all"], self._materials_t["own"]]).tocsr()
        agree = (both @ supplier).toarray()
        return (agree == 0) & named[:, None] & self._has_material[None, :]

    def scores(self, needs: Sequence[NeedQuery]) -> Any:
        """Calibrated 0..1 scores, needs x suppliers (excluded suppliers are -1)."""
        self._refresh()
        n_sup = len(self.ids)
        if not needs or not n_sup:
            return np.zeros((len(needs), n_sup))
        queries = self._queries(needs)
        queries["conflict"] = self._conflicts(queries)
        sims = self._similarity(queries)
        if PRF_WEIGHT and n_sup > PRF_DEPTH:
            # Rocchio: move each need towards the centroid of its best hits, which share the
            # wording of the relevant plants better than a short title does.
            pick = self._feedback(sims)
            expanded = {
                name: normalise_rows(
                    sp.csr_matrix(queries[name] + PRF_WEIGHT * (pick @ self._weighted[name]))
                )
                for name in self.spaces
            }
            for key in ("cover", "conflict"):
                expanded[key] = queries[key]
            sims = self._similarity(expanded)
        return self._adjust(np.clip(sims, 0.0, 1.0), needs)

    def _feedback(self, sims: np.ndarray) -> Matrix:
        """needs x suppliers weights of the best hits that feed back, `PRF_DEPTH` per need.

        Many suppliers share one text (a register's category, a copied title); each text feeds
        back once, so one category cannot outvote the others. Only confident hits count.
        """
        n_needs, n_sup = sims.shape
        pool = min(n_sup, PRF_DEPTH * PRF_POOL)
        # Ties broken by supplier id so that row order (upserts) cannot change the result.
        keyed = sims - 1e-9 * self._tie_rank[None, :] / n_sup
        cand = np.argpartition(-keyed, pool - 1, axis=1)[:, :pool]
        rows: list[int] = []
        cols: list[int] = []
        for row in range(n_needs):
            seen: set[int] = set()
            for col in cand[row][np.argsort(-keyed[row, cand[row]], kind="stable")]:
                if sims[row, col] < PRF_MIN or len(seen) >= PRF_DEPTH:
                    break
                if self._text_group[col] in seen:
                    continue
                seen.add(int(self._text_group[col]))
                rows.append(row)
                cols.append(int(col))
        weights = np.full(len(rows), 1.0 / PRF_DEPTH)
        return sp.csr_matrix((weights, (rows, cols)), shape=(n_needs, n_sup))

    def _adjust(self, sims: Any, needs: Sequence[NeedQuery]) -> Any:
        for row, need in enumerate(needs):
            required = {normalise_certification(c) or c for c in need.certifications}
            if required:
                lacking = np.array([not required <= have for have in self._certs])
                if need.certification_mode == "exclude":
                    sims[row, lacking] = -1.0
                else:
                    sims[row, lacking] *= CERT_PENALTY
            states = [k for k in (normalise_state(s) for s in need.states) if k]
            if states:
                sims[row, np.isin(self._states, states)] *= STATE_BOOST
            if need.tiers:
                sims[row, np.isin(self._tiers, list(need.tiers))] *= TIER_BOOST
            if need.min_capacity:
                enough = self._capacity >= need.min_capacity
                sims[row, enough] *= CAPACITY_BOOST
                sims[row, (self._capacity > 0) & ~enough] *= CAPACITY_PENALTY
        return np.minimum(sims, 1.0)

    def _top(self, row: np.ndarray, top: int) -> list[int]:
        """Best `top` columns of a score row, ties broken by supplier id, zeros left out."""
        if top <= 0 or row.size == 0:
            return []
        k = min(top, row.size)
        threshold = np.partition(row, row.size - k)[row.size - k]
        cand = np.flatnonzero((row >= threshold) & (row > 0))
        ordered = cand[np.lexsort((self._tie_rank[cand], -row[cand]))]
        return [int(i) for i in ordered[:top]]

    def rank_many(self, needs: Sequence[NeedQuery], top: int = 10) -> list[list[Match]]:
        """Best suppliers for each need, best first, with reasons."""
        if len(needs) > CHUNK:
            # Dense needs x suppliers blocks: bounded so 1,000 needs x 10,000 suppliers stay small.
            out: list[list[Match]] = []
            for start in range(0, len(needs), CHUNK):
                out.extend(self.rank_many(needs[start : start + CHUNK], top))
            return out
        sims = self.scores(needs)
        out = []
        for row, need in enumerate(needs):
            out.append(
                [self._match(need, col, float(sims[row, col])) for col in self._top(sims[row], top)]
            )
        return out

    def rank(self, need: NeedQuery, top: int = 10) -> list[Match]:
        """Best suppliers for one need, best first."""
        return self.rank_many([need], top)[0]

    def needs_for_supplier(
        self, supplier_id: str, needs: Sequence[NeedQuery], top: int = 10
    ) -> list[Match]:
        """The needs a supplier fits best, best first (same scores as `rank`)."""
        self._refresh()
        if supplier_id not in self.profiles or not needs:
            return []
        col = self.ids.index(supplier_id)
        column = self.scores(needs)[:, col]
        order = [i for i in np.argsort(-column, kind="stable") if column[i] > 0][:top]
        return [self._match(needs[i], col, float(column[i])) for i in order]

    def _match(self, need: NeedQuery, col: int, score: float) -> Match:
        profile = self.profiles[self.ids[col]]
        reasons = explain.reasons(need, profile, self._certs[col])
        # A proposed match never shows as 0 after rounding (0 means "not a match").
        return Match(need.id, profile.id, max(round(score, 4), 0.0001), reasons)
