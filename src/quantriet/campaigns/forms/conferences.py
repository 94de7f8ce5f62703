"""A campaign's conferences and their agenda."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import Campaign, Conference
from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.orgs.forms.pickers import MemberPickerField


class ConferenceForm(ServiceForm):
    """Adds a conference to ``campaign``, or edits ``conference``."""

    title = forms.CharField(label=gettext_lazy("Tên hội nghị"), max_length=300)
    held_on = DateField(label=gettext_lazy("Ngày họp"))
    starts_at = forms.TimeField(label=gettext_lazy("Giờ bắt đầu (ví dụ 07:30)"))
    ends_at = forms.TimeField(label=gettext_lazy("Giờ kết thúc"), required=False)

    def __init__(
        self, *args: Any, campaign: Campaign, conference: Conference | None = None, **kwargs: Any
    ) -> None:
        if conference is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": conference.title,
                    "held_on": conference.held_on,
                    "starts_at": conference.starts_at,
                    "ends_at": conference.ends_at,
                },
            )
        kwargs.setdefault("initial", {"title": campaign.title, "held_on": campaign.conference_date})
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.conference = conference

    def save(self, actor: Actor) -> Conference | None:
        data = self.cleaned_data
        values = {
            "title": data["title"],
            "held_on": data["held_on"],
            "starts_at": data["starts_at"],
            "ends_at": data.get("ends_at"),
        }
        if self.conference is not None:
            conference = self.conference
            return self.run(lambda: services.update_conference(actor, conference, **values))
        return self.run(lambda: services.create_conference(actor, self.campaign, **values))


class AgendaForm(ServiceForm):
    order = forms.IntegerField(label=gettext_lazy("Thứ tự"), min_value=1, max_value=99)
    document = forms.TypedChoiceField(
        label=gettext_lazy("Văn bản được quán triệt"), required=False, coerce=int
    )
    title = forms.CharField(
        label=gettext_lazy("Nội dung"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Để trống khi quán triệt một văn bản: tên văn bản được dùng."),
    )
    presenter = MemberPickerField(
        label=gettext_lazy("Báo cáo viên (số thẻ đảng viên, hoặc gõ họ tên để tìm)"),
        not_found=gettext_lazy(
            "Không có đảng viên số thẻ “%(card)s” trong phạm vi của đợt; hãy kiểm tra lại số thẻ."
        ),
    )
    minutes = forms.IntegerField(
        label=gettext_lazy("Thời lượng (phút)"), min_value=1, max_value=600, required=False
    )

    def __init__(self, *args: Any, user: Actor, conference: Conference, **kwargs: Any) -> None:
        next_order = (conference.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        kwargs.setdefault("initial", {"order": next_order})
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.documents = {d.pk: d for d in conference.campaign.documents.all()}
        document = self.fields["document"]
        assert isinstance(document, forms.TypedChoiceField)
        document.choices = [("", "—"), *((pk, d.title) for pk, d in self.documents.items())]
        presenter = self.fields["presenter"]
        assert isinstance(presenter, MemberPickerField)
        presenter.scope = selectors.members_in_scope(user, conference.campaign)
        presenter.within = conference.campaign.scope_unit

    def save(self, actor: Actor) -> Any:
        data = self.cleaned_data
        return self.run(
            lambda: services.add_agenda_item(
                actor,
                self.conference,
                order=data["order"],
                title=data.get("title") or "",
                presenter=data.get("presenter"),
                document=self.documents.get(data["document"]) if data.get("document") else None,
                minutes=data.get("minutes"),
            )
        )
