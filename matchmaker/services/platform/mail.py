"""E-mail: queued inside an operation, sent by a background job once the operation has
committed (never for a change that rolled back, and no request waits on SMTP). SMTP when
configured, else a local outbox folder (development).

    @atomic
    def publish(actor, event):
        ...                                   # change the data
        mail.queue(to, subject, body)         # sent after the commit, by the send_mail job

The messages of one operation go out as one job. They travel to it in memory (a thread) or
through the queue (RQ), never through the database: they carry one-time links whose secrets
the database keeps only as hashes. One message that cannot be sent (a bad address, a refusing
server) is logged and counted; the others still go."""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from flask import current_app

from matchmaker.models import Job
from matchmaker.services import after_commit, transaction_state
from matchmaker.services.platform.jobs import Progress, enqueue, handler

log = logging.getLogger(__name__)
_OUTBOX = "mail.outbox"


@dataclass(frozen=True)
class Message:
    """One e-mail to one recipient."""

    to: str
    subject: str
    body: str
    attachments: tuple[tuple[str, str, bytes], ...] = ()  # (filename, mimetype, content)


def queue(
    to: str, subject: str, body: str, *, attachments: Sequence[tuple[str, str, bytes]] = ()
) -> None:
    """Send this message once the current operation commits; never if it rolls back."""
    state = transaction_state()
    outbox: list[Message] | None = state.get(_OUTBOX)
    if outbox is None:
        outbox = state[_OUTBOX] = []
        after_commit(lambda: send_later(outbox))
    outbox.append(Message(to, subject, body, tuple(attachments)))


def send_later(messages: list[Message]) -> Job:
    """Start the job that sends these messages (after_commit calls this)."""
    return enqueue("send_mail", {"messages": len(messages)}, payload=messages)


@handler("send_mail", wait_at_exit=True)
def _send_job(job: Job, _progress: Progress, messages: list[Message] | None) -> dict[str, Any]:
    """Send each message; one that fails is logged and counted, the others still go."""
    messages = messages or []
    sent, failed = 0, []
    for number, message in enumerate(messages, 1):
        try:
            send(message)
        except Exception as e:  # a bad header, a refused recipient, a server error
            log.warning(
                "mail job %s: message %d of %d not sent: %s", job.id, number, len(messages), e
            )
            failed.append({"message": number, "error": str(e)[:500]})
        else:
            sent += 1
    if messages and not sent:
        raise RuntimeError(f"none of the {len(messages)} messages could be sent: {failed[0]}")
    return {"sent": sent, "failed": failed}


def send(message: Message) -> str:
    """Send one message now; returns where it went (SMTP host or outbox file)."""
    cfg = current_app.config
    msg = EmailMessage()
    # A subject is one line: a name with a line break in it must not break the header.
    msg["From"], msg["To"], msg["Subject"] = (
        cfg["MAIL_FROM"],
        message.to,
        " ".join(message.subject.split()),
    )
    msg.set_content(message.body)
    for filename, mimetype, content in message.attachments:
        maintype, subtype = mimetype.split("/", 1)
        msg.add_attachment(
            content, maintype=maintype, subtype=subtype.split(";")[0], filename=filename
        )
    if cfg.get("SMTP_HOST"):
        with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=30) as smtp:
            smtp.starttls()
            if cfg.get("SMTP_USER"):
                smtp.login(cfg["SMTP_USER"], cfg["SMTP_PASSWORD"] or "")
            smtp.send_message(msg)
        return str(cfg["SMTP_HOST"])
    outbox = Path(cfg["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(msg))
    return str(path)
