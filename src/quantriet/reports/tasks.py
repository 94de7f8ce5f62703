"""Background tasks of the learning reports: plain service calls, idempotent and safe to re-run."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="copycheck")
def check_new_reports() -> int:
    """Check every version waiting for its copy check (``reports.checking.arrival``); returns the count."""
    from quantriet.reports.checking.arrival import check_all_pending

    return check_all_pending()
