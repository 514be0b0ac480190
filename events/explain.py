"""Attach a reason a person understands to every request left out."""

from __future__ import annotations

from events.model import State
from events.reasons import make
from events.types import Unscheduled


def explain(st: State, r: int) -> Unscheduled:
    """The reason request r is not in the schedule held by st."""
    m = st.m
    rid = m.rids[r]
    a, b = m.ra[r], m.rb[r]
    na, nb = m.pids[a], m.pids[b]
    if not m.rslots[r]:
        ta, tb = m.ptable[a], m.ptable[b]
        if ta >= 0 and tb >= 0 and ta != tb:
            return make(
                rid, "fixed_tables_differ", a=na, b=nb, table_a=m.tables[ta], table_b=m.tables[tb]
            )
        return make(rid, "no_common_slot", a=na, b=nb)
    for p in (a, b):
        if st.tot[p] >= m.maxm[p]:
            return make(rid, "max_reached", participant=m.pids[p], max=m.maxm[p])
    slots = m.rslots[r]
    busy_a = [s for s in slots if st.occ[a][s] >= m.cap[a]]
    busy_b = [s for s in slots if st.occ[b][s] >= m.cap[b]]
    for p, busy, other in ((a, busy_a, nb), (b, busy_b, na)):
        if len(busy) == len(slots):
            inside = set(busy)
            held = [q for q in m.by_p[p] if st.at[q] in inside]
            higher = sum(1 for q in held if m.rw[q] > m.rw[r])
            return make(
                rid, "agenda_full", participant=m.pids[p], other=other, n=len(held), higher=higher
            )
    free = [s for s in slots if s not in set(busy_a) | set(busy_b)]
    if not free:
        return make(rid, "busy_in_common", a=na, b=nb, n=len(slots))
    if all(not st.fits(r, s) for s in free):
        return make(rid, "no_table", a=na, b=nb)
    return make(rid, "lower_priority", a=na, b=nb)
