"""The annual review's rows: periods, each member's and each organisation's review in a period, every level
set along the way, the discipline decisions the rules read, award forms and proposals, and party badges.

A review moves through ``ReviewState``: the person or collective assesses itself, the cell (or the advisory
body) proposes a level, the competent committee decides; a decision may later be cancelled and the review
rated again. Every level set is a ``RatingStep`` row (the history the member sees) and an audit entry.
What the rules allowed at the moment of a proposal or decision is stored beside it, with the reasons, so a
2022 rating re-read in 2026 shows the 2022 answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet import rules
from quantriet.orgs.models import Member, Unit


class RuleSetCode(models.TextChoices):
    HD21 = "hd21", _("Hướng dẫn 21-HD/BTCTW (2019–2022)")
    QD124 = "qd124", _("Quy định 124-QĐ/TW (2023–2024)")
    QD366 = "qd366", _("Quy định 366-QĐ/TW (từ 2025)")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    TERM = "term", _("Nhiệm kỳ")


class PeriodState(models.TextChoices):
    OPEN = "open", _("Đang đánh giá")
    CLOSED = "closed", _("Đã kết thúc")


class Level(models.TextChoices):
    """The four levels; the values are ``quantriet.rules.Level``'s."""

    EXCELLENT = "htxs", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "htt", _("Hoàn thành tốt nhiệm vụ")
    DONE = "ht", _("Hoàn thành nhiệm vụ")
    NOT_DONE = "kht", _("Không hoàn thành nhiệm vụ")


LEVEL_SHORT = {"htxs": "HTXS", "htt": "HTT", "ht": "HT", "kht": "KHT"}


class ReviewPeriod(models.Model):
    """A review period opened by a committee for its subtree: a year, a quarter or a term (qd366)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="review_periods")
    kind = models.CharField(_("kỳ đánh giá"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))  # the (first) year covered
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("năm cuối nhiệm kỳ"), null=True, blank=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    rule_set = models.CharField(_("bộ quy định áp dụng"), max_length=10, choices=RuleSetCode.choices)
    title = models.CharField(_("tên đợt đánh giá"), max_length=200)
    # The timetable, in the order the texts prescribe.
    self_assessment_until = models.DateField(_("hạn tự đánh giá"))
    meeting_until = models.DateField(_("hạn họp chi bộ, đề xuất mức xếp loại"))
    decisions_until = models.DateField(_("hạn quyết định xếp loại"))
    # HTXS at most this share of HTT within each grassroots organisation (unverified for qd366: a setting).
    quota_enabled = models.BooleanField(_("áp dụng tỷ lệ HTXS"), default=True)
    quota_share = models.DecimalField(
        _("tỷ lệ HTXS tối đa so với HTT"), max_digits=4, decimal_places=2, default=0.20
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt đánh giá, xếp loại")
        verbose_name_plural = pgettext_lazy("plural", "đợt đánh giá, xếp loại")
        ordering = ["-end", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "start"], name="review_period_once_per_span"),
        ]

    def __str__(self) -> str:
        return self.title

    def rules_period(self) -> rules.Period:
        return rules.Period(rules.PeriodKind(self.kind), self.start, self.end)

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN


class Standing(models.TextChoices):
    """Whether a member or an organisation is classified in the period, and why not."""

    RATED = "rated", _("Được xếp loại")
    EXEMPTED = "exempted", _("Miễn công tác và sinh hoạt đảng: không xếp loại")
    SUSPENDED = "suspended", _("Đình chỉ sinh hoạt đảng: không xếp loại")
    NEW = "new", _("Vào Đảng (thành lập) chưa đủ 6 tháng: đánh giá, không xếp loại")


class ReviewState(models.TextChoices):
    PENDING = "pending", _("Chưa tự đánh giá")
    SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
    PROPOSED = "proposed", _("Đã đề xuất mức xếp loại")
    DECIDED = "decided", _("Đã quyết định xếp loại")
    NOT_RATED = "not_rated", _("Không xếp loại")


class Rated(models.Model):
    """What a member's and an organisation's review share: facts, the self-assessment, proposal, decision."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.CASCADE, related_name="+")
    standing = models.CharField(
        _("diện xếp loại"), max_length=10, choices=Standing.choices, default=Standing.RATED
    )
    state = models.CharField(
        _("trạng thái"), max_length=15, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    # The facts the rules read, as ``rules.MemberFacts`` / ``OrganisationFacts`` fields (JSON-safe values).
    facts = models.JSONField(default=dict, blank=True)
    # What the platform knew when the review was opened or refreshed (campaigns, reports, disciplines…).
    prefill = models.JSONField(default=dict, blank=True)
    # The self-assessment form's sections (Mẫu 2A/2B/2C or 01 of HD 43; the earlier forms before 2025).
    form = models.CharField(_("mẫu"), max_length=10, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    self_level = models.CharField(_("tự xếp loại"), max_length=4, choices=Level.choices, blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    # The cell meeting's (or advisory body's) comments and proposal.
    meeting_comment = models.TextField(_("ý kiến của hội nghị"), blank=True)
    proposed_level = models.CharField(_("mức đề xuất"), max_length=4, choices=Level.choices, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    # What the rule set allowed at the last proposal or decision: the level and its reasons (text, article).
    allowed_level = models.CharField(
        _("mức tối đa theo quy định"), max_length=4, choices=Level.choices, blank=True
    )
    allowed_reasons = models.JSONField(default=list, blank=True)
    decided_level = models.CharField(_("mức xếp loại"), max_length=4, choices=Level.choices, blank=True)
    decision_reason = models.TextField(_("lý do"), blank=True)  # required when it differs from the proposal
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class MemberReview(Rated):
    """One member reviewed in one period at one place: a cadre with several posts is reviewed at each."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.CASCADE, related_name="member_reviews")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reviews")
    # The cell (or the committee of a post) where the member is reviewed; quotas count by its grassroots.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    grassroots = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    post = models.CharField(_("chức vụ nơi đánh giá"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("đánh giá đảng viên")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá đảng viên")
        ordering = ["period", "unit", "member__name_sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "member", "unit"], name="member_review_once_per_place"),
        ]
        indexes = [
            models.Index(fields=["period", "unit", "state"]),
            models.Index(fields=["period", "grassroots", "proposed_level"]),
            models.Index(fields=["period", "grassroots", "decided_level"]),
            models.Index(fields=["member", "period"]),
            # The result boards count levels per unit from this index alone (bench/reviews_results.py).
            models.Index(fields=["period", "unit", "state", "decided_level"], name="member_review_results"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.period}"


class OrganisationReview(Rated):
    """One party organisation (or its leadership collective) reviewed in one period."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.CASCADE, related_name="organisation_reviews")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reviews")
    # "tổ chức đảng" or "tập thể lãnh đạo" (the committee or standing committee of the unit).
    collective = models.BooleanField(_("tập thể lãnh đạo"), default=False)
    grassroots = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("đánh giá tổ chức đảng")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá tổ chức đảng")
        ordering = ["period", "unit__name_sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "collective"], name="organisation_review_once"),
        ]
        indexes = [models.Index(fields=["period", "state"]), models.Index(fields=["unit", "period"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"


class StepKind(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    PROPOSAL = "proposal", _("Đề xuất")
    DECISION = "decision", _("Quyết định")
    CANCELLATION = "cancel", _("Hủy kết quả")
    RERATING = "rerate", _("Xếp loại lại")


class RatingStep(models.Model):
    """Every level set on a review, in order: the history a member sees and inspectors read."""

    member_review = models.ForeignKey(
        MemberReview, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    organisation_review = models.ForeignKey(
        OrganisationReview, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    level = models.CharField(max_length=4, choices=Level.choices, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_review__isnull=False, organisation_review__isnull=True)
                | Q(member_review__isnull=True, organisation_review__isnull=False),
                name="rating_step_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.level}"


class DisciplineKind(models.TextChoices):
    """The values are ``quantriet.rules.DisciplineKind``'s."""

    REPRIMAND = "khien_trach", _("Khiển trách")
    WARNING = "canh_cao", _("Cảnh cáo")
    REMOVAL = "cach_chuc", _("Cách chức (giải tán)")
    EXPULSION = "khai_tru", _("Khai trừ")


class Discipline(models.Model):
    """A party discipline decision about a member or an organisation: one of the facts the rules read."""

    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines"
    )
    kind = models.CharField(_("hình thức kỷ luật"), max_length=12, choices=DisciplineKind.choices)
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    self_detected = models.BooleanField(_("tự phát hiện và khắc phục"), default=False)
    reason = models.CharField(_("nội dung vi phạm"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỷ luật đảng")
        verbose_name_plural = pgettext_lazy("plural", "kỷ luật đảng")
        ordering = ["-decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, unit__isnull=True)
                | Q(member__isnull=True, unit__isnull=False),
                name="discipline_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on:%d/%m/%Y}"

    def as_rules(self) -> rules.Discipline:
        return rules.Discipline(rules.DisciplineKind(self.kind), self.decided_on, self.self_detected)


class AwardKind(models.TextChoices):
    CERTIFICATE = "giay_khen", _("Giấy khen")
    MERIT = "bang_khen", _("Bằng khen")
    FLAG = "co_thi_dua", _("Cờ thi đua")


class AwardBasis(models.TextChoices):
    """What makes a candidate, computed from the decided ratings."""

    ORGANISATION_YEAR = "org_year", _("Tổ chức đảng HTXS (trong sạch, vững mạnh tiêu biểu) trong năm")
    ORGANISATION_YEARS = "org_years", _("Tổ chức đảng HTXS nhiều năm liền")
    MEMBER_YEAR = "member_year", _("Đảng viên HTXS trong năm")
    MEMBER_YEARS = "member_years", _("Đảng viên HTXS nhiều năm liền")


class AwardForm(models.Model):
    """An award a province (or another committee) grants, and on what basis: configured, never hard-coded."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_forms")
    name = models.CharField(_("tên hình thức khen thưởng"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=AwardKind.choices)
    basis = models.CharField(_("tiêu chuẩn"), max_length=15, choices=AwardBasis.choices)
    years = models.PositiveSmallIntegerField(_("số năm liền"), default=1)
    granted_by = models.CharField(_("cấp khen thưởng"), max_length=200)  # "Ban Thường vụ Tỉnh ủy"
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = pgettext_lazy("plural", "hình thức khen thưởng")
        ordering = ["unit", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="award_form_name_once")]

    def __str__(self) -> str:
        return self.name


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị")
    GRANTED = "granted", _("Đã khen thưởng")
    REFUSED = "refused", _("Không khen thưởng")
    WITHDRAWN = "withdrawn", _("Đã rút đề nghị")


class AwardProposal(models.Model):
    """A proposal that a member or an organisation receive an award for a year, and its decision."""

    form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="proposals")
    year = models.PositiveSmallIntegerField(_("năm"))
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proposing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    achievement = models.TextField(_("thành tích"), blank=True)
    state = models.CharField(max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = pgettext_lazy("plural", "đề nghị khen thưởng")
        ordering = ["-year", "form", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, unit__isnull=True)
                | Q(member__isnull=True, unit__isnull=False),
                name="award_proposal_one_subject",
            ),
            models.UniqueConstraint(
                fields=["form", "year", "member"], condition=Q(member__isnull=False), name="award_member_once"
            ),
            models.UniqueConstraint(
                fields=["form", "year", "unit"], condition=Q(unit__isnull=False), name="award_unit_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.year}"


class BadgeProposal(models.Model):
    """Huy hiệu Đảng: a member due a badge for N years of membership, proposed, granted on a customary day."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badges")
    years = models.PositiveSmallIntegerField(_("số năm tuổi Đảng"))
    due_on = models.DateField(_("đợt trao"))  # 3/2, 19/5, 2/9 or 7/11 on or after the anniversary
    proposing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("đề nghị tặng Huy hiệu Đảng")
        verbose_name_plural = pgettext_lazy("plural", "đề nghị tặng Huy hiệu Đảng")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="badge_once_per_milestone")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.years}"
