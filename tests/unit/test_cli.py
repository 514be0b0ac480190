"""The `matchmaker` command: every area's commands are there, and the file commands (match,
learn, schedule) run without building the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
INSTANCE = {
    "format": "matchmaking-instance/1",
    "event": {"name": "t", "timezone": "America/Monterrey"},
    "slots": [{"id": "a1", "session": "am"}, {"id": "a2", "session": "am"}],
    "tables": ["T1"],
    "participants": [
        {"id": "B1", "role": "buyer"},
        {"id": "S1", "role": "supplier"},
    ],
    "requests": [{"id": "R1", "between": ["B1", "S1"], "weight": 50, "must": True}],
}
COMMANDS = {
    "backup",
    "db",
    "demo",
    "export-instance",
    "export-suppliers",
    "import-schedule",
    "import-suppliers",
    "learn",
    "match",
    "record-rate",
    "restore",
    "schedule",
    "send-due-followups",
    "serve",
    "sync-taxonomy",
}


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [str(BIN / "matchmaker"), *args],
        env={**base, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_every_area_command(tmp_path: Path) -> None:
    done = _run(["--help"], tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line}
    assert COMMANDS <= listed


def test_file_commands_run_without_the_app(tmp_path: Path) -> None:
    # Production without a secret: building the app would stop with exit status 2.
    no_app = {"MATCHMAKER_ENV": "production"}
    assert _run(["demo"], tmp_path, **no_app).returncode == 2

    instance, schedule = tmp_path / "i.json", tmp_path / "s.json"
    instance.write_text(json.dumps(INSTANCE))
    done = _run(["schedule", str(instance), "-o", str(schedule)], tmp_path, **no_app)
    assert done.returncode == 0, done.stderr
    assert "must held:         1/1" in done.stdout
    assert json.loads(schedule.read_text())["meetings"]

    suppliers, needs = tmp_path / "s.csv", tmp_path / "n.csv"
    suppliers.write_text("id,name,description\nS1,Troqueles SA,estampado de acero\n")
    needs.write_text("id,title\nN1,estampado\n")
    done = _run(
        ["match", "--suppliers", str(suppliers), "--needs", str(needs), "--json"],
        tmp_path,
        **no_app,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["needs"][0]["matches"][0]["supplier"] == "S1"
