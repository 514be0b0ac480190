"""Follow-ups of held meetings: each side is asked at 30, 90 and 180 days what came of it,
through a tokenised link (only the token's hash is stored), and its answer feeds the funnel.

`create_and_send_due` is idempotent and safe for cron: one row per (meeting, company, round)
is created once it is due, and a row is mailed only while it has not been sent. Rounds that
fell due more than STALE_DAYS ago (e.g. old meetings when the platform starts) are not asked."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    Delegate,
    Event,
    FollowUp,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Outcome,
    Participant,
    Slot,
    User,
)
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic, transaction
from matchmaker.services.platform import mail
from matchmaker.services.results.fx import rate_on, to_mxn
from matchmaker.services.results.rfqs import _money

ROUNDS = (30, 90, 180)
STALE_DAYS = 60
OUTCOME_LABELS = {
    Outcome.NO_CONTACT: _l("No further contact"),
    Outcome.VALUABLE: _l("Contact valuable, no business yet"),
    Outcome.NEGOTIATION: _l("Negotiation started"),
    Outcome.RFQ_RECEIVED: _l("RFQ received"),
    Outcome.QUOTED: _l("Quoted"),
    Outcome.WON: _l("Won, with value"),
    Outcome.AGREEMENT: _l("Agreement signed"),
}


def hash_token(token: str) -> str:
    """The stored form of a follow-up token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class RunReport:
    created: int
    sent: int
    unreachable: int


def create_due(today: date) -> int:
    """Create the follow-ups that are due by today for each side of each held meeting."""
    created = 0
    for days in ROUNDS:
        newest = today - timedelta(days=days)  # meetings held on or before this day are due
        oldest = newest - timedelta(days=STALE_DAYS)
        for side in (MeetingRequest.side_a_id, MeetingRequest.side_b_id):
            rows = db.session.execute(
                select(Meeting.id, Participant.id, Participant.company_id, Slot.starts_at)
                .join(Slot, Slot.id == Meeting.slot_id)
                .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
                .join(Participant, Participant.id == side)
                .outerjoin(
                    FollowUp,
                    and_(
                        FollowUp.meeting_id == Meeting.id,
                        FollowUp.company_id == Participant.company_id,
                        FollowUp.after_days == days,
                    ),
                )
                .where(
                    Meeting.status == MeetingStatus.HELD,
                    FollowUp.id.is_(None),
                    Slot.starts_at < datetime.combine(newest + timedelta(days=1), time()),
                    Slot.starts_at >= datetime.combine(oldest, time()),
                )
            ).all()
            for meeting_id, participant_id, company_id, starts_at in rows:
                db.session.add(
                    FollowUp(
                        meeting_id=meeting_id,
                        company_id=company_id,
                        after_days=days,
                        due_on=starts_at.date() + timedelta(days=days),
                        email=_address(participant_id, company_id),
                        token_hash=hash_token(secrets.token_urlsafe(32)),
                    )
                )
                created += 1
    db.session.flush()
    return created


def _address(participant_id: int, company_id: int) -> str:
    """Who answers: the first delegate with an e-mail, else the company's contact, else one
    of its active users."""
    email = db.session.scalar(
        select(Delegate.email)
        .where(Delegate.participant_id == participant_id, Delegate.email != "")
        .order_by(Delegate.id)
        .limit(1)
    )
    if not email:
        email = db.session.scalar(select(Company.contact_email).where(Company.id == company_id))
    if not email:
        email = db.session.scalar(
            select(User.email)
            .where(User.company_id == company_id, User.active.is_(True))
            .order_by(User.id)
            .limit(1)
        )
    return email or ""


def _language(company_id: int) -> str:
    lang = db.session.scalar(
        select(User.language).where(User.company_id == company_id).order_by(User.id).limit(1)
    )
    return lang or str(current_app.config["BABEL_DEFAULT_LOCALE"])


@atomic
def send_due(today: date) -> tuple[int, int]:
    """Mail each due follow-up not yet sent, with a fresh token, and mark it sent: all in one
    transaction, the messages going out after its commit. Returns (sent, unreachable)."""
    sent = unreachable = 0
    rows = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.sent_at.is_(None), FollowUp.answered_at.is_(None), FollowUp.due_on <= today)
        .order_by(FollowUp.id)
    ).all()
    base = str(current_app.config["PUBLIC_URL"]).rstrip("/")
    for followup in rows:
        if not followup.email:
            unreachable += 1
            continue
        token = secrets.token_urlsafe(32)
        followup.token_hash = hash_token(token)
        info = context(followup)
        with force_locale(_language(followup.company_id)):
            subject = _("What came of your meeting with %(name)s?", name=info["counterpart"])
            body = _(
                "Hello,\n\n%(days)d days ago your company met %(name)s at %(event)s. "
                "Please tell the cluster what came of it (one minute, no login):\n\n"
                "%(link)s\n\nThank you.",
                days=followup.after_days,
                name=info["counterpart"],
                event=info["event"],
                link=f"{base}/rfqs/follow-up/{token}",
            )
        mail.queue(followup.email, subject, body)
        followup.sent_at = utcnow()
        sent += 1
    return sent, unreachable


def create_and_send_due(today: date | None = None) -> RunReport:
    """The cron job: create what is due, commit, then send what is unsent."""
    today = today or date.today()
    with transaction():
        created = create_due(today)
    sent, unreachable = send_due(today)
    return RunReport(created, sent, unreachable)


def by_token(token: str) -> FollowUp | None:
    """The follow-up a link points to, if the token is genuine."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(FollowUp).where(FollowUp.token_hash == hash_token(token)))


def context(followup: FollowUp) -> dict[str, Any]:
    """The event, day and other side of a follow-up's meeting, for the form and e-mail."""
    pa, pb = db.aliased(Participant), db.aliased(Participant)
    row = db.session.execute(
        select(Event.name, Slot.starts_at, pa.company_id, pb.company_id)
        .select_from(Meeting)
        .join(Event, Event.id == Meeting.event_id)
        .join(Slot, Slot.id == Meeting.slot_id)
        .join(MeetingRequest, MeetingRequest.id == Meeting.request_id)
        .join(pa, pa.id == MeetingRequest.side_a_id)
        .join(pb, pb.id == MeetingRequest.side_b_id)
        .where(Meeting.id == followup.meeting_id)
    ).one()
    other_id = row[3] if row[2] == followup.company_id else row[2]
    other = db.session.get(Company, other_id)
    return {
        "event": row[0],
        "day": row[1].date(),
        "counterpart": other.display_name if other else "",
    }


@atomic
def answer(followup: FollowUp, data: dict[str, Any]) -> None:
    """Record (or correct) a follow-up answer; a won deal needs its value and currency."""
    outcome = data.get("outcome") or ""
    if outcome not in {o.value for o in Outcome}:
        raise ServiceError(_("Choose what came of the meeting."), "outcome")
    followup.value = followup.currency = followup.value_mxn = None
    if outcome == Outcome.WON or (outcome == Outcome.AGREEMENT and data.get("value")):
        value = _money(data.get("value"), "value")
        currency = data.get("currency") or ""
        rate = rate_on(currency, date.today())
        followup.value, followup.currency = value, currency
        followup.value_mxn = to_mxn(value, rate)
    followup.outcome = outcome
    followup.comment = (data.get("comment") or "").strip()[:2000]
    followup.answered_at = utcnow()
