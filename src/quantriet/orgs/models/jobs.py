"""Imports run as background jobs; the job row is what the progress page and the error report read."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.orgs.models.units import Unit


class ImportKind(models.TextChoices):
    UNITS = "units", _("Danh sách tổ chức đảng")
    MEMBERS = "members", _("Danh sách đảng viên")
    DOCUMENTS = "documents", _("Danh sách văn bản")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Đã nhập")
    REJECTED = "rejected", _("Có lỗi, chưa nhập gì")
    FAILED = "failed", _("Lỗi hệ thống, chưa nhập gì")


class ImportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True
    )  # [{"row": 5, "column": "Ngày sinh", "message": ..., "hint": ...}]
    summary = models.JSONField(default=dict, blank=True)  # {"created": n, "updated": n, "unchanged": n}
    # Run again after its uploader read the warnings of the first run: warnings no longer stop it.
    confirm_warnings = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = pgettext_lazy("plural", "lượt nhập dữ liệu")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED)
