"""Helpers for the RFQ, follow-up and dashboard tests: events, meetings and a known scenario
built straight with the ORM (the events UI is another area's work)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventSession,
    EventTable,
    ExchangeRate,
    Meeting,
    MeetingRequest,
    Participant,
    Rfq,
)


class Events:
    """Makes events, participants and meetings."""

    def __init__(self) -> None:
        self.n = 0

    def event(self, name: str, starts_on: date, kind: str = "event") -> Event:
        event = Event(
            name=name, kind=kind, starts_on=starts_on, ends_on=starts_on, status="published"
        )
        db.session.add(event)
        db.session.flush()
        session = EventSession(
            event_id=event.id, day=starts_on, starts_at=time(9), ends_at=time(13), slot_minutes=20
        )
        db.session.add(session)
        db.session.flush()
        event._session_id = session.id  # type: ignore[attr-defined]
        db.session.commit()
        return event

    def participant(self, event: Event, company: Any, role: str) -> Participant:
        found = (
            db.session.query(Participant)
            .filter_by(event_id=event.id, company_id=company.id)
            .first()
        )
        if found:
            return found
        p = Participant(
            event_id=event.id,
            company_id=company.id,
            role=role,
            status="approved",
            feed_token=secrets.token_urlsafe(24),
        )
        db.session.add(p)
        db.session.flush()
        return p

    def request(self, event: Event, buyer: Any, supplier: Any) -> MeetingRequest:
        a = self.participant(event, buyer, "buyer")
        b = self.participant(event, supplier, "supplier")
        req = MeetingRequest(event_id=event.id, side_a_id=a.id, side_b_id=b.id, interest_a="must")
        db.session.add(req)
        db.session.commit()
        return req

    def meeting(
        self,
        event: Event,
        buyer: Any,
        supplier: Any,
        status: str = "held",
        at: datetime | None = None,
    ) -> Meeting:
        from matchmaker.models import Slot

        self.n += 1
        req = self.request(event, buyer, supplier)
        at = at or datetime.combine(event.starts_on, time(9))
        session_id = db.session.query(EventSession.id).filter_by(event_id=event.id).scalar()
        slot = Slot(
            event_id=event.id,
            session_id=session_id,
            code=f"s{self.n}",
            starts_at=at,
            ends_at=at.replace(minute=20),
        )
        table = EventTable(event_id=event.id, name=f"T{self.n}")
        db.session.add_all([slot, table])
        db.session.flush()
        meeting = Meeting(
            event_id=event.id, request_id=req.id, slot_id=slot.id, table_id=table.id, status=status
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting


def rate(day: date, value: str) -> None:
    db.session.add(ExchangeRate(currency="USD", on=day, rate=Decimal(value)))
    db.session.commit()


def issued_on(rfq: Rfq, day: date) -> None:
    """Back-date an RFQ (the service stamps today)."""
    db.session.get(Rfq, rfq.id).created_at = datetime.combine(day, time(12), UTC)
    db.session.commit()


def figures_in(html: str) -> dict[str, str]:
    """The figure table of the dashboard or report: key -> shown value."""
    return dict(
        re.findall(r'<tr data-key="(\w+)"><td>[^<]*</td><td class="num">([^<]*)</td>', html)
    )
