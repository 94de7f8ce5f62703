"""Pages of the organisation tree: the list of one's units, a unit's page, and the forms that change it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from quantriet.core.forms import ServiceForm
from quantriet.core.paging import paginate
from quantriet.orgs import selectors
from quantriet.orgs.access import Capability as C
from quantriet.orgs.forms.units import (
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    SubUnitForm,
    UnitEditForm,
)
from quantriet.orgs.models import Unit, UnitEvent, UnitEventKind
from quantriet.orgs.views.common import breadcrumbs, reaches, unit_for, unit_picker

HISTORY_SIZE = 30


def describe_event(event: UnitEvent) -> str:
    """One line telling what changed, read from what the service stored with the event."""
    data = event.data or {}
    if event.kind == UnitEventKind.RENAMED:
        return _("“%(old)s” thành “%(new)s”") % {
            "old": data.get("old_name", ""),
            "new": data.get("new_name", ""),
        }
    if event.kind == UnitEventKind.MOVED and data.get("old_parent_name"):
        return _("trước đó trực thuộc %(name)s") % {"name": data["old_parent_name"]}
    if event.kind == UnitEventKind.MERGED and data.get("into_name"):
        return _("vào %(name)s") % {"name": data["into_name"]}
    if event.kind == UnitEventKind.MERGED and data.get("from_names"):
        return _("tiếp nhận %(names)s") % {"names": ", ".join(data["from_names"])}
    if event.kind == UnitEventKind.SPLIT and data.get("into_names"):
        return _("thành %(names)s") % {"names": ", ".join(data["into_names"])}
    if event.kind == UnitEventKind.EDITED and data.get("changes"):
        return ", ".join(f"{field}: {old} → {new}" for field, (old, new) in data["changes"].items())
    return ""


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.VIEW_UNITS)
    include_closed = request.GET.get("closed") == "1"
    children = paginate(request, selectors.children_of(request.user, unit, include_closed=include_closed))
    events = list(unit.events.select_related("actor")[:HISTORY_SIZE])
    user = request.user
    crumbs = breadcrumbs(user, unit)
    chain = {crumb.unit.pk for crumb in crumbs} | {unit.pk}
    return render(
        request,
        "orgs/units/detail.html",
        {
            "unit": unit,
            "crumbs": crumbs,
            "children": children,
            "child_rows": [(child, child.member_count) for child in children.object_list],
            "include_closed": include_closed,
            "member_count": selectors.count_members_under(unit),
            "events": [(event, describe_event(event)) for event in events],
            "may": {
                cap.value: reaches(user, cap, unit, chain)
                for cap in (C.MANAGE_UNITS, C.EDIT_MEMBERS, C.MANAGE_ROLES, C.VIEW_AUDIT)
            },
        },
    )


def _unit_form(
    request: HttpRequest,
    unit: Unit,
    form: ServiceForm,
    *,
    title: str,
    done: str,
    template: str = "orgs/units/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call its service and go back to the unit's page (or the new unit's)."""
    if request.method == "POST" and form.is_valid():
        result = form.save(request.user)
        if result is not None:
            messages.success(request, done)
            target = result if isinstance(result, Unit) else unit
            return redirect("orgs:unit_detail", unit_id=target.pk)
    return render(request, template, {"unit": unit, "form": form, "title": title, **(extra or {})})


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def unit_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    parent = unit_for(request.user, unit_id, C.MANAGE_UNITS)
    form = SubUnitForm(_data(request), parent=parent)
    return _unit_form(
        request,
        parent,
        form,
        title=_("Thành lập đơn vị trực thuộc %(name)s") % {"name": parent.name},
        done=_("Đã thành lập đơn vị mới."),
    )


@login_required
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_UNITS)
    form = UnitEditForm(_data(request), unit=unit)
    return _unit_form(
        request, unit, form, title=_("Sửa mã và ngày thành lập"), done=_("Đã lưu thông tin đơn vị.")
    )


@login_required
def unit_rename(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_UNITS)
    form = RenameForm(_data(request), unit=unit)
    return _unit_form(
        request,
        unit,
        form,
        title=_("Đổi tên đơn vị"),
        done=_("Đã đổi tên; tên cũ vẫn được lưu trong lịch sử."),
    )


@login_required
def unit_move(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_UNITS)
    initial = {"parent": request.GET.get("pick", "")}
    form = MoveForm(_data(request), unit=unit, user=request.user, initial=initial)
    return _unit_form(
        request,
        unit,
        form,
        title=_("Chuyển đơn vị sang trực thuộc đơn vị khác"),
        done=_("Đã chuyển đơn vị."),
        template="orgs/units/picker_form.html",
        extra={"picker": unit_picker(request, C.MANAGE_UNITS), "pick_field": "parent"},
    )


@login_required
def unit_merge(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_UNITS)
    picked = [code for code in request.GET.getlist("pick") if code]
    form = MergeForm(_data(request), unit=unit, user=request.user, initial={"sources": "\n".join(picked)})
    return _unit_form(
        request,
        unit,
        form,
        title=_("Sáp nhập đơn vị khác vào %(name)s") % {"name": unit.name},
        done=_("Đã sáp nhập."),
        template="orgs/units/picker_form.html",
        extra={
            "picker": unit_picker(request, C.MANAGE_UNITS, multiple=True),
            "pick_field": "sources",
            "picked": picked,
        },
    )


@login_required
def unit_split(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_UNITS)
    if request.method == "POST" and "add_part" in request.POST:
        # Show the form again with one more part and everything typed so far, without judging it yet.
        form = SplitForm(initial=request.POST.dict(), unit=unit)
    else:
        form = SplitForm(_data(request), unit=unit)
    if request.method == "POST" and "add_part" not in request.POST and form.is_valid():
        parts = form.save(request.user)
        if parts is not None:
            messages.success(request, _("Đã chia tách thành %(n)d đơn vị mới.") % {"n": len(parts)})
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(
        request, "orgs/units/split.html", {"unit": unit, "form": form, "title": _("Chia tách đơn vị")}
    )


@login_required
def unit_dissolve(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_UNITS)
    form = DissolveForm(_data(request), unit=unit)
    return _unit_form(
        request, unit, form, title=_("Giải thể %(name)s") % {"name": unit.name}, done=_("Đã giải thể đơn vị.")
    )
