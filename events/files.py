"""Files in and out of the scheduler (shared/spec/scheduling.md): read an instance file,
schedule it, write the schedule file, summarise the report. Used by `python -m events` and
`matchmaker schedule`."""

from __future__ import annotations

import json
import time

from events.baseline import greedy_state
from events.explain import explain
from events.scheduler import make_report, solve
from events.select import weight_bound
from events.spec import InstanceError, read_instance, read_schedule, write_schedule
from events.types import Report, Result, Schedule


def summary(report: Report) -> str:
    """The one-screen summary printed after scheduling."""
    return "\n".join(
        [
            f"meetings:          {report.meetings}",
            f"must held:         {report.must_held}/{report.must_asked}",
            f"suppliers covered: {report.suppliers_covered}/{report.suppliers_asked}",
            f"weight:            {report.weight}",
            f"bound:             {report.bound:.0f}",
            f"gap:               {100 * report.gap:.2f}%",
            f"breaks:            {report.breaks}",
            f"idle slots:        {report.idle_slots}",
            f"moved:             {report.moved}",
            f"weight gained:     {report.weight_gained}",
            f"seconds:           {report.seconds:.2f}",
        ]
    )


def schedule_file(
    path: str,
    out: str | None,
    previous: str | None = None,
    time_limit: float | None = None,
    baseline: bool = False,
) -> Result:
    """Read an instance file, schedule it and write the schedule file (when `out` is given)."""
    with open(path, encoding="utf-8") as f:
        try:
            inst = read_instance(json.load(f))
        except json.JSONDecodeError as e:
            raise InstanceError(f"{path}: not JSON ({e})") from e
    prev: Schedule | None = None
    if previous:
        with open(previous, encoding="utf-8") as f:
            prev = read_schedule(json.load(f), inst)
    if baseline:
        t0 = time.perf_counter()
        st = greedy_state(inst)
        sched = Schedule(
            tuple(st.meetings()), tuple(explain(st, r) for r in range(st.m.n_r) if st.at[r] < 0)
        )
        report = make_report(
            st, weight_bound(st.m), None, {}, list(sched.meetings), time.perf_counter() - t0
        )
        result = Result(sched, report)
    else:
        result = solve(inst, prev, time_limit)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(write_schedule(result.schedule), f, ensure_ascii=False, indent=1)
    return result
