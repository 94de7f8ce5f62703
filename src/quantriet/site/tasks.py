"""Background tasks of the site: those that span several apps."""

from __future__ import annotations

from django_tasks import task

from quantriet.site.purge import purge as purge_personal_data


@task()
def purge() -> int:
    """The daily retention run (``quantriet purge``); returns how many rows were deleted or anonymised.

    Idempotent: each step takes its rows out of its own condition, so a re-run after a crash or a
    second run the same day finds nothing more.
    """
    return sum(outcome.count for outcome in purge_personal_data())
