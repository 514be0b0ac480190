"""Sending e-mail: SMTP when configured, else a local outbox folder (development)."""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def send(
    to: str, subject: str, body: str, *, attachments: list[tuple[str, str, bytes]] = ()
) -> str:  # type: ignore[assignment]
    """Send one message; returns where it went (SMTP host or outbox file)."""
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = cfg["MAIL_FROM"], to, subject
    msg.set_content(body)
    for filename, mimetype, content in attachments:
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
