"""Benchmark the scheduler on the shared instances: quality, speed, memory, incremental runs.

Usage: .venv/bin/python benchmarks/bench_scheduler.py [NAME ...] [--no-mega]
Each instance runs in its own process so that peak RSS is its own.
"""

from __future__ import annotations

import importlib.util
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
OPTIMUM = {
    "small-pool": 5281,
    "small-fixed": 5609,
    "claut-pool": 38096,
    "claut-fixed": 39489,
    "national": 361496,
}
MEGA = [
    "--buyers",
    "1000",
    "--suppliers",
    "10000",
    "--requests-per-buyer",
    "40",
    "--days",
    "2",
    "--seed",
    "206",
]


def _checker() -> Any:
    spec = importlib.util.spec_from_file_location(
        "schedule_check", SHARED / "tools" / "schedule_check.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load(name: str) -> dict[str, Any]:
    """The raw instance: a shared bench file, or mega generated on the fly."""
    if name == "mega":
        out = subprocess.run(
            [sys.executable, str(SHARED / "tools" / "make_event.py"), *MEGA],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return dict(json.loads(out))
    with open(SHARED / "bench" / f"{name}.json", encoding="utf-8") as f:
        return dict(json.load(f))


def with_new_requests(raw: dict[str, Any], share: float, seed: int) -> dict[str, Any]:
    """The instance with share x requests more, between existing buyers and suppliers."""
    rnd = random.Random(seed)
    buyers = [p["id"] for p in raw["participants"] if p["role"] == "buyer"]
    others = [p["id"] for p in raw["participants"] if p["role"] != "buyer"]
    have = {tuple(r["between"]) for r in raw["requests"]}
    new = []
    while len(new) < int(share * len(raw["requests"])):
        pair = (rnd.choice(buyers), rnd.choice(others))
        if pair not in have:
            have.add(pair)
            new.append(
                {
                    "id": f"N{len(new):06d}",
                    "between": list(pair),
                    "weight": rnd.randint(1, 100),
                    "must": False,
                }
            )
    return {**raw, "requests": raw["requests"] + new}


def one(name: str) -> dict[str, Any]:
    """Run one instance in this process and return its figures."""
    from events.baseline import greedy
    from events.scheduler import solve
    from events.spec import read_instance, read_schedule, write_schedule

    check = _checker().check
    raw = load(name)
    inst = read_instance(raw)
    t0, c0 = time.perf_counter(), time.process_time()
    res = solve(inst)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = write_schedule(res.schedule)
    errors, fig = check(raw, out)
    _, gfig = check(raw, write_schedule(greedy(inst)))
    rep = res.report
    row: dict[str, Any] = {
        "instance": name,
        "violations": len(errors),
        "must": f"{rep.must_held}/{rep.must_asked}",
        "covered": f"{rep.suppliers_covered}/{rep.suppliers_asked}",
        "weight": fig["weight"],
        "opt%": round(100 * fig["weight"] / OPTIMUM[name], 2) if name in OPTIMUM else None,
        "bound": round(rep.bound),
        "gap%": round(100 * rep.gap, 2),
        "breaks": fig["breaks"],
        "greedy_breaks": gfig["breaks"],
        "greedy_weight": gfig["weight"],
        "idle": fig["idle_slots"],
        "seconds": round(secs, 2),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    raw2 = with_new_requests(raw, 0.05, 7)
    inst2 = read_instance(raw2)
    t1, c1 = time.perf_counter(), time.process_time()
    res2 = solve(inst2, previous=read_schedule(out, inst2))
    inc_secs, inc_cpu = time.perf_counter() - t1, time.process_time() - c1
    row["inc_seconds"] = round(inc_secs, 3)
    errors2, _ = check(raw2, write_schedule(res2.schedule))
    row["inc_violations"] = len(errors2)
    row["inc_moved"] = res2.report.moved
    row["inc_moved%"] = round(100 * res2.report.moved / max(1, rep.meetings), 2)
    row["inc_gained"] = res2.report.weight_gained
    row["inc_time%"] = round(100 * inc_secs / max(secs, 1e-9), 1)
    # CPU seconds too: wall seconds swing with whatever else runs on the machine
    row["cpu_s"] = round(cpu, 2)
    row["inc_cpu_s"] = round(inc_cpu, 3)
    row["inc_cpu%"] = round(100 * inc_cpu / max(cpu, 1e-9), 1)
    row["inc_breaks"] = res2.report.breaks
    return row


def main(argv: list[str]) -> int:
    """Run every instance in a child process and print one table."""
    if len(argv) > 1 and argv[1] == "--one":
        print(json.dumps(one(argv[2])))
        return 0
    names = [a for a in argv[1:] if not a.startswith("--")] or [*OPTIMUM, "mega"]
    if "--no-mega" in argv and "mega" in names:
        names.remove("mega")
    rows = []
    for n in names:
        done = subprocess.run(
            [sys.executable, __file__, "--one", n], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(rows[-1], file=sys.stderr)
    cols = list(rows[0])
    print(" | ".join(cols))
    print(" | ".join("---" for _ in cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
