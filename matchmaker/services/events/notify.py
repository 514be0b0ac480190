"""E-mail to participants when agendas are published or a meeting changes (queued inside
the operation, sent after its commit)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, EventStatus, Meeting, Participant, ParticipantStatus
from matchmaker.models.base import utcnow
from matchmaker.services import ServiceError, atomic
from matchmaker.services.events.access import can_manage
from matchmaker.services.events.agenda import rows_for
from matchmaker.services.events.setup import check_transition
from matchmaker.services.platform import mail
from matchmaker.services.platform.access import require


def _recipients(p: Participant) -> list[str]:
    emails = [d.email for d in p.delegates if d.email]
    if not emails and p.company.contact_email:
        emails = [p.company.contact_email]
    return emails


def _lines(event: Event, p: Participant) -> list[str]:
    return [
        f"{r.slot.starts_at:%Y-%m-%d %H:%M}-{r.slot.ends_at:%H:%M}  "
        + _("table %(t)s", t=r.table)
        + f"  {r.other.company.display_name}"
        + ("  " + _("(cancelled)") if r.status == "cancelled" else "")
        for r in rows_for(event, p)
    ]


@atomic
def publish(actor: Any, event: Event) -> int:
    """Publish the agendas and e-mail every participant theirs (after the commit); returns
    the number of messages queued."""
    require(can_manage(actor))
    check_transition(event, EventStatus.PUBLISHED)
    if event.status != EventStatus.SCHEDULED:
        raise ServiceError(_("Schedule the meetings first."))
    event.status = EventStatus.PUBLISHED
    event.published_at = utcnow()
    queued = 0
    for p in db.session.scalars(
        select(Participant).where(
            Participant.event_id == event.id, Participant.status == ParticipantStatus.APPROVED
        )
    ):
        body = "\n".join(
            [_("Your agenda for %(event)s is ready.", event=event.name), "", *_lines(event, p)]
        )
        for to in _recipients(p):
            mail.queue(to, _("Your agenda: %(event)s", event=event.name), body)
            queued += 1
    return queued


def notify_changes(event: Event, meeting_ids: list[int]) -> int:
    """Tell both sides of each changed meeting, once the caller's operation commits (it must
    be inside one); returns the number of messages queued."""
    queued = 0
    for m in db.session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids))).unique():
        for p in (m.request.side_a, m.request.side_b):
            body = "\n".join(
                [
                    _("A meeting in your agenda for %(event)s changed.", event=event.name),
                    "",
                    *_lines(event, p),
                ]
            )
            for to in _recipients(p):
                mail.queue(to, _("Agenda changed: %(event)s", event=event.name), body)
                queued += 1
    return queued
