"""The instance reader takes any JSON: a valid instance, or an InstanceError naming the field."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from events.spec import InstanceError, read_instance

BASE: dict[str, Any] = {
    "format": "matchmaking-instance/1",
    "event": {"name": "E", "timezone": "America/Monterrey"},
    "slots": [
        {"id": "s1", "start": "2027-03-09T09:00:00", "end": "2027-03-09T09:20:00", "session": "am"},
        {"id": "s2", "start": "2027-03-09T09:20:00", "end": "2027-03-09T09:40:00", "session": "am"},
    ],
    "tables": ["T1"],
    "participants": [
        {"id": "B", "role": "buyer", "capacity": 1, "available": ["s1", "s2"]},
        {"id": "S", "role": "supplier", "max_meetings": 3},
    ],
    "requests": [{"id": "R1", "between": ["B", "S"], "weight": 10, "must": False, "slots": ["s1"]}],
    "locked": [{"request": "R1", "slot": "s1", "table": "T1"}],
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(BASE)


@settings(max_examples=400, deadline=None)
@given(path=st.sampled_from(PATHS), value=json_values, delete=st.booleans())
def test_any_mutation_reads_or_names_the_bad_field(path, value, delete):
    doc = copy.deepcopy(BASE)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    doc = json.loads(json.dumps(doc))  # only what JSON can carry
    try:
        read_instance(doc)
    except InstanceError as e:
        assert str(e).strip(), "an error must say what is wrong"


def test_the_base_instance_is_valid():
    inst = read_instance(copy.deepcopy(BASE))
    assert len(inst.requests) == 1
