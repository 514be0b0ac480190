"""Learned classes on plants they never saw: train on one half of a data set, score the other.

Run: .venv/bin/python benchmarks/eval_matching_cv.py [--data ../shared/data/retc-dev]
     [--needs tests/unit/matching/data/needs_en.csv] [--curve]

The plants are split by the parity of their id's number. For each half, a model is learned
(`matchmaker learn`) from the other half's plants and labels only, and the shared evaluator
scores `matchmaker match --classes MODEL` on a folder holding this half's plants and labels
(the needs of --needs, same ids, or the data set's own). The same folder is also scored with
`--classes none` (text alone), the reference the learned part has to beat. The shipped model is
trained on all of retc-dev, so its figure on retc-dev itself is in-sample; this is the honest one.

With --curve: the plants whose id number is a multiple of 4 are held out, and models learned
from one, two and three of the other quarters score them, to show how the gain grows with the
labelled plants.

With --sizes: one model, learned from the quarters 1 and 2 (id number modulo 4), scores quarter 0,
quarter 3 and both together, to show whether the gain over text alone depends on how many
plants the catalogue holds.

With --unknown: needs whose class the model does not have. For each half, a model is learned
from the other half, and each need is ranked with that model less its own class, so it meets
only the other classes (as a need of a kind nobody labelled does); compared with text alone.
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
from typing import Any

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


def number(supplier_id: str) -> int:
    return int("".join(c for c in supplier_id if c.isdigit()))


def part(data: Path, needs: Path, out: Path, modulus: int, keep: tuple[int, ...]) -> Path:
    """A data-set folder with the plants whose id number modulo `modulus` is in `keep`, their
    labels, and `needs`."""
    out.mkdir(parents=True)
    header, suppliers = read(data / "suppliers.csv")
    kept = [r for r in suppliers if number(r["id"]) % modulus in keep]
    write(out / "suppliers.csv", header, kept)
    ids = {r["id"] for r in kept}
    header, qrels = read(data / "qrels.csv")
    write(out / "qrels.csv", header, [r for r in qrels if r["supplier"] in ids])
    shutil.copy(needs, out / "needs.csv")
    return out


def learn(train: Path, model: Path) -> None:
    subprocess.run(
        [
            str(MATCHMAKER),
            "learn",
            "--suppliers",
            str(train / "suppliers.csv"),
            "--needs",
            str(train / "needs.csv"),
            "--labels",
            str(train / "qrels.csv"),
            "--out",
            str(model),
        ],
        check=True,
        capture_output=True,
    )


def line(f: dict[str, float]) -> str:
    return " ".join(f"{k} {f[k]:.3f}" for k in ("P@10", "nDCG@10", "MRR", "R@50"))


def evaluate(folder: Path, classes: Path | str, cmd: str | None = None) -> dict[str, float]:
    cmd = cmd or (
        f"{MATCHMAKER} match --suppliers {{suppliers}} --needs {{needs}} --top {{top}} --json "
        f"--classes {classes}"
    )
    result = subprocess.run(
        [sys.executable, str(EVAL), str(folder), "--cmd", cmd, "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def unknown(data: Path, needs_path: Path, work: Path, parity: int) -> dict[str, float]:
    """--unknown for one half: each need ranked with the other half's model less its own class
    (in-process: 81 models through the CLI would take long), scored by the shared evaluator."""
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from matching import files, learned
    from matching.engine import SupplierIndex

    train = part(data, data / "needs.csv", work / f"utrain{parity}", 2, (1 - parity,))
    test = part(data, needs_path, work / f"utest{parity}", 2, (parity,))
    model = files.learn_files(train / "suppliers.csv", train / "needs.csv", train / "qrels.csv")
    own_titles = {n.id: n.title for n in files.read_needs(data / "needs.csv")}
    suppliers = files.read_suppliers(test / "suppliers.csv")
    out: dict[str, Any] = {"format": None, "needs": []}
    for need in files.read_needs(test / "needs.csv"):
        keep = [i for i, t in enumerate(model.titles) if t != own_titles.get(need.id)]
        less = learned.LearnedClasses(
            tuple(model.titles[i] for i in keep),
            {space: model.weights[space][keep] for space in learned.SPACES},
            np.asarray(model.intercepts)[keep],
        )
        index = SupplierIndex.build(suppliers, learned=less)
        ranked = files.matches_object([need], index, 50)
        out["format"] = ranked["format"]
        out["needs"] += ranked["needs"]
    result = work / f"unknown{parity}.json"
    result.write_text(json.dumps(out), encoding="utf-8")
    return evaluate(test, "none", cmd=f"cat {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--needs", type=Path, help="needs to score (default: the data set's)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--curve", action="store_true", help="learning curve on one quarter")
    mode.add_argument("--sizes", action="store_true", help="one model, catalogues of two sizes")
    mode.add_argument("--unknown", action="store_true", help="needs the model has no class for")
    args = parser.parse_args()
    needs = args.needs or args.data / "needs.csv"
    own_needs = args.data / "needs.csv"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.curve:
            test = part(args.data, needs, work / "test", 4, (0,))
            print(f"quarter 0, text alone: {line(evaluate(test, 'none'))}", flush=True)
            for quarters in ((1,), (1, 2), (1, 2, 3)):
                train = part(args.data, own_needs, work / f"train{len(quarters)}", 4, quarters)
                model = work / f"model{len(quarters)}.npz"
                learn(train, model)
                plants = len(read(train / "suppliers.csv")[1])
                print(
                    f"quarter 0, learned from {plants} plants: {line(evaluate(test, model))}",
                    flush=True,
                )
            return
        if args.sizes:
            train = part(args.data, own_needs, work / "train", 4, (1, 2))
            model = work / "model.npz"
            learn(train, model)
            for name, keep in (("quarter 0", (0,)), ("quarter 3", (3,)), ("quarters 0+3", (0, 3))):
                test = part(args.data, needs, work / name.replace(" ", ""), 4, keep)
                plants = len(read(test / "suppliers.csv")[1])
                text, with_model = evaluate(test, "none"), evaluate(test, model)
                print(f"{name} ({plants} plants), text alone: {line(text)}", flush=True)
                print(
                    f"{name} ({plants} plants), learned from quarters 1+2: {line(with_model)} "
                    f"(nDCG@10 {with_model['nDCG@10'] - text['nDCG@10']:+.3f})",
                    flush=True,
                )
            return
        if args.unknown:
            for parity, name in ((0, "even"), (1, "odd")):
                test = part(args.data, needs, work / f"text{parity}", 2, (parity,))
                text = evaluate(test, "none")
                print(f"{name}-id plants, text alone: {line(text)}", flush=True)
                print(
                    f"{name}-id plants, other half's model less the need's own class: "
                    f"{line(unknown(args.data, needs, work, parity))}",
                    flush=True,
                )
            return
        for parity, name in ((0, "even"), (1, "odd")):
            test = part(args.data, needs, work / f"test{parity}", 2, (parity,))
            train = part(args.data, own_needs, work / f"train{parity}", 2, (1 - parity,))
            model = work / f"model{parity}.npz"
            learn(train, model)
            for label, classes in (("text alone", "none"), ("learned from the other half", model)):
                print(f"{name}-id plants, {label}: {line(evaluate(test, classes))}", flush=True)


if __name__ == "__main__":
    main()
