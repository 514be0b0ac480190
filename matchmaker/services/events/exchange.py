"""The scheduling spec's files: export an event's instance, import a schedule (checked
against the event, all or nothing)."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from events.spec import INSTANCE_FORMAT, InstanceError, read_schedule
from events.types import Instance, Schedule
from events.types import Participant as PlannedParticipant
from events.types import Request as PlannedRequest
from matchmaker.models import Event, EventStatus
from matchmaker.services import ServiceError, atomic
from matchmaker.services.events.schedule import apply_schedule, to_instance


def instance_json(inst: Instance) -> dict[str, Any]:
    """The instance in the scheduling spec's JSON shape (events.spec reads but does not write
    instances, so the app writes them)."""

    def part(p: PlannedParticipant) -> dict[str, Any]:
        out: dict[str, Any] = {"id": p.id, "role": p.role, "name": p.name, "capacity": p.capacity}
        if p.available is not None:
            out["available"] = list(p.available)
        if p.max_meetings is not None:
            out["max_meetings"] = p.max_meetings
        if p.table is not None:
            out["table"] = p.table
        return out

    def req(r: PlannedRequest) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": r.id,
            "between": list(r.between),
            "weight": r.weight,
            "must": r.must,
        }
        if r.slots is not None:
            out["slots"] = list(r.slots)
        return out

    return {
        "format": INSTANCE_FORMAT,
        "event": {"name": inst.name, "timezone": inst.timezone},
        "slots": [
            {"id": s.id, "start": s.start, "end": s.end, "session": s.session} for s in inst.slots
        ],
        "tables": list(inst.tables),
        "participants": [part(p) for p in inst.participants],
        "requests": [req(r) for r in inst.requests],
        "locked": [
            {"request": lk.request, "slot": lk.slot, "table": lk.table} for lk in inst.locked
        ],
    }


def check_schedule(inst: Instance, schedule: Schedule) -> list[str]:
    """Every way the schedule breaks the instance's rules (empty: it is sound)."""
    errors: list[str] = []
    parts = {p.id: p for p in inst.participants}
    reqs = {r.id: r for r in inst.requests}
    tables_used: set[tuple[str, str]] = set()
    load: dict[tuple[str, str], int] = {}
    total: dict[str, int] = {}
    seen: set[str] = set()
    for m in schedule.meetings:
        r = reqs[m.request]
        if m.request in seen:
            errors.append(_("Request %(r)s is placed twice.", r=m.request))
        seen.add(m.request)
        if (m.slot, m.table) in tables_used:
            errors.append(_("Table %(t)s holds two meetings in slot %(s)s.", t=m.table, s=m.slot))
        tables_used.add((m.slot, m.table))
        if r.slots is not None and m.slot not in r.slots:
            errors.append(_("Request %(r)s is not allowed in slot %(s)s.", r=m.request, s=m.slot))
        for side in r.between:
            p = parts[side]
            load[(side, m.slot)] = load.get((side, m.slot), 0) + 1
            total[side] = total.get(side, 0) + 1
            if load[(side, m.slot)] > (1 if p.table else p.capacity):
                errors.append(
                    _("%(p)s has too many meetings in slot %(s)s.", p=p.name or side, s=m.slot)
                )
            if p.table and p.table != m.table:
                errors.append(_("%(p)s meets only at table %(t)s.", p=p.name or side, t=p.table))
            if p.available is not None and m.slot not in p.available:
                errors.append(
                    _("%(p)s is not available in slot %(s)s.", p=p.name or side, s=m.slot)
                )
            if p.max_meetings is not None and total[side] == p.max_meetings + 1:
                errors.append(_("%(p)s has more meetings than its limit.", p=p.name or side))
    placed = {m.request: m for m in schedule.meetings}
    for lk in inst.locked:
        m = placed.get(lk.request)
        if m is None or m.slot != lk.slot or (lk.table and m.table != lk.table):
            errors.append(_("Locked meeting %(r)s is not where it was locked.", r=lk.request))
    return errors


def export_instance(event: Event) -> str:
    """The event's instance as spec JSON text."""
    return json.dumps(instance_json(to_instance(event)), ensure_ascii=False, indent=1)


@atomic
def import_schedule(event: Event, text: str) -> int:
    """Save a schedule file after checking it against the event; all or nothing."""
    inst = to_instance(event)
    try:
        schedule = read_schedule(json.loads(text), inst, strict=True)
    except json.JSONDecodeError as e:
        raise ServiceError(_("The file is not JSON (%(error)s).", error=str(e))) from e
    except InstanceError as e:
        raise ServiceError(str(e)) from e
    errors = check_schedule(inst, schedule)
    if errors:
        raise ServiceError(errors[0], errors=[(None, e) for e in errors])
    apply_schedule(event, schedule)
    if event.status == EventStatus.REQUESTS_OPEN:
        event.status = EventStatus.SCHEDULED
    return len(schedule.meetings)
