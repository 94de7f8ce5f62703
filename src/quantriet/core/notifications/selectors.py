"""Reads of the inbox: always the signed-in user's own notifications, never anyone else's."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from quantriet.core.notifications.models import Notification
from quantriet.core.notifications.services import unread_cache_key

# The badge may lag this long behind a notification written by another process when the cache is
# per process (the default); with a shared cache every write clears it at once.
UNREAD_CACHE_SECONDS = 60


def inbox(user: Any) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def latest_unread(user: Any, limit: int = 5) -> list[Notification]:
    return list(inbox(user).filter(read_at__isnull=True)[:limit])


def unread_count(user: Any) -> int:
    """How many unread notifications the user has: one COUNT at most, then the cache's answer."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return int(count)


def notification_or_404(user: Any, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's answers 404, as if it did not exist."""
    return get_object_or_404(Notification, pk=notification_id, recipient_id=user.pk)
