"""Forms of the campaigns app; each hands clean values to ``campaigns.services``.

Units are typed by code, members by party card number, documents by their symbol: all looked up
only within what the user may act on, so a value out of reach gets the same answer as an unknown one.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import (
    MEMBER_CATEGORIES,
    Audience,
    BridgePoint,
    Campaign,
    Conference,
    ImplementationPlan,
    MakeUpSession,
)
from quantriet.documents import selectors as document_selectors
from quantriet.documents import services as document_services
from quantriet.documents.models import Document
from quantriet.orgs.access import AnyUser
from quantriet.orgs.forms.common import DateField, ServiceForm, UnitCodeField
from quantriet.orgs.models import Member, Unit, UnitLink


class MemberCardField(forms.CharField):
    """A member typed by party card number, looked up only in ``scope``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.scope: QuerySet[Member] = Member.objects.none()

    def clean(self, value: Any) -> Member | None:
        card = "".join(str(super().clean(value) or "").split())
        if not card:
            return None
        member = self.scope.filter(card_number=card).first()
        if member is None:
            raise ValidationError(
                _("Không có đảng viên số thẻ “%(card)s” trong phạm vi của đợt; hãy kiểm tra lại số thẻ.")
                % {"card": card}
            )
        return member


class DocumentSymbolsField(forms.CharField):
    """Registry documents typed by symbol, one per line (or separated by commas)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user: AnyUser | None = None

    def clean(self, value: Any) -> list[Document]:
        text = str(super().clean(value) or "")
        found: list[Document] = []
        problems: list[str] = []
        for raw in (part.strip() for part in re.split(r"[\n;,]+", text)):
            if not raw:
                continue
            facts = document_services.read_symbol(raw)
            document = None
            if facts is not None and self.user is not None:
                document = (
                    document_selectors.visible_documents(self.user)
                    .filter(symbol=facts.id)
                    .order_by(F("issued_on").desc(nulls_last=True), "-id")
                    .first()
                )
            if document is None:
                problems.append(raw)
            elif document not in found:
                found.append(document)
        if problems:
            raise ValidationError(
                _(
                    "Sổ văn bản chưa có: %(symbols)s (hoặc bạn không được xem). Hãy kiểm tra số ký hiệu, "
                    "hoặc vào sổ văn bản đó trước."
                )
                % {"symbols": ", ".join(problems)}
            )
        return found


class CampaignForm(ServiceForm):
    title = forms.CharField(label=gettext_lazy("Tên đợt học tập, quán triệt"), max_length=300)
    organising_unit = UnitCodeField(label=gettext_lazy("Mã đơn vị tổ chức"))
    scope_unit = UnitCodeField(
        label=gettext_lazy("Mã đơn vị phạm vi"),
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

    def __init__(self, *args: Any, user: AnyUser, campaign: Campaign | None = None, **kwargs: Any) -> None:
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
        }

    def save(self, actor: AnyUser) -> Campaign | None:
        if self.campaign is None:
            organiser = self.cleaned_data["organising_unit"]
            return self.run(
                lambda: services.create_campaign(actor, organising_unit=organiser, **self.values())
            )
        campaign = self.campaign
        return self.run(lambda: services.update_campaign(actor, campaign, **self.values()))


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

    def save(self, actor: AnyUser) -> Conference | None:
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


def _scope_units(campaign: Campaign) -> QuerySet[Unit]:
    return Unit.objects.filter(
        id__in=UnitLink.objects.filter(ancestor=campaign.scope_unit).values("descendant_id"),
        valid_to__isnull=True,
    )


class PointForm(ServiceForm):
    name = forms.CharField(label=gettext_lazy("Tên điểm cầu"), max_length=200)
    host_unit = UnitCodeField(label=gettext_lazy("Mã đơn vị đăng cai"))
    is_main = forms.BooleanField(label=gettext_lazy("Điểm cầu chính"), required=False)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=300)
    capacity = forms.IntegerField(label=gettext_lazy("Sức chứa (chỗ ngồi)"), min_value=1, max_value=100_000)
    person_in_charge = MemberCardField(label=gettext_lazy("Số thẻ đảng viên của người phụ trách"))
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
        user: AnyUser,
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
        assert isinstance(host, UnitCodeField)
        host.scope = _scope_units(campaign)
        person = self.fields["person_in_charge"]
        assert isinstance(person, MemberCardField)
        person.scope = selectors.members_in_scope(user, campaign)

    def save(self, actor: AnyUser) -> BridgePoint | None:
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

    def save(self, actor: AnyUser) -> services.PointRemoval | None:
        move_to = self.cleaned_data.get("move_to")
        return self.run(lambda: services.delete_point(actor, self.point, move_to=move_to))


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
    presenter = MemberCardField(label=gettext_lazy("Số thẻ đảng viên của báo cáo viên"))
    minutes = forms.IntegerField(
        label=gettext_lazy("Thời lượng (phút)"), min_value=1, max_value=600, required=False
    )

    def __init__(self, *args: Any, user: AnyUser, conference: Conference, **kwargs: Any) -> None:
        next_order = (conference.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        kwargs.setdefault("initial", {"order": next_order})
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.documents = {d.pk: d for d in conference.campaign.documents.all()}
        document = self.fields["document"]
        assert isinstance(document, forms.TypedChoiceField)
        document.choices = [("", "—"), *((pk, d.title) for pk, d in self.documents.items())]
        presenter = self.fields["presenter"]
        assert isinstance(presenter, MemberCardField)
        presenter.scope = selectors.members_in_scope(user, conference.campaign)

    def save(self, actor: AnyUser) -> Any:
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


class GuestInviteForm(forms.Form):
    guest_name = forms.CharField(label=gettext_lazy("Họ và tên khách mời"), max_length=120)


class GuestCheckInForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Họ và tên khách"), max_length=120)
    note = forms.CharField(label=gettext_lazy("Chức vụ, đơn vị"), max_length=200, required=False)


class MakeUpForm(ServiceForm):
    held_on = DateField(label=gettext_lazy("Ngày học bù"))
    place = forms.CharField(label=gettext_lazy("Địa điểm"), max_length=300, required=False)

    def __init__(self, *args: Any, point: BridgePoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point = point

    def save(self, actor: AnyUser) -> MakeUpSession | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.create_makeup_session(
                actor, self.point, held_on=data["held_on"], place=data.get("place") or ""
            )
        )


class PlanForm(ServiceForm):
    symbol = forms.CharField(label=gettext_lazy("Số và ký hiệu (ví dụ 05-KH/ĐU)"), max_length=80)
    issued_on = DateField(label=gettext_lazy("Ngày ban hành"))
    actions = forms.CharField(
        label=gettext_lazy("Nhiệm vụ, mỗi dòng một việc: nội dung | người phụ trách | thời hạn dd/mm/yyyy"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    file = forms.FileField(label=gettext_lazy("Tệp kế hoạch (DOCX, PDF hoặc TXT)"), required=False)

    def __init__(self, *args: Any, campaign: Campaign, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.unit = unit

    def save(self, actor: AnyUser) -> ImplementationPlan | None:
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

    def save(self, actor: AnyUser) -> ImplementationPlan | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.review_plan(
                actor, self.plan, approve=data["decision"] == "approve", comment=data.get("comment") or ""
            )
        )
