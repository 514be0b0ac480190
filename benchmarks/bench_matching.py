"""Speed and memory of the matching engine on 10,000 synthetic suppliers and 1,000 needs.

Run: .venv/bin/python benchmarks/bench_matching.py [--suppliers 10000] [--needs 1000]
Suppliers resample shared/data/retc-dev with noise (typos, case, dropped accents, English).
Every figure is given as wall time and as CPU time of this process (time.process_time): on a
machine loaded by other jobs, the CPU time is the one that says what the engine costs.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.engine import SupplierIndex  # noqa: E402
from matching.text import strip_accents  # noqa: E402
from matching.types import NeedQuery, SupplierProfile  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "retc-dev"
ENGLISH = Path(__file__).resolve().parents[1] / "tests/unit/matching/data/needs_en.csv"
EXTRA_EN = [
    "wire harness assembly",
    "metal stamping",
    "plastic injection",
    "brake parts",
    "CNC machining",
    "aluminium die casting",
    "seat covers",
    "powder coating",
]


def typo(text: str, rng: random.Random) -> str:
    """One random deletion, duplication or swap."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def perturb(text: str, rng: random.Random) -> str:
    """Noise like a real directory's: case, accents, typos, a few English words."""
    if rng.random() < 0.5:
        text = strip_accents(text)
    text = text.upper() if rng.random() < 0.5 else text.lower()
    for _ in range(rng.randrange(3)):
        text = typo(text, rng)
    if rng.random() < 0.2:
        text += " " + rng.choice(EXTRA_EN)
    return text


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main() -> None:
    """Print build+rank time, single-need latency and peak memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--needs", type=int, default=1_000)
    args = parser.parse_args()
    rng = random.Random(7)
    rows = read(DATA / "suppliers.csv")
    titles = [r["title"] for r in read(DATA / "needs.csv")] + [r["title"] for r in read(ENGLISH)]
    suppliers = []
    for i in range(args.suppliers):
        row = rng.choice(rows)
        suppliers.append(
            SupplierProfile(
                f"S{i:05d}",
                perturb(row["name"], rng),
                perturb(row["description"], rng),
                state=row["state"],
            )
        )
    needs = [NeedQuery(f"N{i:04d}", perturb(rng.choice(titles), rng)) for i in range(args.needs)]

    wall, cpu = time.perf_counter(), time.process_time()
    index = SupplierIndex.build(suppliers)
    built_wall, built_cpu = time.perf_counter() - wall, time.process_time() - cpu
    ranked = index.rank_many(needs, 10)
    total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert len(ranked) == len(needs)
    print(
        f"(a) build + top-10 for {len(needs)} needs: wall {built_wall:.2f} + "
        f"{total_wall - built_wall:.2f} = {total_wall:.2f} s, cpu {built_cpu:.2f} + "
        f"{total_cpu - built_cpu:.2f} = {total_cpu:.2f} s (limit 5 s)"
    )

    walls, cpus = timed(lambda need: index.rank(need, 10), needs[:100])
    print(f"(b) one need over {len(suppliers)} suppliers: {summary(walls, cpus)} (limit 50 ms)")

    def upsert_then_rank(need: NeedQuery) -> None:
        row = rng.choice(rows)
        sid = f"S{rng.randrange(len(suppliers)):05d}"
        index.upsert(SupplierProfile(sid, row["name"], perturb(row["description"], rng)))
        index.rank(need, 10)

    walls, cpus = timed(upsert_then_rank, needs[:50])
    print(
        f"(c) upsert of one supplier, then one need over {len(suppliers)}: "
        f"{summary(walls, cpus)} (limit 100 ms)"
    )
    for size in (1, 10, 500):
        small = SupplierIndex.build(suppliers[:size])
        small.rank(needs[0], 10)
        walls, cpus = timed(lambda need, small=small: small.rank(need, 10), needs[:50])
        print(f"(d) one need over {size} suppliers: {summary(walls, cpus)} (limit 50 ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(e) peak memory {peak:.0f} MB (limit 1024 MB)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def timed(call: Callable[[NeedQuery], object], needs: list[NeedQuery]) -> tuple[list[float], ...]:
    """Wall and CPU milliseconds of `call` for each need, each sorted."""
    walls: list[float] = []
    cpus: list[float] = []
    for need in needs:
        wall, cpu = time.perf_counter(), time.process_time()
        call(need)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return sorted(walls), sorted(cpus)


def summary(walls: list[float], cpus: list[float]) -> str:
    """Median and p95, wall and CPU."""

    def p95(values: list[float]) -> float:
        return values[int(0.95 * (len(values) - 1))]

    return (
        f"wall median {statistics.median(walls):.1f} ms, p95 {p95(walls):.1f} ms; "
        f"cpu median {statistics.median(cpus):.1f} ms, p95 {p95(cpus):.1f} ms"
    )


if __name__ == "__main__":
    main()
