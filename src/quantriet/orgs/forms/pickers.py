"""Searchable pickers: a unit or a member found by name, and still typed by code or card number.

``UnitPickerField`` and ``MemberPickerField`` are text boxes that accept exactly what the old boxes
accepted (a unit's code, a party card number), so a form works unchanged without JavaScript. The
widget adds what ``orgs/pickers.js`` turns into a combobox: the URL of the JSON search
(``orgs:unit_pick`` / ``orgs:member_pick``) narrowed to the capability and subtree the form allows.
The list only suggests: the field checks what is sent against its ``scope`` as before.

A name typed in full and matching exactly one unit (member) of the scope is accepted too, so someone
who typed "Chi bộ thôn 1" without choosing from the list is not sent back for a code they don't know.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from quantriet.core.numbers import parse_int
from quantriet.core.textinput import clean_text
from quantriet.orgs.access import Capability
from quantriet.orgs.forms.common import UnitCodeField, find_unit_by_code
from quantriet.orgs.models import Member, Unit
from quantriet.text import fold

# A member without a card number (a probationary member) is chosen from the list as "#<id>".
MEMBER_ID_PREFIX = "#"


class PickerInput(forms.TextInput):
    """A text box with the search URL of its picker; ``orgs/pickers.js`` does the rest."""

    template_name = "orgs/widgets/picker.html"

    def __init__(
        self, url_name: str, attrs: dict[str, Any] | None = None, params: dict[str, str] | None = None
    ) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.url_name = url_name
        self.params: dict[str, str] = dict(params or {})

    def __deepcopy__(self, memo: dict[int, Any]) -> PickerInput:
        # Each form gets its own copy of the fields; ``within`` set on one must not reach the others.
        copied: PickerInput = super().__deepcopy__(memo)
        copied.params = dict(self.params)
        return copied

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        query = f"?{urlencode(self.params)}" if self.params else ""
        context["picker_url"] = reverse(self.url_name) + query
        context["picker_kind"] = "member" if self.url_name.endswith("member_pick") else "unit"
        return context


class _Suggesting:
    """What both pickers share: the parameters of their search URL, kept on the widget."""

    widget: forms.Widget

    @property
    def params(self) -> dict[str, str]:
        widget = self.widget
        assert isinstance(widget, PickerInput)
        return widget.params

    @property
    def within(self) -> int | None:
        raw = self.params.get("within")
        return int(raw) if raw else None

    @within.setter
    def within(self, unit: Unit | int | None) -> None:
        self.params.pop("within", None)
        if unit is not None:
            self.params["within"] = str(unit.pk if isinstance(unit, Unit) else unit)


class UnitPickerField(_Suggesting, UnitCodeField):
    """A unit typed by code or chosen by name among the units ``scope`` holds.

    ``capability`` (and ``within``, a unit whose subtree bounds the scope) narrow the suggestions the
    same way ``scope`` narrows what is accepted; set them to match it.
    """

    def __init__(
        self,
        *,
        capability: Capability | str = Capability.VIEW_UNITS,
        include_closed: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", PickerInput("orgs:unit_pick"))
        super().__init__(**kwargs)
        self.params["cap"] = Capability(capability).value
        if include_closed:
            self.params["closed"] = "1"

    def clean(self, value: Any) -> Unit | None:
        try:
            return super().clean(value)
        except ValidationError:
            by_name = _one_by_name(self.scope, str(value or ""))
            if by_name is None:
                raise
            if isinstance(by_name, Unit):
                return by_name
            raise ValidationError(
                _(
                    "Có %(n)d đơn vị tên “%(name)s” trong phạm vi của bạn; hãy chọn một đơn vị trong danh "
                    "sách gợi ý hoặc gõ mã đơn vị."
                )
                % {"n": by_name, "name": str(value).strip()}
            ) from None


class MemberPickerField(_Suggesting, forms.CharField):
    """A member typed by party card number or chosen by name among the members ``scope`` holds.

    ``not_found`` is the message for a card number outside the scope (it names the scope: "của đợt",
    "trong đơn vị này"); ``capability`` and ``within`` narrow the suggestions like ``UnitPickerField``.
    """

    def __init__(
        self,
        *,
        capability: Capability | str = Capability.VIEW_MEMBERS,
        not_found: object = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerInput("orgs:member_pick"))
        super().__init__(**kwargs)
        self.params["cap"] = Capability(capability).value
        self.scope: QuerySet[Member] = Member.objects.none()
        self.not_found = not_found  # a (lazy) message with %(card)s

    def clean(self, value: Any) -> Member | None:
        typed = str(super().clean(value) or "").strip()
        card = "".join(typed.split())
        if not card:
            return None
        member: Member | None = None
        if card.startswith(MEMBER_ID_PREFIX):
            member_id = parse_int(card[len(MEMBER_ID_PREFIX) :], minimum=1)
            member = self.scope.filter(pk=member_id).first() if member_id is not None else None
        else:
            member = self.scope.filter(card_number=card).first()
        if member is not None:
            return member
        by_name = _one_by_name(self.scope, typed)
        if isinstance(by_name, Member):
            return by_name
        if isinstance(by_name, int):
            raise ValidationError(
                _(
                    "Có %(n)d đảng viên tên “%(name)s”; hãy chọn đúng người trong danh sách gợi ý hoặc gõ số "
                    "thẻ đảng viên."
                )
                % {"n": by_name, "name": typed}
            )
        message = str(self.not_found) or _(
            "Không có đảng viên số thẻ “%(card)s” trong phạm vi bạn được quản lý; hãy kiểm tra lại số thẻ, "
            "hoặc gõ vài chữ của họ tên rồi chọn trong danh sách."
        )
        raise ValidationError(message % {"card": typed})


def _one_by_name(scope: QuerySet[Any], typed: str) -> Any:
    """The one row of ``scope`` whose whole name is ``typed`` (accents ignored), the number of such rows
    when several, or None."""
    folded = fold(clean_text(typed))  # the raw value of a field that refused it: NUL would reach the query
    if not folded:
        return None
    rows = list(scope.filter(name_folded=folded)[:2])
    if len(rows) == 1:
        return rows[0]
    if rows:
        return scope.filter(name_folded=folded).count()
    return None


__all__ = ["MEMBER_ID_PREFIX", "MemberPickerField", "PickerInput", "UnitPickerField", "find_unit_by_code"]
