"""Follow-ups by e-mail: the cron command creates and sends what is due, once; the tokenised
link records answers without a login; member interactions (CRM)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from email import message_from_bytes
from pathlib import Path

from test_rfq_support import Events, rate

from matchmaker.extensions import db
from matchmaker.models import Delegate, FollowUp, Interaction, Participant


def _outbox(app):
    box = Path(app.config["MAIL_OUTBOX"])
    return {p: message_from_bytes(p.read_bytes()) for p in box.glob("*.eml")}


def _clear(app):
    for p in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        p.unlink()


def test_command_creates_and_sends_due_followups_once(client, make, app):
    _clear(app)
    ev = Events()
    buyer = make.company("oem", legal_name="Armadora", contact_email="compras@armadora.mx")
    sup = make.company("tier2", legal_name="Troqueles", contact_email="")
    make.user("supplier", company=sup, email="ventas@troqueles.mx", language="en")
    event = ev.event("Expo Proveedores", date(2026, 1, 15))
    held = ev.meeting(event, buyer, sup, at=datetime(2026, 1, 15, 10))
    ev.meeting(event, buyer, make.company("tier3"), "no_show")  # never followed up
    delegate_of = db.session.query(Participant).filter_by(company_id=buyer.id).one()
    db.session.add(Delegate(participant_id=delegate_of.id, name="Ana", email="ana@armadora.mx"))
    db.session.commit()

    runner = app.test_cli_runner()
    early = runner.invoke(args=["send-due-followups", "--today", "2026-02-13"])
    assert early.exit_code == 0 and "0 follow-ups created, 0 sent" in early.output
    result = runner.invoke(args=["send-due-followups", "--today", "2026-02-14"])
    assert "2 follow-ups created, 2 sent" in result.output, result.output
    again = runner.invoke(args=["send-due-followups", "--today", "2026-02-20"])
    assert "0 follow-ups created, 0 sent" in again.output
    rows = db.session.query(FollowUp).order_by(FollowUp.email).all()
    assert [(f.email, f.after_days, f.due_on) for f in rows] == [
        ("ana@armadora.mx", 30, date(2026, 2, 14)),
        ("ventas@troqueles.mx", 30, date(2026, 2, 14)),
    ]
    mails = _outbox(app)
    assert sorted(m["To"] for m in mails.values()) == ["ana@armadora.mx", "ventas@troqueles.mx"]
    english = next(m for m in mails.values() if m["To"] == "ventas@troqueles.mx")
    assert english["Subject"] == "What came of your meeting with Armadora?"
    token = re.search(r"/rfqs/follow-up/(\S+)", english.get_payload(decode=True).decode()).group(1)
    assert all(token not in (f.token_hash or "") for f in rows)  # only the hash is stored

    form = client.get(f"/rfqs/follow-up/{token}")
    assert form.status_code == 200 and "Armadora" in form.text
    assert client.post(f"/rfqs/follow-up/{token}", data={"outcome": "won"}).status_code == 400
    rate(date(2026, 1, 1), "18.00")
    r = client.post(
        f"/rfqs/follow-up/{token}", data={"outcome": "won", "value": "1000", "currency": "USD"}
    )
    assert r.status_code == 200
    answer = db.session.query(FollowUp).filter_by(company_id=sup.id).one()
    assert (answer.outcome, answer.value_mxn) == ("won", Decimal("18000.00"))
    assert answer.meeting_id == held.id and answer.answered_at is not None

    later = runner.invoke(args=["send-due-followups", "--today", "2026-04-20"])
    assert "2 follow-ups created, 2 sent" in later.output  # the 90-day round


def test_old_meetings_are_not_asked_and_unreachable_are_reported(make, app):
    _clear(app)
    ev = Events()
    event = ev.event("Expo 2024", date(2024, 3, 1))
    ev.meeting(event, make.company("oem", contact_email=""), make.company("tier2"))
    out = app.test_cli_runner().invoke(args=["send-due-followups", "--today", "2026-02-14"])
    assert "0 follow-ups created" in out.output
    event = ev.event("Expo 2026", date(2026, 1, 10))
    ev.meeting(event, make.company("oem", contact_email=""), make.company("tier2"))
    out = app.test_cli_runner().invoke(args=["send-due-followups", "--today", "2026-02-14"])
    assert "2 follow-ups created, 0 sent, 2 without an e-mail address" in out.output
    assert not _outbox(app)


def test_staff_record_member_interactions(client, make, auth):
    member = make.company("tier2", legal_name="Miembro Uno", membership="member")
    auth.login(make.user("organiser", company=make.company("institution"), language="en"))
    r = client.post(
        "/dashboard/interactions",
        data={
            "company_id": str(member.id),
            "kind": "introduction",
            "on": "2026-02-03",
            "summary": "Presentada a OEM",
            "value_mxn": "1500",
        },
    )
    assert r.status_code == 302
    bad = client.post("/dashboard/interactions", data={"company_id": "", "kind": "gossip"})
    assert bad.status_code == 400 and "Choose the kind" in bad.text
    row = db.session.query(Interaction).one()
    assert (row.kind, row.on, row.value_mxn) == (
        "introduction",
        date(2026, 2, 3),
        Decimal("1500.00"),
    )
    assert "Presentada a OEM" in client.get("/dashboard/interactions").text
    auth.logout()
    auth.login(make.user("manager", company=make.company("institution")))
    assert client.get("/dashboard/interactions").status_code == 200
    assert client.post("/dashboard/interactions", data={}).status_code == 403
    auth.logout()
    auth.login(make.user("buyer", company=make.company("oem")))
    assert client.get("/dashboard/interactions").status_code == 403
