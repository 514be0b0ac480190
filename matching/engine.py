"""The supplier index: builds feature matrices once and ranks many needs with sparse products.

Public API:

- ``SupplierIndex.build(profiles) -> SupplierIndex``
- ``index.rank(need, top=10) -> list[Match]``
- ``index.rank_many(needs, top=10) -> list[list[Match]]`` (all needs in a few matrix products)
- ``index.needs_for_supplier(supplier_id, needs, top=10) -> list[Match]``
- ``index.upsert(profile)`` / ``index.remove(supplier_id)``: fresh without a full rebuild.

Scores combine text (character n-grams, bilingual concepts, coverage, pseudo-relevance
feedback) with, for needs that read like a known class, what labelled suppliers of that class
look like (``matching.learned``; the shipped model comes from Mexico's pollutant register).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from matching import explain
from matching.features import (
    MATERIALS,
    Matrix,
    Space,
    Vocabulary,
    idf,
    material_lookup,
    need_text,
    normalise_rows,
    row_ids,
    scale_rows,
    supplier_text,
    unseen_idf,
    weigh,
    widen,
)
from matching.learned import LearnedClasses, shipped
from matching.taxonomy import normalise_certification, normalise_state
from matching.text import normalise
from matching.types import Match, NeedQuery, Reason, SupplierProfile

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
# Entries kept per expanded query and space: the feedback centroid's long tail of small
# weights costs most of the second pass (common n-grams touch every supplier) and moves little.
PRF_KEEP = 150
CHUNK = 256
# Blocks of needs scored at once by rank_many (one per core, at most two).
WORKERS = max(1, min(2, os.cpu_count() or 1))
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
# Learned classes (matching/learned.py): a need whose title's similarity to a class title
# reaches SIMILAR_FROM averages the class's probabilities into its scores, with a share of
# LEARNED_WEIGHT at identical titles falling to 0 at SIMILAR_FROM (see `_blend`). A supplier the
# class gives at least REASON_FROM gets it as a reason.
LEARNED_WEIGHT = 0.5
SIMILAR_FROM = 0.4
REASON_FROM = 0.5


# Upserts keep the fitted idf and transform only the changed rows; once more than this share
# of the rows changed since the last fit, idf and every row's weights are refitted (lazily,
# on the next query), so a long series of edits converges to what a rebuild gives.
REFIT_SHARE = 0.05


def _binary(matrix: Matrix) -> Matrix:
    out = sp.csr_matrix(matrix, copy=True)
    out.data = (out.data > 0).astype(np.float64)
    return out


def _take_materials(counts: Matrix) -> Matrix:
    """The MATERIALS columns of hashed concept counts, in MATERIALS order."""
    lookup = material_lookup()
    cols = lookup[counts.indices]
    hit = cols >= 0
    return sp.csr_matrix(
        (counts.data[hit], (row_ids(counts)[hit], cols[hit])),
        shape=(counts.shape[0], len(MATERIALS)),
    )


def _transpose(matrix: Matrix) -> Matrix:
    return sp.csr_matrix(matrix.T)


def _strongest(matrix: Matrix, keep: int) -> Matrix:
    """`matrix` with only the `keep` largest entries of each row."""
    if keep <= 0:
        return matrix
    counts = np.diff(matrix.indptr)
    if counts.max(initial=0) <= keep:
        return matrix
    rows = row_ids(matrix)
    # Rank of each entry within its row by value, largest first.
    order = np.lexsort((-matrix.data, rows))
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size) - matrix.indptr[rows[order]]
    out = sp.csr_matrix(matrix, copy=True)
    out.data[rank >= keep] = 0.0
    out.eliminate_zeros()
    return out


class SupplierIndex:
    """Suppliers as idf-weighted sparse rows in two spaces, kept fresh incrementally."""

    def __init__(self, learned: LearnedClasses | None = None) -> None:
        self.learned = learned if learned is not None and len(learned) else None
        self.spaces = {"char": Space("char"), "concept": Space("concept")}
        self.vocab = {name: Vocabulary() for name in self.spaces}
        self.ids: list[str] = []
        self.profiles: dict[str, SupplierProfile] = {}
        self._counts: dict[str, Matrix] = {}
        self._name_counts: dict[str, Matrix] = {}
        self._pending: dict[str, SupplierProfile | None] = {}
        self._weighted: dict[str, Matrix] = {}
        self._transposed: dict[str, Matrix] = {}
        self._idf: dict[str, np.ndarray] = {}
        self._query_idf: dict[str, np.ndarray] = {}
        self._own_materials: Matrix = None
        self._all_materials: Matrix = None
        self._groups: dict[str, int] = {}
        self._text_group = np.zeros(0, dtype=np.int64)
        self._states = np.zeros(0, dtype=object)
        self._tiers = np.zeros(0, dtype=np.int64)
        self._capacity = np.zeros(0, dtype=np.int64)
        self._certs: list[set[str | None]] = []
        self._changed = 0
        self._class_prob = np.zeros((0, 0))
        self._class_sizes: tuple[int, ...] = ()
        self._class_weights: dict[str, Matrix] = {}
        self._class_titles: dict[str, Matrix] = {}

    @classmethod
    def build(
        cls, profiles: Iterable[SupplierProfile], learned: LearnedClasses | bool = True
    ) -> SupplierIndex:
        """An index over `profiles` (later duplicates of an id replace earlier ones).

        `learned`: True for the shipped learned classes, False for text alone, or a model.
        """
        model = shipped() if learned is True else (learned or None)
        index = cls(model)
        unique = {p.id: p for p in profiles}
        index.ids = list(unique)
        index.profiles = unique
        rows = index._transform(list(unique.values()))
        index._set_rows(rows)
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

    def _transform(self, profiles: list[SupplierProfile]) -> dict[Any, Any]:
        """Per-row data of `profiles`: counts in compact columns (the vocabulary grows to hold
        them), materials, and the attributes the filters read."""
        texts = [supplier_text(p) for p in profiles]
        out: dict[Any, Any] = {}
        for name, space in self.spaces.items():
            own, implied = space.split_counts(texts)
            # Names are proper nouns: their words are not corrected towards the lexicon's
            # (half the concept analysis of a catalogue; retc-dev ranks within 0.001).
            names = space.counts([p.name for p in profiles], fuzzy=False)
            if implied is not None:
                out["own_materials"] = _take_materials(own)
                own = sp.csr_matrix(own + DOC_BROADER * implied)
                out["all_materials"] = _take_materials(own)
            self.vocab[name].add(own)
            self.vocab[name].add(names)
            out["counts", name] = own
            out["names", name] = names
        for name in self.spaces:
            out["counts", name] = self.vocab[name].compact(out["counts", name])
            out["names", name] = self.vocab[name].compact(out["names", name])
        states = [normalise_state(p.state or "") or "" for p in profiles]
        out["states"] = np.array(states, dtype=object)
        out["tiers"] = np.array([p.tier or 0 for p in profiles], dtype=np.int64)
        out["capacity"] = np.array([p.capacity or 0 for p in profiles], dtype=np.int64)
        out["certs"] = [{normalise_certification(c) for c in p.certifications} for p in profiles]
        out["groups"] = np.array(
            [self._groups.setdefault(normalise(t), len(self._groups)) for t in texts],
            dtype=np.int64,
        )
        return out

    def _set_rows(self, rows: dict[Any, Any], keep: list[int] | None = None) -> None:
        """Keep the rows `keep` (all when None) and append `rows`."""

        def stack(old: Matrix, new: Matrix, width: int) -> Matrix:
            if old is None:
                return widen(new, width)
            if keep is not None:
                old = old[keep]
            return sp.csr_matrix(sp.vstack([widen(old, width), widen(new, width)]))

        for name in self.spaces:
            width = self.vocab[name].size
            self._counts[name] = stack(self._counts.get(name), rows["counts", name], width)
            self._name_counts[name] = stack(self._name_counts.get(name), rows["names", name], width)
        n_mat = len(MATERIALS)
        self._own_materials = stack(self._own_materials, rows["own_materials"], n_mat)
        self._all_materials = stack(self._all_materials, rows["all_materials"], n_mat)
        take = slice(None) if keep is None else keep
        self._states = np.concatenate([self._states[take], rows["states"]])
        self._tiers = np.concatenate([self._tiers[take], rows["tiers"]])
        self._capacity = np.concatenate([self._capacity[take], rows["capacity"]])
        self._text_group = np.concatenate([self._text_group[take], rows["groups"]])
        old_certs = self._certs if keep is None else [self._certs[i] for i in keep]
        self._certs = old_certs + rows["certs"]

    def _refresh(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        keep = [i for i, sid in enumerate(self.ids) if sid not in pending]
        added = [p for p in pending.values() if p is not None]
        rows = self._transform(added)
        self._set_rows(rows, keep)
        self.ids = [self.ids[i] for i in keep] + [p.id for p in added]
        for sid, profile in pending.items():
            if profile is None:
                self.profiles.pop(sid, None)
            else:
                self.profiles[sid] = profile
        self._changed += len(pending)
        if self._changed > REFIT_SHARE * len(self.ids):
            self._reweigh()
            return
        # Few changes: fitted idf kept (new columns get the idf of an unseen feature), only the
        # new rows weighed.
        new_rows: dict[str, Matrix] = {}
        for name in self.spaces:
            width = self.vocab[name].size
            values = self._idf[name]
            if values.size < width:
                values = np.concatenate([values, np.full(width - values.size, self._unseen)])
                self._idf[name] = values
            new = self._weigh_rows(rows["counts", name], rows["names", name], values, width)
            new_rows[name] = new
            self._weighted[name] = sp.csr_matrix(
                sp.vstack([widen(self._weighted[name][keep], width), new])
            )
        self._derive(keep, new_rows)

    def _weigh_rows(self, counts: Matrix, names: Matrix, values: Any, width: int) -> Matrix:
        rows = weigh(widen(counts, width), values)
        name_rows = weigh(widen(names, width), values)
        return normalise_rows(sp.csr_matrix(rows + NAME_WEIGHT * name_rows))

    def _reweigh(self) -> None:
        """Fit idf on the current rows and weigh every row."""
        self._changed = 0
        self._unseen = float(unseen_idf(len(self.ids)))
        for name in self.spaces:
            width = self.vocab[name].size
            values = idf(self._counts[name], width)
            self._idf[name] = values
            self._weighted[name] = self._weigh_rows(
                self._counts[name], self._name_counts[name], values, width
            )
        self._derive()

    def _derive(
        self, keep: list[int] | None = None, new_rows: dict[str, Matrix] | None = None
    ) -> None:
        """What queries read, from the per-row matrices: transposes, lookups, tie order.

        After an incremental refresh, `keep` are the old rows kept and `new_rows` the weighted
        rows appended (per space)."""
        for name in self.spaces:
            self._transposed[name] = _transpose(self._weighted[name])
            table = self.vocab[name].table
            known = table >= 0
            lookup = np.full(table.size, self._unseen)
            lookup[known] = self._idf[name][table[known]]
            self._query_idf[name] = lookup
        present = sp.csr_matrix(
            self._counts["concept"] + self._name_counts["concept"] * NAME_WEIGHT
        )
        present.data = np.minimum(present.data, 1.0)
        self._materials_t = {
            "own": _transpose(_binary(self._own_materials)),
            "all": _transpose(_binary(self._all_materials)),
        }
        self._has_material = np.diff(self._all_materials.indptr) > 0
        self._present_t = _transpose(present)
        self._order = np.argsort(np.array(self.ids, dtype=object), kind="stable")
        self._tie_rank = np.empty(len(self.ids), dtype=np.int64)
        self._tie_rank[self._order] = np.arange(len(self.ids))
        if self.learned is not None:
            self._derive_classes(keep, new_rows)

    def _derive_classes(self, keep: list[int] | None, new_rows: dict[str, Matrix] | None) -> None:
        """Class weights and titles in this catalogue's columns, and every supplier's class
        probabilities (after a few upserts: the kept rows' are kept, only new rows computed)."""
        assert self.learned is not None
        sizes = tuple(self.vocab[name].size for name in self.spaces)
        if keep is None or sizes != self._class_sizes:
            self._class_sizes = sizes
            self._class_weights = {
                name: self.learned.compact(name, self.vocab[name]) for name in self.spaces
            }
            titles = self._hashed(list(self.learned.titles))
            self._class_titles = {name: _transpose(titles[name]) for name in self.spaces}
        if keep is None or new_rows is None:
            self._class_prob = self.learned.probabilities(self._weighted, self._class_weights)
            return
        fresh = self.learned.probabilities(new_rows, self._class_weights)
        self._class_prob = np.hstack([self._class_prob[:, keep], fresh])

    def feature_rows(self) -> dict[str, Matrix]:
        """The weighted supplier rows of each space (compact columns, `self.vocab`)."""
        self._refresh()
        return dict(self._weighted)

    def _classes(self, needs: Sequence[NeedQuery]) -> tuple[Any, Any]:
        """Per need: the closest learned class, and its weight from 0 (like no class) to 1.

        Titles are compared with titles: a need's description, processes and materials list
        everything it involves ("con soldadura MIG") and would pull it towards other classes.
        """
        n_needs = len(needs)
        if self.learned is None:
            return np.zeros(n_needs, dtype=np.int64), np.zeros(n_needs)
        rows = self._hashed([n.title for n in needs])
        sim = (
            W_CHAR * (rows["char"] @ self._class_titles["char"]).toarray()
            + W_CONCEPT * (rows["concept"] @ self._class_titles["concept"]).toarray()
        ) / (W_CHAR + W_CONCEPT)
        best = sim.argmax(axis=1)
        closest = sim[np.arange(n_needs), best]
        return best, np.clip((closest - SIMILAR_FROM) / (1.0 - SIMILAR_FROM), 0.0, 1.0)

    def _need_counts(self, texts: list[str]) -> tuple[dict[str, Matrix], Matrix]:
        """Raw counts of need texts per space, and the concept counts without hypernyms."""
        own, implied = self.spaces["concept"].split_counts(texts)
        counts = {
            "char": self.spaces["char"].counts(texts),
            "concept": own if implied is None else sp.csr_matrix(own + QUERY_BROADER * implied),
        }
        return counts, own

    def _hashed(self, texts: list[str]) -> dict[str, Matrix]:
        """Weighted need rows in hashed columns: compared with class titles, which must not
        depend on which words this catalogue happens to have."""
        counts, _ = self._need_counts(texts)
        return {name: weigh(counts[name], self._query_idf[name]) for name in self.spaces}

    def _queries(self, needs: Sequence[NeedQuery]) -> dict[str, Matrix]:
        counts, own = self._need_counts([need_text(n) for n in needs])
        raw = counts["concept"]
        out: dict[str, Matrix] = {
            name: self.vocab[name].compact(weigh(counts[name], self._query_idf[name]))
            for name in self.spaces
        }
        # Coverage: the idf share of the need's concepts that the supplier names at all, which
        # unlike cosine does not punish a supplier for also listing other things.
        cover = sp.csr_matrix(raw, copy=True)
        cover.data = self._query_idf["concept"][cover.indices] * np.minimum(cover.data, 1.0)
        sums = np.bincount(row_ids(cover), weights=cover.data, minlength=cover.shape[0])
        sums[sums == 0] = 1.0
        cover = scale_rows(cover, 1.0 / sums)
        cover.data = cover.data**2  # compact() keeps the root sum of squares of a column
        out["cover"] = self.vocab["concept"].compact(cover)
        out["cover"].data = np.sqrt(out["cover"].data)
        out["own_materials"] = _binary(_take_materials(own))
        out["all_materials"] = _binary(_take_materials(raw))
        return out

    def _similarity(self, queries: dict[str, Matrix]) -> np.ndarray:
        # In place: needs x suppliers blocks are large, temporaries cost more than the sums.
        sims = (queries["char"] @ self._transposed["char"]).toarray()
        sims *= W_CHAR
        concept = (queries["concept"] @ self._transposed["concept"]).toarray()
        concept *= W_CONCEPT
        sims += concept
        del concept
        if W_COVER:
            if "cover_sims" not in queries:
                # Feedback does not change coverage: the second pass reuses the first's.
                queries["cover_sims"] = W_COVER * (queries["cover"] @ self._present_t).toarray()
            sims += queries["cover_sims"]
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
        return self._scores(needs)[0]

    def _scores(self, needs: Sequence[NeedQuery]) -> tuple[Any, Any, Any]:
        """Scores, and per need the closest learned class and its weight (see `_classes`)."""
        self._refresh()
        n_sup = len(self.ids)
        if not needs or not n_sup:
            none = np.zeros(len(needs))
            return np.zeros((len(needs), n_sup)), none.astype(np.int64), none
        queries = self._queries(needs)
        queries["conflict"] = self._conflicts(queries)
        best, weight = self._classes(needs)
        # Blended before feedback too, so the hits that feed back are the class's own.
        prior = self._class_prob[best] if weight.any() else None
        sims = self._blend(self._similarity(queries), prior, weight)
        if PRF_WEIGHT and n_sup > PRF_DEPTH:
            # Rocchio: move each need towards the centroid of its best hits, which share the
            # wording of the relevant plants better than a short title does.
            pick = self._feedback(sims)
            expanded = {
                name: normalise_rows(
                    _strongest(
                        sp.csr_matrix(queries[name] + PRF_WEIGHT * (pick @ self._weighted[name])),
                        PRF_KEEP,
                    )
                )
                for name in self.spaces
            }
            for key in ("cover", "cover_sims", "conflict"):
                expanded[key] = queries[key]
            sims = self._blend(self._similarity(expanded), prior, weight)
        return self._adjust(np.clip(sims, 0.0, 1.0), needs), best, weight

    def _blend(self, sims: Any, prior: Any, weight: Any) -> Any:
        """Text scores averaged with `prior`, each need's closest class's probabilities,
        weighted by how close the class is (a need like no class keeps its text scores)."""
        if prior is None:
            return sims
        share = (LEARNED_WEIGHT * weight)[:, None]
        sims += share * prior
        sims /= 1.0 + share
        return sims

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
        # Rounded so that float noise from row or column order cannot reorder equal texts.
        return np.round(np.minimum(sims, 1.0), 12)

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
        if len(needs) <= CHUNK:
            return self._ranked(needs, self._scores(needs), top)
        # Dense needs x suppliers blocks: bounded so 1,000 needs x 10,000 suppliers stay small.
        # scipy's sparse products release the GIL, so WORKERS blocks are scored at once while
        # this thread writes the matches of the block before; at most WORKERS + 1 blocks live.
        self._refresh()
        chunks = [needs[start : start + CHUNK] for start in range(0, len(needs), CHUNK)]
        out: list[list[Match]] = []
        with ThreadPoolExecutor(WORKERS) as pool:
            pending: deque[tuple[Sequence[NeedQuery], Future[Any]]] = deque()
            for chunk in chunks:
                pending.append((chunk, pool.submit(self._scores, chunk)))
                if len(pending) > WORKERS:
                    done, scored = pending.popleft()
                    out.extend(self._ranked(done, scored.result(), top))
            while pending:
                done, scored = pending.popleft()
                out.extend(self._ranked(done, scored.result(), top))
        return out

    def _ranked(
        self, needs: Sequence[NeedQuery], scored: tuple[Any, Any, Any], top: int
    ) -> list[list[Match]]:
        """The matches of `needs` from their `_scores`."""
        sims, best, weight = scored
        return [
            [
                self._match(need, col, float(sims[row, col]), (best[row], weight[row]))
                for col in self._top(sims[row], top)
            ]
            for row, need in enumerate(needs)
        ]

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
        sims, best, weight = self._scores(needs)
        column = sims[:, col]
        order = [i for i in np.argsort(-column, kind="stable") if column[i] > 0][:top]
        return [self._match(needs[i], col, float(column[i]), (best[i], weight[i])) for i in order]

    def _match(self, need: NeedQuery, col: int, score: float, cls: tuple[Any, Any]) -> Match:
        profile = self.profiles[self.ids[col]]
        reasons = explain.reasons(need, profile, self._certs[col])
        best, weight = int(cls[0]), float(cls[1])
        if self.learned is not None and weight > 0 and self._class_prob[best, col] >= REASON_FROM:
            reasons = (*reasons, Reason("learned", (self.learned.titles[best],)))
        # A proposed match never shows as 0 after rounding (0 means "not a match").
        return Match(need.id, profile.id, max(round(score, 4), 0.0001), reasons)
