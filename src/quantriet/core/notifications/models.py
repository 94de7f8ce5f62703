"""What the platform told whom (the inbox), and each e-mail sent about it (its delivery record)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    """One message in one user's inbox; ``dedupe_key`` makes a retried send the same row, not a second."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.SlugField(_("loại"), max_length=50)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)  # plain text, shown and mailed as such
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)  # a path on this site, never a host
    created_at = models.DateTimeField(_("lúc gửi"), default=timezone.now)
    read_at = models.DateTimeField(_("lúc đọc"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="notification_once_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            # The header's badge counts only these: a small index, however long the inbox grows.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"


class Channel(models.TextChoices):
    EMAIL = "email", _("thư điện tử")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("chờ gửi")
    SENT = "sent", _("đã gửi")
    FAILED = "failed", _("gửi không được")


class Delivery(models.Model):
    """One notification sent through one channel to one address: what happened, how many tries."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    to_address = models.CharField(_("địa chỉ nhận"), max_length=254)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi lần cuối"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("lúc gửi được"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi thông báo")
        verbose_name_plural = pgettext_lazy("plural", "lần gửi thông báo")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_pending")]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.to_address} ({self.status})"
