"""The plain greedy baseline: requests by weight, each in its earliest free feasible slot."""

from __future__ import annotations

from events.explain import explain
from events.model import LockError, Model, State
from events.spec import InstanceError
from events.types import Instance, Schedule


def greedy_state(instance: Instance) -> State:
    """The greedy baseline's state (locks first, then by weight, earliest slot)."""
    try:
        m = Model(instance)
        st = State(m)
        st.place_locks()
    except LockError as e:
        raise InstanceError(str(e)) from e
    for r in sorted(range(m.n_r), key=lambda r: -m.rw[r]):
        if st.at[r] >= 0 or not st.room(r):
            continue
        for s in m.rslots[r]:
            if st.fits(r, s):
                st.place(r, s)
                break
    return st


def greedy(instance: Instance) -> Schedule:
    """Schedule by the plain greedy baseline, with reasons for what is left out."""
    st = greedy_state(instance)
    unscheduled = [explain(st, r) for r in range(st.m.n_r) if st.at[r] < 0]
    return Schedule(tuple(st.meetings()), tuple(unscheduled))
