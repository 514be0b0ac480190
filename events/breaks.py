"""Fewer breaks after weight: move meetings to slots that join agendas, keeping feasibility."""

from __future__ import annotations

import time

from events.model import State


def _cost(st: State, p: int, k: int, sess: list[int]) -> tuple[int, int]:
    """Breaks and idle slots of participant p in session k (slots listed in sess)."""
    o = st.occ[p]
    breaks = idle = 0
    last = -1
    for s in sess:
        if o[s]:
            if last >= 0 and s != last + 1:
                breaks += 1
                idle += s - last - 1
            last = s
    return breaks, idle


def _pair_cost(st: State, r: int, ks: set[int], sessions: list[list[int]]) -> tuple[int, int]:
    m = st.m
    b = i = 0
    for p in (m.ra[r], m.rb[r]):
        for k in ks:
            x, y = _cost(st, p, k, sessions[k])
            b += x
            i += y
    return b, i


def compact(st: State, deadline: float, rounds: int = 4) -> int:
    """Relocate single meetings while breaks (then idle slots) strictly fall; return moves made."""
    m = st.m
    sessions: list[list[int]] = [[] for _ in range(m.n_sess)]
    for s in range(m.n_s):
        sessions[m.session[s]].append(s)
    moves = 0
    for _ in range(rounds):
        improved = False
        for r in range(m.n_r):
            s0 = st.at[r]
            if s0 < 0 or m.lock_slot[r] >= 0:
                continue
            k0 = m.session[s0]
            a, b = m.ra[r], m.rb[r]
            if _cost(st, a, k0, sessions[k0])[1] == 0 and _cost(st, b, k0, sessions[k0])[1] == 0:
                continue
            if time.perf_counter() > deadline:
                return moves
            st.remove(r)
            best_s, best_c = s0, None
            for s in m.rslots[r]:
                if s == s0 or not st.fits(r, s):
                    continue
                ks = {k0, m.session[s]}
                st.place(r, s)
                c = _pair_cost(st, r, ks, sessions)
                st.remove(r)
                st.place(r, s0)
                c0 = _pair_cost(st, r, ks, sessions)
                st.remove(r)
                if c < c0 and (best_c is None or c < best_c[0]):
                    best_s, best_c = s, (c, c0)
            st.place(r, best_s)
            if best_s != s0:
                moves += 1
                improved = True
        if not improved:
            break
    return moves
