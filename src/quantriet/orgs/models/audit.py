"""Audit trails: every write (``AuditEntry``) and every read of a member's personal data (``AccessLog``).

Both carry the unit concerned so that a reviewer sees only the entries of units they may see.
Rows are only ever added.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.orgs.models.members import Member
from quantriet.orgs.models.units import Unit


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("hành động"), max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=60)
    unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField(_("nội dung"), max_length=500)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký thay đổi")
        indexes = [models.Index(fields=["unit", "at"]), models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.summary}"


class AccessLog(models.Model):
    """A read of one member's personal page, API record or an export that contained them."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="access_logs")
    unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=20)  # "page", "api", "export", "admin"
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký truy cập dữ liệu cá nhân")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký truy cập dữ liệu cá nhân")
        indexes = [models.Index(fields=["member", "at"]), models.Index(fields=["unit", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.channel} {self.member_id}"


class BulkAccessLog(models.Model):
    """A list, board or export of personal data was read: who, which view, which unit's scope, how many rows.

    ``AccessLog`` answers "who read this member"; this answers "who looked through whom in bulk", which
    decree 13/2023 asks to be traceable too, without one row per member shown on a page.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField(max_length=60)  # "members.list", "members.export", "campaigns.report.xlsx", ...
    rows = models.PositiveIntegerField(default=0)
    detail = models.CharField(max_length=200, blank=True)  # the filters used (search words, status)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký xem danh sách dữ liệu cá nhân")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký xem danh sách dữ liệu cá nhân")
        indexes = [models.Index(fields=["unit", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.what} {self.rows}"
