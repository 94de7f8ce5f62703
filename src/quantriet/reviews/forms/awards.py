"""Forms of recognition: an award form's settings, and a decision on award or badge proposals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.orgs.models import Unit
from quantriet.reviews.models import AwardBasis, AwardForm, AwardKind, ProposalState
from quantriet.reviews.services import awards as award_services

OUTCOMES = [
    (ProposalState.GRANTED.value, ProposalState.GRANTED.label),
    (ProposalState.REFUSED.value, ProposalState.REFUSED.label),
]


class AwardFormForm(ServiceForm):
    """An award a unit grants: its name, kind, basis, the years in a row it asks, and who grants it."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị khen thưởng"), queryset=Unit.objects.none())
    name = forms.CharField(label=gettext_lazy("Tên hình thức khen thưởng"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=AwardKind.choices)
    basis = forms.ChoiceField(label=gettext_lazy("Tiêu chuẩn"), choices=AwardBasis.choices)
    years = forms.IntegerField(
        label=gettext_lazy("Số năm liền (với tiêu chuẩn nhiều năm liền)"),
        min_value=1,
        max_value=award_services.MAX_YEARS,
        initial=5,
    )
    granted_by = forms.CharField(
        label=gettext_lazy("Cấp khen thưởng"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Ban Thường vụ Tỉnh ủy")}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], instance: AwardForm | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance = instance
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        if instance is not None:
            del self.fields["unit"]

    @staticmethod
    def initial_for(instance: AwardForm) -> dict[str, Any]:
        return {
            "name": instance.name,
            "kind": instance.kind,
            "basis": instance.basis,
            "years": instance.years,
            "granted_by": instance.granted_by,
        }

    def save(self, actor: Actor) -> AwardForm | None:
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "kind": data["kind"],
            "basis": data["basis"],
            "years": data["years"],
            "granted_by": data["granted_by"],
        }
        instance = self.instance
        if instance is not None:
            return self.run(lambda: award_services.update_form(actor, instance, **values))
        return self.run(lambda: award_services.create_form(actor, unit=data["unit"], **values))


class DecisionForm(forms.Form):
    """One decision on the proposals ticked: granted with its number and date, or refused with a reason."""

    outcome = forms.ChoiceField(label=gettext_lazy("Kết quả"), choices=OUTCOMES, widget=forms.RadioSelect)
    decision_number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=50, required=False)
    decided_on = DateField(label=gettext_lazy("Ngày quyết định"))
    reason = forms.CharField(
        label=gettext_lazy("Lý do (khi không khen thưởng)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    def decision(self) -> dict[str, Any]:
        data = self.cleaned_data
        decided_on: dt.date = data["decided_on"]
        return {
            "outcome": data["outcome"],
            "decision_number": data.get("decision_number") or "",
            "decided_on": decided_on,
            "reason": data.get("reason") or "",
        }
