"""Property tests for the break moves: every move keeps feasibility, locks and the meetings held."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from events_strategies import instances
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sched_properties import with_locks

from events.baseline import greedy_state
from events.improve import BIG, Improver, improve, place_by_chains
from events.spec import read_instance, write_schedule
from events.types import Schedule

MOVES = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(
    checker: ModuleType, raw: dict[str, Any], imp: Improver, held: set[int], locked: dict[int, int]
) -> None:
    st_ = imp.st
    out = write_schedule(Schedule(tuple(st_.meetings())))
    errors, _ = checker.check(
        raw,
        {
            **out,
            "unscheduled": [
                {"request": st_.m.rids[r], "reason": "x"} for r in range(st_.m.n_r) if st_.at[r] < 0
            ],
        },
    )
    assert not errors, errors
    assert {r for r, s in enumerate(st_.at) if s >= 0} == held
    for r, s in locked.items():
        assert st_.at[r] == s
    breaks, idle = st_.figures()
    if imp.whole:
        assert imp.total == breaks * BIG + idle
    assert imp.total == sum(imp.cost[p][k] for p in imp.parts for k in range(st_.m.n_sess))
    for p in imp.parts:
        for k in range(st_.m.n_sess):
            assert imp.cost[p][k] == (imp.calc(p, k) if st_.tot[p] else 0)


@MOVES
@given(raw=instances(), data=st.data())
def test_every_move_keeps_feasibility_locks_and_meetings(
    checker: ModuleType, raw: dict[str, Any], data: Any
) -> None:
    raw = with_locks(raw, data)
    inst = read_instance(raw)
    state = greedy_state(inst)
    m = state.m
    held = {r for r, s in enumerate(state.at) if s >= 0}
    locked = {r: state.at[r] for r in m.locked}
    imp = Improver(state, seed=data.draw(st.integers(0, 9)))
    start = imp.total
    for _ in range(data.draw(st.integers(1, 12))):
        placed = [r for r in range(m.n_r) if state.at[r] >= 0]
        kind = data.draw(st.integers(0, 3))
        if not placed:
            break
        r = data.draw(st.sampled_from(placed))
        if kind == 0:
            for mv in imp.candidates(r):
                d = imp.evaluate(mv)
                if d is not None:
                    imp.try_moves(mv, True)
                    break
        elif kind == 1:
            s1 = data.draw(st.integers(0, m.n_s - 1))
            if s1 != state.at[r]:
                ch = imp.chain([r], state.at[r], s1)
                if ch is not None:
                    imp.try_moves(ch, True)
        elif kind == 2 and m.n_sess:
            imp.column_swap(data.draw(st.integers(0, m.n_sess - 1)))
        else:
            s1 = data.draw(st.integers(0, m.n_s - 1))
            imp.try_moves([(r, s1)], True)
        _check(checker, raw, imp, held, locked)
        assert imp.total <= start


@MOVES
@given(raw=instances(), data=st.data())
def test_improve_never_raises_breaks_and_keeps_movable_only(
    checker: ModuleType, raw: dict[str, Any], data: Any
) -> None:
    raw = with_locks(raw, data)
    state = greedy_state(read_instance(raw))
    m = state.m
    before = list(state.at)
    b0, i0 = state.figures()
    movable = data.draw(st.lists(st.booleans(), min_size=m.n_r, max_size=m.n_r))
    whole = data.draw(st.booleans())
    imp = improve(state, float("inf"), None if whole else movable)
    _check(
        checker,
        raw,
        imp,
        {r for r, s in enumerate(before) if s >= 0},
        {r: before[r] for r in m.locked},
    )
    b1, i1 = state.figures()
    assert (b1, i1) <= (b0, i0)
    if not whole:
        assert all(movable[r] or state.at[r] == before[r] for r in range(m.n_r))


@MOVES
@given(raw=instances(), data=st.data())
def test_improve_from_an_origin_moves_at_most_max_moved(
    checker: ModuleType, raw: dict[str, Any], data: Any
) -> None:
    raw = with_locks(raw, data)
    state = greedy_state(read_instance(raw))
    m = state.m
    before = list(state.at)
    cap = data.draw(st.integers(0, 3))
    imp = improve(state, float("inf"), [True] * m.n_r, origin=before, max_moved=cap)
    _check(
        checker,
        raw,
        imp,
        {r for r, s in enumerate(before) if s >= 0},
        {r: before[r] for r in m.locked},
    )
    assert sum(1 for r in range(m.n_r) if state.at[r] != before[r]) <= cap
    assert state.figures() <= greedy_state(read_instance(raw)).figures()


@MOVES
@given(raw=instances(), data=st.data())
def test_annealing_restores_the_best_and_keeps_feasibility(
    checker: ModuleType, raw: dict[str, Any], data: Any
) -> None:
    raw = with_locks(raw, data)
    state = greedy_state(read_instance(raw))
    m = state.m
    before = list(state.at)
    b0, i0 = state.figures()
    imp = improve(
        state,
        float("inf"),
        patience=data.draw(st.integers(1, 6)),
        rounds=data.draw(st.integers(1, 8)),
    )
    _check(
        checker,
        raw,
        imp,
        {r for r, s in enumerate(before) if s >= 0},
        {r: before[r] for r in m.locked},
    )
    assert state.figures() <= (b0, i0)


@MOVES
@given(raw=instances(), data=st.data())
def test_place_by_chains_only_adds_meetings_and_keeps_locks(
    checker: ModuleType, raw: dict[str, Any], data: Any
) -> None:
    raw = with_locks(raw, data)
    state = greedy_state(read_instance(raw))
    m = state.m
    before = list(state.at)
    w0 = state.weight
    todo = [r for r in range(m.n_r) if state.at[r] < 0]
    place_by_chains(state, data.draw(st.permutations(todo)), float("inf"))
    held = {r for r, s in enumerate(state.at) if s >= 0}
    assert {r for r, s in enumerate(before) if s >= 0} <= held
    assert state.weight >= w0
    imp = Improver(state)
    _check(checker, raw, imp, held, {r: before[r] for r in m.locked})
