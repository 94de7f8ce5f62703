"""Background tasks of the notifications: plain service functions, idempotent and safe to re-run."""

from __future__ import annotations

from django_tasks import task

from quantriet.core.notifications import services


@task()
def send_deliveries(delivery_ids: list[int]) -> int:
    """Send these e-mails (``services.send_deliveries`` claims each attempt: a re-run sends none twice)."""
    return services.send_deliveries(delivery_ids)


@task()
def send_pending_deliveries() -> int:
    """Periodic: queue again the e-mails whose task was lost or that may be retried."""
    return services.send_pending()
