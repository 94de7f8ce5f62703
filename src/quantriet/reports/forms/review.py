"""The reviewers' forms: pass, grade, return for rewriting, open a case; the member's answer; the decision.

Each validates what was typed and hands clean values to ``reports.services.reviewing``, which has the
last word (its messages land on the field they name).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.reports.models import Case, Decision, Finding, Grade, LearningReport
from quantriet.reports.services import reviewing

_TEXTAREA = forms.Textarea(attrs={"rows": 4})


class MarkField(forms.Field):
    """A mark out of ten, typed "8,5" or "8.5"; blank for none."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "4"})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace(",", ".")
        if not text:
            return None
        if len(text) > 10:
            raise ValidationError(_("Điểm phải là một số từ 0 đến 10, ví dụ 8,5."))
        try:
            mark = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Điểm phải là một số từ 0 đến 10, ví dụ 8,5.")) from None
        if not mark.is_finite() or not Decimal(0) <= mark <= Decimal(10):
            raise ValidationError(_("Điểm phải từ 0 đến 10."))
        if mark != mark.quantize(Decimal("0.1")):
            raise ValidationError(_("Điểm chỉ lấy một chữ số thập phân, ví dụ 8,5."))
        return mark.quantize(Decimal("0.1"))


class PassForm(ServiceForm):
    prefix = "pass"
    mark = MarkField(label=_("Điểm (thang 10, không bắt buộc)"), required=False)
    comment = forms.CharField(label=_("Nhận xét"), required=False, max_length=4000, widget=_TEXTAREA)

    def __init__(self, *args: Any, report: LearningReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report

    def save(self, actor: Actor) -> LearningReport | None:
        data = self.cleaned_data
        return self.run(
            lambda: reviewing.pass_report(
                actor, self.report, comment=data["comment"], grade=Grade.PASS, mark=data["mark"]
            )
        )


class GradeForm(ServiceForm):
    prefix = "grade"
    grade = forms.ChoiceField(
        label=_("Xếp loại"), choices=[("", _("— không xếp loại —")), *Grade.choices], required=False
    )
    mark = MarkField(label=_("Điểm (thang 10)"), required=False)
    comment = forms.CharField(label=_("Nhận xét"), required=False, max_length=4000, widget=_TEXTAREA)

    def __init__(self, *args: Any, report: LearningReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("grade") and data.get("mark") is None and not self.errors:
            raise ValidationError(_("Hãy chọn xếp loại hoặc nhập điểm."))
        return data

    def save(self, actor: Actor) -> LearningReport | None:
        data = self.cleaned_data
        return self.run(
            lambda: reviewing.grade_report(
                actor, self.report, grade=data["grade"], mark=data["mark"], comment=data["comment"]
            )
        )


class ReturnForm(ServiceForm):
    prefix = "return"
    comment = forms.CharField(
        label=_("Cần viết lại những gì"),
        max_length=4000,
        widget=_TEXTAREA,
        error_messages={"required": _("Hãy ghi rõ lý do trả lại để đảng viên biết cần sửa gì.")},
    )
    rewrite_by = DateField(
        label=_("Hạn viết lại"), error_messages={"required": _("Hãy nhập hạn viết lại (ngày/tháng/năm).")}
    )

    def __init__(self, *args: Any, report: LearningReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report

    def save(self, actor: Actor) -> LearningReport | None:
        data = self.cleaned_data
        return self.run(
            lambda: reviewing.return_report(
                actor, self.report, comment=data["comment"], rewrite_by=data["rewrite_by"]
            )
        )


class OpenCaseForm(ServiceForm):
    prefix = "case"
    reason = forms.CharField(
        label=_("Lý do mở vụ việc"),
        max_length=4000,
        widget=_TEXTAREA,
        error_messages={"required": _("Hãy ghi lý do mở vụ việc.")},
    )
    findings = forms.MultipleChoiceField(
        label=_("Căn cứ (kết quả trùng lặp)"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Hãy chọn ít nhất một kết quả trùng lặp làm căn cứ."),
            "invalid_choice": _("Kết quả trùng lặp đã chọn không thuộc bài này; hãy tải lại trang."),
        },
    )

    def __init__(
        self, *args: Any, report: LearningReport, findings: list[tuple[Finding, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.by_id = {str(f.pk): f for f, _label in findings}
        field = self.fields["findings"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(f.pk), label) for f, label in findings]

    def save(self, actor: Actor) -> Case | None:
        data = self.cleaned_data
        chosen = [self.by_id[i] for i in data["findings"]]
        return self.run(
            lambda: reviewing.open_case(actor, self.report, reason=data["reason"], findings=chosen)
        )


class AnswerForm(ServiceForm):
    prefix = "answer"
    answer = forms.CharField(
        label=_("Giải trình của đồng chí"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Nội dung giải trình đang trống.")},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def save(self, actor: Actor) -> Case | None:
        return self.run(lambda: reviewing.answer_case(actor, self.case, answer=self.cleaned_data["answer"]))


class DecideForm(ServiceForm):
    prefix = "decide"
    decision = forms.ChoiceField(
        label=_("Kết luận"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn kết luận."),
            "invalid_choice": _("Hãy chọn kết luận."),
        },
    )
    note = forms.CharField(
        label=_("Ý kiến kết luận"),
        max_length=4000,
        widget=_TEXTAREA,
        error_messages={"required": _("Hãy ghi ý kiến kết luận.")},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def save(self, actor: Actor) -> Case | None:
        data = self.cleaned_data
        return self.run(
            lambda: reviewing.decide_case(actor, self.case, decision=data["decision"], note=data["note"])
        )
