"""Production refuses to start with a secret anyone could know, and says how to make one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker import create_app
from matchmaker.config import DEV_SECRET, InsecureSecretKey

BIN = Path(sys.executable).parent
STRONG = "4f9c2b7e1d8a6053c3e9b1f2a7d4c6e8b0a1f3d5c7e9b2a4"


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET, "short-secret", "a" * 64])
def test_production_app_refuses_a_weak_secret(tmp_path, secret):
    with pytest.raises(InsecureSecretKey, match="SECRET_KEY") as info:
        create_app(
            {"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"},
            env="production",
        )
    assert "secrets.token_hex(32)" in str(info.value)


def test_production_app_starts_with_a_strong_secret(tmp_path):
    app = create_app(
        {"SECRET_KEY": STRONG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"},
        env="production",
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_keeps_its_default(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}, env="development")
    assert app.secret_key


def test_serve_without_a_secret_exits_with_a_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(MATCHMAKER_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    done = subprocess.run(
        [str(BIN / "matchmaker"), "serve"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr
    assert "Traceback" not in done.stderr
