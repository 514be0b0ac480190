"""Shared helpers for the events tests: the independent checker and instance strategies."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
if str(ROOT) not in sys.path:  # the engine is importable without installing the app
    sys.path.insert(0, str(ROOT))


def _load(name: str) -> ModuleType | None:
    path = SHARED / "tools" / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"shared_{name}", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def checker() -> ModuleType:
    mod = _load("schedule_check")
    if mod is None:
        pytest.skip(f"shared checker not found at {SHARED}/tools/schedule_check.py")
    return mod


@pytest.fixture(scope="session")
def maker() -> ModuleType:
    mod = _load("make_event")
    if mod is None:
        pytest.skip(f"shared generator not found at {SHARED}/tools/make_event.py")
    return mod
