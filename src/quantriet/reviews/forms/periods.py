"""Opening a review period: the unit (a picker over the units the user manages reviews of), the span and
the timetable; the service has the last word (rule set, order of the dates, a second period)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.forms.pickers import UnitPickerField
from quantriet.reviews.models import PeriodKind, ReviewPeriod
from quantriet.reviews.services.periods import open_period

QUARTERS = [("", "—"), ("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")]


class OpenPeriodForm(ServiceForm):
    unit = UnitPickerField(
        capability=C.MANAGE_REVIEWS,
        label=gettext_lazy("Cấp ủy mở đợt đánh giá (gõ tên hoặc mã)"),
        help_text=gettext_lazy("Mọi đảng viên và tổ chức đảng trong cây đơn vị này được đánh giá."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kỳ đánh giá"),
        choices=PeriodKind.choices,
        initial=PeriodKind.YEAR,
        help_text=gettext_lazy(
            "Đánh giá theo quý và theo nhiệm kỳ chỉ áp dụng từ năm 2025 (Quy định 366-QĐ/TW)."
        ),
    )
    year = forms.IntegerField(label=gettext_lazy("Năm (năm đầu nhiệm kỳ)"), min_value=1990, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quý (khi đánh giá theo quý)"),
        choices=QUARTERS,
        coerce=int,
        required=False,
        empty_value=None,
    )
    last_year = forms.IntegerField(
        label=gettext_lazy("Năm cuối nhiệm kỳ (khi đánh giá theo nhiệm kỳ)"),
        min_value=1990,
        max_value=2110,
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("Tên đợt đánh giá"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Để trống: “Đánh giá, xếp loại chất lượng năm … — tên đơn vị”."),
    )
    self_assessment_until = DateField(label=gettext_lazy("Hạn tự đánh giá, xếp loại"))
    meeting_until = DateField(label=gettext_lazy("Hạn họp chi bộ, đề xuất mức xếp loại"))
    decisions_until = DateField(label=gettext_lazy("Hạn quyết định xếp loại"))
    quota_enabled = forms.BooleanField(
        label=gettext_lazy("Áp dụng tỷ lệ HTXS không quá … so với HTT trong mỗi tổ chức cơ sở đảng"),
        required=False,
        initial=True,
    )
    quota_percent = forms.IntegerField(
        label=gettext_lazy("Tỷ lệ HTXS tối đa so với HTT (%)"), min_value=1, max_value=100, initial=20
    )

    service_fields = {"quota_share": "quota_percent"}

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        unit = self.fields["unit"]
        assert isinstance(unit, UnitPickerField)
        unit.scope = access.units(user, C.MANAGE_REVIEWS)

    def save(self, actor: Actor) -> ReviewPeriod | None:
        data = self.cleaned_data
        return self.run(
            lambda: open_period(
                actor,
                unit=data["unit"],
                kind=data["kind"],
                year=data["year"],
                quarter=data.get("quarter"),
                last_year=data.get("last_year"),
                title=data.get("title") or "",
                self_assessment_until=data["self_assessment_until"],
                meeting_until=data["meeting_until"],
                decisions_until=data["decisions_until"],
                quota_enabled=bool(data.get("quota_enabled")),
                quota_share=Decimal(data["quota_percent"]) / 100,
            )
        )
