"""Campaigns (đợt học tập, quán triệt), their conferences, bridge points, agenda, delegates and check-ins.

A campaign disseminates registry documents to an audience inside a subtree. Each conference has one
main point and any number of bridge points, each hosted by a unit; delegates are invited to one
point and carry a personal code. A check-in is a fact that only ever gets added: its ``client_id``
(made by the device that recorded it) makes a replayed submission count once.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.documents.models import Document
from quantriet.orgs.models import Member, Unit

# Personal codes are typed by hand at a point: no 0/O or 1/I to confuse. 12 symbols give 60 random bits.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 12


class Audience(models.TextChoices):
    KEY_CADRES = "key_cadres", _("Cán bộ chủ chốt")
    ALL_MEMBERS = "all_members", _("Toàn thể đảng viên")
    CATEGORIES = "categories", _("Các đối tượng được chọn")


class Category(models.TextChoices):
    """Who a delegate is, for the invitation proposal and the attendance board."""

    SECRETARY = "secretary", _("Bí thư, Phó Bí thư")
    COMMITTEE = "committee", _("Cấp ủy viên")
    PRESENTER = "presenter", _("Báo cáo viên")
    MEMBER = "member", _("Đảng viên")
    GUEST = "guest", _("Khách mời")


# Key cadres: those holding a committee post.
KEY_CADRE_CATEGORIES = (Category.SECRETARY, Category.COMMITTEE)
MEMBER_CATEGORIES = (Category.SECRETARY, Category.COMMITTEE, Category.PRESENTER, Category.MEMBER)


class PlanObligation(models.TextChoices):
    """Which units of the scope owe an implementation plan (chosen by the organisers)."""

    BELOW = "below", _("Các đơn vị cấp dưới trực tiếp")
    GRASSROOTS = "grassroots", _("Các tổ chức cơ sở đảng")
    CHOSEN = "chosen", _("Danh sách đơn vị được chọn")


class Campaign(models.Model):
    title = models.CharField(_("tên đợt học tập"), max_length=300)
    organising_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="campaigns"
    )
    scope_unit = models.ForeignKey(
        Unit, verbose_name=_("phạm vi"), on_delete=models.PROTECT, related_name="campaigns_in_scope"
    )
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices)
    categories = models.JSONField(_("các đối tượng"), default=list, blank=True)  # Category values
    documents = models.ManyToManyField(
        Document, verbose_name=_("văn bản học tập, quán triệt"), related_name="campaigns"
    )
    conference_date = models.DateField(_("ngày hội nghị"))
    plan_deadline = models.DateField(_("hạn nộp kế hoạch thực hiện"))
    report_deadline = models.DateField(_("hạn nộp báo cáo"))
    plans_owed_by = models.CharField(
        _("đơn vị phải nộp kế hoạch thực hiện"),
        max_length=12,
        choices=PlanObligation.choices,
        default=PlanObligation.BELOW,
    )
    # Only read when ``plans_owed_by`` is CHOSEN.
    chosen_plan_units = models.ManyToManyField(
        Unit, verbose_name=_("các đơn vị phải nộp kế hoạch"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đợt học tập, quán triệt")
        verbose_name_plural = pgettext_lazy("plural", "đợt học tập, quán triệt")
        ordering = ["-conference_date", "-id"]
        indexes = [models.Index(fields=["organising_unit", "conference_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(value, value)) for value in self.categories]


class Conference(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="conferences")
    title = models.CharField(_("tên hội nghị"), max_length=300)
    held_on = models.DateField(_("ngày họp"))
    starts_at = models.TimeField(_("giờ bắt đầu"))
    ends_at = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = pgettext_lazy("plural", "hội nghị")
        ordering = ["held_on", "starts_at", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:conference", args=[self.pk])

    def start(self) -> dt.datetime:
        """The starting time in the site's time zone (arrivals after it are late)."""
        return timezone.make_aware(dt.datetime.combine(self.held_on, self.starts_at))


class BridgePoint(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="points")
    host_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đăng cai"), on_delete=models.PROTECT, related_name="bridge_points"
    )
    name = models.CharField(_("tên điểm cầu"), max_length=200)
    is_main = models.BooleanField(_("điểm cầu chính"), default=False)
    address = models.CharField(_("địa chỉ"), max_length=300)
    capacity = models.PositiveIntegerField(_("sức chứa (chỗ ngồi)"))
    person_in_charge = models.ForeignKey(
        Member,
        verbose_name=_("người phụ trách"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tech_contact_name = models.CharField(_("cán bộ kỹ thuật"), max_length=120, blank=True)
    tech_contact_phone = models.CharField(_("số điện thoại kỹ thuật"), max_length=20, blank=True)
    video_link = models.URLField(_("đường dẫn truyền hình"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("điểm cầu")
        verbose_name_plural = pgettext_lazy("plural", "điểm cầu")
        ordering = ["-is_main", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference"], condition=Q(is_main=True), name="bridgepoint_one_main"
            ),
            models.UniqueConstraint(fields=["conference", "name"], name="bridgepoint_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:point", args=[self.pk])


class AgendaItem(models.Model):
    """One part of the programme: which presenter explains which document, in what order."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=300)
    presenter = models.ForeignKey(
        Member,
        verbose_name=_("báo cáo viên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), null=True, blank=True)

    class Meta:
        verbose_name = _("mục chương trình")
        verbose_name_plural = pgettext_lazy("plural", "mục chương trình")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["conference", "order"], name="agenda_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Delegate(models.Model):
    """An invitation to one conference at one point: a member of the registry, or a named guest."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="delegates")
    point = models.ForeignKey(BridgePoint, on_delete=models.PROTECT, related_name="delegates")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The member's cell when invited: the board counts by it even if they move later.
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    guest_name = models.CharField(_("họ và tên khách mời"), max_length=120, blank=True)
    category = models.CharField(_("đối tượng"), max_length=20, choices=Category.choices)
    code = models.CharField(_("mã cá nhân"), max_length=CODE_LENGTH, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = pgettext_lazy("plural", "đại biểu")
        ordering = ["point", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "member"], condition=Q(member__isnull=False), name="delegate_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.member.full_name if self.member_id is not None and self.member else self.guest_name

    @property
    def code_display(self) -> str:
        """The code in groups of four, as printed on the invitation (typing accepts either form)."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class Method(models.TextChoices):
    SCAN = "scan", _("Quét mã QR")
    TYPED = "typed", _("Nhập mã")
    NAME = "name", _("Chọn theo tên")
    GUEST = "guest", _("Khách không có giấy mời")


class CheckIn(models.Model):
    """Someone arrived at a point: an invited delegate (at most once per conference) or a guest."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="check_ins")
    point = models.ForeignKey(BridgePoint, on_delete=models.PROTECT, related_name="check_ins")
    delegate = models.ForeignKey(
        Delegate, null=True, blank=True, on_delete=models.PROTECT, related_name="check_ins"
    )
    guest_name = models.CharField(_("họ và tên khách"), max_length=120, blank=True)
    guest_note = models.CharField(_("chức vụ, đơn vị của khách"), max_length=200, blank=True)
    method = models.CharField(_("cách điểm danh"), max_length=10, choices=Method.choices)
    at = models.DateTimeField(_("thời điểm"))
    late = models.BooleanField(_("đến muộn"), default=False)
    # Invited to another point of the same conference: allowed, counted, and shown to the organisers.
    other_point = models.BooleanField(_("được mời ở điểm cầu khác"), default=False)
    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A wrong tap is reversed, never deleted: the row stays, counts only while ``reversed_at`` is empty.
    reversed_at = models.DateTimeField(_("thời điểm hủy"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reversal_reason = models.CharField(_("lý do hủy"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lượt điểm danh")
        verbose_name_plural = pgettext_lazy("plural", "lượt điểm danh")
        ordering = ["-at", "-id"]
        constraints = [
            # A second scan of the same invitation is refused here too, even under a race; a reversed
            # check-in no longer holds the place, so the delegate can be checked in again.
            models.UniqueConstraint(
                fields=["delegate"],
                condition=Q(delegate__isnull=False, reversed_at__isnull=True),
                name="checkin_once_per_delegate",
            ),
            models.CheckConstraint(
                condition=Q(delegate__isnull=False) | ~Q(guest_name=""), name="checkin_delegate_or_guest"
            ),
        ]
        indexes = [models.Index(fields=["point", "at"])]

    def __str__(self) -> str:
        return f"{self.delegate_id or self.guest_name} @ {self.point_id} {self.at:%H:%M}"

    @property
    def name(self) -> str:
        return self.delegate.name if self.delegate is not None else self.guest_name


# --- absences and make-up sessions ----------------------------------------------------------------


class AttendanceStatus(models.TextChoices):
    """Where a delegate stands after the conference (and its make-up sessions)."""

    PRESENT = "present", _("Có mặt")
    MADE_UP = "made_up", _("Có mặt ở buổi học bù")
    EXCUSED = "excused", _("Vắng có lý do")
    ABSENT = "absent", _("Vắng không lý do")


class Absence(models.Model):
    """An invited delegate who did not come, and why (an empty reason is an absence without reason)."""

    delegate = models.OneToOneField(Delegate, on_delete=models.CASCADE, related_name="absence")
    reason = models.CharField(_("lý do vắng"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vắng mặt")
        verbose_name_plural = pgettext_lazy("plural", "vắng mặt")
        ordering = ["delegate"]

    def __str__(self) -> str:
        return f"{self.delegate_id}: {self.reason}"


class MakeUpSession(models.Model):
    """A make-up session (học bù) for the absentees of one point; those checked in here count as present."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="makeup_sessions")
    point = models.ForeignKey(BridgePoint, on_delete=models.PROTECT, related_name="makeup_sessions")
    held_on = models.DateField(_("ngày học bù"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi học bù")
        verbose_name_plural = pgettext_lazy("plural", "buổi học bù")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.point_id} {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:makeup", args=[self.pk])


class MakeUpAttendance(models.Model):
    """An absentee who attended a make-up session (at most once: one session is enough)."""

    session = models.ForeignKey(MakeUpSession, on_delete=models.CASCADE, related_name="attendances")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="makeup_marks")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Reversed like a check-in: kept, no longer counted.
    reversed_at = models.DateTimeField(_("thời điểm hủy"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reversal_reason = models.CharField(_("lý do hủy"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lượt học bù")
        verbose_name_plural = pgettext_lazy("plural", "lượt học bù")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate"], condition=Q(reversed_at__isnull=True), name="makeup_once_per_delegate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id} @ {self.session_id}"


# --- implementation plans -------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại để sửa")


class ImplementationPlan(models.Model):
    """A unit's programme or plan implementing a campaign's documents (one per unit; resubmitted in place)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="plans")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    symbol = models.CharField(_("số và ký hiệu"), max_length=80)
    issued_on = models.DateField(_("ngày ban hành"))
    file = models.FileField(_("tệp"), upload_to="plans/%Y/%m/", max_length=255)
    file_name = models.CharField(_("tên tệp"), max_length=200)
    file_text = models.TextField(blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices)
    comment = models.TextField(_("ý kiến của cấp trên"), blank=True)
    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kế hoạch thực hiện")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch thực hiện")
        ordering = ["campaign", "unit__name_sort"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="plan_once_per_unit")]

    def __str__(self) -> str:
        return self.symbol

    @property
    def late(self) -> bool:
        """Submitted after the campaign's plan deadline (a day in the site's time zone)."""
        return timezone.localtime(self.submitted_at).date() > self.campaign.plan_deadline


class PlanAction(models.Model):
    """One action of a plan: what, who is in charge, by when."""

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField()
    action = models.CharField(_("nội dung công việc"), max_length=500)
    owner = models.CharField(_("người, bộ phận phụ trách"), max_length=200)
    deadline = models.DateField(_("thời hạn"))

    class Meta:
        verbose_name = _("nhiệm vụ trong kế hoạch")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ trong kế hoạch")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.action


class Reminder(models.Model):
    """A reminder to a unit that has not submitted its plan (shown on its plan page and in the audit)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc nộp kế hoạch")
        verbose_name_plural = pgettext_lazy("plural", "nhắc nộp kế hoạch")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.unit_id}"


# Kiosk keys live in their own module (the API part); imported here so that Django registers the model.
from quantriet.campaigns.kiosk_models import KioskKey as KioskKey  # noqa: E402
