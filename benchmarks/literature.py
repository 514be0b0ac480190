"""Forum-style B2B instances in the shape of Bofill et al., JAIR 74 (2022), with a known optimum.

The published instances of that paper were not available here, so this script generates
instances of the same shape: every request is `must`, participants come in the morning, the
afternoon or both, some meetings are restricted to one session, and the table pool is tight
(exactly the most meetings any slot holds in a planted schedule). The planted schedule gives
every participant one contiguous block of meetings per session, so it has no break: the proven
minimum of breaks (and of idle slots) is 0, and every meeting can be held. The script checks that
witness with the shared checker before it solves (and --write saves it beside the instance).

Usage: .venv/bin/python benchmarks/literature.py [--time-limit S] [--write DIR]
Prints one row per instance: meetings held, breaks and idle slots of our solver and of the
greedy baseline, the optimum (0), and the seconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

# name: (participants, morning slots, afternoon slots, longest block, seed)
SHAPES = {
    "forum-40": (40, 8, 6, 6, 1),
    "forum-60": (60, 8, 8, 7, 2),
    "forum-90": (90, 10, 8, 8, 3),
    "forum-120": (120, 10, 10, 9, 4),
    "forum-150-tight": (150, 8, 8, 8, 5),
}


def _session(
    rnd: random.Random, people: list[str], n_slots: int, longest: int, used: set[frozenset[str]]
) -> list[list[tuple[str, str]]]:
    """Meetings per slot of one session; each person meets in one run of consecutive slots."""
    length = {p: rnd.randint(1, min(longest, n_slots)) for p in people}
    start = {p: rnd.randint(0, n_slots - length[p]) for p in people}
    state = dict.fromkeys(people, "wait")
    left = dict(length)
    slots: list[list[tuple[str, str]]] = []
    for s in range(n_slots):
        on = [p for p in people if state[p] == "on"]
        ready = [p for p in people if state[p] == "wait" and start[p] <= s]
        rnd.shuffle(on)
        rnd.shuffle(ready)
        pool = on + ready
        paired: set[str] = set()
        meets: list[tuple[str, str]] = []
        for x in pool:
            if x in paired:
                continue
            for y in pool:
                if y != x and y not in paired and frozenset((x, y)) not in used:
                    paired.update((x, y))
                    used.add(frozenset((x, y)))
                    meets.append((x, y))
                    break
        for p in on:
            if p not in paired:
                state[p] = "done"  # the block ends early, still without a break
        for p in paired:
            state[p] = "on"
            left[p] -= 1
            if left[p] == 0:
                state[p] = "done"
        slots.append(meets)
    return slots


def build(n: int, am: int, pm: int, longest: int, seed: int) -> dict[str, Any]:
    """A forum instance with a planted schedule without breaks."""
    rnd = random.Random(seed)
    people = [f"P{i:03d}" for i in range(n)]
    when = {p: rnd.choices(["am", "pm", "both"], [0.25, 0.25, 0.5])[0] for p in people}
    slot_rows = [
        {
            "id": f"{k}{i:02d}",
            "session": k,
            "start": f"2022-05-10T{h + i // 3:02d}:{20 * (i % 3):02d}:00",
            "end": "",
        }
        for k, h, n_k in (("am", 9, am), ("pm", 15, pm))
        for i in range(n_k)
    ]
    used: set[frozenset[str]] = set()
    planted: list[tuple[str, str, str, str, int]] = []  # (a, b, session, slot, table)
    per_slot: list[int] = []
    for sess, n_slots in (("am", am), ("pm", pm)):
        here = [p for p in people if when[p] in (sess, "both")]
        for j, meets in enumerate(_session(rnd, here, n_slots, longest, used)):
            per_slot.append(len(meets))
            planted.extend((a, b, sess, f"{sess}{j:02d}", t) for t, (a, b) in enumerate(meets))
    rnd.shuffle(planted)
    sess_slots = {k: [s["id"] for s in slot_rows if s["session"] == k] for k in ("am", "pm")}
    requests = []
    witness = []
    for i, (a, b, sess, slot, table) in enumerate(planted):
        witness.append({"request": f"R{i:04d}", "slot": slot, "table": f"T{table:02d}"})
        r: dict[str, Any] = {"id": f"R{i:04d}", "between": [a, b], "weight": 1, "must": True}
        if rnd.random() < 0.3:
            r["slots"] = sess_slots[sess]
        requests.append(r)
    participants = []
    for p in people:
        row: dict[str, Any] = {"id": p, "role": "participant", "name": p}
        if when[p] != "both":
            row["available"] = sess_slots[when[p]]
        participants.append(row)
    return {
        "format": "matchmaking-instance/1",
        "event": {"name": f"forum n={n} seed={seed}", "timezone": "Europe/Madrid"},
        "slots": slot_rows,
        "tables": [f"T{i:02d}" for i in range(max(per_slot))],
        "participants": participants,
        "requests": requests,
        "x-planted": {"format": "matchmaking-schedule/1", "meetings": witness, "unscheduled": []},
    }


def _checker() -> Any:
    spec = importlib.util.spec_from_file_location(
        "schedule_check", SHARED / "tools" / "schedule_check.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str]) -> int:
    """Generate every shape, solve it, check it and print one table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--write", type=Path, default=None)
    a = ap.parse_args(argv[1:])
    from events.baseline import greedy
    from events.scheduler import solve
    from events.spec import read_instance, write_schedule

    check = _checker().check
    cols = [
        "instance",
        "participants",
        "meetings",
        "slots",
        "tables",
        "violations",
        "held",
        "breaks",
        "idle",
        "optimum",
        "greedy_held",
        "greedy_breaks",
        "seconds",
    ]
    print(" | ".join(cols))
    print(" | ".join("---" for _ in cols))
    for name, (n, am, pm, longest, seed) in SHAPES.items():
        raw = build(n, am, pm, longest, seed)
        planted = raw.pop("x-planted")
        perrors, pfig = check(raw, planted)  # the witness: feasible, everything held, no break
        assert not perrors and pfig["breaks"] == 0 and pfig["must_held"] == len(raw["requests"])
        if a.write is not None:
            a.write.mkdir(parents=True, exist_ok=True)
            (a.write / f"{name}.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
            (a.write / f"{name}.planted.json").write_text(
                json.dumps(planted, indent=1), encoding="utf-8"
            )
        inst = read_instance(raw)
        t0 = time.perf_counter()
        res = solve(inst, time_limit=a.time_limit)
        secs = time.perf_counter() - t0
        errors, fig = check(raw, write_schedule(res.schedule))
        _, gfig = check(raw, write_schedule(greedy(inst)))
        row = [
            name,
            n,
            len(raw["requests"]),
            am + pm,
            len(raw["tables"]),
            len(errors),
            f"{fig['must_held']}/{len(raw['requests'])}",
            fig["breaks"],
            fig["idle_slots"],
            0,
            f"{gfig['must_held']}/{len(raw['requests'])}",
            gfig["breaks"],
            round(secs, 2),
        ]
        print(" | ".join(str(x) for x in row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
