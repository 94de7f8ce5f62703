"""A member's self-assessment and a collective's, and the forms they fill in.

The forms follow the rule set of the period: under Quy định 366 (from 2025) the forms of Hướng dẫn 43 —
Mẫu 2A (cadres and leaders), 2B (members working in the political system), 2C (members who do not), Mẫu 01
for collectives — with the self-score on the 100-point scale; before 2025 the earlier forms, whose
criteria are graded (Xuất sắc, Tốt, Trung bình, Kém).

Deadlines: a self-assessment is taken until the cell meeting's deadline; after the self-assessment
deadline it is marked late (the meeting may still read it). Once the cell has proposed a level, or the
period is closed, it can no longer be changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet import rules
from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.services import record_audit
from quantriet.reviews import facts as known
from quantriet.reviews.models import (
    LEVEL_SHORT,
    MemberReview,
    OrganisationReview,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
    Standing,
    StepKind,
)

MAX_ANSWER = 8000
LATE_KEY = "_late"


@dataclass(frozen=True)
class Section:
    key: str
    label: Any  # a lazy translation
    required: bool = True


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: Any
    sections: tuple[Section, ...]
    # The facts the form asks for (``reviews.facts`` names).
    inputs: tuple[str, ...]


_STRENGTHS = Section(
    "uu_diem", gettext_lazy("Ưu điểm (tư tưởng chính trị; đạo đức, lối sống; ý thức tổ chức kỷ luật)")
)
_RESULTS = Section("ket_qua", gettext_lazy("Kết quả thực hiện chức trách, nhiệm vụ được giao trong kỳ"))
_LEADING = Section(
    "lanh_dao", gettext_lazy("Kết quả lãnh đạo, quản lý cơ quan, đơn vị, lĩnh vực được giao phụ trách")
)
_WEAKNESSES = Section("han_che", gettext_lazy("Hạn chế, khuyết điểm"))
_CAUSES = Section("nguyen_nhan", gettext_lazy("Nguyên nhân của hạn chế, khuyết điểm"))
_REMEDIED = Section(
    "da_khac_phuc", gettext_lazy("Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra"), required=False
)
_MEASURES = Section("bien_phap", gettext_lazy("Phương hướng, biện pháp khắc phục"))
_PLEDGE = Section(
    "cam_ket", gettext_lazy("Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu"), required=False
)

_POINTS_INPUTS = (
    "points",
    "tasks_on_time_share",
    "tasks_exceeded_share",
    "shortcomings_remedied_share",
    "sick_leave_days",
    "maternity_leave_days",
    "civil_servant_level",
)
_GRADED_INPUTS = (
    "task_grades",
    "other_grades",
    "tasks_done_share",
    "sick_leave_days",
    "maternity_leave_days",
    "civil_servant_level",
)

FORMS: dict[str, FormSpec] = {
    "2A": FormSpec(
        "2A",
        gettext_lazy("Mẫu 2A — Bản tự kiểm điểm, đánh giá của cán bộ lãnh đạo, quản lý"),
        (_STRENGTHS, _RESULTS, _LEADING, _WEAKNESSES, _CAUSES, _REMEDIED, _MEASURES),
        _POINTS_INPUTS,
    ),
    "2B": FormSpec(
        "2B",
        gettext_lazy("Mẫu 2B — Bản tự kiểm điểm, đánh giá của đảng viên công tác trong hệ thống chính trị"),
        (_STRENGTHS, _RESULTS, _WEAKNESSES, _CAUSES, _REMEDIED, _MEASURES),
        _POINTS_INPUTS,
    ),
    "2C": FormSpec(
        "2C",
        gettext_lazy(
            "Mẫu 2C — Bản tự kiểm điểm, đánh giá của đảng viên không công tác trong hệ thống chính trị"
        ),
        (_STRENGTHS, _RESULTS, _WEAKNESSES, _CAUSES, _MEASURES),
        ("points", "tasks_on_time_share", "tasks_exceeded_share", "sick_leave_days"),
    ),
    "hd21": FormSpec(
        "hd21",
        gettext_lazy("Bản kiểm điểm cá nhân (Hướng dẫn 21-HD/BTCTW)"),
        (_STRENGTHS, _RESULTS, _WEAKNESSES, _CAUSES, _MEASURES, _PLEDGE),
        _GRADED_INPUTS,
    ),
    "qd124": FormSpec(
        "qd124",
        gettext_lazy("Bản kiểm điểm cá nhân (Quy định 124-QĐ/TW)"),
        (_STRENGTHS, _RESULTS, _WEAKNESSES, _CAUSES, _REMEDIED, _MEASURES),
        (*_GRADED_INPUTS, "tasks_on_time_share", "tasks_exceeded_share"),
    ),
    "01": FormSpec(
        "01",
        gettext_lazy("Mẫu 01 — Báo cáo kiểm điểm của tập thể, tổ chức đảng"),
        (
            Section("ket_qua", gettext_lazy("Kết quả thực hiện chức năng, nhiệm vụ, các chỉ tiêu trong kỳ")),
            _WEAKNESSES,
            _CAUSES,
            _REMEDIED,
            Section("bai_hoc", gettext_lazy("Bài học kinh nghiệm"), required=False),
            _MEASURES,
        ),
        (
            "points",
            "tasks_on_time_share",
            "tasks_exceeded_share",
            "tasks_late_share",
            "shortcomings_remedied_share",
        ),
    ),
    "hd21-tc": FormSpec(
        "hd21-tc",
        gettext_lazy("Báo cáo kiểm điểm của tập thể (Hướng dẫn 21-HD/BTCTW)"),
        (
            Section("ket_qua", gettext_lazy("Kết quả thực hiện nhiệm vụ trong năm")),
            _WEAKNESSES,
            _CAUSES,
            _MEASURES,
        ),
        ("task_grades", "other_grades", "tasks_done_share"),
    ),
    "qd124-tc": FormSpec(
        "qd124-tc",
        gettext_lazy("Báo cáo kiểm điểm của tập thể (Quy định 124-QĐ/TW)"),
        (
            Section("ket_qua", gettext_lazy("Kết quả thực hiện nhiệm vụ trong năm")),
            _WEAKNESSES,
            _CAUSES,
            _MEASURES,
        ),
        ("task_grades", "other_grades", "tasks_done_share", "tasks_on_time_share"),
    ),
}


def member_forms(period: ReviewPeriod, review: MemberReview) -> list[str]:
    """The forms a member may fill in: 2A for a post's holder, 2B or 2C for others (qd366)."""
    if period.rule_set == RuleSetCode.QD366:
        return ["2A"] if review.post else ["2B", "2C"]
    return [period.rule_set]


def form_of(review: MemberReview | OrganisationReview) -> FormSpec:
    period = review.period
    if isinstance(review, OrganisationReview):
        code = "01" if period.rule_set == RuleSetCode.QD366 else f"{period.rule_set}-tc"
        return FORMS[code]
    allowed = member_forms(period, review)
    return FORMS[review.form if review.form in allowed else allowed[0]]


def _clean_answers(spec: FormSpec, answers: Mapping[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for section in spec.sections:
        value = answers.get(section.key, "")
        text = value.replace("\x00", "").strip() if isinstance(value, str) else ""
        if section.required and not text:
            errors[section.key] = _("Hãy ghi mục này.")
        elif len(text) > MAX_ANSWER:
            errors[section.key] = _("Mục này dài quá %(n)s ký tự.") % {
                "n": f"{MAX_ANSWER:,}".replace(",", ".")
            }
        clean[section.key] = text
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_facts(spec: FormSpec, typed: Mapping[str, Any], *, member: bool) -> dict[str, Any]:
    unknown = [name for name in typed if name not in spec.inputs]
    if unknown:
        raise ValidationError({unknown[0]: _("Mẫu này không có mục “%(name)s”.") % {"name": unknown[0]}})
    try:
        return known.clean_facts(typed, member=member)
    except known.FactsError as error:
        raise ValidationError({error.field: error.message_vi}) from None


def _check_time(period: ReviewPeriod) -> bool:
    """Refuse after the period closed or the meeting deadline; True when late (after self-assessment)."""
    if not period.is_open:
        raise ValidationError(_("Đợt đánh giá đã kết thúc; không thể sửa bản tự đánh giá."))
    today = timezone.localdate()
    if today > period.meeting_until:
        raise ValidationError(
            _("Đã quá hạn họp chi bộ (%(day)s); không nhận bản tự đánh giá nữa.")
            % {"day": f"{period.meeting_until:%d/%m/%Y}"}
        )
    return today > period.self_assessment_until


def _check_state(review: MemberReview | OrganisationReview) -> None:
    if review.standing in (Standing.EXEMPTED, Standing.SUSPENDED):
        raise ValidationError(
            _("Không thuộc diện đánh giá, xếp loại trong đợt này: %(why)s.")
            % {"why": Standing(review.standing).label}
        )
    if review.state in (ReviewState.PROPOSED, ReviewState.DECIDED):
        raise ValidationError(
            _("Đã có mức đề xuất hoặc quyết định xếp loại; không thể sửa bản tự đánh giá nữa.")
        )


def _check_level(review: MemberReview | OrganisationReview, level: str) -> rules.Allowance:
    allowance = known.allowance(review)
    if review.standing == Standing.NEW:
        if level:
            raise ValidationError({"level": _("Chưa đủ 6 tháng: tự kiểm điểm, không tự xếp loại.")})
        return allowance
    if level not in rules.Level._value2member_map_:
        raise ValidationError({"level": _("Hãy chọn mức tự xếp loại.")})
    refusal = allowance.refusal_vi(rules.Level(level))
    if refusal is not None:
        raise ValidationError({"level": refusal})
    return allowance


def _save(
    actor: Actor | None,
    review: MemberReview | OrganisationReview,
    *,
    answers: dict[str, str],
    typed: dict[str, Any],
    level: str,
    late: bool,
    form: str,
) -> None:
    stored = review.facts if isinstance(review.facts, dict) else {}
    review.facts = {**{k: v for k, v in stored.items() if k not in form_of(review).inputs}, **typed}
    allowance = _check_level(review, level)
    if late:
        answers[LATE_KEY] = timezone.localdate().isoformat()
    review.answers = answers
    review.form = form
    review.self_level = level
    review.self_assessed_at = timezone.now()
    if review.state != ReviewState.NOT_RATED:
        review.state = ReviewState.SELF_ASSESSED
    review.allowed_level = allowance.level.value if allowance.level is not None else ""
    review.allowed_reasons = [{"text": r.text_vi, "code": r.code} for r in allowance.reasons]
    review.save(
        update_fields=[
            "facts",
            "answers",
            "form",
            "self_level",
            "self_assessed_at",
            "state",
            "allowed_level",
            "allowed_reasons",
            "updated_at",
        ]
    )
    step = RatingStep(
        kind=StepKind.SELF, level=level, reason=_("Nộp muộn") if late else "", actor_id=_uid(actor)
    )
    if isinstance(review, MemberReview):
        step.member_review = review
        subject, unit = review.member.full_name, review.unit
    else:
        step.organisation_review = review
        subject, unit = review.unit.name, review.unit
    step.save()
    record_audit(
        actor,
        "reviews.self_assessed",
        review,
        unit=unit,
        summary=_("Tự đánh giá, xếp loại: %(who)s — %(level)s%(late)s")
        % {
            "who": subject,
            "level": LEVEL_SHORT.get(level, _("không xếp loại")),
            "late": " (" + _("nộp muộn") + ")" if late else "",
        },
        changes={"level": level, "facts": typed, "late": late, "form": form},
    )


def _uid(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


@transaction.atomic
def submit_self_assessment(
    actor: Actor | None,
    review: MemberReview,
    *,
    answers: Mapping[str, str],
    facts: Mapping[str, Any],
    level: str,
    form: str = "",
) -> MemberReview:
    """The member's own self-assessment (only the member: others answer 404)."""
    review = (
        MemberReview.objects.select_for_update(of=("self",))
        .select_related("period", "member", "unit")
        .get(pk=review.pk)
    )
    if actor is not None and (not actor.is_authenticated or review.member.user_id != actor.pk):
        raise Http404
    late = _check_time(review.period)
    _check_state(review)
    choices = member_forms(review.period, review)
    code = form or (review.form if review.form in choices else choices[0])
    if code not in choices:
        raise ValidationError({"form": _("Hãy chọn mẫu bản tự kiểm điểm phù hợp.")})
    review.form = code
    spec = FORMS[code]
    clean_answers = _clean_answers(spec, answers)
    typed = _clean_facts(spec, facts, member=True)
    _save(actor, review, answers=clean_answers, typed=typed, level=level, late=late, form=code)
    return review


@transaction.atomic
def submit_collective_assessment(
    actor: Actor | None,
    review: OrganisationReview,
    *,
    answers: Mapping[str, str],
    facts: Mapping[str, Any],
    level: str,
) -> OrganisationReview:
    """Mẫu 01: the collective's self-assessment, by the unit's secretary or organisation staff above."""
    review = (
        OrganisationReview.objects.select_for_update(of=("self",))
        .select_related("period", "unit")
        .get(pk=review.pk)
    )
    if actor is not None and not access.can(actor, C.PROPOSE_RATINGS, review.unit_id):
        raise Http404
    late = _check_time(review.period)
    _check_state(review)
    spec = form_of(review)
    clean_answers = _clean_answers(spec, answers)
    typed = _clean_facts(spec, facts, member=False)
    _save(actor, review, answers=clean_answers, typed=typed, level=level, late=late, form=spec.code)
    return review
