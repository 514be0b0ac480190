"""Races on PostgreSQL: several threads try the same change at once; exactly one wins, the
others get a clear message, and nothing is half-written."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Meeting, MeetingSeat, RfqResponse
from matchmaker.services import ServiceError
from tests.web.test_events_schedule import _meeting, _slots, world  # noqa: F401


@pytest.fixture(autouse=True)
def _postgres_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has a single writer; the races are run on PostgreSQL")


def race(app, jobs: list[Callable[[], Any]]) -> list[str]:
    """Run the jobs in threads that start together; returns 'ok' or the error message."""
    barrier = threading.Barrier(len(jobs))
    results: list[str] = [""] * len(jobs)

    def run(i: int) -> None:
        with app.app_context():
            try:
                jobs[i](barrier)
                results[i] = "ok"
            except ServiceError as e:
                results[i] = e.message
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_bookings_for_the_last_free_place(app, ctx, world):  # noqa: F811
    from matchmaker.models import Event, EventTable, User
    from matchmaker.services.events.meetings import move

    event_id, organiser_id = world["event"].id, world["organiser"].id
    m1, m2 = _meeting(world, "b1", "s2").id, _meeting(world, "b2", "s3").id
    slot = _slots(world)[-1]
    # The last slot and a table that is free there: both organisers want that one place.
    taken = set(
        db.session.scalars(
            select(Meeting.table_id).where(
                Meeting.slot_id == slot.id, Meeting.status != "cancelled"
            )
        )
    )
    table = next(
        t
        for t in db.session.scalars(select(EventTable).where(EventTable.event_id == event_id))
        if t.id not in taken
    )
    slot_id, table_id = slot.id, table.id
    db.session.rollback()

    def booking(meeting_id: int) -> Callable[[Any], None]:
        def job(barrier: Any) -> None:
            actor = db.session.get(User, organiser_id)
            event, meeting = db.session.get(Event, event_id), db.session.get(Meeting, meeting_id)
            barrier.wait()
            move(actor, event, meeting, slot_id, table_id)

        return job

    results = race(app, [booking(m1), booking(m2)])
    assert sorted(r == "ok" for r in results) == [False, True], results
    loser = next(r for r in results if r != "ok")
    assert (
        "at the same moment" in loser
        or "taken" in loser
        or "ya tiene" in loser
        or "ocup" in loser
        or "mismo momento" in loser
    ), loser
    db.session.rollback()
    live = db.session.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(
            Meeting.slot_id == slot_id, Meeting.table_id == table_id, Meeting.status != "cancelled"
        )
    )
    assert live == 1
    # Seats follow their meetings: every live meeting has exactly its two seats in its slot.
    for m in db.session.scalars(select(Meeting).where(Meeting.status != "cancelled")):
        seats = db.session.scalars(select(MeetingSeat).where(MeetingSeat.meeting_id == m.id))
        assert sorted(s.slot_id for s in seats) == [m.slot_id, m.slot_id]


def test_two_answers_to_the_same_request(app, ctx, world, make):  # noqa: F811
    from matchmaker.models import Event, MeetingRequest, User
    from matchmaker.services.events import setup as event_setup
    from matchmaker.services.events.requests import answer

    event_setup.set_status(world["organiser"], world["event"], "requests_open")
    event_id = world["event"].id
    req = db.session.scalar(
        select(MeetingRequest).where(
            MeetingRequest.side_a_id == world["b1"].id, MeetingRequest.side_b_id == world["s1"].id
        )
    )
    request_id, version = req.id, req.version
    supplier_company = world["s1"].company
    users = [make.user("supplier", company=supplier_company).id for _ in range(2)]
    db.session.rollback()

    def answering(user_id: int, interest: str) -> Callable[[Any], None]:
        def job(barrier: Any) -> None:
            actor, event = db.session.get(User, user_id), db.session.get(Event, event_id)
            db.session.get(MeetingRequest, request_id).version  # noqa: B018 (read first)
            barrier.wait()
            answer(actor, event, request_id, interest)

        return job

    results = race(app, [answering(users[0], "like"), answering(users[1], "no")])
    assert sorted(r == "ok" for r in results) == [False, True], results
    db.session.rollback()
    after = db.session.get(MeetingRequest, request_id)
    assert after.version == version + 1  # one update, not two
    assert after.interest_b == ("like" if results[0] == "ok" else "no")


def test_rfq_transition_against_an_edit(app, ctx, make):
    from matchmaker.models import User
    from matchmaker.services.results import rfqs

    buyer_co, supplier_co = make.company("oem"), make.company("tier2")
    buyer, supplier = (
        make.user("buyer", company=buyer_co),
        make.user("supplier", company=supplier_co),
    )
    rfq = rfqs.create_rfq(
        buyer,
        {
            "reference": "R-1",
            "title": "Soportes",
            "supplier_ids": [supplier_co.id],
            "origin": "direct",
        },
    )
    response = rfq.responses[0]
    rfqs.move(supplier, response, "quoted", {"value": "1000", "currency": "MXN"})
    response_id, buyer_id, supplier_id = response.id, buyer.id, supplier.id
    db.session.rollback()

    def transition(user_id: int, to: str, data: dict[str, str]) -> Callable[[Any], None]:
        def job(barrier: Any) -> None:
            actor = db.session.get(User, user_id)
            resp = db.session.get(RfqResponse, response_id)
            barrier.wait()
            rfqs.move(actor, resp, to, data)

        return job

    results = race(
        app,
        [
            transition(buyer_id, "awarded", {"value": "900", "currency": "MXN", "months": "12"}),
            transition(supplier_id, "quoted", {"value": "1200", "currency": "MXN"}),
        ],
    )
    assert sorted(r == "ok" for r in results) == [False, True], results
    db.session.rollback()
    final = db.session.get(RfqResponse, response_id)
    history = [(c.from_status, c.to_status) for c in final.history]
    if results[0] == "ok":
        assert final.status == "awarded" and history[-1] == ("quoted", "awarded")
    else:
        assert final.status == "quoted" and final.quoted_value == 1200
    assert len(history) == 3  # invited, quoted, and exactly one of the two racing changes
