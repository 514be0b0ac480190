"""Learned classes on plants they never saw: train on one half of a data set, score the other.

Run: .venv/bin/python benchmarks/eval_matching_cv.py [--data ../shared/data/retc-dev]
     [--needs tests/unit/matching/data/needs_en.csv]

The plants are split by the parity of their id's number. For each half, a model is learned
(`matchmaker learn`) from the other half's plants and labels only, and the shared evaluator
scores `matchmaker match --classes MODEL` on a folder holding this half's plants and labels
(the needs of --needs, same ids, or the data set's own). The same folder is also scored with
`--classes none` (text alone), the reference the learned part has to beat. The shipped model is
trained on all of retc-dev, so its figure on retc-dev itself is in-sample; this is the honest one.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "retc-dev"
EVAL = ROOT.parent / "shared" / "tools" / "eval_matching.py"
MATCHMAKER = Path(sys.executable).parent / "matchmaker"


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)


def half(data: Path, needs: Path, out: Path, parity: int) -> Path:
    """A data-set folder with the plants of one parity, their labels, and `needs`."""
    out.mkdir(parents=True)
    header, suppliers = read(data / "suppliers.csv")
    kept = [r for r in suppliers if int("".join(c for c in r["id"] if c.isdigit())) % 2 == parity]
    write(out / "suppliers.csv", header, kept)
    ids = {r["id"] for r in kept}
    header, qrels = read(data / "qrels.csv")
    write(out / "qrels.csv", header, [r for r in qrels if r["supplier"] in ids])
    shutil.copy(needs, out / "needs.csv")
    return out


def evaluate(folder: Path, classes: Path | str) -> dict[str, float]:
    cmd = (
        f"{MATCHMAKER} match --suppliers {{suppliers}} --needs {{needs}} --top {{top}} --json "
        f"--classes {classes}"
    )
    result = subprocess.run(
        [sys.executable, str(EVAL), str(folder), "--cmd", cmd, "--json"],
        check=True, capture_output=True, text=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--needs", type=Path, help="needs to score (default: the data set's)")
    args = parser.parse_args()
    needs = args.needs or args.data / "needs.csv"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for parity, name in ((0, "even"), (1, "odd")):
            test = half(args.data, needs, work / f"test{parity}", parity)
            train = half(args.data, args.data / "needs.csv", work / f"train{parity}", 1 - parity)
            model = work / f"model{parity}.npz"
            subprocess.run(
                [str(MATCHMAKER), "learn", "--suppliers", str(train / "suppliers.csv"),
                 "--needs", str(train / "needs.csv"), "--labels", str(train / "qrels.csv"),
                 "--out", str(model)],
                check=True, capture_output=True,
            )
            for label, classes in (("text alone", "none"), ("learned from the other half", model)):
                f = evaluate(test, classes)
                print(
                    f"{name}-id plants, {label}: P@10 {f['P@10']:.3f} nDCG@10 {f['nDCG@10']:.3f} "
                    f"MRR {f['MRR']:.3f} R@50 {f['R@50']:.3f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
