"""A wheel built from the repository works without it: installed in a new virtual environment
in a temporary folder, it migrates an empty database and serves pages from its own templates.

The new environment sees this one's site-packages for the dependencies (so nothing is
downloaded) but not the checkout: matchmaker itself comes from the wheel alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = (
    ".git",
    ".venv",
    "__pycache__",
    "build",
    "dist",
    "*.egg-info",
    "instance",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "outbox",
)
SERVE = """
import json, sys
import matchmaker
from matchmaker import create_app

app = create_app()
client = app.test_client()
home = client.get("/", headers={"Accept-Language": "es"})
login = client.get("/auth/login", headers={"Accept-Language": "es"})
print(json.dumps({
    "package": matchmaker.__file__,
    "templates": str(matchmaker.TEMPLATES),
    "migrations": str(matchmaker.MIGRATIONS),
    "home": home.status_code,
    "login": login.status_code,
    "login_page": login.get_data(as_text=True),
}))
"""


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_a_built_wheel_migrates_and_serves_outside_the_checkout(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL")}
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFT_OUT))
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["--no-index", "-w", str(tmp_path / "dist"), str(source)],
        tmp_path,
        env,
    )
    (wheel,) = (tmp_path / "dist").glob("matchmaker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "matchmaker/templates/base.html",
        "matchmaker/migrations/env.py",
        "matchmaker/migrations/alembic.ini",
        "matchmaker/translations/es/LC_MESSAGES/messages.mo",
    ):
        assert shipped in names
    for path in [*ROOT.glob("matchmaker/**/*.py"), *ROOT.glob("migrations/versions/*.py")]:
        inside = path.relative_to(ROOT).as_posix()
        if inside.startswith("migrations/"):
            inside = "matchmaker/" + inside
        assert inside in names, f"{inside} is missing from the wheel"

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    site = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        tmp_path,
        env,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps"]
        + ["--no-index", str(wheel)],
        tmp_path,
        env,
    )

    work = tmp_path / "elsewhere"
    work.mkdir()
    env.update(
        MATCHMAKER_ENV="development",
        DATABASE_URL=f"sqlite:///{work}/fresh.sqlite3",
        MAIL_OUTBOX=str(work / "outbox"),
    )
    upgraded = _run([str(venv / "bin" / "matchmaker"), "db", "upgrade"], work, env)
    assert "Running upgrade" in upgraded.stderr + upgraded.stdout
    served = json.loads(_run([str(python), "-c", SERVE], work, env).stdout)
    for key in ("package", "templates", "migrations"):
        assert served[key].startswith(site), (key, served[key])  # the wheel's, not the checkout's
    assert served["home"] == 200 and served["login"] == 200
    assert "Iniciar sesión" in served["login_page"]  # the Spanish catalogue was shipped too
