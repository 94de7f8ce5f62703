"""Background tasks of the orgs app: plain service functions, idempotent and safe to re-run."""

from __future__ import annotations

from django_tasks import task

from quantriet.orgs import imports


@task()
def run_import(job_id: str) -> None:
    """Run one uploaded import (``imports.run_job`` claims it, so a duplicate run does nothing)."""
    imports.run_job(job_id)
