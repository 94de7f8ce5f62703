"""Party members: the registry entry, where they were placed over time, statuses and positions.

Besides the roll (name, birth date, sex, admission dates, party card number, placement, status and
positions) a member carries the party member profile (``orgs.profile``): home town, ethnicity,
religion, education, speciality, political theory, occupation, CCCD number, phone, e-mail and photo.
Ethnicity, religion, CCCD, phone and photo are sensitive: ``orgs.access`` decides who reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.orgs.models.units import Unit
from quantriet.orgs.profile import Education, Ethnicity, PoliticalTheory, Religion
from quantriet.text import fold, person_sort_key


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    FULL = "full", _("Chính thức")
    SUSPENDED = "suspended", _("Đình chỉ sinh hoạt đảng")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt đi")
    REMOVED = "removed", _("Đã ra khỏi Đảng")
    DECEASED = "deceased", _("Từ trần")


# Statuses under which a member still belongs to their cell's roll.
ON_ROLL_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL, MemberStatus.SUSPENDED)


class Member(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    date_of_birth = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=10, choices=Sex.choices)
    admission_date = models.DateField(_("ngày vào Đảng"))
    full_membership_date = models.DateField(_("ngày chính thức"), null=True, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="members")
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    # The profile (blank: not recorded yet). Choices store codes; labels are what the profile prints.
    hometown = models.CharField(_("quê quán"), max_length=200, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=Ethnicity.choices, blank=True)
    religion = models.CharField(_("tôn giáo"), max_length=20, choices=Religion.choices, blank=True)
    education = models.CharField(
        _("trình độ giáo dục phổ thông"), max_length=5, choices=Education.choices, blank=True
    )
    specialty = models.CharField(_("chuyên môn, nghiệp vụ"), max_length=200, blank=True)
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True)
    id_number = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField(_("điện thoại"), max_length=10, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    name_sort = models.CharField(max_length=300, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = pgettext_lazy("plural", "đảng viên")
        ordering = ["name_sort", "id"]
        indexes = [
            models.Index(fields=["unit", "name_sort"]),
            models.Index(fields=["name_sort", "id"]),
            models.Index(fields=["status"]),
            # Counting the members on the roll of a subtree then reads this index alone, not the rows.
            models.Index(fields=["unit", "status"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold(self.full_name)
        self.name_sort = person_sort_key(self.full_name)[:300]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded", "name_sort"}
        super().save(*args, **kwargs)

    def unit_on(self, day: dt.date) -> Unit | None:
        """The cell the member belonged to on ``day``; history survives moves, merges and splits."""
        placement = (
            self.placements.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gt=day))
            .select_related("unit")
            .order_by("-start", "-id")
            .first()
        )
        return placement.unit if placement else None

    def is_exempted_on(self, day: dt.date) -> bool:
        return self.exemptions.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)).exists()


class MemberPhoto(models.Model):
    """A member's portrait, kept in the database and served only through an access-checked view.

    Never under MEDIA_ROOT: whatever serves that folder would publish it. The bytes are checked to be a
    JPEG, PNG or WebP image (``orgs.services.photos``) and sent back with that type only.
    """

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="photo")
    content_type = models.CharField(max_length=20)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)  # SHA-256, for the ETag
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ảnh đảng viên")
        verbose_name_plural = pgettext_lazy("plural", "ảnh đảng viên")

    def __str__(self) -> str:
        return f"{self.member_id} {self.content_type} {self.size}"


class Placement(models.Model):
    """A period during which a member belonged to a unit. The open period (``end`` empty) is current."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["unit", "start"]), models.Index(fields=["member", "start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(end__isnull=True), name="placement_one_open_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.unit_id} {self.start:%d/%m/%Y}"


class Exemption(models.Model):
    """Miễn công tác và sinh hoạt đảng: a dated period; such members are not rated in it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="exemptions")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("miễn công tác và sinh hoạt đảng")
        verbose_name_plural = pgettext_lazy("plural", "miễn công tác và sinh hoạt đảng")

    def __str__(self) -> str:
        return f"{self.member_id} {self.start:%d/%m/%Y}"


class PositionKind(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    STANDING_DEPUTY = "standing_deputy", _("Phó Bí thư Thường trực")
    DEPUTY = "deputy", _("Phó Bí thư")
    STANDING_COMMITTEE = "standing_committee", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")
    PRESENTER = "presenter", _("Báo cáo viên")


class Position(models.Model):
    """A post a member holds in a unit's committee (a member may hold several, at several units)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions")
    kind = models.CharField(_("chức vụ"), max_length=30, choices=PositionKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("chức vụ")
        verbose_name_plural = pgettext_lazy("plural", "chức vụ")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit_id}"
