"""Construction and improving moves: insertion with ejection chains, and swaps by priority."""

from __future__ import annotations

import time

from events.model import State


def best_slot(st: State, r: int) -> int:
    """The feasible slot for r that adds fewest breaks (earliest on ties), or -1."""
    m = st.m
    a, b = m.ra[r], m.rb[r]
    best, best_cost = -1, 99
    for s in m.rslots[r]:
        if st.fits(r, s):
            c = st.break_delta(a, s) + st.break_delta(b, s)
            if c < best_cost:
                best, best_cost = s, c
                if c <= -2:
                    break
    return best


def _blockers(st: State, r: int, s: int) -> list[list[int]] | None:
    """Groups of movable meetings in slot s; one of each group must leave for r to fit."""
    m = st.m
    groups: list[list[int]] = []
    for p in (m.ra[r], m.rb[r]):
        if st.occ[p][s] >= m.cap[p]:
            g = [q for q in st.here[p].get(s, ()) if m.lock_slot[q] < 0]
            if not g:
                return None
            groups.append(g)
    t = m.rtab[r]
    if t >= 0 and st.tab[t][s]:
        q = st.tab[t][s] - 1
        g = [q] if m.lock_slot[q] < 0 else []
        if not g:
            return None
        groups.append(g)
    if not groups and st.sn[s] >= m.n_t:
        g = [q for q in st.in_slot[s] if m.lock_slot[q] < 0]
        if not g:
            return None
        groups.append(sorted(g)[:8])
    return groups


def insert(st: State, r: int, depth: int, banned: set[int], deadline: float) -> bool:
    """Place r, moving up to one blocking meeting per level (ejection chain); undo on failure."""
    if not st.room(r):
        return False
    s = best_slot(st, r)
    if s >= 0:
        st.place(r, s)
        return True
    if depth <= 0 or time.perf_counter() > deadline:
        return False
    m = st.m
    banned = banned | {r}
    for s in m.rslots[r]:
        groups = _blockers(st, r, s)
        if groups is None or len(groups) != 1:
            continue
        for q in groups[0]:
            if q in banned:
                continue
            st.remove(q)
            if st.fits(r, s):
                st.place(r, s)
                if _relocate(st, q, s, depth - 1, banned, deadline):
                    return True
                st.remove(r)
            st.place(q, s)
    return False


def _relocate(st: State, q: int, old: int, depth: int, banned: set[int], deadline: float) -> bool:
    """Put q into any slot other than old (old is now taken by the ejecting meeting)."""
    m = st.m
    a, b = m.ra[q], m.rb[q]
    best, best_cost = -1, 99
    for s in m.rslots[q]:
        if s != old and st.fits(q, s):
            c = st.break_delta(a, s) + st.break_delta(b, s)
            if c < best_cost:
                best, best_cost = s, c
    if best >= 0:
        st.place(q, best)
        return True
    if depth <= 0:
        return False
    return insert(st, q, depth, banned, deadline)


def swap_delta(st: State, r: int, q: int) -> tuple[int, int, int]:
    """Change of (must, covered, weight) if placed q leaves and r comes in."""
    m = st.m
    pr, pq = (m.ra[r], m.rb[r]), (m.ra[q], m.rb[q])
    cov = sum(1 for p in pr if p not in pq and m.wants[p] and st.tot[p] == 0)
    cov -= sum(1 for p in pq if p not in pr and m.wants[p] and st.tot[p] == 1)
    return (int(m.rmust[r]) - int(m.rmust[q]), cov, m.rw[r] - m.rw[q])


def swap_in(st: State, r: int, deadline: float) -> bool:
    """Put r in by evicting one meeting of lower priority that blocks it; True if improved."""
    m = st.m
    cands: set[int] = set()
    for p in (m.ra[r], m.rb[r]):
        if st.tot[p] >= m.maxm[p]:
            cands.update(q for q in m.by_p[p] if st.at[q] >= 0)
    if not cands:
        for s in m.rslots[r]:
            groups = _blockers(st, r, s)
            if groups and len(groups) == 1:
                cands.update(groups[0])
    scored = [(swap_delta(st, r, q), q) for q in cands if m.lock_slot[q] < 0]
    scored = [x for x in scored if x[0] > (0, 0, 0)]
    scored.sort(reverse=True)
    for _, q in scored[:6]:
        s = st.remove(q)
        if insert(st, r, 1, {q}, deadline):
            if st.room(q):
                insert(st, q, 1, {r}, deadline)
            return True
        st.place(q, s)
    return False
