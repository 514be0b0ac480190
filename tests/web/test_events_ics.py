"""Calendars parsed with vobject (independent of icalendar): zones across a DST change, stable
UIDs with rising SEQUENCE, awkward names, and token-only feeds."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import vobject
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Meeting, Slot
from matchmaker.services.events import participants as event_participants
from matchmaker.services.events import requests as event_requests
from matchmaker.services.events import setup as event_setup
from matchmaker.services.events.notify import publish
from matchmaker.services.events.schedule import run_schedule

ODD_NAME = 'Acme, Inc.; División Ñandú 🚗 "Norte"'


@pytest.fixture()
def dst_event(make, app, monkeypatch):
    """A published event in Chicago: Saturday 31 Oct 2026 (CDT) and Monday 2 Nov (CST)."""
    monkeypatch.setitem(app.config, "EVENTS_SCHEDULE_SECONDS", 0.3)
    cluster = make.company("institution", legal_name="Clúster")
    organiser = make.user("organiser", company=cluster)
    buyer_co = make.company("oem", legal_name="OEM Chicago")
    sup_co = make.company("tier1", legal_name=ODD_NAME)
    buyer_user = make.user("buyer", company=buyer_co)
    sup_user = make.user("supplier", company=sup_co)
    event = event_setup.create_event(
        organiser,
        {
            "name": "Misión Chicago, 2026; ñ 🚗",
            "venue": "McCormick Place",
            "kind": "mission",
            "timezone": "America/Chicago",
            "starts_on": "2026-10-31",
            "ends_on": "2026-11-02",
        },
    )
    event_setup.add_session(
        organiser,
        event,
        {"day": "2026-10-31", "starts_at": "09:00", "ends_at": "10:00", "slot_minutes": "30"},
    )
    event_setup.add_session(
        organiser,
        event,
        {"day": "2026-11-02", "starts_at": "09:00", "ends_at": "10:00", "slot_minutes": "30"},
    )
    event_setup.set_tables(organiser, event, 2)
    event_setup.set_status(organiser, event, "registration")
    people = {"delegates": [{"name": "Zoë O'Brien, Jr.", "email": "zoe@example.com"}]}
    buyer = event_participants.register(organiser, event, buyer_co.id, people)
    sup = event_participants.register(organiser, event, sup_co.id, people)
    event_setup.set_status(organiser, event, "requests_open")
    sat = db.session.scalars(
        select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at)
    ).first()
    req = event_requests.promise(organiser, event, buyer.id, sup.id)
    req.allowed_slots = [sat.code]  # the first meeting is on the Saturday
    db.session.commit()
    run_schedule(event, incremental=False)
    publish(organiser, event)
    return {
        "event": event,
        "buyer": buyer,
        "sup": sup,
        "organiser": organiser,
        "buyer_user": buyer_user,
        "sup_user": sup_user,
    }


def _parse(data: bytes):
    return vobject.readOne(data.decode("utf-8"))


def test_ics_times_are_in_the_event_zone_across_dst(client, auth, dst_event):
    ev, sup = dst_event["event"], dst_event["sup"]
    auth.login(dst_event["sup_user"])
    r = client.get(f"/events/{ev.id}/agenda/{sup.id}.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    cal = _parse(r.data)
    assert cal.vtimezone.tzid.value == "America/Chicago"
    (vev,) = cal.vevent_list
    start = vev.dtstart.value
    assert start.replace(tzinfo=None) == datetime(2026, 10, 31, 9, 0)
    assert start.utcoffset() == timedelta(hours=-5)  # CDT
    # Move it to Monday, after the change back to standard time.
    auth.login(dst_event["organiser"])
    monday = db.session.scalars(
        select(Slot).where(Slot.event_id == ev.id).order_by(Slot.starts_at.desc())
    ).first()
    m = db.session.scalar(select(Meeting).where(Meeting.event_id == ev.id))
    m.request.allowed_slots = None
    db.session.commit()
    r = client.post(
        f"/events/{ev.id}/meetings/{m.id}/move", data={"slot_id": monday.id, "table_id": m.table_id}
    )
    assert r.status_code == 302
    auth.login(dst_event["sup_user"])
    moved = _parse(client.get(f"/events/{ev.id}/agenda/{sup.id}.ics").data).vevent
    assert moved.dtstart.value.replace(tzinfo=None) == datetime(2026, 11, 2, 9, 30)
    assert moved.dtstart.value.utcoffset() == timedelta(hours=-6)  # CST
    assert moved.dtend.value - moved.dtstart.value == timedelta(minutes=30)
    # Same UID, higher SEQUENCE.
    assert moved.uid.value == vev.uid.value
    assert int(moved.sequence.value) > int(vev.sequence.value)


def test_cancelled_meeting_stays_in_the_calendar_as_cancelled(client, auth, dst_event):
    ev, buyer = dst_event["event"], dst_event["buyer"]
    auth.login(dst_event["organiser"])
    m = db.session.scalar(select(Meeting).where(Meeting.event_id == ev.id))
    before = _parse(client.get(f"/events/{ev.id}/agenda/{buyer.id}.ics").data).vevent
    assert client.post(f"/events/{ev.id}/meetings/{m.id}/cancel").status_code == 302
    after = _parse(client.get(f"/events/{ev.id}/agenda/{buyer.id}.ics").data).vevent
    assert after.status.value == "CANCELLED" and after.uid.value == before.uid.value
    assert int(after.sequence.value) > int(before.sequence.value)


def test_names_with_commas_semicolons_accents_and_emoji_come_out_valid(client, auth, dst_event):
    ev, buyer = dst_event["event"], dst_event["buyer"]
    auth.login(dst_event["buyer_user"])
    r = client.get(f"/events/{ev.id}/agenda/{buyer.id}.ics")
    cal = _parse(r.data)
    assert cal.x_wr_calname.value == "Misión Chicago, 2026; ñ 🚗"
    vev = cal.vevent
    assert ODD_NAME in vev.summary.value
    assert "Zoë O'Brien, Jr." in vev.description.value
    table = db.session.scalar(select(Meeting).where(Meeting.event_id == ev.id)).table.name
    assert vev.location.value.startswith("McCormick Place, ")
    assert vev.location.value.endswith(table)
    for line in r.data.split(b"\r\n"):
        assert len(line) <= 75  # folded, in octets


def test_feed_needs_the_right_token_and_no_login(client, dst_event):
    ev, sup, buyer = dst_event["event"], dst_event["sup"], dst_event["buyer"]
    r = client.get(f"/events/{ev.id}/feed/{sup.feed_token}.ics")
    assert r.status_code == 200 and _parse(r.data).vevent.summary.value.endswith("OEM Chicago")
    assert client.get(f"/events/{ev.id}/feed/{'x' * 43}.ics").status_code == 404
    assert client.get(f"/events/{ev.id + 1}/feed/{sup.feed_token}.ics").status_code == 404
    assert buyer.feed_token != sup.feed_token
