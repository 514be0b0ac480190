"""Speed and memory of the matching engine on 10,000 synthetic suppliers and 1,000 needs.

Run: .venv/bin/python benchmarks/bench_matching.py [--suppliers 10000] [--needs 1000]
Suppliers resample shared/data/retc-dev with noise (typos, case, dropped accents, English).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.engine import SupplierIndex  # noqa: E402
from matching.text import strip_accents  # noqa: E402
from matching.types import NeedQuery, SupplierProfile  # noqa: E402

DATA = Path("/work/shared/data/retc-dev")
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

    start = time.perf_counter()
    index = SupplierIndex.build(suppliers)
    built = time.perf_counter()
    ranked = index.rank_many(needs, 10)
    done = time.perf_counter()
    assert len(ranked) == len(needs)
    print(
        f"(a) build {built - start:.2f} s + top-10 for {len(needs)} needs "
        f"{done - built:.2f} s = {done - start:.2f} s (limit 5 s)"
    )

    latencies = []
    for need in needs[:100]:
        t0 = time.perf_counter()
        index.rank(need, 10)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    print(
        f"(b) one need over {len(suppliers)} suppliers: "
        f"median {statistics.median(latencies):.1f} ms,"
        f" p95 {latencies[int(0.95 * (len(latencies) - 1))]:.1f} ms (limit 50 ms)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(c) peak memory {peak:.0f} MB (limit 1024 MB)")


if __name__ == "__main__":
    main()
