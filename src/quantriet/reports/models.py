"""Learning reports (bài thu hoạch): the requirement, each member's report and its versions, what the
copy check found, the copying cases and their decisions, and the reference library.

The database is the source of truth. The copy index (``reports.checking``) is derived data: it can be
rebuilt from the versions, library texts and base texts kept here with one command.

A report moves through ``ReportStatus``; every step is also an ``ReportEvent`` row (the history the
member sees on their record) and an audit entry (what inspectors read).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Member, Unit


class Writers(models.TextChoices):
    AUDIENCE = "audience", _("Đối tượng của đợt học tập")
    CATEGORIES = "categories", _("Các đối tượng được chọn")


class Format(models.TextChoices):
    TYPED = "typed", _("Gõ trực tiếp trên trang")
    DOCX = "docx", _("Tệp Word (.docx)")
    PDF = "pdf", _("Tệp PDF có lớp chữ")
    ODT = "odt", _("Tệp OpenDocument (.odt)")
    TXT = "txt", _("Tệp văn bản (.txt)")


ALL_FORMATS = [choice.value for choice in Format]


class LatePolicy(models.TextChoices):
    REFUSE = "refuse", _("Không nhận bài nộp sau hạn")
    MARK = "mark", _("Nhận nhưng ghi là nộp muộn")


class Requirement(models.Model):
    """What the organisers ask of a campaign's members: who writes, by when, on what, how long."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="report_requirement")
    writers = models.CharField(_("ai phải viết"), max_length=20, choices=Writers.choices)
    categories = models.JSONField(_("các đối tượng phải viết"), default=list, blank=True)
    deadline = models.DateField(_("hạn nộp bài thu hoạch"))
    guidance = models.TextField(_("gợi ý nội dung"), blank=True)  # one question or heading per line
    min_words = models.PositiveIntegerField(_("số chữ tối thiểu"), default=300)
    max_words = models.PositiveIntegerField(_("số chữ tối đa"), default=5000)
    formats = models.JSONField(_("hình thức nộp"), default=list)  # Format values
    late_policy = models.CharField(_("bài nộp sau hạn"), max_length=10, choices=LatePolicy.choices)
    answer_days = models.PositiveSmallIntegerField(_("số ngày để giải trình"), default=7)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yêu cầu viết bài thu hoạch")
        verbose_name_plural = pgettext_lazy("plural", "yêu cầu viết bài thu hoạch")

    def __str__(self) -> str:
        return str(self.campaign)

    def closes_at(self) -> dt.datetime:
        """The end of the deadline day in the site's time zone: a report at 23:59 is on time."""
        return timezone.make_aware(dt.datetime.combine(self.deadline + dt.timedelta(days=1), dt.time()))

    def guidance_lines(self) -> list[str]:
        return [line.strip() for line in self.guidance.splitlines() if line.strip()]


class ReportStatus(models.TextChoices):
    REQUIRED = "required", _("Chưa nộp")
    SUBMITTED = "submitted", _("Đã nộp, chờ xem xét")
    RETURNED = "returned", _("Trả lại để viết lại")
    PASSED = "passed", _("Đạt")
    CASE = "case", _("Đang xem xét việc sao chép")
    COPIED = "copied", _("Kết luận có sao chép")


class Grade(models.TextChoices):
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")


class CheckState(models.TextChoices):
    NONE = "", _("Chưa có bài")
    PENDING = "pending", _("Đang kiểm tra")
    DONE = "done", _("Đã kiểm tra")


class LearningReport(models.Model):
    """One member's learning report for one campaign (a row per required member, made at publication)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="learning_reports")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="learning_reports")
    # The member's cell when the report was required: boards count by it even if they move later.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.REQUIRED
    )
    late = models.BooleanField(_("nộp muộn"), default=False)
    current = models.ForeignKey(
        "ReportVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    check_state = models.CharField(max_length=10, choices=CheckState.choices, default="", blank=True)
    # The highest share of this report found in another text (0..1), for the review queue's order.
    similarity = models.FloatField(default=0.0)
    findings_count = models.PositiveIntegerField(default=0)
    draft = models.TextField(_("bản nháp"), blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    # Set when returned for rewriting: the member may submit again until this day.
    rewrite_by = models.DateField(_("hạn viết lại"), null=True, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)
    grade = models.CharField(_("xếp loại bài"), max_length=4, choices=Grade.choices, blank=True)
    mark = models.DecimalField(_("điểm (thang 10)"), max_digits=3, decimal_places=1, null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bài thu hoạch")
        verbose_name_plural = pgettext_lazy("plural", "bài thu hoạch")
        ordering = ["campaign", "unit", "member__name_sort"]
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="report_once_per_member")]
        indexes = [
            models.Index(fields=["campaign", "unit", "status"]),
            models.Index(fields=["campaign", "status", "similarity"]),
            models.Index(fields=["member", "campaign"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.pk])


class Source(models.TextChoices):
    TYPED = "typed", _("Gõ trên trang")
    UPLOAD = "upload", _("Tải tệp lên")
    BATCH = "batch", _("Nộp thay theo lô")
    API = "api", _("Qua API")


class ReportVersion(models.Model):
    """One submitted text of a report. Versions are only ever added; the receipt is its digest."""

    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    digest = models.CharField(max_length=64)  # quantriet.text digest of the text: the receipt
    words = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)
    converted_from = models.CharField(max_length=20, blank=True)  # a legacy encoding: "TCVN3", "VNI"
    late = models.BooleanField(default=False)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)  # handed in by a secretary for a member without account
    # Set once the copy check of this version is stored (findings saved, text in the index).
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nộp bài")
        verbose_name_plural = pgettext_lazy("plural", "lần nộp bài")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="version_number_once"),
            models.UniqueConstraint(fields=["report", "digest"], name="version_text_once"),
        ]
        indexes = [models.Index(fields=["checked_at", "id"])]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"

    @property
    def receipt(self) -> str:
        """The digest as printed on the receipt: groups of four, first 20 hex digits."""
        return " ".join(self.digest[i : i + 4] for i in range(0, 20, 4)).upper()


class LibraryText(models.Model):
    """A reference text people copy from: a published sample report, a web article (thư viện tham khảo).

    ``campaign`` empty: the province-wide library of ``unit``, shared by every campaign in its subtree.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="library_texts"
    )
    title = models.CharField(_("tên tài liệu"), max_length=300)
    origin = models.CharField(_("nguồn (địa chỉ trang web, sách, báo)"), max_length=500, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    text = models.TextField(_("nội dung"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)  # in the copy index

    class Meta:
        verbose_name = _("tài liệu tham khảo")
        verbose_name_plural = pgettext_lazy("plural", "tài liệu tham khảo")
        ordering = ["-added_at", "-id"]

    def __str__(self) -> str:
        return self.title


class FindingKind(models.TextChoices):
    PEER = "peer", _("Trùng với bài của người khác")
    EARLIER = "earlier", _("Trùng với bài của người khác ở đợt trước")
    RECYCLED = "recycled", _("Dùng lại bài cũ của chính mình")
    REFERENCE = "reference", _("Trùng với tài liệu tham khảo")


class Finding(models.Model):
    """Passages of ``version`` (side a) found in another text (side b), as the copy check returned them.

    ``passages`` is a list of [a_start, a_end, b_start, b_end] code-point offsets into the two texts.
    A finding is evidence, never a verdict: only a reviewer's decision on a ``Case`` labels anyone.
    """

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="findings")
    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=10, choices=FindingKind.choices)
    other_version = models.ForeignKey(
        ReportVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="found_in"
    )
    other_report = models.ForeignKey(
        LearningReport, null=True, blank=True, on_delete=models.CASCADE, related_name="found_in"
    )
    library_text = models.ForeignKey(
        LibraryText, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    similarity = models.FloatField()  # share of side a's characters in the passages
    other_similarity = models.FloatField()  # share of side b's characters in the passages
    passages = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả kiểm tra trùng lặp")
        verbose_name_plural = pgettext_lazy("plural", "kết quả kiểm tra trùng lặp")
        ordering = ["-similarity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "other_version"],
                condition=Q(other_version__isnull=False),
                name="finding_once_per_version_pair",
            ),
            models.UniqueConstraint(
                fields=["version", "library_text"],
                condition=Q(library_text__isnull=False),
                name="finding_once_per_library_text",
            ),
            models.CheckConstraint(
                condition=Q(other_version__isnull=False) | Q(library_text__isnull=False),
                name="finding_has_other_side",
            ),
        ]
        indexes = [models.Index(fields=["report", "similarity"])]

    def __str__(self) -> str:
        return f"{self.version_id} ~ {self.other_version_id or self.library_text_id} {self.similarity:.2f}"


class CaseState(models.TextChoices):
    AWAITING_ANSWER = "answer", _("Chờ đảng viên giải trình")
    AWAITING_DECISION = "decision", _("Chờ cấp trên kết luận")
    DECIDED = "decided", _("Đã kết luận")


class Decision(models.TextChoices):
    COPIED = "copied", _("Có sao chép")
    NOT_COPIED = "not_copied", _("Không sao chép")


class Case(models.Model):
    """A copying case (vụ việc nghi sao chép) about one report: opened, answered, decided.

    ``unit`` is the lowest unit whose reviewers see both sides; the decision belongs to the level above it.
    """

    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="cases")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    findings = models.ManyToManyField(Finding, related_name="cases", blank=True)
    state = models.CharField(max_length=10, choices=CaseState.choices, default=CaseState.AWAITING_ANSWER)
    reason = models.TextField(_("lý do mở vụ việc"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    answer_by = models.DateField(_("hạn giải trình"))
    answer = models.TextField(_("giải trình"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("kết luận"), max_length=12, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("ý kiến kết luận"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vụ việc nghi sao chép")
        verbose_name_plural = pgettext_lazy("plural", "vụ việc nghi sao chép")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=~Q(state="decided"), name="case_one_open_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.state}"

    def get_absolute_url(self) -> str:
        return reverse("reports:case", args=[self.pk])


class EventKind(models.TextChoices):
    REQUIRED = "required", _("Được yêu cầu viết bài")
    SUBMITTED = "submitted", _("Nộp bài")
    CHECKED = "checked", _("Máy kiểm tra trùng lặp xong")
    PASSED = "passed", _("Được đánh giá đạt")
    RETURNED = "returned", _("Bị trả lại để viết lại")
    GRADED = "graded", _("Được chấm điểm")
    CASE_OPENED = "case_opened", _("Mở vụ việc nghi sao chép")
    ANSWERED = "answered", _("Giải trình")
    DECIDED = "decided", _("Cấp trên kết luận")


class ReportEvent(models.Model):
    """One step in a report's history, shown to the member and to reviewers (rows are only added)."""

    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("diễn biến bài thu hoạch")
        verbose_name_plural = pgettext_lazy("plural", "diễn biến bài thu hoạch")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class RunState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Xong")
    FAILED = "failed", _("Lỗi")


class CohortRun(models.Model):
    """A whole-cohort re-check of a campaign's reports, with its progress for the page's bar."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="cohort_runs")
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt kiểm tra toàn bộ")
        verbose_name_plural = pgettext_lazy("plural", "lượt kiểm tra toàn bộ")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.state} {self.done}/{self.total}"
