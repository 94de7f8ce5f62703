"""Forms for the member registry: register, correct, transfer, status, exemptions and positions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.core.modelfields import max_length
from quantriet.orgs import access, services
from quantriet.orgs.access import Capability
from quantriet.orgs.forms.common import NoteField, UnitCodeField
from quantriet.orgs.forms.pickers import UnitPickerField
from quantriet.orgs.forms.register_checks import FormWarning, check_member_form
from quantriet.orgs.models import Exemption, Member, MemberStatus, Position, PositionKind, Sex, Unit
from quantriet.orgs.profile import (
    OCCUPATION_SUGGESTIONS,
    SENSITIVE_FIELDS,
    Education,
    Ethnicity,
    PoliticalTheory,
    ReadPurpose,
    Religion,
)
from quantriet.orgs.services.members import MEMBER_FIELDS
from quantriet.orgs.services.profile import PURPOSE_NOTE_MAX


def _blank_first(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", gettext_lazy("— chưa ghi —")), *choices]


class DatalistInput(forms.TextInput):
    """A text box offering suggestions (``<datalist>``) while accepting any words."""

    template_name = "orgs/widgets/datalist.html"

    def __init__(self, suggestions: tuple[Any, ...], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, {**(attrs or {}), "list": f"{name}-suggestions"})
        context["widget"]["suggestions"] = [str(s) for s in self.suggestions]
        return context


class MemberFieldsForm(ServiceForm):
    # Lengths from the model, as the API checks them: a longer card number was a 500 on PostgreSQL.
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=max_length(Member, "full_name"))
    date_of_birth = DateField(label=gettext_lazy("Ngày sinh"))
    sex = forms.ChoiceField(label=gettext_lazy("Giới tính"), choices=Sex.choices)
    admission_date = DateField(label=gettext_lazy("Ngày vào Đảng"))
    full_membership_date = DateField(label=gettext_lazy("Ngày chính thức"), required=False)
    card_number = forms.CharField(
        label=gettext_lazy("Số thẻ đảng viên"), max_length=max_length(Member, "card_number"), required=False
    )
    # The party member profile; the service checks and normalises (CCCD, phone) in one place.
    hometown = forms.CharField(
        label=gettext_lazy("Quê quán"), max_length=max_length(Member, "hometown"), required=False
    )
    ethnicity = forms.ChoiceField(
        label=gettext_lazy("Dân tộc"), choices=_blank_first(Ethnicity.choices), required=False
    )
    religion = forms.ChoiceField(
        label=gettext_lazy("Tôn giáo"), choices=_blank_first(Religion.choices), required=False
    )
    education = forms.ChoiceField(
        label=gettext_lazy("Trình độ giáo dục phổ thông"),
        choices=_blank_first(Education.choices),
        required=False,
    )
    specialty = forms.CharField(
        label=gettext_lazy("Chuyên môn, nghiệp vụ"),
        max_length=max_length(Member, "specialty"),
        required=False,
        help_text=gettext_lazy("Ví dụ: Cử nhân Kinh tế nông nghiệp; Kỹ sư xây dựng."),
    )
    political_theory = forms.ChoiceField(
        label=gettext_lazy("Lý luận chính trị"), choices=_blank_first(PoliticalTheory.choices), required=False
    )
    occupation = forms.CharField(
        label=gettext_lazy("Nghề nghiệp"),
        max_length=max_length(Member, "occupation"),
        required=False,
        widget=DatalistInput(OCCUPATION_SUGGESTIONS),
    )
    id_number = forms.CharField(
        label=gettext_lazy("Số CCCD"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("12 chữ số, như trên thẻ căn cước."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Điện thoại di động"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=gettext_lazy("E-mail"),
        max_length=max_length(Member, "email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, sensitive: bool = False, actor: Actor | None = None, **kwargs: Any
    ) -> None:
        """``sensitive``: may the user read and write the sensitive fields? Without it they are left out.

        ``actor``: who fills the form in; a namesake elsewhere in the province is named only within
        their reach.
        """
        super().__init__(*args, **kwargs)
        if not sensitive:
            for field in SENSITIVE_FIELDS:
                del self.fields[field]
        self.actor = actor
        self.register_warnings: list[FormWarning] = []
        self.warnings_digest = ""

    def clean(self) -> dict[str, Any]:
        # Plausibility (quantriet.rules), namesakes across the province, text typed in an old font.
        data = super().clean() or {}
        check_member_form(self, data, status=self.register_status(data))
        return data

    def register_status(self, data: dict[str, Any]) -> str | None:
        member = getattr(self, "member", None)
        return str(data.get("status") or (member.status if member is not None else "")) or None

    def member_values(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in MEMBER_FIELDS if field in self.fields}


class MemberCreateForm(MemberFieldsForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Tình trạng"),
        choices=[
            (MemberStatus.PROBATIONARY, MemberStatus.PROBATIONARY.label),
            (MemberStatus.FULL, MemberStatus.FULL.label),
        ],
    )
    placed_since = DateField(
        label=gettext_lazy("Sinh hoạt tại chi bộ này từ ngày"),
        required=False,
        help_text=gettext_lazy("Để trống nếu từ ngày vào Đảng."),
    )
    service_fields = {"unit": "__all__"}

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def save(self, actor: Actor) -> Member | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.create_member(
                actor,
                unit=self.unit,
                status=data["status"],
                placed_since=data["placed_since"],
                **self.member_values(),
            )
        )


class MemberEditForm(MemberFieldsForm):
    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {field: getattr(member, field) for field in MEMBER_FIELDS})
        super().__init__(*args, **kwargs)
        self.member = member

    def save(self, actor: Actor) -> Member | None:
        return self.run(lambda: services.update_member(actor, self.member, **self.member_values()))


def _today() -> Any:
    return timezone.localdate()


class TransferForm(ServiceForm):
    unit = UnitPickerField(
        capability="edit_members",
        label=gettext_lazy("Chi bộ chuyển đến (gõ tên hoặc mã)"),
        help_text=gettext_lazy("Chưa biết mã? Tìm theo tên ở ô tìm kiếm bên dưới rồi bấm “Chọn”."),
    )
    date = DateField(label=gettext_lazy("Chuyển sinh hoạt từ ngày"), initial=_today)
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=200, required=False)

    def __init__(self, *args: Any, member: Member, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        unit_field: UnitCodeField = self.fields["unit"]  # type: ignore[assignment]
        unit_field.scope = access.units(user, Capability.EDIT_MEMBERS)

    def save(self, actor: Actor) -> Member | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.transfer_member(
                actor, self.member, data["unit"], date=data["date"], reason=data["reason"]
            )
        )


class StatusForm(ServiceForm):
    status = forms.ChoiceField(label=gettext_lazy("Tình trạng mới"), choices=MemberStatus.choices)
    date = DateField(label=gettext_lazy("Từ ngày"), initial=_today)
    note = NoteField()

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"status": member.status})
        super().__init__(*args, **kwargs)
        self.member = member

    def save(self, actor: Actor) -> Member | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.change_status(
                actor, self.member, data["status"], date=data["date"], note=data["note"]
            )
        )


class ExemptionForm(ServiceForm):
    start = DateField(label=gettext_lazy("Miễn từ ngày"), initial=_today)
    end = DateField(
        label=gettext_lazy("Đến ngày"), required=False, help_text=gettext_lazy("Để trống nếu chưa xác định.")
    )
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=200, required=False)

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def save(self, actor: Actor) -> Exemption | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.add_exemption(
                actor, self.member, start=data["start"], end=data["end"], reason=data["reason"]
            )
        )


class PositionForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Chức vụ"), choices=PositionKind.choices)
    unit = UnitPickerField(
        capability="edit_members", label=gettext_lazy("Đơn vị nơi giữ chức (gõ tên hoặc mã)")
    )
    start = DateField(label=gettext_lazy("Từ ngày"), initial=_today)

    def __init__(self, *args: Any, member: Member, user: Actor, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"unit": member.unit.code})
        super().__init__(*args, **kwargs)
        self.member = member
        unit_field: UnitCodeField = self.fields["unit"]  # type: ignore[assignment]
        unit_field.scope = access.units(user, Capability.EDIT_MEMBERS)

    def save(self, actor: Actor) -> Position | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.add_position(
                actor, self.member, unit=data["unit"], kind=data["kind"], start=data["start"]
            )
        )


class PositionEndForm(ServiceForm):
    end = DateField(label=gettext_lazy("Thôi giữ chức từ ngày"), initial=_today)

    def __init__(self, *args: Any, position: Position, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.position = position

    def save(self, actor: Actor) -> Position | None:
        return self.run(lambda: services.end_position(actor, self.position, end=self.cleaned_data["end"]))


class ReadPurposeForm(forms.Form):
    """Why the sensitive fields are being read (decree 13/2023): a purpose from the list, and a note."""

    purpose = forms.ChoiceField(
        label=gettext_lazy("Mục đích xem"),
        choices=[("", gettext_lazy("— chọn mục đích —")), *ReadPurpose.choices],
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"),
        max_length=PURPOSE_NOTE_MAX,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi chọn “Mục đích khác”. Lần xem này được ghi vào nhật ký."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") == ReadPurpose.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", gettext_lazy("Hãy ghi rõ mục đích khi chọn “Mục đích khác”."))
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=gettext_lazy("Ảnh chân dung (JPEG, PNG hoặc WebP, tối đa 2 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove = forms.BooleanField(label=gettext_lazy("Xóa ảnh hiện có"), required=False)
