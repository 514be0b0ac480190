"""Events from draft to closed, for each role, with permission checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Participant,
    Slot,
)


@pytest.fixture()
def inline_jobs(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_INLINE", True)
    monkeypatch.setitem(app.config, "EVENTS_SCHEDULE_SECONDS", 0.3)


def _people(make):
    cluster = make.company("institution", legal_name="Clúster Automotriz")
    oem = make.company("oem", legal_name="OEM Norte", description="Ensambladora")
    oem2 = make.company("oem", legal_name="OEM Sur")
    stamp = make.company(
        "tier2",
        legal_name="Estampados del Norte",
        description="Estampado de acero, troqueles progresivos",
        processes_text="estampado, troquelado",
    )
    plastic = make.company(
        "tier2",
        legal_name="Plásticos Inyectados",
        description="Inyección de plástico",
        processes_text="inyección",
    )
    make.need(
        oem,
        title="Soportes estampados",
        description="Estampado de acero HSLA",
        processes_text="estampado",
    )
    return {
        "organiser": make.user("organiser", company=cluster, language="en"),
        "manager": make.user("manager", company=cluster, language="en"),
        "buyer": make.user("buyer", company=oem, language="en"),
        "buyer2": make.user("buyer", company=oem2, language="en"),
        "stamp": make.user("supplier", company=stamp, language="en"),
        "plastic": make.user("supplier", company=plastic, language="en"),
    }


def _create_event(client, auth, users, **extra):
    auth.login(users["organiser"])
    data = {
        "name": "Encuentro de Negocios CLAUT",
        "venue": "Cintermex",
        "kind": "event",
        "timezone": "America/Monterrey",
        "starts_on": "2027-03-10",
        "ends_on": "2027-03-11",
        "table_mode": "pool",
    }
    data.update(extra)
    r = client.post("/events/new", data=data)
    assert r.status_code == 302, r.text
    event = db.session.scalars(select(Event).order_by(Event.id.desc())).first()
    r = client.post(
        f"/events/{event.id}/sessions",
        data={
            "name": "Mañana",
            "day": data["starts_on"],
            "starts_at": "09:00",
            "ends_at": "11:00",
            "slot_minutes": "20",
            "breaks": "10:00-10:20",
        },
    )
    assert r.status_code == 302
    client.post(f"/events/{event.id}/tables", data={"tables": "3"})
    return event


def _register_self(client, auth, user, event, name="Ana Pérez", **extra):
    auth.login(user)
    data = {
        "delegate_name": [name],
        "delegate_email": ["ana@example.mx"],
        "delegate_phone": ["+52 81 1234 5678"],
        "capacity": "1",
    }
    data.update(extra)
    return client.post(f"/events/{event.id}/register", data=data)


def _after(client, r):
    """The page a redirect leads to (with its flashed message)."""
    assert r.status_code == 302
    return client.get(r.headers["Location"]).text


def _participant(event, company_id):
    return db.session.scalar(
        select(Participant).where(
            Participant.event_id == event.id, Participant.company_id == company_id
        )
    )


def test_event_walks_from_draft_to_closed_for_every_role(client, make, auth, inline_jobs, app):
    users = _people(make)
    event = _create_event(client, auth, users)
    slots = db.session.scalars(
        select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at)
    ).all()
    # 09:00-10:00 gives three slots, the break 10:00-10:20, then 10:20-10:40 and 10:40-11:00.
    assert [s.code for s in slots] == ["d1-am-01", "d1-am-02", "d1-am-03", "d1-am-04", "d1-am-05"]
    assert slots[3].starts_at.strftime("%H:%M") == "10:20"
    # A draft is hidden from members.
    auth.login(users["buyer"])
    assert client.get(f"/events/{event.id}").status_code == 404
    assert "Encuentro de Negocios" not in client.get("/events/").text
    auth.login(users["organiser"])
    r = client.post(f"/events/{event.id}/status", data={"status": "registration"})
    assert r.status_code == 302
    # Registration: each company registers itself; organisers approve.
    assert _register_self(client, auth, users["buyer"], event).status_code == 302
    assert _register_self(client, auth, users["buyer2"], event).status_code == 302
    assert (
        _register_self(client, auth, users["stamp"], event, name="Luis, Ramírez; Jr.").status_code
        == 302
    )
    assert _register_self(client, auth, users["plastic"], event).status_code == 302
    buyer = _participant(event, users["buyer"].company_id)
    buyer2 = _participant(event, users["buyer2"].company_id)
    stamp = _participant(event, users["stamp"].company_id)
    plastic = _participant(event, users["plastic"].company_id)
    assert buyer.role == "buyer" and stamp.role == "supplier" and buyer.status == "pending"
    # A supplier may not approve anyone.
    auth.login(users["stamp"])
    assert (
        client.post(
            f"/events/{event.id}/participants/{stamp.id}/decide", data={"status": "approved"}
        ).status_code
        == 403
    )
    auth.login(users["organiser"])
    for p in (buyer, buyer2, stamp, plastic):
        client.post(f"/events/{event.id}/participants/{p.id}/decide", data={"status": "approved"})
    r = client.post(f"/events/{event.id}/status", data={"status": "requests_open"})
    assert r.status_code == 302
    # The buyer sees the engine's proposals ranked with reasons, and marks them.
    auth.login(users["buyer"])
    page = client.get(f"/events/{event.id}/requests").text
    assert page.index("Estampados del Norte") < page.index("Plásticos Inyectados")
    assert "process" in page or "matches" in page
    r = client.post(
        f"/events/{event.id}/requests", data={"counterpart": stamp.id, "interest": "must"}
    )
    assert r.status_code == 302
    client.post(f"/events/{event.id}/requests", data={"counterpart": plastic.id, "interest": "no"})
    req = db.session.scalar(select(MeetingRequest).where(MeetingRequest.side_b_id == stamp.id))
    assert req.side_a_id == buyer.id and req.interest_a == "must"
    assert req.engine_score is not None and req.engine_score > 0
    # The supplier says yes too: mutual interest raises the weight.
    before = req.weight
    auth.login(users["stamp"])
    r = client.post(f"/events/{event.id}/requests/{req.id}/answer", data={"interest": "like"})
    assert r.status_code == 302
    assert db.session.get(MeetingRequest, req.id).weight > before
    # A supplier cannot request another supplier.
    client.post(
        f"/events/{event.id}/requests", data={"counterpart": plastic.id, "interest": "like"}
    )
    assert (
        db.session.scalar(select(MeetingRequest).where(MeetingRequest.side_a_id == stamp.id))
        is None
    )
    # Suppliers see the buyers ranked by how well their needs fit.
    page = client.get(f"/events/{event.id}/requests").text.split("Buyers you can ask to meet")[1]
    assert page.index("OEM Norte") < page.index("OEM Sur")
    assert 'OEM Norte</strong> <span class="score">' in page  # its need fits: scored
    assert 'OEM Sur</strong> <span class="score">' not in page  # no open need: no score
    # The plastics supplier asks the second buyer, who never answers.
    auth.login(users["plastic"])
    client.post(f"/events/{event.id}/requests", data={"counterpart": buyer2.id, "interest": "must"})
    assert "Waiting for an answer" in client.get(f"/events/{event.id}/requests").text
    # Another buyer cannot answer the first buyer's request.
    auth.login(users["buyer2"])
    r = client.post(f"/events/{event.id}/requests/{req.id}/answer", data={"interest": "no"})
    assert r.status_code == 404
    assert db.session.get(MeetingRequest, req.id).interest_a == "must"
    # Members cannot schedule or publish.
    assert client.post(f"/events/{event.id}/schedule").status_code == 403
    assert client.get(f"/events/{event.id}/schedule").status_code == 403
    # The organiser promises a meeting and schedules all.
    auth.login(users["organiser"])
    client.post(
        f"/events/{event.id}/requests/promise", data={"side_a": buyer2.id, "side_b": stamp.id}
    )
    r = client.post(f"/events/{event.id}/schedule")
    assert r.status_code == 302
    assert db.session.get(Event, event.id).status == "scheduled"
    meetings = db.session.scalars(select(Meeting).where(Meeting.event_id == event.id)).all()
    assert len(meetings) == 3  # must, promised, and the supplier's pending request
    seats = db.session.scalars(select(MeetingSeat)).all()
    assert len(seats) == 6 and {s.seat for s in seats} == {0}
    page = client.get(f"/events/{event.id}/schedule").text
    assert "Last run" in page and "Bound" in page
    # Agendas are not out yet for members.
    auth.login(users["stamp"])
    assert client.get(f"/events/{event.id}/agenda/{stamp.id}").status_code == 404
    # Publishing mails everyone their agenda.
    auth.login(users["organiser"])
    outbox = Path(app.config["MAIL_OUTBOX"])
    sent_before = len(list(outbox.glob("*.eml")))
    r = client.post(f"/events/{event.id}/publish")
    assert r.status_code == 302
    assert db.session.get(Event, event.id).status == "published"
    assert len(list(outbox.glob("*.eml"))) - sent_before == 4
    # Each participant sees its own agenda, never another's.
    auth.login(users["stamp"])
    page = client.get(f"/events/{event.id}/agenda/{stamp.id}").text
    assert "OEM Norte" in page and "OEM Sur" in page
    assert client.get(f"/events/{event.id}/agenda/{plastic.id}").status_code == 404
    assert client.get(f"/events/{event.id}/agenda/{plastic.id}.ics").status_code == 404
    assert client.get(f"/events/{event.id}/agenda/{plastic.id}/print").status_code == 404
    assert client.get(f"/events/{event.id}/print").status_code == 403
    assert client.get(f"/events/{event.id}/plan").status_code == 403
    r = client.get(f"/events/{event.id}/agenda")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/agenda/{stamp.id}")
    auth.login(users["buyer"])
    assert "Luis, Ramírez; Jr." in client.get(f"/events/{event.id}/agenda/{buyer.id}").text
    # The page's lean column query says what the calendar and API rows say.
    from matchmaker.services.events.agenda import agenda_lines, rows_for

    for part in (stamp, plastic, buyer, buyer2):
        ev, part = db.session.get(Event, event.id), db.session.get(Participant, part.id)
        lines = [
            (x.starts_at, x.table, x.other_id, x.other_name, x.status)
            for x in agenda_lines(ev, part)
        ]
        assert lines == [
            (r.slot.starts_at, r.table, r.other.id, r.other.company.display_name, r.status)
            for r in rows_for(ev, part)
        ]
        assert all(
            x.contacts == tuple((d.name, d.email, d.phone) for d in r.other.delegates)
            for x, r in zip(agenda_lines(ev, part), rows_for(ev, part), strict=True)
        )
    assert sum(len(agenda_lines(db.session.get(Event, event.id), x)) for x in (buyer, buyer2)) == 3
    assert client.get(f"/events/{event.id}/agenda/{stamp.id}").status_code == 404
    # Managers read everything but change nothing.
    auth.login(users["manager"])
    assert client.get(f"/events/{event.id}/agenda/{stamp.id}").status_code == 200
    assert client.get(f"/events/{event.id}/plan").status_code == 200
    assert client.get(f"/events/{event.id}/live").status_code == 200
    m = meetings[0]
    assert client.post(f"/events/{event.id}/meetings/{m.id}/lock").status_code == 403
    assert client.post(f"/events/{event.id}/participants/{buyer.id}/checkin").status_code == 403
    # The day: check-in, held, no-show; then close.
    auth.login(users["organiser"])
    r = client.post(f"/events/{event.id}/participants/{buyer.id}/checkin", data={"present": "1"})
    assert r.status_code == 302 and db.session.get(Participant, buyer.id).checked_in_at
    client.post(f"/events/{event.id}/meetings/{m.id}/outcome", data={"status": "held"})
    assert db.session.get(Meeting, m.id).status == "held"
    live = client.get(f"/events/{event.id}/live?slot={m.slot_id}").text
    assert "Held" in live and 'name="viewport"' in live
    printed = client.get(f"/events/{event.id}/print").text
    assert printed.count('class="sheet"') == 4
    r = client.post(f"/events/{event.id}/status", data={"status": "closed"})
    assert r.status_code == 302 and db.session.get(Event, event.id).status == "closed"


def test_invalid_transitions_are_refused_with_a_message(client, make, auth):
    users = _people(make)
    event = _create_event(client, auth, users)
    r = client.post(f"/events/{event.id}/status", data={"status": "published"})
    assert "cannot go from" in _after(client, r)
    assert db.session.get(Event, event.id).status == "draft"
    client.post(f"/events/{event.id}/status", data={"status": "registration"})
    r = client.post(f"/events/{event.id}/status", data={"status": "scheduled"})
    assert "cannot go from" in _after(client, r)
    assert db.session.get(Event, event.id).status == "registration"
    auth.login(users["buyer"])
    assert (
        client.post(f"/events/{event.id}/status", data={"status": "requests_open"}).status_code
        == 403
    )


def test_bad_event_and_session_forms_are_refused(client, make, auth):
    users = _people(make)
    auth.login(users["organiser"])
    r = client.post(
        "/events/new",
        data={
            "name": "",
            "timezone": "Mars/Olympus",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-01",
        },
    )
    assert r.status_code == 400 and "not a known time zone" in r.text
    assert db.session.query(Event).count() == 0
    event = _create_event(client, auth, users)
    r = client.post(
        f"/events/{event.id}/sessions",
        data={"day": "2027-03-10", "starts_at": "10:00", "ends_at": "12:00", "slot_minutes": "25"},
    )
    assert "15, 20 or 30" in _after(client, r)
    r = client.post(
        f"/events/{event.id}/sessions",
        data={"day": "2027-03-10", "starts_at": "10:00", "ends_at": "12:00", "slot_minutes": "30"},
    )
    assert "overlaps" in _after(client, r)
    assert db.session.query(Slot).count() == 5


def test_fixed_tables_give_each_buyer_its_own_table(client, make, auth):
    users = _people(make)
    event = _create_event(client, auth, users, table_mode="fixed")
    client.post(f"/events/{event.id}/status", data={"status": "registration"})
    _register_self(client, auth, users["buyer"], event)
    p = _participant(event, users["buyer"].company_id)
    auth.login(users["organiser"])
    client.post(f"/events/{event.id}/participants/{p.id}/decide", data={"status": "approved"})
    assert db.session.get(Participant, p.id).table.name == "M01"


def test_requests_expire_at_the_deadline_unless_the_buyer_asked(ctx):
    from datetime import UTC, datetime, timedelta

    from matchmaker.services.events.requests import request_state, schedulable

    event = Event(
        name="x",
        starts_on=datetime(2027, 1, 1).date(),
        ends_on=datetime(2027, 1, 1).date(),
        requests_deadline=datetime(2027, 1, 1, tzinfo=UTC),
    )
    before = datetime(2026, 12, 31, tzinfo=UTC)
    after = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(seconds=1)
    supplier_only = MeetingRequest(interest_a=None, interest_b="must", organiser_must=False)
    buyer_only = MeetingRequest(interest_a="like", interest_b=None, organiser_must=False)
    declined = MeetingRequest(interest_a="must", interest_b="no", organiser_must=False)
    promised = MeetingRequest(interest_a="no", interest_b=None, organiser_must=True)
    assert schedulable(event, supplier_only, before)
    assert not schedulable(event, supplier_only, after)
    assert request_state(event, supplier_only, after) == "expired"
    assert schedulable(event, buyer_only, after)
    assert not schedulable(event, declined, before)
    assert schedulable(event, promised, after)


def test_members_cannot_set_up_events(client, make, auth):
    users = _people(make)
    auth.login(users["buyer"])
    assert client.get("/events/new").status_code == 403
    assert client.post("/events/new", data={"name": "x"}).status_code == 403
    assert db.session.query(Event).count() == 0


def test_participants_edit_their_own_registration_only(client, make, auth):
    users = _people(make)
    event = _create_event(client, auth, users)
    client.post(f"/events/{event.id}/status", data={"status": "registration"})
    _register_self(client, auth, users["stamp"], event)
    _register_self(client, auth, users["plastic"], event)
    stamp = _participant(event, users["stamp"].company_id)
    session_id = event.sessions[0].id
    auth.login(users["stamp"])
    assert client.get(f"/events/{event.id}/participants/{stamp.id}/edit").status_code == 200
    r = client.post(
        f"/events/{event.id}/participants/{stamp.id}/edit",
        data={
            "delegate_name": ["Ana", "Beto"],
            "delegate_email": ["a@x.mx", "b@x.mx"],
            "capacity": "2",
            "max_meetings": "5",
            "sessions": [str(session_id)],
        },
    )
    assert r.status_code == 302
    p = db.session.get(Participant, stamp.id)
    assert p.capacity == 2 and p.max_meetings == 5 and len(p.delegates) == 2
    assert [a.session_id for a in p.availability] == [session_id]
    r = client.post(
        f"/events/{event.id}/participants/{stamp.id}/edit",
        data={"delegate_name": ["Ana"], "capacity": "3"},
    )
    assert r.status_code == 400 and db.session.get(Participant, stamp.id).capacity == 2
    plastic = _participant(event, users["plastic"].company_id)
    assert client.get(f"/events/{event.id}/participants/{plastic.id}/edit").status_code == 404
    r = client.post(
        f"/events/{event.id}/participants/{plastic.id}/edit", data={"delegate_name": ["Hack"]}
    )
    assert r.status_code == 404
