"""How a submission asks for its check: a task that checks every pending version (so a lost task is
made good by the next one), on the ``copycheck`` queue served by the workers the README prescribes."""

from __future__ import annotations

from quantriet.reports.tasks import check_new_reports


def queue_check(version_id: int) -> None:
    check_new_reports.enqueue()
