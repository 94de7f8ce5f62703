"""Kiosk keys: a bridge point's own key for a self-service check-in device (a tablet at the door).

A kiosk key is not a person's API key: it opens one thing only, checking delegates in at its point by
their code, and only while the conference takes check-ins. Only its SHA-256 is stored; the plain key is
shown once, to the desk staff who created it. Imported by ``campaigns.models`` so Django registers it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KioskKey(models.Model):
    point = models.ForeignKey("campaigns.BridgePoint", on_delete=models.CASCADE, related_name="kiosk_keys")
    name = models.CharField(_("tên máy"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    # Check-ins made with the key are recorded in this person's name: they answer for the device, and the
    # key stops working when they no longer run the point's desk.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khóa máy điểm danh")
        verbose_name_plural = pgettext_lazy("plural", "khóa máy điểm danh")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
