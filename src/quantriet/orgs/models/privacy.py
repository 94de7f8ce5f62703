"""A member's request to correct their own record (decree 13/2023: the right to rectification).

The member proposes a new value for one field with a reason; staff who may edit that member accept
it (the change then goes through the member-editing service, so it is audited like any edit) or
refuse it with a reason. The member sees the outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.orgs.models.members import Member


class CorrectionField(models.TextChoices):
    """The fields of a record a member may ask to correct (those the member-editing service edits)."""

    FULL_NAME = "full_name", _("Họ và tên")
    DATE_OF_BIRTH = "date_of_birth", _("Ngày sinh")
    SEX = "sex", _("Giới tính")
    ADMISSION_DATE = "admission_date", _("Ngày vào Đảng")
    FULL_MEMBERSHIP_DATE = "full_membership_date", _("Ngày chính thức")
    CARD_NUMBER = "card_number", _("Số thẻ đảng viên")
    # The profile (orgs.profile); the photo is changed by staff, not through a typed value.
    HOMETOWN = "hometown", _("Quê quán")
    ETHNICITY = "ethnicity", _("Dân tộc")
    RELIGION = "religion", _("Tôn giáo")
    EDUCATION = "education", _("Trình độ giáo dục phổ thông")
    SPECIALTY = "specialty", _("Chuyên môn, nghiệp vụ")
    POLITICAL_THEORY = "political_theory", _("Lý luận chính trị")
    OCCUPATION = "occupation", _("Nghề nghiệp")
    ID_NUMBER = "id_number", _("Số CCCD")
    PHONE = "phone", _("Điện thoại")
    EMAIL = "email", _("E-mail")


class CorrectionState(models.TextChoices):
    OPEN = "open", _("Đang chờ xử lý")
    ACCEPTED = "accepted", _("Đã chấp nhận và sửa hồ sơ")
    REFUSED = "refused", _("Không chấp nhận")


class CorrectionRequest(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="correction_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.CharField(_("thông tin cần sửa"), max_length=30, choices=CorrectionField.choices)
    # Both values as shown to people ("17/05/1985", "Nữ"): the record may change before staff decide.
    current_value = models.CharField(_("giá trị hiện tại"), max_length=120, blank=True)
    proposed_value = models.CharField(_("giá trị đề nghị"), max_length=120, blank=True)
    reason = models.CharField(_("lý do"), max_length=500)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=CorrectionState.choices, default=CorrectionState.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("ý kiến xử lý"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đề nghị sửa hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "đề nghị sửa hồ sơ")
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["member", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.field} {self.state}"
