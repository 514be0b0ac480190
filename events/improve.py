"""Fewer breaks, then fewer idle slots: a local search over the slots of the meetings held.

Every move keeps the set of meetings held, so `must`, coverage and weight never change; it only
changes slots. The moves are:
- a single meeting to another slot;
- a Kempe-chain exchange between two slots: the meeting goes to the other slot, the meetings
  there that clash with it (same participant at capacity, same fixed table) come back, their
  own clashes go over, and so on; two clashing meetings of one participant is the simplest case;
- the same chain seeded with a second meeting when the table pool of the target slot is full;
- an exchange of the entire contents of two slots of one session (a column swap; for fixed
  tables it keeps every table distinct).
A move is applied only when every meeting fits (State.fits) and each slot is among the
request's options, so the schedule stays feasible after every move; locked meetings never move.
Moves that keep the cost are accepted as well (a plateau walk); the cost is breaks x BIG + idle
slots, summed over participants and sessions. Full runs then anneal for the rest of the budget
(worse moves now and then) and restore the best schedule seen, so the cost never ends higher.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator

from events.model import State

BIG = 1024
Moves = list[tuple[int, int]]


class Improver:
    """Breaks and idle slots of every participant and session, kept current under moves.

    With movable given, only those meetings move, and only their participants are counted:
    total is then the cost of those participants alone.
    """

    def __init__(
        self,
        st: State,
        movable: list[bool] | None = None,
        seed: int = 0,
        origin: list[int] | None = None,
        max_moved: int = 0,
    ) -> None:
        m = st.m
        # with origin, at most max_moved meetings that had a slot there may leave it
        self.origin = origin
        self.max_moved = max_moved
        self.moved = (
            0
            if origin is None
            else sum(1 for r, s in enumerate(origin) if s >= 0 and st.at[r] not in (s, -1))
        )
        self.st = st
        self.m = m
        self.sessions: list[list[int]] = [[] for _ in range(m.n_sess)]
        for s in range(m.n_s):
            self.sessions[m.session[s]].append(s)
        self.free = [m.lock_slot[r] < 0 and (movable is None or movable[r]) for r in range(m.n_r)]
        self._mask: dict[int, int] = {}  # slot options as a bit mask, made when first needed
        self.whole = movable is None  # column swaps and chains may move any unlocked meeting
        # only participants of a movable meeting can see their cost change
        self.parts = (
            range(m.n_p)
            if movable is None
            else sorted({p for r in range(m.n_r) if self.free[r] for p in (m.ra[r], m.rb[r])})
        )
        self.cost: list[list[int]] = []
        self.total = 0
        self.recount()
        self.rng = random.Random(seed)
        self.moves = 0
        self.temp = 0.0  # > 0 while annealing

    def recount(self) -> None:
        """Compute every participant's cost from scratch."""
        m, st = self.m, self.st
        self.cost = [[0] * m.n_sess for _ in range(m.n_p)]
        self.total = 0
        for p in self.parts:
            if st.tot[p]:
                for k in range(m.n_sess):
                    c = self.calc(p, k)
                    self.cost[p][k] = c
                    self.total += c

    def restore(self, best: list[int]) -> None:
        """Put every meeting back in the slot best gives it (a feasible schedule seen before)."""
        st = self.st
        diff = [r for r, s in enumerate(st.at) if s != best[r]]
        for r in diff:
            if st.at[r] >= 0:
                st.remove(r)
        for r in diff:
            if best[r] >= 0:
                st.place(r, best[r])
        self.recount()

    def mask(self, r: int) -> int:
        """Request r's slot options as a bit mask (0 when r may not move)."""
        v = self._mask.get(r)
        if v is None:
            v = 0
            if self.free[r]:
                for s in self.m.rslots[r]:
                    v |= 1 << s
            self._mask[r] = v
        return v

    def calc(self, p: int, k: int) -> int:
        """Breaks x BIG + idle slots of participant p in session k."""
        o = self.st.occ[p]
        c = 0
        last = -1
        for s in self.sessions[k]:
            if o[s]:
                if last >= 0 and s != last + 1:
                    c += BIG + s - last - 1
                last = s
        return c

    def _apply(self, moves: Moves) -> Moves | None:
        """Move every (request, slot); return the undo list, or None (nothing changed)."""
        st = self.st
        old = [(r, st.remove(r)) for r, _ in moves]
        for i, (r, s) in enumerate(moves):
            if not st.fits(r, s):
                for q, _ in moves[:i]:
                    st.remove(q)
                for q, s0 in old:
                    st.place(q, s0)
                return None
            st.place(r, s)
        return old

    def _undo(self, moves: Moves, old: Moves) -> None:
        st = self.st
        for r, _ in moves:
            st.remove(r)
        for r, s in old:
            st.place(r, s)

    def _keys(self, moves: Moves) -> set[tuple[int, int]]:
        m, at = self.m, self.st.at
        keys: set[tuple[int, int]] = set()
        for r, s in moves:
            for p in (m.ra[r], m.rb[r]):
                keys.add((p, m.session[s]))
                keys.add((p, m.session[at[r]]))
        return keys

    def try_moves(self, moves: Moves, accept_zero: bool, limit: int = 0) -> int | None:
        """Apply the moves when feasible and the cost does not rise (falls, unless accept_zero;
        rises by at most limit when limit > 0, which annealing uses). A move that takes one more
        meeting away from its origin slot must lower the cost, within max_moved.

        Return the change of cost when applied, else None (the schedule is left as it was).
        """
        at = self.st.at
        for r, s in moves:
            if not self.free[r] or not (self.mask(r) >> s) & 1 or at[r] < 0:
                return None
        dm = 0
        if self.origin is not None:
            org = self.origin
            dm = sum(int(s != org[r]) - int(at[r] != org[r]) for r, s in moves if org[r] >= 0)
            # (at[r] >= 0 here: every request in moves is placed)
            if dm > 0 and self.moved + dm > self.max_moved:
                return None
        keys = self._keys(moves)
        cost = self.cost
        before = sum(cost[p][k] for p, k in keys)
        old = self._apply(moves)
        if old is None:
            return None
        new = {key: self.calc(*key) for key in keys}
        d = sum(new.values()) - before
        if d < 0 or (dm <= 0 and ((d == 0 and accept_zero) or 0 < d <= limit)):
            for (p, k), c in new.items():
                cost[p][k] = c
            self.total += d
            self.moves += 1
            self.moved += dm
            return d
        self._undo(moves, old)
        return None

    def evaluate(self, moves: Moves) -> int | None:
        """The change of cost the moves would make, or None when infeasible (nothing changes)."""
        st = self.st
        at = st.at
        for r, s in moves:
            if not self.free[r] or not (self.mask(r) >> s) & 1 or at[r] < 0:
                return None
        if len(moves) == 1:  # one meeting to another slot: only two agendas change
            r, s = moves[0]
            s0 = at[r]
            if s == s0 or not st.fits(r, s):
                return None if s != s0 else 0
            m = self.m
            keys1 = self._keys(moves)
            before1 = sum(self.cost[p][k] for p, k in keys1)
            occ = st.occ
            for p in (m.ra[r], m.rb[r]):
                occ[p][s0] -= 1
                occ[p][s] += 1
            d1 = sum(self.calc(p, k) for p, k in keys1) - before1
            for p in (m.ra[r], m.rb[r]):
                occ[p][s0] += 1
                occ[p][s] -= 1
            return d1
        keys = self._keys(moves)
        before = sum(self.cost[p][k] for p, k in keys)
        old = self._apply(moves)
        if old is None:
            return None
        d = sum(self.calc(p, k) for p, k in keys) - before
        self._undo(moves, old)
        return d

    def chain(self, seeds: list[int], s0: int, s1: int, limit: int = 24) -> Moves | None:
        """Kempe chain between slots s0 and s1 grown from seeds (each in s0 or s1)."""
        m, st = self.m, self.st
        at, here, tab = st.at, st.here, st.tab
        side: dict[int, int] = {}
        todo: list[int] = []
        for q in seeds:
            if at[q] not in (s0, s1):
                return None
            side[q] = at[q]
            todo.append(q)
        while todo:
            x = todo.pop()
            other = s1 if side[x] == s0 else s0
            ys = [y for p in (m.ra[x], m.rb[x]) for y in here[p].get(other, ())]
            t = m.rtab[x]
            if t >= 0 and tab[t][other]:
                ys.append(tab[t][other] - 1)
            for y in ys:
                if y not in side:
                    if not self.free[y]:
                        return None
                    side[y] = other
                    todo.append(y)
                    if len(side) > limit:
                        return None
        return [(q, s1 if s == s0 else s0) for q, s in side.items()]

    def candidates(self, r: int) -> list[Moves]:
        """Moves that take request r to each of its other slots."""
        return list(self.iter_candidates(r))

    def iter_candidates(self, r: int) -> Iterator[Moves]:
        """Moves that take request r to each of its other slots, in random order of slots."""
        m, st = self.m, self.st
        s0 = st.at[r]
        rest = self.mask(r) & ~(1 << s0)
        targets = [s for s in range(rest.bit_length()) if (rest >> s) & 1]
        self.rng.shuffle(targets)
        for s in targets:
            if st.at[r] != s0:  # the caller applied a move meanwhile
                return
            if st.fits(r, s):  # (r itself sits in s0, so it takes nothing of slot s)
                yield [(r, s)]
                continue
            ch = self.chain([r], s0, s)
            if ch is None:
                continue
            yield ch
            if st.sn[s] >= m.n_t and self.whole and st.in_slot[s]:
                # the table pool is full: take one more meeting of slot s back to s0 as well
                qs = list(st.in_slot[s])
                for q in self.rng.sample(qs, 1):  # one, at random
                    if st.at[r] != s0:
                        return
                    ch2 = self.chain([r, q], s0, s) if st.at[q] == s else None
                    if ch2 is not None:
                        yield ch2

    def column_swap(self, k: int) -> int | None:
        """Exchange the contents of two random slots of session k when the cost does not rise."""
        sess = self.sessions[k]
        if len(sess) < 2:
            return None
        s0, s1 = self.rng.sample(sess, 2)
        st = self.st
        moves = [(r, s1) for r in st.in_slot[s0]] + [(r, s0) for r in st.in_slot[s1]]
        if not moves or len(moves) > 400:
            return None
        return self.try_moves(moves, True)

    def step_on(self, p: int, k: int) -> bool:
        """Try to mend participant p's agenda in session k; True if the cost fell."""
        m, st = self.m, self.st
        rs = [r for r in m.by_p[p] if st.at[r] >= 0 and m.session[st.at[r]] == k and self.free[r]]
        if not rs:
            return False
        r = self.rng.choice(rs)
        best: list[Moves] = []
        best_d = 0
        worse: tuple[int, Moves] | None = None
        for mv in self.iter_candidates(r):
            d = self.evaluate(mv)
            if d is None:
                continue
            if d > best_d:
                if self.temp > 0 and (worse is None or d < worse[0]):
                    worse = (d, mv)
                continue
            if d < best_d:
                best, best_d = [mv], d
            else:
                best.append(mv)
        if not best:
            if worse is not None and self.rng.random() < math.exp(-worse[0] / self.temp):
                self.try_moves(worse[1], True, worse[0])  # annealing: a worse move, now and then
            return False
        d2 = self.try_moves(self.rng.choice(best), True)  # the best, or a sideways move
        return d2 is not None and d2 < 0

    def run(self, deadline: float, patience: int | None = None, rounds: int = 0) -> int:
        """Improve until the deadline, a zero cost, or patience steps without a gain.

        With rounds > 0, a local optimum is followed by simulated annealing (a worse move is
        taken now and then, less and less often) until the deadline or rounds x a quarter of
        the round length steps without a new best; the best schedule seen is restored at the
        end, so the cost never ends higher than it started.
        """
        m = self.m
        held = sum(1 for s in self.st.at if s >= 0)
        if patience is None:
            patience = 50 + 3 * held
        again = min(patience, 20 + held)  # the length of a round of annealing
        idle_steps = 0
        steps = 0
        bad: list[tuple[int, int]] = []
        best_total = self.total
        best: list[int] | None = None
        t_start = 0.0
        while self.total > 0:
            if idle_steps >= patience and not self.temp:
                # a local optimum: anneal for the rest of the budget (or rounds x again steps
                # without a new best), keeping the best schedule seen
                if rounds <= 0 or time.perf_counter() > deadline:
                    break
                best_total, best = self.total, list(self.st.at)
                t_start = time.perf_counter()
                self.temp = 0.3 * BIG
                idle_steps = 0
            if self.temp:
                if self.total < best_total:
                    best_total, best, idle_steps = self.total, list(self.st.at), 0
                elif idle_steps > rounds * again // 4:
                    break
                if steps % 16 == 0:
                    frac = (time.perf_counter() - t_start) / max(1e-3, deadline - t_start)
                    self.temp = max(1.0, 0.3 * BIG * (1.0 - frac))
            if time.perf_counter() > deadline:  # every step: a step can take milliseconds
                break
            if not bad or steps % 64 == 0:
                bad = [
                    (p, k)
                    for p in self.parts
                    if self.st.tot[p]
                    for k in range(m.n_sess)
                    if self.cost[p][k]
                ]
                if not bad:
                    break
            steps += 1
            before = self.total
            if self.whole and m.n_sess and steps % 16 == 0:
                self.column_swap(self.rng.randrange(m.n_sess))
            p, k = self.rng.choice(bad)
            if self.cost[p][k]:
                self.step_on(p, k)
            if self.total < before:
                idle_steps = 0
            else:
                idle_steps += 1
        if best is not None and best_total < self.total:
            self.restore(best)
        return self.moves


def improve(
    st: State,
    deadline: float,
    movable: list[bool] | None = None,
    patience: int | None = None,
    rounds: int = 0,
    origin: list[int] | None = None,
    max_moved: int = 0,
) -> Improver:
    """Run the local search on st in place (only movable requests move when given; with
    origin, at most max_moved of the meetings placed there leave their slot)."""
    imp = Improver(st, movable, origin=origin, max_moved=max_moved)
    imp.run(deadline, patience, rounds)
    return imp


def place_by_chains(st: State, todo: list[int], deadline: float) -> int:
    """Place requests that no free slot takes by Kempe chains: in a slot s1 where one meeting q
    blocks r, swap the chain of q between s1 and another slot s2, then put r in s1. The meetings
    held stay held (only their slots change) and every move is checked, so this only adds
    weight; breaks may rise and are mended afterwards. Return how many were placed."""
    m = st.m
    imp = Improver(st)
    placed = 0
    for r in todo:
        if st.at[r] >= 0 or not st.room(r) or time.perf_counter() > deadline:
            continue
        done = False
        for s1 in m.rslots[r]:
            blockers: set[int] = set()
            for p in (m.ra[r], m.rb[r]):
                if st.occ[p][s1] >= m.cap[p]:
                    blockers.update(st.here[p].get(s1, ()))
            t = m.rtab[r]
            if t >= 0 and st.tab[t][s1]:
                blockers.add(st.tab[t][s1] - 1)
            if len(blockers) != 1:
                continue
            q = next(iter(blockers))
            for s2 in m.rslots[q]:
                if s2 == s1:
                    continue
                ch = imp.chain([q], s1, s2)
                if ch is None:
                    continue
                if imp.try_moves(ch, True, 1 << 40) is None:
                    continue
                if st.fits(r, s1):
                    st.place(r, s1)
                    for p in (m.ra[r], m.rb[r]):
                        for k in range(m.n_sess):
                            imp.cost[p][k] = imp.calc(p, k)
                    done = True
                    break
                imp.try_moves([(x, s1 if s == s2 else s2) for x, s in ch], True, 1 << 40)
            if done:
                placed += 1
                break
    return placed
