"""Pages of long jobs show a progress bar that polls the job while it runs."""

from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import ImportBatch, Job
from tests.web.test_events_schedule import world  # noqa: F401


def test_schedule_page_shows_progress_while_the_job_runs(client, auth, world):  # noqa: F811
    job = Job(
        kind="schedule_event",
        status="running",
        progress=0.4,
        message="chose meetings",
        params={"event_id": world["event"].id},
        created_by_id=world["organiser"].id,
    )
    db.session.add(job)
    db.session.commit()
    job_id, event_id = job.id, world["event"].id
    auth.login(world["organiser"])
    page = client.get(f"/events/{event_id}/schedule").text
    assert f'data-job-url="/jobs/{job_id}"' in page and "<progress" in page
    assert "progress.js" in page
    status = client.get(f"/jobs/{job_id}").json
    assert status["status"] == "running" and status["progress"] == 0.4


def test_import_page_shows_progress_while_the_check_runs(client, make, auth):
    organiser = make.user("organiser", company=make.company("institution"))
    job = Job(kind="import_check", status="running", params={}, created_by_id=organiser.id)
    db.session.add(job)
    db.session.flush()
    batch = ImportBatch(
        created_by_id=organiser.id,
        filename="big.csv",
        content=b"id,name\n",
        status="pending",
        report={},
        job_id=job.id,
    )
    db.session.add(batch)
    db.session.commit()
    batch_id, job_id = batch.id, job.id
    auth.login(organiser)
    page = client.get(f"/admin/import/{batch_id}").text
    assert f'data-job-url="/jobs/{job_id}"' in page and "<progress" in page
    assert "big.csv" in page


def test_nobody_else_reads_a_job(client, make, auth):
    organiser = make.user("organiser", company=make.company("institution"))
    job = Job(kind="import_check", status="running", params={}, created_by_id=organiser.id)
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    auth.login(make.user("supplier", company=make.company()))
    assert client.get(f"/jobs/{job_id}").status_code == 403
