"""Forms for the organisation tree: create, correct, rename, move, merge, split and dissolve a unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.orgs import access, services
from quantriet.orgs.access import Capability
from quantriet.orgs.forms.common import NoteField, UnitCodeField, find_unit_by_code
from quantriet.orgs.forms.pickers import UnitPickerField
from quantriet.orgs.models import Member, Unit
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.orgs.models.units import Level, level_may_contain
from quantriet.orgs.services.units import NewPart


def _today() -> dt.date:
    return timezone.localdate()


def _effective_date(label: str | Any = None) -> DateField:
    return DateField(label=label or gettext_lazy("Có hiệu lực từ ngày"), initial=_today)


def child_levels(parent: Unit) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Level.choices if level_may_contain(parent.level, value)]


class SubUnitForm(ServiceForm):
    name = forms.CharField(label=gettext_lazy("Tên đơn vị"), max_length=255)
    code = forms.CharField(label=gettext_lazy("Mã đơn vị"), max_length=64)
    level = forms.ChoiceField(label=gettext_lazy("Cấp"))
    valid_from = DateField(label=gettext_lazy("Ngày thành lập"), required=False)
    note = NoteField()

    def __init__(self, *args: Any, parent: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent
        level_field: forms.ChoiceField = self.fields["level"]  # type: ignore[assignment]
        level_field.choices = child_levels(parent)

    def save(self, actor: Actor) -> Unit | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.create_unit(
                actor,
                name=data["name"],
                code=data["code"],
                level=data["level"],
                parent=self.parent,
                valid_from=data["valid_from"],
                note=data["note"],
            )
        )


class UnitEditForm(ServiceForm):
    code = forms.CharField(label=gettext_lazy("Mã đơn vị"), max_length=64)
    valid_from = DateField(label=gettext_lazy("Ngày thành lập"), required=False)
    locality = forms.CharField(
        label=gettext_lazy("Địa danh"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "Ghi trước ngày tháng trên văn bản của đơn vị (“Sông Lam, ngày …”). Để trống: dùng địa danh "
            "của đơn vị cấp trên."
        ),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"code": unit.code, "valid_from": unit.valid_from, "locality": unit.locality}
        )
        super().__init__(*args, **kwargs)
        self.unit = unit

    def save(self, actor: Actor) -> Unit | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.update_unit(
                actor,
                self.unit,
                code=data["code"],
                valid_from=data["valid_from"],
                locality=data["locality"],
            )
        )


class RenameForm(ServiceForm):
    new_name = forms.CharField(label=gettext_lazy("Tên mới"), max_length=255)
    date = _effective_date(gettext_lazy("Đổi tên từ ngày"))
    note = NoteField()
    service_fields = {"name": "new_name"}

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def save(self, actor: Actor) -> Unit | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.rename_unit(
                actor, self.unit, data["new_name"], date=data["date"], note=data["note"]
            )
        )


class MoveForm(ServiceForm):
    parent = UnitPickerField(
        capability="manage_units",
        label=gettext_lazy("Đơn vị cấp trên mới (gõ tên hoặc mã)"),
        help_text=gettext_lazy("Chưa biết mã? Tìm theo tên ở ô tìm kiếm bên dưới rồi bấm “Chọn”."),
    )
    date = _effective_date(gettext_lazy("Chuyển từ ngày"))
    note = NoteField()

    def __init__(self, *args: Any, unit: Unit, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        parent_field: UnitCodeField = self.fields["parent"]  # type: ignore[assignment]
        parent_field.scope = access.units(user, Capability.MANAGE_UNITS)

    def save(self, actor: Actor) -> Unit | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.move_unit(actor, self.unit, data["parent"], date=data["date"], note=data["note"])
        )


class MergeForm(ServiceForm):
    sources = forms.CharField(
        label=gettext_lazy("Mã các đơn vị sáp nhập vào đơn vị này"),
        help_text=gettext_lazy(
            "Mỗi mã một dòng (hoặc cách nhau bằng dấu phẩy). Các đơn vị này sẽ kết thúc hoạt động; "
            "đảng viên và đơn vị trực thuộc của chúng chuyển về đơn vị này."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    date = _effective_date(gettext_lazy("Sáp nhập từ ngày"))
    note = NoteField()

    def __init__(self, *args: Any, unit: Unit, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.scope = access.units(user, Capability.MANAGE_UNITS)

    def clean_sources(self) -> list[Unit]:
        codes = [c for c in self.cleaned_data["sources"].replace(",", "\n").split() if c]
        found: list[Unit] = []
        unknown: list[str] = []
        for code in dict.fromkeys(codes):
            unit = find_unit_by_code(self.scope, code)
            if unit is None:
                unknown.append(code)
            elif unit not in found:
                found.append(unit)
        if unknown:
            raise ValidationError(
                _("Không có đơn vị mã %(codes)s trong phạm vi bạn được quản lý; hãy kiểm tra lại mã.")
                % {"codes": ", ".join(f"“{c}”" for c in unknown)}
            )
        if not found:
            raise ValidationError(_("Hãy nhập mã ít nhất một đơn vị để sáp nhập."))
        return found

    def save(self, actor: Actor) -> Unit | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.merge_units(
                actor, data["sources"], self.unit, date=data["date"], note=data["note"]
            )
        )


class DissolveForm(ServiceForm):
    date = _effective_date(gettext_lazy("Giải thể từ ngày"))
    note = NoteField()
    confirm = forms.BooleanField(label=gettext_lazy("Tôi xác nhận giải thể đơn vị này"))

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["confirm"].error_messages["required"] = _("Hãy đánh dấu ô xác nhận để giải thể.")

    def save(self, actor: Actor) -> Unit | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.dissolve_unit(actor, self.unit, date=data["date"], note=data["note"])
        )


MAX_PARTS = 10


class SplitForm(ServiceForm):
    """Split a unit into new parts; every member on the roll and every sub-unit is assigned to a part.

    Works without JavaScript: the number of parts is a field, and "add a part" re-posts the form,
    which is shown again with one more part and everything typed so far.
    """

    part_count = forms.IntegerField(widget=forms.HiddenInput, min_value=2, max_value=MAX_PARTS, initial=2)
    date = _effective_date(gettext_lazy("Chia tách từ ngày"))
    note = NoteField()

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.parts_shown = self._requested_parts()
        if not self.is_bound:
            self.initial = {**self.initial, "part_count": self.parts_shown}
        levels = [("", _("Như đơn vị cũ"))] + (child_levels(unit.parent) if unit.parent else [])
        for i in range(self.parts_shown):
            self.fields[f"part_{i}_name"] = forms.CharField(
                label=_("Tên đơn vị mới %(n)d") % {"n": i + 1}, max_length=255
            )
            self.fields[f"part_{i}_code"] = forms.CharField(
                label=_("Mã đơn vị mới %(n)d") % {"n": i + 1}, max_length=64
            )
            self.fields[f"part_{i}_level"] = forms.ChoiceField(label=_("Cấp"), choices=levels, required=False)
        # No default target: each member's new unit is a decision; the service names what is left unassigned.
        targets = [
            ("", "—"),
            *((str(i), _("Đơn vị mới %(n)d") % {"n": i + 1}) for i in range(self.parts_shown)),
        ]
        on_roll = Member.objects.filter(unit=unit, status__in=ON_ROLL_STATUSES)
        self.members = list(on_roll.order_by("name_sort", "id"))
        self.children = list(unit.children.filter(valid_to__isnull=True).order_by("name_sort", "id"))
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.TypedChoiceField(
                label=member.full_name, choices=targets, coerce=int, required=False, empty_value=None
            )
        for child in self.children:
            self.fields[f"child_{child.pk}"] = forms.TypedChoiceField(
                label=child.name, choices=targets, coerce=int, required=False, empty_value=None
            )

    def _requested_parts(self) -> int:
        # An unbound form re-shown after "add a part" carries what was typed as its initial values.
        source: Any = self.data if self.is_bound else self.initial
        try:
            count = int(source.get("part_count", 2))
        except (TypeError, ValueError):
            count = 2
        if "add_part" in source:
            count += 1
        return max(2, min(MAX_PARTS, count))

    def part_fields(self) -> list[list[forms.BoundField]]:
        return [[self[f"part_{i}_{k}"] for k in ("name", "code", "level")] for i in range(self.parts_shown)]

    def member_fields(self) -> list[forms.BoundField]:
        return [self[f"member_{m.pk}"] for m in self.members]

    def child_fields(self) -> list[forms.BoundField]:
        return [self[f"child_{c.pk}"] for c in self.children]

    def save(self, actor: Actor) -> list[Unit] | None:
        data = self.cleaned_data
        parts = [
            NewPart(
                name=data[f"part_{i}_name"],
                code=data[f"part_{i}_code"],
                level=data[f"part_{i}_level"] or None,
            )
            for i in range(self.parts_shown)
        ]
        return self.run(
            lambda: services.split_unit(
                actor,
                self.unit,
                parts,
                member_targets={
                    m.pk: data[f"member_{m.pk}"] for m in self.members if data[f"member_{m.pk}"] is not None
                },
                child_targets={
                    c.pk: data[f"child_{c.pk}"] for c in self.children if data[f"child_{c.pk}"] is not None
                },
                date=data["date"],
                note=data["note"],
            )
        )
