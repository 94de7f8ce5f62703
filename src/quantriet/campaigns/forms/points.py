"""Bridge points of a conference: added, edited, deleted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import BridgePoint, Campaign, Conference
from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.orgs.forms.pickers import MemberPickerField, UnitPickerField
from quantriet.orgs.models import Unit, UnitLink


def _scope_units(campaign: Campaign) -> QuerySet[Unit]:
    return Unit.objects.filter(
        id__in=UnitLink.objects.filter(ancestor=campaign.scope_unit).values("descendant_id"),
        valid_to__isnull=True,
    )


class PointForm(ServiceForm):
    name = forms.CharField(label=gettext_lazy("Tên điểm cầu"), max_length=200)
    host_unit = UnitPickerField(
        capability="manage_campaigns", label=gettext_lazy("Đơn vị đăng cai (gõ tên hoặc mã)")
    )
    is_main = forms.BooleanField(label=gettext_lazy("Điểm cầu chính"), required=False)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=300)
    capacity = forms.IntegerField(label=gettext_lazy("Sức chứa (chỗ ngồi)"), min_value=1, max_value=100_000)
    person_in_charge = MemberPickerField(
        label=gettext_lazy("Người phụ trách (số thẻ đảng viên, hoặc gõ họ tên để tìm)"),
        not_found=gettext_lazy(
            "Không có đảng viên số thẻ “%(card)s” trong phạm vi của đợt; hãy kiểm tra lại số thẻ."
        ),
    )
    tech_contact_name = forms.CharField(label=gettext_lazy("Cán bộ kỹ thuật"), max_length=120, required=False)
    tech_contact_phone = forms.CharField(
        label=gettext_lazy("Số điện thoại kỹ thuật"), max_length=20, required=False
    )
    video_link = forms.URLField(
        label=gettext_lazy("Đường dẫn truyền hình"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(
        self,
        *args: Any,
        user: Actor,
        conference: Conference,
        point: BridgePoint | None = None,
        **kwargs: Any,
    ) -> None:
        if point is not None:
            kwargs.setdefault("initial", _point_initial(point))
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.point = point
        campaign = conference.campaign
        host = self.fields["host_unit"]
        assert isinstance(host, UnitPickerField)
        host.scope = _scope_units(campaign)
        host.within = campaign.scope_unit
        person = self.fields["person_in_charge"]
        assert isinstance(person, MemberPickerField)
        person.scope = selectors.members_in_scope(user, campaign)
        person.within = campaign.scope_unit

    def save(self, actor: Actor) -> BridgePoint | None:
        data = self.cleaned_data
        values = {
            "host_unit": data["host_unit"],
            "name": data["name"],
            "is_main": bool(data.get("is_main")),
            "address": data["address"],
            "capacity": data["capacity"],
            "person_in_charge": data.get("person_in_charge"),
            "tech_contact_name": data.get("tech_contact_name") or "",
            "tech_contact_phone": data.get("tech_contact_phone") or "",
            "video_link": data.get("video_link") or "",
        }
        if self.point is not None:
            point = self.point
            return self.run(lambda: services.update_point(actor, point, **values))
        return self.run(lambda: services.add_point(actor, self.conference, **values))


def _point_initial(point: BridgePoint) -> dict[str, Any]:
    person = point.person_in_charge
    return {
        "name": point.name,
        "host_unit": point.host_unit.code,
        "is_main": point.is_main,
        "address": point.address,
        "capacity": point.capacity,
        "person_in_charge": person.card_number if person is not None else "",
        "tech_contact_name": point.tech_contact_name,
        "tech_contact_phone": point.tech_contact_phone,
        "video_link": point.video_link,
    }


class PointDeleteForm(ServiceForm):
    """Deletes a point; its delegates move to another point of the conference, or are uninvited."""

    move_to = forms.ModelChoiceField(
        label=gettext_lazy("Chuyển các đại biểu được mời sang điểm cầu"),
        queryset=BridgePoint.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Không chuyển: bỏ các giấy mời của điểm cầu này —"),
    )

    def __init__(self, *args: Any, point: BridgePoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point = point
        others = BridgePoint.objects.filter(conference_id=point.conference_id).exclude(pk=point.pk)
        field = self.fields["move_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = others

    def save(self, actor: Actor) -> services.PointRemoval | None:
        move_to = self.cleaned_data.get("move_to")
        return self.run(lambda: services.delete_point(actor, self.point, move_to=move_to))
