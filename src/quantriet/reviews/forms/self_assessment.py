"""The self-assessment forms, built from the period's form (``services.self_assessment.FORMS``): a text
box per section, the facts the rule set reads (shares typed as percentages) and the level chosen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.reviews.models import LEVEL_SHORT, Level, MemberReview, OrganisationReview, Standing
from quantriet.reviews.services import self_assessment as service
from quantriet.reviews.services.self_assessment import FORMS, LATE_KEY, FormSpec

LEVEL_CHOICES = [("", "—"), *((value, f"{LEVEL_SHORT[value]} — {label}") for value, label in Level.choices)]
GRADE_CHOICES = [
    ("", gettext_lazy("— chưa tự đánh giá —")),
    ("xuat_sac", gettext_lazy("Xuất sắc")),
    ("tot", gettext_lazy("Tốt")),
    ("trung_binh", gettext_lazy("Trung bình")),
    ("kem", gettext_lazy("Kém")),
]
CIVIL_SERVANT_CHOICES = [("", gettext_lazy("Không phải công chức, viên chức")), *LEVEL_CHOICES[1:]]
PERCENT = (
    "tasks_done_share",
    "tasks_on_time_share",
    "tasks_exceeded_share",
    "shortcomings_remedied_share",
    "tasks_late_share",
)


def _percent(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100, required=False)


def _days(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=3660, required=False)


FACT_FIELDS: dict[str, Any] = {
    "points": lambda: forms.DecimalField(
        label=gettext_lazy("Tự chấm điểm (thang 100 điểm)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
    ),
    "tasks_done_share": lambda: _percent(gettext_lazy("Tỷ lệ chỉ tiêu, nhiệm vụ hoàn thành (%)")),
    "tasks_on_time_share": lambda: _percent(
        gettext_lazy("Tỷ lệ nhiệm vụ hoàn thành đúng hạn, bảo đảm chất lượng (%)")
    ),
    "tasks_exceeded_share": lambda: _percent(gettext_lazy("Tỷ lệ nhiệm vụ vượt yêu cầu (%)")),
    "shortcomings_remedied_share": lambda: _percent(
        gettext_lazy("Tỷ lệ hạn chế, khuyết điểm đã chỉ ra được khắc phục (%)")
    ),
    "tasks_late_share": lambda: _percent(gettext_lazy("Tỷ lệ nhiệm vụ hoàn thành chậm (%)")),
    "sick_leave_days": lambda: _days(gettext_lazy("Số ngày nghỉ ốm trong kỳ")),
    "maternity_leave_days": lambda: _days(gettext_lazy("Số ngày nghỉ thai sản trong kỳ")),
    "civil_servant_level": lambda: forms.ChoiceField(
        label=gettext_lazy("Kết quả xếp loại công chức, viên chức trong kỳ"),
        choices=CIVIL_SERVANT_CHOICES,
        required=False,
    ),
    "task_grades": lambda: forms.ChoiceField(
        label=gettext_lazy("Tiêu chí kết quả thực hiện nhiệm vụ chính trị được giao"),
        choices=GRADE_CHOICES,
        required=False,
    ),
    "other_grades": lambda: forms.ChoiceField(
        label=gettext_lazy("Các tiêu chí còn lại (tư tưởng, đạo đức, lối sống, kỷ luật…): mức thấp nhất"),
        choices=GRADE_CHOICES,
        required=False,
    ),
}


def facts_initial(stored: dict[str, Any], inputs: tuple[str, ...]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in inputs:
        value = stored.get(name)
        if value is None:
            continue
        if name in PERCENT and isinstance(value, (int, float)):
            initial[name] = round(value * 100)
        elif name in ("task_grades", "other_grades") and isinstance(value, list):
            initial[name] = min(value, key=["kem", "trung_binh", "tot", "xuat_sac"].index) if value else ""
        else:
            initial[name] = value
    return initial


class SelfAssessmentForm(ServiceForm):
    """Sections, facts and level of one review's form (a member's or a collective's)."""

    level = forms.ChoiceField(label=gettext_lazy("Tự xếp loại"), choices=LEVEL_CHOICES, required=False)

    def __init__(
        self,
        *args: Any,
        review: MemberReview | OrganisationReview,
        spec: FormSpec,
        form_choices: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        answers = review.answers if isinstance(review.answers, dict) else {}
        stored = review.facts if isinstance(review.facts, dict) else {}
        initial = {
            **{s.key: answers.get(s.key, "") for s in spec.sections},
            **facts_initial(stored, spec.inputs),
            "level": review.self_level,
            "form": spec.code,
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.review = review
        self.spec = spec
        if form_choices and len(form_choices) > 1:
            self.fields["form"] = forms.ChoiceField(
                label=gettext_lazy("Mẫu bản tự kiểm điểm"),
                choices=[(code, FORMS[code].title) for code in form_choices],
            )
        for section in spec.sections:
            self.fields[section.key] = forms.CharField(
                label=section.label,
                required=section.required,
                max_length=service.MAX_ANSWER,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": gettext_lazy("Hãy ghi mục này.")},
            )
        for name in spec.inputs:
            self.fields[name] = FACT_FIELDS[name]()
        if review.standing == Standing.NEW:
            self.fields["level"].help_text = gettext_lazy("Chưa đủ 6 tháng: tự kiểm điểm, không tự xếp loại.")
        else:
            self.fields["level"].required = True
        self.service_fields = {"facts": "points"}
        # Move the level last, after the facts it depends on.
        self.fields["level"] = self.fields.pop("level")

    def answers(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(s.key) or "" for s in self.spec.sections}

    def facts(self) -> dict[str, Any]:
        typed: dict[str, Any] = {}
        for name in self.spec.inputs:
            value = self.cleaned_data.get(name)
            if value is None or value == "":
                continue
            if name in PERCENT:
                typed[name] = value / 100
            elif isinstance(value, Decimal):
                typed[name] = float(value)
            elif name in ("task_grades", "other_grades"):
                typed[name] = [value]
            else:
                typed[name] = value
        return typed

    def save(self, actor: Actor) -> MemberReview | OrganisationReview | None:
        level = self.cleaned_data.get("level") or ""
        review = self.review
        if isinstance(review, MemberReview):
            code = self.cleaned_data.get("form") or ""
            return self.run(
                lambda: service.submit_self_assessment(
                    actor, review, answers=self.answers(), facts=self.facts(), level=level, form=code
                )
            )
        return self.run(
            lambda: service.submit_collective_assessment(
                actor, review, answers=self.answers(), facts=self.facts(), level=level
            )
        )


def is_late(review: MemberReview | OrganisationReview) -> bool:
    return isinstance(review.answers, dict) and bool(review.answers.get(LATE_KEY))
