"""A unit's implementation plan: submitted, then reviewed by the unit above."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from quantriet.campaigns import services
from quantriet.campaigns.models import Campaign, ImplementationPlan
from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.core.uploads import too_large_message
from quantriet.documents.services.files import max_bytes
from quantriet.orgs.models import Unit


class PlanForm(ServiceForm):
    symbol = forms.CharField(label=gettext_lazy("Số và ký hiệu (ví dụ 05-KH/ĐU)"), max_length=80)
    issued_on = DateField(label=gettext_lazy("Ngày ban hành"))
    actions = forms.CharField(
        label=gettext_lazy("Nhiệm vụ, mỗi dòng một việc: nội dung | người phụ trách | thời hạn dd/mm/yyyy"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    file = forms.FileField(label=gettext_lazy("Tệp kế hoạch (DOCX, PDF hoặc TXT)"), required=False)

    def __init__(
        self,
        *args: Any,
        campaign: Campaign,
        unit: Unit,
        dropped_files: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.unit = unit
        self.dropped_files = dropped_files or []

    def clean_file(self) -> Any:
        # The upload handler dropped a file over the limit while it streamed in (core.uploads); one
        # under the site's limit but over the documents' is refused from its size, before it is read.
        upload = self.cleaned_data.get("file")
        if self.dropped_files or (upload is not None and upload.size > max_bytes()):
            raise forms.ValidationError(too_large_message(max_bytes()))
        return upload

    def save(self, actor: Actor) -> ImplementationPlan | None:
        data = self.cleaned_data
        upload = data.get("file")
        return self.run(
            lambda: services.submit_plan(
                actor,
                self.campaign,
                self.unit,
                symbol=data["symbol"],
                issued_on=data["issued_on"],
                actions_text=data["actions"],
                file_data=upload.read() if upload is not None else None,
                file_name=upload.name if upload is not None else "",
            )
        )


class ReviewForm(ServiceForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Quyết định"),
        choices=[("approve", gettext_lazy("Duyệt")), ("return", gettext_lazy("Trả lại để sửa"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, plan: ImplementationPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def save(self, actor: Actor) -> ImplementationPlan | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.review_plan(
                actor, self.plan, approve=data["decision"] == "approve", comment=data.get("comment") or ""
            )
        )
