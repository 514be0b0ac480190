"""Generated sourcing events of many shapes: feasible, and never worse than the greedy baseline."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from events.baseline import greedy
from events.scheduler import solve
from events.spec import read_instance, write_schedule

SHAPES = [
    dict(buyers=4, suppliers=15, requests_per_buyer=6),
    dict(buyers=5, suppliers=20, requests_per_buyer=8, fixed_tables=True),
    dict(buyers=5, suppliers=20, requests_per_buyer=8, partial=0.8),
    dict(buyers=4, suppliers=20, requests_per_buyer=8, must=0.3),
    dict(buyers=6, suppliers=12, requests_per_buyer=10, tables=2),
    dict(
        buyers=6,
        suppliers=30,
        requests_per_buyer=10,
        fixed_tables=True,
        partial=0.8,
        must=0.3,
        days=2,
        am_slots=3,
        pm_slots=2,
    ),
]


def args(seed: int, **kw: Any) -> argparse.Namespace:
    base = dict(
        buyers=4,
        suppliers=20,
        requests_per_buyer=6,
        days=1,
        am_slots=6,
        pm_slots=4,
        minutes=20,
        tables=0,
        fixed_tables=False,
        partial=0.2,
        must=0.03,
        skew=0.8,
        seed=seed,
    )
    base.update(kw)
    return argparse.Namespace(**base)


@pytest.mark.parametrize("shape", range(len(SHAPES)))
def test_generated_events_are_feasible_and_rank_above_greedy(
    maker: Any, checker: Any, shape: int
) -> None:
    for seed in range(25):
        raw = maker.build(args(seed, **SHAPES[shape]))
        inst = read_instance(raw)
        res = solve(inst, time_limit=2.0)
        errors, fig = checker.check(raw, write_schedule(res.schedule))
        assert not errors, (seed, errors)
        _, gfig = checker.check(raw, write_schedule(greedy(inst)))
        ours = (fig["must_held"], -fig["participants_left_out"])
        theirs = (gfig["must_held"], -gfig["participants_left_out"])
        assert ours >= theirs, (seed, ours, theirs)
        assert fig["weight"] == res.report.weight <= res.report.bound + 1e-6
        assert len(res.schedule.meetings) + len(res.schedule.unscheduled) == len(inst.requests)
