"""Who may do what: roles held by user accounts at units, and the log of sign-in attempts.

What each role allows is decided in one place, ``orgs.access``; this module only stores facts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.orgs.models.units import Unit


class Role(models.TextChoices):
    ORGANISATION = "organisation", _("Cán bộ Ban Tổ chức")
    PROPAGANDA = "propaganda", _("Cán bộ Ban Tuyên giáo và Dân vận")
    OFFICE = "office", _("Cán bộ Văn phòng")
    INSPECTION = "inspection", _("Cán bộ Ủy ban Kiểm tra")
    SECRETARY = "secretary", _("Bí thư / Phó Bí thư")


class RoleAssignment(models.Model):
    """A role held at a unit; it gives rights over that unit's whole subtree and nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = pgettext_lazy("plural", "phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(revoked_at__isnull=True),
                name="role_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class LoginAttempt(models.Model):
    """Every sign-in attempt; failures within a window throttle further attempts (orgs.services.accounts)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%d/%m/%Y %H:%M} {'ok' if self.succeeded else 'fail'}"


class ApiToken(models.Model):
    """A bearer token for scripts using the JSON API; only its SHA-256 is stored, like a password."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Keys made on the web expire (the holder picks when); None: never (the operators' command line).
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = pgettext_lazy("plural", "khóa API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
