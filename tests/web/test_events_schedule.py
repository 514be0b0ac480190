"""Scheduling from the app: moves and clashes, locks, cancellations and fills, incremental
re-runs, the spec CLI round trip, exports, and the agenda page's query count."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Meeting, MeetingRequest, MeetingSeat, Participant, Slot
from matchmaker.services import ServiceError
from matchmaker.services.events import participants as event_participants
from matchmaker.services.events import requests as event_requests
from matchmaker.services.events import setup as event_setup
from matchmaker.services.events.exchange import export_instance, import_schedule
from matchmaker.services.events.meetings import move
from matchmaker.services.events.notify import publish
from matchmaker.services.events.schedule import run_schedule


@pytest.fixture()
def world(make, app, monkeypatch):
    monkeypatch.setitem(app.config, "EVENTS_SCHEDULE_SECONDS", 0.3)
    monkeypatch.setitem(app.config, "JOBS_INLINE", True)
    cluster = make.company("institution", legal_name="Clúster")
    organiser = make.user("organiser", company=cluster)
    event = event_setup.create_event(
        organiser,
        {
            "name": "Encuentro",
            "venue": "Cintermex",
            "timezone": "America/Monterrey",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-10",
        },
    )
    event_setup.add_session(
        organiser,
        event,
        {"day": "2027-03-10", "starts_at": "09:00", "ends_at": "10:00", "slot_minutes": "20"},
    )
    event_setup.set_tables(organiser, event, 2)
    event_setup.set_status(organiser, event, "registration")
    parts = {}
    for key, kind in (
        ("b1", "oem"),
        ("b2", "oem"),
        ("s1", "tier2"),
        ("s2", "tier2"),
        ("s3", "tier2"),
    ):
        co = make.company(kind, legal_name=f"Empresa {key.upper()}")
        parts[key] = event_participants.register(
            organiser,
            event,
            co.id,
            {"delegates": [{"name": f"Persona {key}", "email": f"{key}@example.mx"}]},
        )
    event_setup.set_status(organiser, event, "requests_open")
    for a, b in (("b1", "s1"), ("b1", "s2"), ("b2", "s1"), ("b2", "s3")):
        event_requests.promise(organiser, event, parts[a].id, parts[b].id)
    run_schedule(event, incremental=False)
    return {"event": event, "organiser": organiser, **parts}


def _meeting(world, a, b):
    return db.session.scalar(
        select(Meeting)
        .join(MeetingRequest)
        .where(MeetingRequest.side_a_id == world[a].id, MeetingRequest.side_b_id == world[b].id)
    )


def _slots(world):
    return db.session.scalars(
        select(Slot).where(Slot.event_id == world["event"].id).order_by(Slot.starts_at)
    ).all()


def test_schedule_all_places_every_request_with_seats(world):
    meetings = db.session.scalars(select(Meeting)).all()
    assert len(meetings) == 4 and all(m.status == "scheduled" for m in meetings)
    seats = db.session.scalars(select(MeetingSeat)).all()
    assert len(seats) == 8
    by_slot = {}
    for s in seats:
        by_slot.setdefault((s.slot_id, s.participant_id), []).append(s.seat)
    assert all(v == [0] for v in by_slot.values())  # capacity 1: nobody double booked


def test_moving_onto_a_clash_is_refused_with_a_clear_message(client, auth, world):
    ev = world["event"]
    m1, m2 = _meeting(world, "b1", "s1"), _meeting(world, "b2", "s1")  # both with S1
    auth.login(world["organiser"])
    r = client.post(
        f"/events/{ev.id}/meetings/{m2.id}/move",
        data={
            "slot_id": m1.slot_id,
            "table_id": next(t.id for t in ev.tables if t.id != m1.table_id),
            "next": f"/events/{ev.id}/plan",
        },
    )
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).text
    assert re.search(r"Empresa (B2|S1) ya tiene una reunión a las \d\d:\d\d", page)
    assert db.session.get(Meeting, m2.id).slot_id == m2.slot_id


def test_the_database_refuses_a_double_booking_the_checks_missed(world, monkeypatch):
    from matchmaker.services.events import meetings as event_meetings

    monkeypatch.setattr(event_meetings, "clash", lambda *a, **k: None)  # checks bypassed
    m1, m2 = _meeting(world, "b1", "s1"), _meeting(world, "b2", "s1")
    with pytest.raises(ServiceError, match="se ocupó mientras tanto"):
        move(world["organiser"], world["event"], m2, m1.slot_id, m1.table_id)
    assert db.session.get(Meeting, m2.id).table_id == m2.table_id


def test_a_free_move_raises_the_sequence_and_reseats(world):
    m = _meeting(world, "b2", "s3")
    busy = {
        x.slot_id
        for x in db.session.scalars(select(Meeting))
        if x.id != m.id
        and (
            x.request.side_a_id in (world["b2"].id, world["s3"].id)
            or x.request.side_b_id in (world["b2"].id, world["s3"].id)
        )
    }
    target = next(s for s in _slots(world) if s.id not in busy and s.id != m.slot_id)
    table = next(
        t
        for t in world["event"].tables
        if not db.session.scalar(
            select(Meeting).where(Meeting.slot_id == target.id, Meeting.table_id == t.id)
        )
    )
    move(world["organiser"], world["event"], m, target.id, table.id)
    m = db.session.get(Meeting, m.id)
    assert m.slot_id == target.id and m.sequence == 1
    assert {
        s.slot_id
        for s in db.session.scalars(select(MeetingSeat).where(MeetingSeat.meeting_id == m.id))
    } == {target.id}


def test_locked_meetings_stay_put_when_rescheduling(client, auth, world):
    ev = world["event"]
    m = _meeting(world, "b1", "s2")
    auth.login(world["organiser"])
    client.post(f"/events/{ev.id}/meetings/{m.id}/lock")
    assert db.session.get(Meeting, m.id).locked
    where = (m.slot_id, m.table_id)
    assert client.post(f"/events/{ev.id}/schedule").status_code == 302
    m = db.session.get(Meeting, m.id)
    assert (m.slot_id, m.table_id) == where and m.locked


def test_cancel_frees_the_slot_and_fill_uses_an_unscheduled_request(client, auth, world, make):
    ev = world["event"]
    organiser = world["organiser"]
    # A late request that has no room: all of S2's... make one with a free pair.
    co = make.company("tier2", legal_name="Empresa Tardía")
    late = event_participants.register(organiser, ev, co.id, {"delegates": [{"name": "Tarde"}]})
    m = _meeting(world, "b1", "s2")
    # Keep B1 busy everywhere but m's slot so only m's place can take the late request.
    req = event_requests.promise(organiser, ev, world["b1"].id, late.id)
    req.allowed_slots = [m.slot.code]
    db.session.commit()
    auth.login(organiser)
    assert client.post(f"/events/{ev.id}/meetings/{m.id}/cancel").status_code == 302
    cancelled = db.session.get(Meeting, m.id)
    assert cancelled.status == "cancelled" and cancelled.sequence == 1
    assert not db.session.scalars(select(MeetingSeat).where(MeetingSeat.meeting_id == m.id)).all()
    r = client.post(f"/events/{ev.id}/meetings/{m.id}/fill")
    assert r.status_code == 302
    filled = db.session.scalar(select(Meeting).where(Meeting.request_id == req.id))
    assert filled is not None and filled.slot_id == cancelled.slot_id
    assert filled.table_id == cancelled.table_id and filled.status == "scheduled"


def test_late_registration_reschedules_incrementally_without_moving_others(
    client, auth, world, make
):
    ev = world["event"]
    organiser = world["organiser"]
    before = {m.id: (m.slot_id, m.table_id) for m in db.session.scalars(select(Meeting))}
    co = make.company("tier2", legal_name="Empresa Nueva")
    late = event_participants.register(organiser, ev, co.id, {"delegates": [{"name": "N"}]})
    event_requests.promise(organiser, ev, world["b2"].id, late.id)
    auth.login(organiser)
    assert client.post(f"/events/{ev.id}/schedule", data={"incremental": "1"}).status_code == 302
    after = {m.id: (m.slot_id, m.table_id) for m in db.session.scalars(select(Meeting))}
    assert all(after[k] == v for k, v in before.items())
    assert len(after) == 5


def test_cancelled_participant_frees_its_meetings(world):
    organiser, ev = world["organiser"], world["event"]
    freed = event_participants.decide(organiser, ev, world["s1"], "cancelled")
    assert len(freed) == 2
    assert {db.session.get(Meeting, i).status for i in freed} == {"cancelled"}


def test_cli_round_trips_an_instance_and_refuses_bad_schedules(app, world, tmp_path):
    ev = world["event"]
    runner = app.test_cli_runner()
    inst = tmp_path / "inst.json"
    out = tmp_path / "sched.json"
    r = runner.invoke(args=["export-instance", str(ev.id), "-o", str(inst)])
    assert r.exit_code == 0, r.output
    data = json.loads(inst.read_text())
    assert data["format"] == "matchmaking-instance/1" and len(data["requests"]) == 4
    r = runner.invoke(args=["schedule", str(inst), "-o", str(out), "--time-limit", "0.3"])
    assert r.exit_code == 0 and "meetings:" in r.output, r.output
    sched = json.loads(out.read_text())
    r = runner.invoke(args=["import-schedule", str(ev.id), str(out)])
    assert r.exit_code == 0, r.output
    assert db.session.query(Meeting).filter(Meeting.status == "scheduled").count() == len(
        sched["meetings"]
    )
    # Two meetings at one table in one slot: refused, nothing saved.
    before = {m.id: (m.slot_id, m.table_id) for m in db.session.scalars(select(Meeting))}
    bad = dict(sched)
    bad["meetings"] = [
        dict(m, slot=sched["meetings"][0]["slot"], table=sched["meetings"][0]["table"])
        for m in sched["meetings"]
    ]
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    r = runner.invoke(args=["import-schedule", str(ev.id), str(tmp_path / "bad.json")])
    assert r.exit_code != 0 and "Nothing was saved" in r.output
    db.session.rollback()
    assert {m.id: (m.slot_id, m.table_id) for m in db.session.scalars(select(Meeting))} == before
    bad["meetings"] = [dict(sched["meetings"][0], slot="d9-zz-99")]
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    r = runner.invoke(args=["import-schedule", str(ev.id), str(tmp_path / "bad.json")])
    assert r.exit_code != 0 and 'unknown slot "d9-zz-99"' in r.output
    with pytest.raises(ServiceError):
        import_schedule(ev, "{not json")
    assert "R" in export_instance(ev)


def test_exports_and_table_plan(client, auth, world):
    ev = world["event"]
    auth.login(world["organiser"])
    r = client.get(f"/events/{ev.id}/export.csv")
    text = r.data.decode("utf-8-sig")
    assert r.status_code == 200 and text.splitlines()[0].startswith("day,start,end,slot,table")
    assert len(text.strip().splitlines()) == 5
    r = client.get(f"/events/{ev.id}/export.xlsx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    plan = client.get(f"/events/{ev.id}/plan").text
    assert plan.count("Empresa B1 / ") == 2


def test_agenda_page_queries_do_not_grow_with_meetings(client, auth, world, app):
    ev, organiser = world["event"], world["organiser"]
    publish(organiser, ev)
    auth.login(organiser)
    counts = []

    def count(*_a, **_k):
        counts[-1] += 1

    engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        for key in ("s3", "b1"):  # one meeting, then two
            counts.append(0)
            r = client.get(f"/events/{ev.id}/agenda/{world[key].id}")
            assert r.status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert counts[0] == counts[1] and counts[1] <= 12


def test_participants_see_their_own_requests_status(client, auth, make, world):
    ev = world["event"]
    user = make.user("supplier", company=db.session.get(Participant, world["s3"].id).company)
    auth.login(user)
    page = client.get(f"/events/{ev.id}/requests").text
    assert "Empresa B2" in page and "Garantizada por el organizador" in page


def test_a_change_after_publishing_mails_both_sides(world, app):
    from pathlib import Path

    ev, organiser = world["event"], world["organiser"]
    publish(organiser, ev)
    outbox = Path(app.config["MAIL_OUTBOX"])
    before = set(outbox.glob("*.eml"))
    m = _meeting(world, "b2", "s3")
    from matchmaker.services.events.meetings import cancel

    cancel(organiser, ev, m)
    new = set(outbox.glob("*.eml")) - before
    recipients = sorted(p.read_text(encoding="utf-8").split("To: ")[1].split("\n")[0] for p in new)
    assert recipients == ["b2@example.mx", "s3@example.mx"]


def _new_mail(app, before):
    from email import message_from_bytes
    from email.policy import default
    from pathlib import Path

    new = set(Path(app.config["MAIL_OUTBOX"]).glob("*.eml")) - before
    return [message_from_bytes(p.read_bytes(), policy=default) for p in new]


def test_publishing_mails_everyone_else_when_one_address_is_broken(world, app):
    """Issue 15: a line break in an address or a name used to stop every agenda e-mail."""
    from pathlib import Path

    from matchmaker.models import Delegate, Job

    ev, organiser = world["event"], world["organiser"]
    ev.name = "Encuentro\nde proveedores"
    delegate = db.session.scalar(select(Delegate).where(Delegate.email == "s1@example.mx"))
    delegate.email = "s1@example.mx\r\nBcc: intruso@example.com"
    db.session.commit()
    before = set(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    assert publish(organiser, ev) == 5
    sent = _new_mail(app, before)
    assert sorted(m["To"] for m in sent) == [f"{k}@example.mx" for k in ("b1", "b2", "s2", "s3")]
    assert {m["Subject"] for m in sent} == {"Su agenda: Encuentro de proveedores"}
    db.session.rollback()
    job = db.session.scalar(select(Job).where(Job.kind == "send_mail"))
    assert job.result["sent"] == 4 and len(job.result["failed"]) == 1


def test_no_agenda_mail_when_publishing_rolls_back(world, app):
    from pathlib import Path

    from matchmaker.services import transaction

    ev, organiser = world["event"], world["organiser"]
    before = set(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    with pytest.raises(ServiceError):
        with transaction():
            assert publish(organiser, ev) == 5  # joins this transaction: queued, not sent
            raise ServiceError("a later step of the same operation fails")
    assert _new_mail(app, before) == []
    db.session.refresh(ev)
    assert ev.status == "scheduled" and ev.published_at is None
