"""Solve a scheduling instance: choose, place, repair, improve, and report."""

from __future__ import annotations

import time
from collections.abc import Callable

from events.breaks import compact
from events.explain import explain
from events.improve import improve, place_by_chains
from events.model import LockError, Model, State
from events.search import best_slot, insert, swap_in
from events.select import choose, cover_bound, weight_bound
from events.spec import InstanceError
from events.types import Instance, Meeting, Report, Result, Schedule

Progress = Callable[[float, str], None]


MIN_CHOOSE_SECONDS = 1.5


def default_time_limit(inst: Instance) -> float:
    """A budget in seconds that grows with the number of requests."""
    return min(110.0, max(1.5, 1.2e-3 * len(inst.requests)))


def _priority(st: State, r: int) -> tuple[int, int, int, int]:
    m = st.m
    cov = sum(1 for p in (m.ra[r], m.rb[r]) if m.wants[p] and st.tot[p] == 0)
    return (-int(m.rmust[r]), -cov, -m.rw[r], len(m.rslots[r]))


def _fill(st: State, rest: list[int], deadline: float, depth: int) -> None:
    """Insert the requests left out in order of priority, evicting lower priority where it pays."""
    rest = sorted(rest, key=lambda r: _priority(st, r))
    for i, r in enumerate(rest):
        if st.at[r] >= 0 or not st.m.rslots[r]:
            continue
        if time.perf_counter() > deadline:
            # out of time: the rest go straight into a free slot, without any search (cheap,
            # so that a slow machine still gets a full schedule, only a less polished one)
            for q in rest[i:]:
                if st.at[q] < 0 and st.m.rslots[q] and st.room(q):
                    s = best_slot(st, q)
                    if s >= 0:
                        st.place(q, s)
            break
        if st.room(r) and insert(st, r, depth, set(), deadline):
            continue
        swap_in(st, r, deadline)


def _keep_previous(st: State, prev: Schedule) -> dict[str, str]:
    """Place the previous schedule's meetings where they still fit; return their tables."""
    m = st.m
    tables: dict[str, str] = {}
    for mt in prev.meetings:
        r = m.r_ix.get(mt.request, -1)
        s = m.slot_ix.get(mt.slot, -1)
        if r < 0 or s < 0 or st.at[r] >= 0 or s not in m.rslots[r]:
            continue
        if st.fits(r, s) and st.room(r):
            st.place(r, s)
            tables[mt.request] = mt.table
    return tables


def _changed(st: State, prev: Schedule) -> list[int]:
    """Requests worth another try: new ones, dropped ones, and any that now fit directly."""
    m = st.m
    known = {mt.request for mt in prev.meetings} | {u.request for u in prev.unscheduled}
    held = {mt.request for mt in prev.meetings}
    todo = []
    for r in range(m.n_r):
        if st.at[r] >= 0:
            continue
        rid = m.rids[r]
        if rid not in known or rid in held or (st.room(r) and best_slot(st, r) >= 0):
            todo.append(r)
    return todo


def solve(
    instance: Instance,
    previous: Schedule | None = None,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> Result:
    """Schedule the instance (incrementally from previous when given) and report the figures."""
    t0 = time.perf_counter()
    budget = default_time_limit(instance) if time_limit is None else time_limit
    deadline = t0 + budget

    def say(frac: float, msg: str) -> None:
        if progress is not None:
            progress(frac, msg)

    try:
        m = Model(instance)
        st = State(m)
        st.place_locks()
    except LockError as e:
        raise InstanceError(str(e)) from e
    say(0.05, "compiled")
    prev_tables: dict[str, str] = {}
    before: dict[str, str] = {}
    if previous is not None:
        before = {mt.request: mt.slot for mt in previous.meetings}
        prev_tables = _keep_previous(st, previous)
        _fill(st, _changed(st, previous), deadline, 1)
    else:
        # The selection model gets at least MIN_CHOOSE_SECONDS: it finishes far sooner on an
        # idle machine, but on a busy one a cut-off here loses coverage, not just polish; the
        # later stages then keep their share of the budget.
        chosen = choose(m, max(0.35 * budget, MIN_CHOOSE_SECONDS))
        deadline = max(deadline, time.perf_counter() + 0.65 * budget)
        say(0.4, "chose meetings")
        if chosen:
            chosen.sort(key=lambda r: (-int(m.rmust[r]), len(m.rslots[r]), -m.rw[r]))
            for r in chosen:
                if st.at[r] < 0 and time.perf_counter() < deadline:
                    insert(st, r, 2, set(), deadline)
            # the chosen meetings that found no slot: make room by Kempe chains
            rest = [r for r in chosen if st.at[r] < 0]
            if rest:
                place_by_chains(st, sorted(rest, key=lambda r: _priority(st, r)), deadline)
        _fill(st, [r for r in range(m.n_r) if st.at[r] < 0], deadline, 2)
    say(0.7, "placed meetings")
    notes: list[str] = []
    if previous is None:
        compact(st, deadline)
        held = sum(1 for s in st.at if s >= 0)
        improve(st, deadline, rounds=30 + held // 2)  # the rest of the budget, on larger events
        bound = weight_bound(m)
    else:  # existing meetings stay where they are; only meetings placed now may move
        origin = [m.slot_ix.get(before.get(m.rids[r], ""), -1) for r in range(m.n_r)]
        new = sum(1 for r, s in enumerate(st.at) if s >= 0 and s != origin[r])
        if new:  # existing meetings may move too, at most 3% of them, for a short while
            quick = min(deadline, time.perf_counter() + 0.004 * budget)
            improve(
                st,
                quick,
                [True] * m.n_r,
                patience=50 + 3 * new,
                origin=origin,
                max_moved=3 * len(before) // 100,
            )
        bound = cover_bound(m)
        notes.append(
            "bound: quick vertex-cover bound (incremental run); a full run computes the "
            "tighter LP bound"
        )
    say(0.9, "compacted agendas")
    meetings = st.meetings(prev_tables)
    unscheduled = [explain(st, r) for r in range(m.n_r) if st.at[r] < 0]
    schedule = Schedule(tuple(meetings), tuple(unscheduled))
    report = make_report(
        st, bound, previous, before, meetings, time.perf_counter() - t0, tuple(notes)
    )
    say(1.0, "done")
    return Result(schedule, report)


def make_report(
    st: State,
    bound: float,
    previous: Schedule | None,
    before: dict[str, str],
    meetings: list[Meeting],
    seconds: float,
    notes: tuple[str, ...] = (),
) -> Report:
    """Figures of the schedule held by st."""
    m = st.m
    breaks, idle = st.figures()
    wanting = [p for p in range(m.n_p) if m.wants[p]]
    weight = st.weight
    moved = gained = 0
    if previous is not None:
        now = {mt.request: mt.slot for mt in meetings}
        moved = sum(1 for rid, s in before.items() if rid in now and now[rid] != s)
        old_w = sum(m.rw[m.r_ix[rid]] for rid in before if rid in m.r_ix)
        gained = weight - old_w
    bound = max(bound, float(weight))
    return Report(
        meetings=len(meetings),
        must_asked=sum(m.rmust),
        must_held=sum(1 for r in range(m.n_r) if m.rmust[r] and st.at[r] >= 0),
        suppliers_asked=len(wanting),
        suppliers_covered=sum(1 for p in wanting if st.tot[p] > 0),
        weight=weight,
        bound=round(bound, 3),
        gap=round((bound - weight) / bound, 5) if bound > 0 else 0.0,
        breaks=breaks,
        idle_slots=idle,
        moved=moved,
        weight_gained=gained,
        seconds=round(seconds, 3),
        notes=notes,
    )
