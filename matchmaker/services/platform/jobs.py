"""Work outside the request (scheduling, imports, mail): RQ on Redis when REDIS_URL is set,
else a thread in this process (or inline, JOBS_INLINE, for tests). A job starts only after
the operation that queued it has committed. Its row holds its progress, which pages poll."""

from __future__ import annotations

import functools
import threading
import traceback
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from sqlalchemy import update

from matchmaker.extensions import db
from matchmaker.models import Job, JobStatus
from matchmaker.models.base import utcnow
from matchmaker.services import after_commit, transaction
from matchmaker.services.platform.access import require, sees_everything

Progress = Callable[[float, str], None]
# (job, progress, payload) -> result; the payload is what enqueue was given besides params.
Handler = Callable[[Job, Progress, Any], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}
WAIT_AT_EXIT: set[str] = set()  # kinds whose thread the process finishes before it exits


def handler(kind: str, *, wait_at_exit: bool = False) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of this kind. A short job that must not be lost
    (mail) asks the process to wait for it at exit; long ones (scheduling) do not hold it."""

    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        if wait_at_exit:
            WAIT_AT_EXIT.add(kind)
        return fn

    return register


def enqueue(kind: str, params: dict[str, Any], actor: Any = None, *, payload: Any = None) -> Job:
    """Create a job; it starts in the background once the current operation commits (at once
    when none is open). `payload` reaches the handler in memory or through the queue, never
    the database (mail carries one-time links)."""
    if kind not in HANDLERS:
        raise KeyError(kind)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with transaction():
        job = Job(
            kind=kind,
            params=params,
            created_by_id=getattr(actor, "id", None) if actor is not None else None,
        )
        db.session.add(job)
        db.session.flush()
        after_commit(functools.partial(_start, app, job.id, kind, payload))
    return job


def _start(app: Flask, job_id: int, kind: str, payload: Any) -> None:
    if app.config.get("JOBS_INLINE"):
        run_job(job_id, payload)
    elif app.config.get("REDIS_URL"):
        # Imported here: only deployments with Redis need the client.
        from redis import Redis
        from rq import Queue

        Queue("matchmaker", connection=Redis.from_url(app.config["REDIS_URL"])).enqueue(
            "matchmaker.worker.run_job", job_id, payload, job_timeout=3600
        )
    else:
        threading.Thread(
            target=run_in_app,
            args=(app, job_id, payload),
            name=f"job-{job_id}",
            daemon=kind not in WAIT_AT_EXIT,
        ).start()


def run_in_app(app: Flask, job_id: int, payload: Any = None) -> None:
    """Run one job in an app context of its own (a thread here, or an RQ worker)."""
    with app.app_context():
        run_job(job_id, payload)
        db.session.remove()


def _set(job_id: int, **values: Any) -> None:
    # Progress is written on its own connection so that the page sees it while the job's
    # own transaction is still open.
    with db.engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id).values(**values))


def run_job(job_id: int, payload: Any = None) -> None:
    """Run one job to the end, recording progress, result or error."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return
    _set(job_id, status=JobStatus.RUNNING, started_at=utcnow(), progress=0.0)

    def progress(fraction: float, message: str) -> None:
        _set(job_id, progress=max(0.0, min(1.0, fraction)), message=message[:500])

    try:
        result = HANDLERS[job.kind](job, progress, payload)
    except Exception as e:  # the job's error is shown to the organiser, the trace is logged
        db.session.rollback()
        current_app.logger.error("job %s failed:\n%s", job_id, traceback.format_exc())
        _set(job_id, status=JobStatus.FAILED, error=str(e)[:2000], finished_at=utcnow())
        return
    _set(job_id, status=JobStatus.DONE, progress=1.0, result=result, finished_at=utcnow())


def job_status(actor: Any, job: Job) -> dict[str, Any]:
    """What a page shows of a job: its owner and staff may look."""
    require(sees_everything(actor) or job.created_by_id == getattr(actor, "id", None))
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        "result": job.result,
        "error": job.error,
    }
