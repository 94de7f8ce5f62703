"""Forms for roles and accounts: grant a role to an account, open an account for a member."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.orgs import services
from quantriet.orgs.forms.pickers import PickerInput
from quantriet.orgs.models import Member, Role, RoleAssignment, Unit


class GrantRoleForm(ServiceForm):
    username = forms.CharField(
        label=gettext_lazy("Tên đăng nhập của người được giao (hoặc gõ họ tên để tìm)"),
        max_length=150,
        widget=PickerInput("orgs:member_pick", params={"cap": "view_members", "accounts": "1"}),
    )
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"))
    service_fields = {"unit": "__all__"}

    def __init__(self, *args: Any, unit: Unit, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        role_field: forms.ChoiceField = self.fields["role"]  # type: ignore[assignment]
        role_field.choices = [(value, str(label)) for value, label in Role.choices if value in roles]

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(
                _(
                    "Không có tài khoản đang hoạt động tên “%(name)s”; "
                    "hãy kiểm tra lại, hoặc tạo tài khoản cho đảng viên trước."
                )
                % {"name": username}
            )
        return user

    def save(self, actor: Actor) -> RoleAssignment | None:
        data = self.cleaned_data
        return self.run(lambda: services.grant_role(actor, data["username"], self.unit, data["role"]))


class AccountForm(ServiceForm):
    """Open an account for a member of the unit's subtree, found by card number (or via the member page)."""

    member = forms.IntegerField(widget=forms.HiddenInput, required=False)
    card_number = forms.CharField(
        label=gettext_lazy("Số thẻ đảng viên (hoặc gõ họ tên để tìm)"),
        max_length=40,
        required=False,
        widget=PickerInput("orgs:member_pick", params={"cap": "manage_roles"}),
    )
    username = forms.CharField(label=gettext_lazy("Tên đăng nhập"), max_length=150)
    password1 = forms.CharField(
        label=gettext_lazy("Mật khẩu ban đầu"), strip=False, widget=forms.PasswordInput
    )
    password2 = forms.CharField(
        label=gettext_lazy("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput
    )
    service_fields = {"password": "password1"}

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.chosen: Member | None = None
        member_id = self.data.get("member") if self.is_bound else self.initial.get("member")
        chosen_id = _int_or_none(member_id)
        if chosen_id is not None:
            self.chosen = members.filter(pk=chosen_id).first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        member: Member | None = None
        if data.get("member"):
            member = self.members.filter(pk=data["member"]).first()
        elif data.get("card_number"):
            card = "".join(data["card_number"].split())
            member = self.members.filter(card_number=card).first()
            if member is None:
                self.add_error(
                    "card_number",
                    _("Không có đảng viên số thẻ “%(card)s” trong đơn vị này.") % {"card": card},
                )
        else:
            self.add_error("card_number", _("Hãy nhập số thẻ đảng viên của người cần tạo tài khoản."))
        if data.get("member") and member is None:
            self.add_error(None, _("Đảng viên đã chọn không thuộc đơn vị này."))
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("Hai mật khẩu không khớp; hãy nhập lại."))
        data["member_obj"] = member
        return data

    def save(self, actor: Actor) -> User | None:
        data = self.cleaned_data
        member: Member = data["member_obj"]
        return self.run(
            lambda: services.create_member_account(
                actor, member, username=data["username"], password=data["password1"]
            )
        )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
