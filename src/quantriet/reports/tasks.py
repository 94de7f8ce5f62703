"""Background tasks of the learning reports: plain service calls, idempotent and safe to re-run."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="copycheck")
def check_new_reports() -> int:
    """Check every version waiting for its copy check (``reports.checking.arrival``); returns the count."""
    from quantriet.reports.checking.arrival import check_all_pending

    return check_all_pending()


@task(queue_name="copycheck")
def run_cohort_check(run_id: int) -> None:
    """A whole-cohort re-check (``reports.checking.cohort.run``); a second delivery does nothing."""
    from quantriet.reports.checking.cohort import run

    run(run_id)
