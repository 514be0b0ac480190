"""The instance compiled to integer indices, and the mutable state of a schedule."""

from __future__ import annotations

from events.types import Instance, Meeting, Schedule

NO_LIMIT = 1 << 30


class LockError(ValueError):
    """A locked meeting that no feasible schedule can keep."""


class Model:
    """Integer-indexed view of an instance: participants, slots, requests and their options."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.slot_ids = [s.id for s in inst.slots]
        self.slot_ix = {sid: i for i, sid in enumerate(self.slot_ids)}
        self.n_s = len(self.slot_ids)
        sess_names: dict[str, int] = {}
        self.session = [sess_names.setdefault(s.session, len(sess_names)) for s in inst.slots]
        self.n_sess = len(sess_names)
        ses = self.session
        n_s = self.n_s
        self.prev = [i - 1 if i > 0 and ses[i - 1] == ses[i] else -1 for i in range(n_s)]
        self.next = [i + 1 if i + 1 < n_s and ses[i + 1] == ses[i] else -1 for i in range(n_s)]
        self.tables = list(inst.tables)
        self.table_ix = {t: i for i, t in enumerate(self.tables)}
        self.n_t = len(self.tables)
        parts = inst.participants
        self.pids = [p.id for p in parts]
        self.p_ix = {pid: i for i, pid in enumerate(self.pids)}
        self.n_p = len(parts)
        self.cap = [1 if p.table else p.capacity for p in parts]
        self.maxm = [NO_LIMIT if p.max_meetings is None else p.max_meetings for p in parts]
        self.ptable = [-1 if p.table is None else self.table_ix[p.table] for p in parts]
        self.buyer = [p.role == "buyer" for p in parts]
        all_slots = set(range(n_s))
        self.avail = [
            all_slots if p.available is None else {self.slot_ix[s] for s in p.available}
            for p in parts
        ]
        reqs = inst.requests
        self.rids = [r.id for r in reqs]
        self.r_ix = {rid: i for i, rid in enumerate(self.rids)}
        self.n_r = len(reqs)
        self.ra = [self.p_ix[r.between[0]] for r in reqs]
        self.rb = [self.p_ix[r.between[1]] for r in reqs]
        self.rw = [r.weight for r in reqs]
        self.rmust = [r.must for r in reqs]
        self.rtab: list[int] = []
        self.rslots: list[list[int]] = []
        for i, r in enumerate(reqs):
            a, b = self.ra[i], self.rb[i]
            ok = self.avail[a] & self.avail[b]
            if r.slots is not None:
                ok &= {self.slot_ix[s] for s in r.slots}
            ta, tb = self.ptable[a], self.ptable[b]
            if ta >= 0 and tb >= 0 and ta != tb:
                ok = set()
            self.rtab.append(ta if ta >= 0 else tb)
            self.rslots.append(sorted(ok))
        self.by_p: list[list[int]] = [[] for _ in range(self.n_p)]
        for i in range(self.n_r):
            self.by_p[self.ra[i]].append(i)
            self.by_p[self.rb[i]].append(i)
        self.wants = [not self.buyer[p] and bool(self.by_p[p]) for p in range(self.n_p)]
        self.lock_slot = [-1] * self.n_r
        for lk in inst.locked:
            k = self.r_ix[lk.request]
            self.lock_slot[k] = self.slot_ix[lk.slot]
            if lk.table is not None:
                t = self.table_ix[lk.table]
                if self.rtab[k] >= 0 and self.rtab[k] != t:
                    raise LockError(
                        f"locked meeting {lk.request}: table {lk.table} is not the "
                        f"fixed table {self.tables[self.rtab[k]]} of its participant"
                    )
                self.rtab[k] = t
        self.locked = [r for r in range(self.n_r) if self.lock_slot[r] >= 0]


class State:
    """Where each request sits (slot or -1) with the loads that make checks O(1)."""

    def __init__(self, m: Model) -> None:
        self.m = m
        self.at = [-1] * m.n_r
        self.occ = [[0] * m.n_s for _ in range(m.n_p)]
        self.tot = [0] * m.n_p
        self.nsess = [[0] * m.n_sess for _ in range(m.n_p)]
        self.sn = [0] * m.n_s
        self.tab = [[0] * m.n_s for _ in range(m.n_t)]  # request + 1 holding the table
        self.in_slot: list[set[int]] = [set() for _ in range(m.n_s)]
        self.here: list[dict[int, list[int]]] = [{} for _ in range(m.n_p)]  # p: slot -> requests
        self.weight = 0

    def fits(self, r: int, s: int) -> bool:
        """Whether request r can go to slot s now (slot assumed among its options)."""
        m = self.m
        a, b = m.ra[r], m.rb[r]
        if self.occ[a][s] >= m.cap[a] or self.occ[b][s] >= m.cap[b] or self.sn[s] >= m.n_t:
            return False
        t = m.rtab[r]
        return t < 0 or not self.tab[t][s]

    def room(self, r: int) -> bool:
        """Whether neither participant of r reached its maximum."""
        m = self.m
        return self.tot[m.ra[r]] < m.maxm[m.ra[r]] and self.tot[m.rb[r]] < m.maxm[m.rb[r]]

    def place(self, r: int, s: int) -> None:
        """Put request r in slot s."""
        m = self.m
        self.at[r] = s
        k = m.session[s]
        for p in (m.ra[r], m.rb[r]):
            self.occ[p][s] += 1
            self.tot[p] += 1
            self.nsess[p][k] += 1
            h = self.here[p]
            if s in h:
                h[s].append(r)
            else:
                h[s] = [r]
        self.sn[s] += 1
        self.in_slot[s].add(r)
        t = m.rtab[r]
        if t >= 0:
            self.tab[t][s] = r + 1
        self.weight += m.rw[r]

    def remove(self, r: int) -> int:
        """Take request r out of its slot and return the slot."""
        m = self.m
        s = self.at[r]
        self.at[r] = -1
        k = m.session[s]
        for p in (m.ra[r], m.rb[r]):
            self.occ[p][s] -= 1
            self.tot[p] -= 1
            self.nsess[p][k] -= 1
            h = self.here[p]
            if len(h[s]) == 1:
                del h[s]
            else:
                h[s].remove(r)
        self.sn[s] -= 1
        self.in_slot[s].discard(r)
        t = m.rtab[r]
        if t >= 0:
            self.tab[t][s] = 0
        self.weight -= m.rw[r]
        return s

    def break_delta(self, p: int, s: int) -> int:
        """Change in p's breaks if p gets one more meeting in slot s."""
        m = self.m
        o = self.occ[p]
        if o[s]:
            return 0
        lo = m.prev[s] >= 0 and o[m.prev[s]] > 0
        ro = m.next[s] >= 0 and o[m.next[s]] > 0
        if lo and ro:
            return -1
        if lo or ro or not self.nsess[p][m.session[s]]:
            return 0
        return 1

    def place_locks(self) -> None:
        """Place every locked meeting, raising LockError when the locks clash."""
        m = self.m
        for r in m.locked:
            s = m.lock_slot[r]
            rid, sid = m.rids[r], m.slot_ids[s]
            if s not in m.rslots[r]:
                raise LockError(f"locked meeting {rid}: slot {sid} is not open to both sides")
            if not self.fits(r, s) or not self.room(r):
                raise LockError(f"locked meeting {rid}: slot {sid} clashes with other locks")
            self.place(r, s)

    def meetings(self, prefer: dict[str, str] | None = None) -> list[Meeting]:
        """Meetings with tables: fixed tables first, the rest from the free pool."""
        m = self.m
        by_slot: list[list[int]] = [[] for _ in range(m.n_s)]
        for r, s in enumerate(self.at):
            if s >= 0:
                by_slot[s].append(r)
        out: list[Meeting] = []
        for s, rs in enumerate(by_slot):
            used = {m.rtab[r] for r in rs if m.rtab[r] >= 0}
            free = [t for t in range(m.n_t) if t not in used]
            free_set = set(free)
            sid = m.slot_ids[s]
            for r in rs:
                t = m.rtab[r]
                if t < 0 and prefer:
                    want = m.table_ix.get(prefer.get(m.rids[r], ""), -1)
                    if want in free_set:
                        t = want
                        free_set.discard(t)
                if t < 0:
                    while free[-1] not in free_set:
                        free.pop()
                    t = free.pop()
                    free_set.discard(t)
                out.append(Meeting(m.rids[r], sid, m.tables[t]))
        return out

    def figures(self) -> tuple[int, int]:
        """Breaks and idle slots summed over participants and sessions."""
        m = self.m
        breaks = idle = 0
        for p in range(m.n_p):
            if not self.tot[p]:
                continue
            o = self.occ[p]
            last = -1
            for s in range(m.n_s):
                if o[s]:
                    if last >= 0 and m.session[last] == m.session[s] and last != s - 1:
                        breaks += 1
                        idle += s - last - 1
                    last = s
        return breaks, idle


def empty_schedule(m: Model) -> Schedule:
    """A schedule with no meetings (used before reasons are attached)."""
    return Schedule(())
