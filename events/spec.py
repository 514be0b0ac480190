"""Read and write the JSON exchange formats of the scheduling spec."""

from __future__ import annotations

from typing import Any

from events.reasons import reason_for_code, render_reason
from events.types import (
    Instance,
    Lock,
    Meeting,
    Participant,
    Request,
    Schedule,
    Slot,
    Unscheduled,
)

INSTANCE_FORMAT = "matchmaking-instance/1"
SCHEDULE_FORMAT = "matchmaking-schedule/1"
ROLES = ("buyer", "supplier", "participant")


class InstanceError(ValueError):
    """A malformed instance or schedule; the message names the bad field's path."""


def _obj(v: Any, path: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise InstanceError(f"{path}: expected an object")
    return v


def _list(v: Any, path: str) -> list[Any]:
    if not isinstance(v, list):
        raise InstanceError(f"{path}: expected a list")
    return v


def _str(v: Any, path: str) -> str:
    if not isinstance(v, str) or not v:
        raise InstanceError(f"{path}: expected a non-empty string")
    return v


def _int(v: Any, path: str, lo: int, hi: int | None = None) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < lo or (hi is not None and v > hi):
        top = f"..{hi}" if hi is not None else " or more"
        raise InstanceError(f"{path}: expected an integer {lo}{top}")
    return v


def _slot_ids(v: Any, path: str, known: dict[str, int]) -> tuple[str, ...]:
    out = []
    for i, s in enumerate(_list(v, path)):
        s = _str(s, f"{path}[{i}]")
        if s not in known:
            raise InstanceError(f'{path}[{i}]: unknown slot "{s}"')
        out.append(s)
    return tuple(sorted(set(out), key=known.__getitem__))


def _participant(p: Any, path: str, slots: dict[str, int], tables: set[str]) -> Participant:
    p = _obj(p, path)
    role = p.get("role", "participant")
    if role not in ROLES:
        raise InstanceError(f'{path}.role: unknown role "{role}"')
    table = p.get("table")
    if table is not None and _str(table, f"{path}.table") not in tables:
        raise InstanceError(f'{path}.table: unknown table "{table}"')
    mx = p.get("max_meetings")
    avail = p.get("available")
    return Participant(
        id=_str(p.get("id"), f"{path}.id"),
        role=role,
        name=str(p.get("name", "")),
        capacity=_int(p.get("capacity", 1), f"{path}.capacity", 1),
        available=None if avail is None else _slot_ids(avail, f"{path}.available", slots),
        max_meetings=None if mx is None else _int(mx, f"{path}.max_meetings", 0),
        table=table,
    )


def _request(r: Any, path: str, slots: dict[str, int], parts: set[str]) -> Request:
    r = _obj(r, path)
    between = _list(r.get("between"), f"{path}.between")
    if len(between) != 2:
        raise InstanceError(f"{path}.between: expected two participant ids")
    for i, pid in enumerate(between):
        if _str(pid, f"{path}.between[{i}]") not in parts:
            raise InstanceError(f'{path}.between[{i}]: unknown participant "{pid}"')
    if between[0] == between[1]:
        raise InstanceError(f"{path}.between: a participant cannot meet itself")
    must = r.get("must", False)
    if not isinstance(must, bool):
        raise InstanceError(f"{path}.must: expected true or false")
    rs = r.get("slots")
    return Request(
        id=_str(r.get("id"), f"{path}.id"),
        between=(between[0], between[1]),
        weight=_int(r.get("weight", 1), f"{path}.weight", 1, 1000),
        must=must,
        slots=None if rs is None else _slot_ids(rs, f"{path}.slots", slots),
    )


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            raise InstanceError(f'{what}[{i}].id: duplicate id "{x}"')
        seen.add(x)


def read_instance(obj: dict[str, Any]) -> Instance:
    """Parse a matchmaking-instance/1 object, raising InstanceError with the bad field's path."""
    obj = _obj(obj, "instance")
    fmt = obj.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        raise InstanceError(f'format: expected "{INSTANCE_FORMAT}", got "{fmt}"')
    event = _obj(obj.get("event", {}), "event")
    slots = []
    for i, s in enumerate(_list(obj.get("slots"), "slots")):
        s = _obj(s, f"slots[{i}]")
        slots.append(
            Slot(
                id=_str(s.get("id"), f"slots[{i}].id"),
                start=str(s.get("start", "")),
                end=str(s.get("end", "")),
                session=str(s.get("session", "")),
            )
        )
    _unique([s.id for s in slots], "slots")
    slot_ix = {s.id: i for i, s in enumerate(slots)}
    tables = [_str(t, f"tables[{i}]") for i, t in enumerate(_list(obj.get("tables", []), "tables"))]
    if len(set(tables)) != len(tables):
        raise InstanceError("tables: duplicate table id")
    tset = set(tables)
    parts = [
        _participant(p, f"participants[{i}]", slot_ix, tset)
        for i, p in enumerate(_list(obj.get("participants"), "participants"))
    ]
    _unique([p.id for p in parts], "participants")
    pset = {p.id for p in parts}
    reqs = [
        _request(r, f"requests[{i}]", slot_ix, pset)
        for i, r in enumerate(_list(obj.get("requests", []), "requests"))
    ]
    _unique([r.id for r in reqs], "requests")
    rset = {r.id for r in reqs}
    locks = []
    locked_ids: set[str] = set()
    for i, lk in enumerate(_list(obj.get("locked", []), "locked")):
        lk = _obj(lk, f"locked[{i}]")
        rid = _str(lk.get("request"), f"locked[{i}].request")
        if rid not in rset:
            raise InstanceError(f'locked[{i}].request: unknown request "{rid}"')
        if rid in locked_ids:
            raise InstanceError(f'locked[{i}].request: request "{rid}" is locked twice')
        locked_ids.add(rid)
        sid = _str(lk.get("slot"), f"locked[{i}].slot")
        if sid not in slot_ix:
            raise InstanceError(f'locked[{i}].slot: unknown slot "{sid}"')
        tab = lk.get("table")
        if tab is not None and _str(tab, f"locked[{i}].table") not in tset:
            raise InstanceError(f'locked[{i}].table: unknown table "{tab}"')
        locks.append(Lock(request=rid, slot=sid, table=tab))
    return Instance(
        slots=tuple(slots),
        tables=tuple(tables),
        participants=tuple(parts),
        requests=tuple(reqs),
        locked=tuple(locks),
        name=str(event.get("name", "")),
        timezone=str(event.get("timezone", "")),
    )


def write_schedule(schedule: Schedule) -> dict[str, Any]:
    """Return the matchmaking-schedule/1 object; reasons are rendered in English."""
    return {
        "format": SCHEDULE_FORMAT,
        "meetings": [
            {"request": m.request, "slot": m.slot, "table": m.table} for m in schedule.meetings
        ],
        "unscheduled": [
            {
                "request": u.request,
                "reason": render_reason(u, "en"),
                "code": u.code,
                "args": dict(u.args),
            }
            for u in schedule.unscheduled
        ],
    }


def read_schedule(obj: dict[str, Any], instance: Instance, strict: bool = False) -> Schedule:
    """Parse a matchmaking-schedule/1 object; unknown ids are errors if strict, else dropped."""
    obj = _obj(obj, "schedule")
    slots = {s.id for s in instance.slots}
    tables = set(instance.tables)
    reqs = {r.id for r in instance.requests}
    meetings = []
    for i, m in enumerate(_list(obj.get("meetings", []), "meetings")):
        m = _obj(m, f"meetings[{i}]")
        rid = _str(m.get("request"), f"meetings[{i}].request")
        sid = _str(m.get("slot"), f"meetings[{i}].slot")
        tab = _str(m.get("table"), f"meetings[{i}].table")
        bad = (
            ("request", rid)
            if rid not in reqs
            else ("slot", sid)
            if sid not in slots
            else (("table", tab) if tab not in tables else None)
        )
        if bad is not None:
            if strict:
                raise InstanceError(f'meetings[{i}].{bad[0]}: unknown {bad[0]} "{bad[1]}"')
            continue  # cancelled or changed since: an incremental run drops it
        meetings.append(Meeting(rid, sid, tab))
    unsched = []
    for i, u in enumerate(_list(obj.get("unscheduled", []), "unscheduled")):
        u = _obj(u, f"unscheduled[{i}]")
        rid = _str(u.get("request"), f"unscheduled[{i}].request")
        if rid not in reqs:
            if strict:
                raise InstanceError(f'unscheduled[{i}].request: unknown request "{rid}"')
            continue
        raw_args = u.get("args")
        args: dict[str, Any] = raw_args if isinstance(raw_args, dict) else {}
        code = str(u.get("code") or reason_for_code(str(u.get("reason", ""))))
        if not u.get("code"):
            args = {"text": str(u.get("reason", ""))}
        unsched.append(
            Unscheduled(
                rid,
                code,
                tuple(
                    sorted((str(k), v if isinstance(v, int) else str(v)) for k, v in args.items())
                ),
            )
        )
    return Schedule(tuple(meetings), tuple(unsched))
