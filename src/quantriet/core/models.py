"""The core's models, found here by Django: the notification inbox and its deliveries."""

from __future__ import annotations

from quantriet.core.notifications.models import Delivery, Notification

__all__ = ["Delivery", "Notification"]
