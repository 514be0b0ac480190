"""Reading and writing the exchange formats, reasons in both languages, and the CLI."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from events.__main__ import main
from events.reasons import TEMPLATES, make, render_reason
from events.scheduler import solve
from events.spec import InstanceError, read_instance, read_schedule, write_schedule


def tiny() -> dict[str, Any]:
    return {
        "format": "matchmaking-instance/1",
        "event": {"name": "t", "timezone": "America/Monterrey"},
        "slots": [
            {"id": "a1", "session": "am"},
            {"id": "a2", "session": "am"},
            {"id": "p1", "session": "pm"},
        ],
        "tables": ["T1", "T2"],
        "participants": [
            {"id": "B1", "role": "buyer", "capacity": 2, "table": "T1"},
            {"id": "S1", "role": "supplier", "available": ["a1"]},
            {"id": "S2", "role": "supplier", "available": ["p1"]},
            {"id": "S3", "role": "supplier", "max_meetings": 0},
        ],
        "requests": [
            {"id": "R1", "between": ["B1", "S1"], "weight": 50, "must": True},
            {"id": "R2", "between": ["B1", "S2"], "weight": 10, "slots": ["a1", "a2"]},
            {"id": "R3", "between": ["B1", "S3"], "weight": 10},
        ],
    }


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda d: d["participants"][1].update(available=["a1", "x"]),
            'participants[1].available[1]: unknown slot "x"',
        ),
        (lambda d: d["requests"][0].update(weight=0), "requests[0].weight"),
        (lambda d: d["requests"][0].update(between=["B1", "B1"]), "requests[0].between"),
        (lambda d: d["requests"][1].update(between=["B1", "ZZ"]), "requests[1].between[1]"),
        (lambda d: d["participants"][0].update(table="T9"), "participants[0].table"),
        (lambda d: d["participants"][0].update(capacity=0), "participants[0].capacity"),
        (lambda d: d["participants"][2].update(role="boss"), "participants[2].role"),
        (lambda d: d.update(locked=[{"request": "R9", "slot": "a1"}]), "locked[0].request"),
        (lambda d: d.update(format="other/1"), "format"),
        (lambda d: d["slots"].append({"id": "a1"}), "slots[3].id"),
    ],
)
def test_bad_fields_are_named_by_path(change: Any, path: str) -> None:
    d = tiny()
    change(d)
    with pytest.raises(InstanceError, match=path.replace("[", r"\[").replace("]", r"\]")):
        read_instance(d)
    assert issubclass(InstanceError, ValueError)


def test_reasons_are_specific_and_translated(checker: Any) -> None:
    raw = tiny()
    res = solve(read_instance(raw))
    out = write_schedule(res.schedule)
    assert not checker.check(raw, out)[0]
    codes = {u.request: u.code for u in res.schedule.unscheduled}
    assert codes == {"R2": "no_common_slot", "R3": "max_reached"}
    reasons = {u["request"]: u["reason"] for u in out["unscheduled"]}
    assert reasons["R2"] == "B1 has no free slot in common with S2"
    again = read_schedule(out, read_instance(raw), strict=True)
    assert {u.code for u in again.unscheduled} == {"no_common_slot", "max_reached"}


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_reason_renders_in_both_languages(code: str) -> None:
    u = make(
        "R1",
        code,
        a="B1",
        b="S1",
        participant="B1",
        other="S1",
        n=3,
        higher=2,
        max=4,
        table_a="T1",
        table_b="T2",
        text="x",
    )
    en, es = render_reason(u, "en"), render_reason(u, "es")
    assert en and es and "{" not in en + es
    assert code == "other" or en != es


def test_agenda_full_names_the_count() -> None:
    raw = tiny()
    raw["participants"][0] = {"id": "B1", "role": "buyer", "available": ["a1"]}
    raw["requests"] = [
        {"id": "R1", "between": ["B1", "S1"], "weight": 50},
        {"id": "R2", "between": ["B1", "S3"], "weight": 10},
    ]
    raw["participants"][3] = {"id": "S3", "role": "supplier", "available": ["a1"]}
    res = solve(read_instance(raw))
    (u,) = res.schedule.unscheduled
    assert u.code in {"agenda_full", "busy_in_common"}
    assert "1" in render_reason(u, "en")


def test_cli_writes_a_checked_schedule(
    tmp_path: Path, checker: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    src, dst = tmp_path / "i.json", tmp_path / "s.json"
    src.write_text(json.dumps(tiny()))
    assert main(["schedule", str(src), "-o", str(dst)]) == 0
    assert "must held:         1/1" in capsys.readouterr().out
    assert not checker.check(tiny(), json.loads(dst.read_text()))[0]
    assert main(["schedule", str(src), "-o", str(dst), "--previous", str(dst)]) == 0
    assert main(["schedule", str(src), "-o", str(dst), "--baseline"]) == 0


def test_cli_rejects_a_bad_instance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tiny()
    bad["participants"][3]["available"] = ["x"]
    src = tmp_path / "i.json"
    src.write_text(json.dumps(bad))
    assert main(["schedule", str(src), "-o", str(tmp_path / "s.json")]) != 0
    assert 'participants[3].available[0]: unknown slot "x"' in capsys.readouterr().err


def test_clashing_locks_are_an_instance_error() -> None:
    raw = tiny()
    raw["locked"] = [{"request": "R1", "slot": "p1"}]
    with pytest.raises(InstanceError, match="R1"):
        solve(read_instance(raw))


def test_engine_imports_no_web_code() -> None:
    root = Path(__file__).resolve().parents[3] / "events"
    for f in root.glob("*.py"):
        tree = ast.parse(f.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            for n in names:
                assert n.split(".")[0] not in {"flask", "sqlalchemy", "matchmaker"}, (f, n)
