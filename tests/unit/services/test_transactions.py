"""Transactions nest and side effects wait for the commit: `atomic` joins an open transaction,
commits once at the outermost, and `after_commit` callbacks (mail among them) run only after
that commit succeeds, never after a rollback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Company, Invitation, Job
from matchmaker.services import (
    ServiceError,
    after_commit,
    atomic,
    transaction,
    transaction_state,
)
from matchmaker.services.accounts import users as accounts
from matchmaker.services.platform import jobs, mail


@pytest.fixture()
def commits(ctx: Any) -> Iterator[list[int]]:
    """How many times the session committed during the test."""
    seen: list[int] = []

    def count(_session: Any) -> None:
        seen.append(1)

    sa_event.listen(db.session, "after_commit", count)
    yield seen
    sa_event.remove(db.session, "after_commit", count)


def _outbox(app: Any) -> set[Path]:
    return set(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))


def _read(path: Path) -> Any:
    return message_from_bytes(path.read_bytes(), policy=email_policy)


def _mail_job() -> Job:
    """The send_mail job, as its thread or inline run left it (it writes progress on a
    connection of its own)."""
    db.session.rollback()
    db.session.expire_all()
    job = db.session.scalar(select(Job).where(Job.kind == "send_mail"))
    assert job is not None
    return job


def _names() -> list[str]:
    return sorted(db.session.scalars(select(Company.legal_name)))


def _company(name: str) -> Company:
    company = Company(kind="tier2", legal_name=name, description="", search_text="")
    db.session.add(company)
    return company


@atomic
def _inner(name: str, calls: list[str]) -> None:
    """Adds a company and asks to be told after the commit."""
    _company(name)
    after_commit(lambda: calls.append(f"after {name}"))


@atomic
def _outer(calls: list[str], fail: bool = False) -> None:
    _inner("Interior SA", calls)
    calls.append("inner returned")
    _company("Exterior SA")
    if fail:
        raise ServiceError("no")


def test_nested_atomic_commits_once_at_the_outermost(commits: list[int]) -> None:
    calls: list[str] = []
    _outer(calls)
    assert len(commits) == 1
    assert calls == ["inner returned", "after Interior SA"]
    assert _names() == ["Exterior SA", "Interior SA"]


def test_a_failure_in_the_outer_operation_rolls_back_the_inner_one_too(
    commits: list[int],
) -> None:
    calls: list[str] = []
    with pytest.raises(ServiceError):
        _outer(calls, fail=True)
    assert commits == [] and calls == ["inner returned"]  # no callback after a rollback
    assert _names() == []


def test_an_inner_error_that_the_caller_swallows_saves_nothing(commits: list[int]) -> None:
    @atomic
    def failing() -> None:
        _company("A medias SA")
        raise ServiceError("inner")

    with pytest.raises(RuntimeError, match="nothing saved"):
        with transaction():
            _company("Antes SA")
            try:
                failing()
            except ServiceError:
                pass
    assert commits == [] and _names() == []


def test_a_rollback_inside_an_operation_drops_what_was_queued(ctx: Any) -> None:
    calls: list[str] = []
    with transaction():
        _company("Descartada SA")
        after_commit(lambda: calls.append("early"))
        transaction_state()["x"] = 1
        db.session.rollback()  # e.g. a dry run throws its work away
        assert transaction_state() == {}
        after_commit(lambda: calls.append("late"))
    assert calls == ["late"] and _names() == []


def test_after_commit_needs_a_transaction(ctx: Any) -> None:
    with pytest.raises(RuntimeError, match="outside a transaction"):
        after_commit(lambda: None)
    with pytest.raises(RuntimeError):
        mail.queue("a@example.mx", "s", "b")


def test_atomic_keeps_the_function_s_identity() -> None:
    assert _inner.__name__ == "_inner"
    assert _inner.__doc__ == "Adds a company and asks to be told after the commit."
    assert _inner.__module__ == __name__
    assert _inner.__wrapped__.__name__ == "_inner"  # type: ignore[attr-defined]


def test_mail_leaves_only_after_the_commit(ctx: Any, app: Any) -> None:
    before = _outbox(app)
    with transaction():
        mail.queue("ana@example.mx", "Hola", "Cuerpo")
        mail.queue("luis@example.mx", "Hola", "Cuerpo")
        assert _outbox(app) == before  # queued, not sent
    new = _outbox(app) - before
    assert sorted(_read(p)["To"] for p in new) == ["ana@example.mx", "luis@example.mx"]
    job = _mail_job()
    assert job.status == "done" and job.result == {"sent": 2, "failed": []}
    assert job.params == {"messages": 2}  # the bodies (one-time links) never reach the table


def test_no_mail_for_a_change_that_rolled_back(ctx: Any, app: Any, make: Any) -> None:
    organiser = make.user("organiser", company=make.company("institution"))
    company = make.company("tier2")
    before = _outbox(app)
    with pytest.raises(ServiceError):
        with transaction():
            accounts.invite(
                organiser,
                email="nueva@example.mx",
                company=company,
                roles=["supplier"],
                language="es",
            )
            raise ServiceError("something later in the same operation fails")
    assert _outbox(app) == before
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "send_mail")) == 0


def test_the_invitation_service_composes_and_sends_its_mail(ctx: Any, app: Any, make: Any) -> None:
    organiser = make.user("organiser", company=make.company("institution"))
    company = make.company("tier2", legal_name="Troqueles del Norte SA")
    before = _outbox(app)
    _invitation, token = accounts.invite(
        organiser, email="nueva@example.mx", company=company, roles=["supplier"], language="es"
    )
    (path,) = _outbox(app) - before
    message = _read(path)
    assert message["To"] == "nueva@example.mx"
    body = message.get_content()
    assert "Troqueles del Norte SA" in body and f"/auth/invitation/{token}" in body


def test_one_bad_recipient_does_not_stop_the_batch(ctx: Any, app: Any) -> None:
    before = _outbox(app)
    with transaction():
        mail.queue("ana@example.mx", "Su agenda", "1")
        mail.queue("x@example.mx\r\nBcc: intruso@example.com", "Su agenda", "2")
        mail.queue("luis@example.mx", "Su agenda:\r\nBcc: intruso@example.com", "3")
    sent = [_read(p) for p in _outbox(app) - before]
    assert sorted(m["To"] for m in sent) == ["ana@example.mx", "luis@example.mx"]
    assert all("Bcc" not in m and "intruso" not in str(m["To"]) for m in sent)
    # A line break in a subject (an event or company name) is folded, not sent as a header.
    assert {m["Subject"] for m in sent} == {"Su agenda", "Su agenda: Bcc: intruso@example.com"}
    job = _mail_job()
    assert job.result["sent"] == 2 and [f["message"] for f in job.result["failed"]] == [2]


def test_without_inline_jobs_a_thread_sends_the_mail(
    ctx: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[threading.Thread] = []

    class Recorded(threading.Thread):
        def start(self) -> None:
            started.append(self)
            super().start()

    monkeypatch.setitem(app.config, "JOBS_INLINE", False)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    monkeypatch.setattr(jobs.threading, "Thread", Recorded)
    before = _outbox(app)
    with transaction():
        mail.queue("ana@example.mx", "Hola", "Cuerpo")
    (thread,) = started
    assert not thread.daemon  # the process waits for its mail before it exits
    thread.join()
    assert len(_outbox(app) - before) == 1
    assert _mail_job().status == "done"
