"""Telling people: inbox rows written with the caller's transaction, e-mails sent after it commits.

``notify`` is the one way any app tells users something. The inbox rows are written inside the
caller's transaction (a refused action tells nobody); the e-mails are queued as background tasks
only once it commits, so a worker never looks for a row that is not there yet. Each e-mail is one
``Delivery`` row: the task claims an attempt with a conditional UPDATE, so two workers running the
same task send it once, and a delivery already sent is never sent again. A failed one is tried again
later, up to ``NOTIFY_MAX_ATTEMPTS`` times, with its last error kept for the operators.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from quantriet.core.notifications.models import Delivery, DeliveryStatus, Notification

_KIND = re.compile(r"^[a-z0-9][a-z0-9._-]{0,49}$")
# One task sends this many e-mails over one connection: a province-wide reminder to 100,000 members
# is 2,000 tasks, not 100,000.
BATCH = 50
# A delivery still queued this long after it was written lost its task (a crash between the commit
# and the enqueue): ``send_pending`` queues it again.
STALE_AFTER = dt.timedelta(minutes=15)


def is_safe_path(url: str) -> bool:
    """Whether ``url`` is a path on this site ("/campaigns/3/"), never another host or scheme."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def unread_cache_key(user_id: Any) -> str:
    return f"notifications:unread:{user_id}"


def _forget_unread(user_ids: Iterable[Any]) -> None:
    cache.delete_many([unread_cache_key(pk) for pk in user_ids])


def _one_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Put a notification in each recipient's inbox and queue an e-mail to those with an address.

    Args:
        recipients: Users (``AUTH_USER_MODEL`` instances); repeats and inactive accounts are skipped.
        kind: A short slug saying what it is about ("plan.remind", "report.returned").
        title: One line (newlines are folded; at most 200 characters); also the e-mail's subject.
        body: Plain text, shown as text in the inbox and sent as the e-mail's text.
        url: A path on this site the notification opens ("/campaigns/3/plans/7/"), or "".
        dedupe_key: The same key to the same recipient makes one row: a retried or repeated send
            returns the existing notification and sends no second e-mail.

    Returns:
        One notification per recipient (the existing one where ``dedupe_key`` matched).

    Raises:
        ValueError: A kind that is not a slug, an empty title, or a url that is not a path on this site.
    """
    if not _KIND.match(kind):
        raise ValueError(f"kind must be a short lowercase slug, got {kind!r}")
    title = _one_line(title, 200)
    if not title:
        raise ValueError("a notification needs a title")
    if url and not is_safe_path(url):
        raise ValueError(f"url must be a path on this site, got {url!r}")
    if dedupe_key is not None and not dedupe_key.strip():
        raise ValueError("dedupe_key must be None or a non-empty string")
    users: dict[Any, Any] = {}
    for user in recipients:
        if user.is_active and user.pk not in users:
            users[user.pk] = user
    if not users:
        return []
    with transaction.atomic():
        existing: dict[Any, Notification] = {}
        if dedupe_key is not None:
            ids = list(users)
            # In slices: SQLite refuses a statement with more than 32,766 parameters (a province).
            for start in range(0, len(ids), 900):
                for n in Notification.objects.select_for_update().filter(
                    recipient_id__in=ids[start : start + 900], dedupe_key=dedupe_key
                ):
                    existing[n.recipient_id] = n
        now = timezone.now()
        created = Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=pk,
                    kind=kind,
                    title=title,
                    body=body.strip(),
                    url=url,
                    created_at=now,
                    dedupe_key=dedupe_key,
                )
                for pk in users
                if pk not in existing
            ],
            batch_size=1000,
        )
        deliveries: list[Delivery] = []
        if settings.NOTIFY_BY_EMAIL:
            deliveries = Delivery.objects.bulk_create(
                [
                    Delivery(notification=n, to_address=address, created_at=now)
                    for n in created
                    if (address := _address_of(users[n.recipient_id]))
                ],
                batch_size=1000,
            )
        delivery_ids = [d.pk for d in deliveries]
        recipient_ids = [n.recipient_id for n in created]
        transaction.on_commit(lambda: _forget_unread(recipient_ids))
        if delivery_ids:
            transaction.on_commit(lambda: _enqueue(delivery_ids), robust=True)
    made = {n.recipient_id: n for n in created}
    return [existing.get(pk) or made[pk] for pk in users]


def _address_of(user: Any) -> str:
    address = getattr(user, user.get_email_field_name(), "") or ""
    return str(address).strip()


def _enqueue(delivery_ids: Sequence[int], *, after: dt.timedelta | None = None) -> None:
    from quantriet.core.notifications.tasks import send_deliveries

    task = send_deliveries
    if after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + after)
    for start in range(0, len(delivery_ids), BATCH):
        task.enqueue(list(delivery_ids[start : start + BATCH]))


def send_deliveries(delivery_ids: Sequence[int]) -> int:
    """Send the e-mails of these deliveries that are still due; returns how many went out.

    Safe to run twice or at once in two workers: each attempt is claimed by raising ``attempts`` from
    the value read, and only the worker whose UPDATE matched sends. A sent delivery is skipped. A
    crash between sending and recording "sent" may send that one e-mail twice, never more.
    """
    due = list(
        Delivery.objects.filter(
            pk__in=list(delivery_ids),
            status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED],
            attempts__lt=settings.NOTIFY_MAX_ATTEMPTS,
        ).select_related("notification")
    )
    if not due:
        return 0
    sent = 0
    retry: list[int] = []
    connection = get_connection(fail_silently=False)
    for delivery in due:
        claimed = Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).exclude(
            status=DeliveryStatus.SENT
        )
        if claimed.update(attempts=F("attempts") + 1) != 1:
            continue  # another worker took this attempt
        attempts = delivery.attempts + 1
        note = delivery.notification
        try:
            send_mail(
                note.title,
                _text_of(note),
                None,  # DEFAULT_FROM_EMAIL
                [delivery.to_address],
                connection=connection,
            )
        except Exception as error:
            message = f"{type(error).__name__}: {error}"[:2000]
            Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, last_error=message)
            if attempts < settings.NOTIFY_MAX_ATTEMPTS:
                retry.append(delivery.pk)
            continue
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    if retry:
        # Doubling waits: a mail server down for a while is not hammered. Without deferred tasks
        # (the immediate backend of the tests) the retries run at once, still bounded by the attempts.
        attempts_so_far = min(d.attempts for d in due if d.pk in retry) + 1
        wait = dt.timedelta(seconds=settings.NOTIFY_RETRY_SECONDS * 2 ** (attempts_so_far - 1))
        _enqueue(retry, after=wait)
    return sent


def _text_of(note: Notification) -> str:
    """The e-mail's plain text: the body, then the link that opens (and marks read) the notification."""
    parts = [note.body] if note.body else []
    if settings.SITE_URL:
        parts.append(f"{settings.SITE_URL}/notifications/{note.pk}/")
    return "\n\n".join(parts) + "\n"


def send_pending() -> int:
    """Queue again the deliveries whose task was lost (still queued long after) or that may be retried.

    For a periodic run (the ``send_pending_deliveries`` task); returns how many were queued.
    """
    stale = timezone.now() - STALE_AFTER
    ids = list(
        Delivery.objects.filter(
            status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED],
            attempts__lt=settings.NOTIFY_MAX_ATTEMPTS,
            created_at__lt=stale,
        ).values_list("pk", flat=True)
    )
    if ids:
        _enqueue(ids)
    return len(ids)


@transaction.atomic
def mark_read(user: Any, notification: Notification) -> bool:
    """Mark one of ``user``'s notifications read; False when it already was (or is not theirs)."""
    changed = Notification.objects.filter(
        pk=notification.pk, recipient_id=user.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        transaction.on_commit(lambda: _forget_unread([user.pk]))
    return bool(changed)


@transaction.atomic
def mark_all_read(user: Any) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    changed = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        transaction.on_commit(lambda: _forget_unread([user.pk]))
    return changed
