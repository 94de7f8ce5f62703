"""Creating and editing a campaign."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from quantriet.campaigns import selectors, services
from quantriet.campaigns.forms.fields import DocumentSymbolsField, UnitCodesField
from quantriet.campaigns.models import MEMBER_CATEGORIES, Audience, Campaign, PlanObligation
from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.orgs.forms.common import UnitCodeField
from quantriet.orgs.forms.pickers import UnitPickerField


class CampaignForm(ServiceForm):
    title = forms.CharField(label=gettext_lazy("Tên đợt học tập, quán triệt"), max_length=300)
    organising_unit = UnitPickerField(
        capability="manage_campaigns", label=gettext_lazy("Đơn vị tổ chức (gõ tên hoặc mã)")
    )
    scope_unit = UnitPickerField(
        capability="manage_campaigns",
        label=gettext_lazy("Đơn vị phạm vi (gõ tên hoặc mã)"),
        required=False,
        help_text=gettext_lazy("Cây đơn vị học tập, quán triệt. Để trống: toàn bộ đơn vị tổ chức."),
    )
    documents = DocumentSymbolsField(
        label=gettext_lazy("Văn bản cần học tập, quán triệt"),
        help_text=gettext_lazy("Số ký hiệu, mỗi dòng một văn bản, ví dụ 35-NQ/TW."),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Đối tượng"), choices=Audience.choices, widget=forms.RadioSelect
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Các đối tượng (khi chọn theo đối tượng)"),
        choices=[(c.value, c.label) for c in MEMBER_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conference_date = DateField(label=gettext_lazy("Ngày hội nghị"))
    plan_deadline = DateField(label=gettext_lazy("Hạn nộp kế hoạch thực hiện"))
    report_deadline = DateField(label=gettext_lazy("Hạn nộp báo cáo kết quả"))
    plans_owed_by = forms.ChoiceField(
        label=gettext_lazy("Đơn vị phải nộp kế hoạch thực hiện"),
        choices=PlanObligation.choices,
        initial=PlanObligation.BELOW,
        widget=forms.RadioSelect,
        required=False,  # a form posted without it (an older page, a script) keeps the default
    )
    chosen_plan_units = UnitCodesField(
        label=gettext_lazy("Mã các đơn vị phải nộp kế hoạch (khi chọn theo danh sách)"),
        help_text=gettext_lazy("Mỗi dòng một mã đơn vị thuộc phạm vi của đợt."),
    )

    def __init__(self, *args: Any, user: Actor, campaign: Campaign | None = None, **kwargs: Any) -> None:
        if campaign is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": campaign.title,
                "scope_unit": campaign.scope_unit.code,
                "documents": "\n".join(d.symbol for d in campaign.documents.all()),
                "audience": campaign.audience,
                "categories": campaign.categories,
                "conference_date": campaign.conference_date,
                "plan_deadline": campaign.plan_deadline,
                "report_deadline": campaign.report_deadline,
                "plans_owed_by": campaign.plans_owed_by,
                "chosen_plan_units": "\n".join(u.code for u in campaign.chosen_plan_units.all()),
            }
        super().__init__(*args, **kwargs)
        self.user = user
        self.campaign = campaign
        units = selectors.organising_units(user)
        if campaign is not None:
            del self.fields["organising_unit"]  # a campaign keeps its organiser
        else:
            organiser = self.fields["organising_unit"]
            assert isinstance(organiser, UnitCodeField)
            organiser.scope = units
        scope = self.fields["scope_unit"]
        assert isinstance(scope, UnitCodeField)
        scope.scope = units
        chosen = self.fields["chosen_plan_units"]
        assert isinstance(chosen, UnitCodesField)
        chosen.scope = units
        documents = self.fields["documents"]
        assert isinstance(documents, DocumentSymbolsField)
        documents.user = user

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "scope_unit": data.get("scope_unit"),
            "audience": data["audience"],
            "categories": data.get("categories") or [],
            "documents": data["documents"],
            "conference_date": data["conference_date"],
            "plan_deadline": data["plan_deadline"],
            "report_deadline": data["report_deadline"],
            "plans_owed_by": data.get("plans_owed_by") or PlanObligation.BELOW,
            "chosen_plan_units": data.get("chosen_plan_units") or [],
        }

    def save(self, actor: Actor) -> Campaign | None:
        if self.campaign is None:
            organiser = self.cleaned_data["organising_unit"]
            return self.run(
                lambda: services.create_campaign(actor, organising_unit=organiser, **self.values())
            )
        campaign = self.campaign
        return self.run(lambda: services.update_campaign(actor, campaign, **self.values()))
