"""The API's events: who sees which events, participants, meeting requests and agendas."""

from __future__ import annotations

from typing import Any

import pytest

from matchmaker.services.events import participants as event_participants
from matchmaker.services.events import requests as event_requests
from matchmaker.services.events import setup as event_setup
from matchmaker.services.events.notify import publish
from matchmaker.services.events.schedule import run_schedule
from tests.web.test_api import assert_error, bearer


@pytest.fixture()
def fair(make: Any, app: Any, monkeypatch: Any) -> dict[str, Any]:
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
    draft = event_setup.create_event(
        organiser, {"name": "Borrador", "starts_on": "2027-05-10", "ends_on": "2027-05-10"}
    )
    event_setup.add_session(
        organiser,
        event,
        {"day": "2027-03-10", "starts_at": "09:00", "ends_at": "10:00", "slot_minutes": "20"},
    )
    event_setup.set_tables(organiser, event, 2)
    event_setup.set_status(organiser, event, "registration")
    w: dict[str, Any] = {
        "event": event,
        "draft": draft,
        "organiser": bearer(organiser),
        "manager": bearer(make.user("manager")),
    }
    for key, kind, role in (
        ("b1", "oem", "buyer"),
        ("s1", "tier2", "supplier"),
        ("s2", "tier2", "supplier"),
    ):
        co = make.company(kind, legal_name=f"Empresa {key.upper()}")
        w[key] = event_participants.register(
            organiser,
            event,
            co.id,
            {"delegates": [{"name": f"Persona {key}", "email": f"{key}@example.mx"}]},
        )
        w[key + "_user"] = bearer(make.user(role, company=co))
    w["outsider"] = bearer(make.user("supplier", company=make.company("tier3")))
    event_setup.set_status(organiser, event, "requests_open")
    w["organiser_user"] = organiser
    return w


def test_events_list_and_drafts(client, fair):
    w = fair
    ids = {e["id"] for e in client.get("/api/v1/events", headers=w["s1_user"]).get_json()["items"]}
    assert ids == {w["event"].id}
    ids = {e["id"] for e in client.get("/api/v1/events", headers=w["manager"]).get_json()["items"]}
    assert ids == {w["event"].id, w["draft"].id}
    assert_error(client.get(f"/api/v1/events/{w['draft'].id}", headers=w["s1_user"]), 404)
    r = client.get(f"/api/v1/events/{w['event'].id}", headers=w["s1_user"])
    assert r.status_code == 200 and r.get_json()["status"] == "requests_open"


def test_participants_show_contacts_to_their_own_company_only(client, fair):
    w = fair
    url = f"/api/v1/events/{w['event'].id}/participants"
    items = client.get(url, headers=w["s1_user"]).get_json()["items"]
    assert len(items) == 3
    mine = [p for p in items if p["mine"]]
    assert [p["id"] for p in mine] == [w["s1"].id] and mine[0]["delegates"][0]["name"]
    assert all(p["delegates"] is None for p in items if not p["mine"])
    assert client.get(f"{url}/{w['s1'].id}", headers=w["s1_user"]).status_code == 200
    assert_error(client.get(f"{url}/{w['s2'].id}", headers=w["s1_user"]), 404)
    org = client.get(f"{url}/{w['s2'].id}", headers=w["organiser"]).get_json()
    assert org["delegates"][0]["email"] == "s2@example.mx"


def test_meeting_requests_marked_answered_and_private(client, fair):
    w = fair
    url = f"/api/v1/events/{w['event'].id}/meeting-requests"
    r = client.post(
        url, headers=w["s1_user"], json={"counterpart_id": w["b1"].id, "interest": "like"}
    )
    assert r.status_code == 200, r.text
    req = r.get_json()
    assert req["side_a_id"] == w["b1"].id and req["interest_b"] == "like"
    r = client.post(f"{url}/{req['id']}", headers=w["b1_user"], json={"interest": "must"})
    assert r.status_code == 200 and r.get_json()["interest_a"] == "must"
    assert r.get_json()["state"] == "mutual"
    assert_error(
        client.post(f"{url}/{req['id']}", headers=w["s2_user"], json={"interest": "no"}), 404
    )
    assert [x["id"] for x in client.get(url, headers=w["s1_user"]).get_json()["items"]] == [
        req["id"]
    ]
    assert client.get(url, headers=w["s2_user"]).get_json()["items"] == []
    assert client.get(url, headers=w["outsider"]).get_json()["items"] == []
    assert len(client.get(url, headers=w["manager"]).get_json()["items"]) == 1
    err = assert_error(
        client.post(
            url, headers=w["s1_user"], json={"counterpart_id": w["s2"].id, "interest": "like"}
        ),
        400,
    )
    assert "Buyers meet suppliers" in err["message"] or err["message"]
    assert_error(
        client.post(
            url, headers=w["outsider"], json={"counterpart_id": w["b1"].id, "interest": "like"}
        ),
        400,
    )
    assert_error(
        client.post(
            url, headers=w["s1_user"], json={"counterpart_id": w["b1"].id, "interest": "maybe"}
        ),
        422,
    )


def test_agenda_for_own_participant_once_published(client, fair):
    w = fair
    organiser, event = w["organiser_user"], w["event"]
    event_requests.promise(organiser, event, w["b1"].id, w["s1"].id)
    run_schedule(event, incremental=False)
    url = f"/api/v1/events/{event.id}/participants/{w['s1'].id}/agenda"
    body = client.get(url, headers=w["organiser"]).get_json()
    assert len(body["items"]) == 1 and body["items"][0]["counterpart"]["id"] == w["b1"].company_id
    assert body["items"][0]["starts_at"].startswith("2027-03-10T09:")
    assert body["items"][0]["starts_at"].endswith("-06:00")
    assert_error(client.get(url, headers=w["s2_user"]), 404)
    publish(organiser, event)
    body = client.get(url, headers=w["s1_user"]).get_json()
    assert body["published"] is True and len(body["items"]) == 1


def test_registration_through_the_api(client, fair, make):
    w = fair
    organiser = w["organiser_user"]
    event = event_setup.create_event(
        organiser, {"name": "Otro", "starts_on": "2027-06-10", "ends_on": "2027-06-10"}
    )
    event_setup.add_session(
        organiser,
        event,
        {"day": "2027-06-10", "starts_at": "09:00", "ends_at": "10:00", "slot_minutes": "20"},
    )
    event_setup.set_status(organiser, event, "registration")
    url = f"/api/v1/events/{event.id}/participants"
    other = make.company("tier2")
    body = {
        "delegates": [{"name": "Ana", "email": "ana@example.mx"}],
        "capacity": 1,
        "company_id": other.id,
    }
    r = client.post(url, headers=w["s1_user"], json=body)
    assert r.status_code == 201, r.text
    p = r.get_json()
    assert p["mine"] and p["status"] == "pending" and p["company"]["id"] == w["s1"].company_id
    assert_error(client.post(url, headers=w["s1_user"], json=body), 400)  # already registered
    err = assert_error(client.post(url, headers=w["s2_user"], json={**body, "capacity": 3}), 422)
    assert err["field"] == "capacity"
    r = client.post(url, headers=w["organiser"], json=body)
    assert r.status_code == 201 and r.get_json()["company"]["id"] == other.id
    assert r.get_json()["status"] == "approved"
    assert_error(client.post(url, headers=w["manager"], json=body), 403)
