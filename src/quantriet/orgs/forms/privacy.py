"""Forms of a member's correction request and of the staff's decision on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.orgs.models import CorrectionField, CorrectionRequest, Member
from quantriet.orgs.services import privacy


class CorrectionRequestForm(ServiceForm):
    field = forms.ChoiceField(label=gettext_lazy("Thông tin cần sửa"), choices=CorrectionField.choices)
    proposed_value = forms.CharField(
        label=gettext_lazy("Giá trị đúng"),
        max_length=120,
        required=False,
        help_text=gettext_lazy(
            "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 17/05/1985; giới tính ghi Nam hoặc Nữ."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do, căn cứ"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Ví dụ: theo giấy khai sinh; theo quyết định kết nạp số …"),
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def save(self, actor: Actor) -> CorrectionRequest | None:
        data = self.cleaned_data
        return self.run(
            lambda: privacy.request_correction(
                actor,
                self.member,
                field=data["field"],
                proposed=data.get("proposed_value") or "",
                reason=data.get("reason") or "",
            )
        )


class CorrectionDecisionForm(ServiceForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Quyết định"),
        choices=[
            ("accept", gettext_lazy("Chấp nhận và sửa hồ sơ")),
            ("refuse", gettext_lazy("Không chấp nhận")),
        ],
        widget=forms.RadioSelect,
    )
    decision_note = forms.CharField(
        label=gettext_lazy("Ý kiến xử lý"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Bắt buộc khi không chấp nhận: đảng viên sẽ đọc ý kiến này."),
    )

    def __init__(self, *args: Any, correction: CorrectionRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correction = correction

    def save(self, actor: Actor) -> CorrectionRequest | None:
        data = self.cleaned_data
        return self.run(
            lambda: privacy.decide_correction(
                actor,
                self.correction,
                accept=data["decision"] == "accept",
                note=data.get("decision_note") or "",
            )
        )
