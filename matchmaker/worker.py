"""The RQ worker's side: with REDIS_URL set, jobs are queued on the "matchmaker" queue and
`rq worker matchmaker` (run with the app's environment) calls run_job for each of them."""

from __future__ import annotations

from typing import Any

from matchmaker import create_app
from matchmaker.services.platform.jobs import run_in_app


def run_job(job_id: int, payload: Any = None) -> None:
    """Run one queued job in an app built from the environment."""
    run_in_app(create_app(), job_id, payload)
