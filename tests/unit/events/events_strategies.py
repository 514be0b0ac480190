"""Hypothesis strategies for small scheduling instances with every feature."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


@st.composite
def instances(draw: Any, networking: bool | None = None) -> dict[str, Any]:
    """Small instances with every feature except locks (added by the tests from a schedule)."""
    n_slots = draw(st.integers(1, 6))
    cut = draw(st.integers(0, n_slots))
    slots = [
        {"id": f"s{i}", "start": "", "end": "", "session": "am" if i < cut else "pm"}
        for i in range(n_slots)
    ]
    sids = [s["id"] for s in slots]
    tables = [f"T{i}" for i in range(draw(st.integers(1, 4)))]
    net = draw(st.booleans()) if networking is None else networking
    roles = ["participant"] if net else ["buyer", "supplier"]
    parts = []
    for i in range(draw(st.integers(2, 7))):
        p: dict[str, Any] = {
            "id": f"P{i}",
            "role": draw(st.sampled_from(roles)),
            "capacity": draw(st.integers(1, 3)),
        }
        if draw(st.booleans()):
            p["available"] = draw(st.lists(st.sampled_from(sids), unique=True))
        if draw(st.integers(0, 3)) == 0:
            p["max_meetings"] = draw(st.integers(0, 4))
        if draw(st.integers(0, 3)) == 0:
            p["table"] = draw(st.sampled_from(tables))
        parts.append(p)
    pids = [p["id"] for p in parts]
    reqs = []
    for i in range(draw(st.integers(0, 14))):
        a, b = draw(st.lists(st.sampled_from(pids), min_size=2, max_size=2, unique=True))
        r: dict[str, Any] = {
            "id": f"R{i}",
            "between": [a, b],
            "weight": draw(st.integers(1, 1000)),
            "must": draw(st.integers(0, 3)) == 0,
        }
        if draw(st.integers(0, 3)) == 0:
            r["slots"] = draw(st.lists(st.sampled_from(sids), unique=True))
        reqs.append(r)
    return {
        "format": "matchmaking-instance/1",
        "event": {"name": "t"},
        "slots": slots,
        "tables": tables,
        "participants": parts,
        "requests": reqs,
    }
