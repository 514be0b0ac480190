"""Property tests: every schedule is feasible, keeps locks, and explains what it leaves out."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from events_strategies import instances
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.baseline import greedy
from events.reasons import render_reason
from events.scheduler import solve
from events.spec import read_instance, read_schedule, write_schedule

FAST = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_good(checker: ModuleType, raw: dict[str, Any], out: dict[str, Any]) -> None:
    """Feasible by the shared checker, every request once, every left-out one explained."""
    errors, _ = checker.check(raw, out)
    assert not errors, errors
    for u in out["unscheduled"]:
        assert u["reason"] and u["code"]


def with_locks(raw: dict[str, Any], data: Any) -> dict[str, Any]:
    """Lock a random part of a feasible schedule, some with their table."""
    base = write_schedule(greedy(read_instance(raw)))
    picked = data.draw(
        st.lists(st.booleans(), min_size=len(base["meetings"]), max_size=len(base["meetings"]))
    )
    locks = []
    for m, keep in zip(base["meetings"], picked, strict=True):
        if keep:
            lk = {"request": m["request"], "slot": m["slot"]}
            if data.draw(st.booleans()):
                lk["table"] = m["table"]
            locks.append(lk)
    return {**raw, "locked": locks}


@FAST
@given(raw=instances(), data=st.data())
def test_solve_is_feasible_keeps_locks_and_explains(
    checker: ModuleType, raw: dict[str, Any], data: Any
) -> None:
    raw = with_locks(raw, data)
    inst = read_instance(raw)
    res = solve(inst, time_limit=2.0)
    out = write_schedule(res.schedule)
    assert_good(checker, raw, out)
    assert_good(checker, raw, write_schedule(greedy(inst)))
    placed = {m.request: m for m in res.schedule.meetings}
    for lk in inst.locked:
        assert placed[lk.request].slot == lk.slot
        assert lk.table is None or placed[lk.request].table == lk.table
    for u in res.schedule.unscheduled:
        assert render_reason(u, "es") and render_reason(u, "en")
    assert res.report.weight <= res.report.bound + 1e-6
    assert res.report.must_held >= sum(
        1 for lk in inst.locked if next(r for r in inst.requests if r.id == lk.request).must
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=instances(), data=st.data())
def test_incremental_is_feasible_and_keeps_what_it_can(
    checker: ModuleType, raw: dict[str, Any], data: Any
) -> None:
    first = solve(read_instance(raw), time_limit=2.0)
    old = write_schedule(first.schedule)
    reqs = raw["requests"]
    keep = data.draw(st.lists(st.booleans(), min_size=len(reqs), max_size=len(reqs)))
    more = data.draw(instances())["requests"]
    pids = {p["id"] for p in raw["participants"]}
    sids = {s["id"] for s in raw["slots"]}
    changed = [r for r, k in zip(reqs, keep, strict=True) if k]
    for r in more:
        if set(r["between"]) <= pids and set(r.get("slots", [])) <= sids:
            changed.append({**r, "id": "N" + r["id"]})
    raw2 = {**raw, "requests": changed}
    inst2 = read_instance(raw2)
    res = solve(inst2, previous=read_schedule(old, inst2), time_limit=2.0)
    assert_good(checker, raw2, write_schedule(res.schedule))
    assert res.report.moved <= len(first.schedule.meetings)
