"""Member pages: the searchable roll, the personal page (every read logged), and the registry forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quantriet.core import query as query_params
from quantriet.core.forms import ServiceForm
from quantriet.core.paging import paginate_by_keys
from quantriet.orgs import access, panels, selectors, services
from quantriet.orgs.access import Capability as C
from quantriet.orgs.forms.members import (
    ExemptionForm,
    MemberCreateForm,
    MemberEditForm,
    PositionEndForm,
    PositionForm,
    ReadPurposeForm,
    StatusForm,
    TransferForm,
)
from quantriet.orgs.models import AuditEntry, Member, MemberStatus, Unit
from quantriet.orgs.profile import ReadPurpose
from quantriet.orgs.register_checks import finding_message, rule_findings
from quantriet.orgs.services import profile as profile_services
from quantriet.orgs.views.common import chain_of, reaches, unit_for, unit_picker
from quantriet.orgs.views.common import member_for as _member_for
from quantriet.orgs.views.profile import profile_context

RECENT_AUDIT = 20
SCOPE_CHOICES = 50


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    """``/members/?unit=&q=&status=``: the roll of a unit's subtree, by default the user's first top unit."""
    user = request.user
    params = request.GET
    tops = list(access.top_units(user, C.VIEW_MEMBERS).order_by("name_sort", "id")[:SCOPE_CHOICES])
    unit: Unit | None
    if params.get("unit", "").strip():
        # A unit that cannot exist ("²", "-1", 20 digits) answers as one the user may not see.
        unit_id = query_params.integer(params, "unit", lenient=True)
        if unit_id is None:
            raise Http404
        unit = unit_for(user, unit_id, C.VIEW_MEMBERS)
    else:
        unit = tops[0] if tops else None
    query = query_params.text(params, "q", lenient=True)
    status = query_params.choice(params, "status", MemberStatus.values, lenient=True) or ""
    found = selectors.search_members(user, within=unit, query=query, status=status or None)
    page = paginate_by_keys(request, found)
    services.record_bulk_read(user, "members.list", unit=unit, rows=len(page.object_list), detail=query)
    # Without a unit the list holds only the user themselves (or everything, for an operator).
    chain = chain_of(unit) if unit is not None else set()
    detail_ok = reaches(user, C.VIEW_MEMBER_DETAIL, unit, chain) if unit is not None else True
    scopes = tops if unit is None or unit in tops else [unit, *tops]
    return render(
        request,
        "orgs/members/list.html",
        {
            "page": page,
            "unit": unit,
            "query": query,
            "status": status,
            "statuses": MemberStatus.choices,
            "scopes": scopes,
            "detail_ok": detail_ok,
            "may_export": unit is not None and reaches(user, C.EXPORT_MEMBERS, unit, chain),
            "may_export_sensitive": unit is not None
            and reaches(user, C.EXPORT_MEMBERS, unit, chain)
            and reaches(user, C.VIEW_MEMBER_SENSITIVE, unit, chain),
            "purposes": ReadPurpose.choices,
            "may_add": unit is not None and reaches(user, C.EDIT_MEMBERS, unit, chain),
        },
    )


def _record_context(member: Member) -> dict[str, Any]:
    """What the personal page shows besides the facts; each part is one query (placements: one per move)."""
    placements = [(p, p.unit.name_on(p.start)) for p in member.placements.select_related("unit")]
    status_changes = AuditEntry.objects.filter(
        target_type="orgs.member", target_id=str(member.pk), action="member.status"
    ).order_by("-at", "-id")
    positions = list(member.positions.select_related("unit").order_by("-start", "-id"))
    # Many cells share a name ("Chi bộ Trạm Y tế"): the member's unit and posts show their parent path.
    selectors.with_paths([member.unit, *(p.unit for p in positions)])
    return {
        "member": member,
        "placements": placements,
        "status_changes": [(entry, _status_change(entry.changes)) for entry in status_changes],
        "exemptions": list(member.exemptions.all()),
        "positions": positions,
        "links": panels.member_links(member),  # what apps above orgs keep about the member
    }


def _status_change(changes: dict[str, Any]) -> dict[str, str]:
    old, new = (changes.get("status") or ["", ""])[:2]
    label = dict(MemberStatus.choices)
    return {
        "old": str(label.get(old, old)),
        "new": str(label.get(new, new)),
        "date": changes.get("date", ""),
        "note": changes.get("note", ""),
    }


@require_safe
@login_required
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    user = request.user
    member = _member_for(user, member_id, C.VIEW_MEMBER_DETAIL)
    services.record_member_read(user, member, channel="page", request=request)
    return detail_response(request, member, profile_context(user, member))


@login_required
def member_sensitive(request: HttpRequest, member_id: int) -> HttpResponse:
    """``POST /members/<id>/sensitive/``: state a purpose, get the personal page with the sensitive fields."""
    member = _member_for(request.user, member_id, C.VIEW_MEMBER_SENSITIVE)
    if request.method != "POST":
        return redirect("orgs:member_detail", member_id=member.pk)
    form = ReadPurposeForm(request.POST, auto_id="purpose_%s")
    if not form.is_valid():
        context = {**profile_context(request.user, member), "purpose_form": form}
        return detail_response(request, member, context, status=400)
    purpose, note = form.cleaned_data["purpose"], form.cleaned_data["note"]
    profile_services.record_sensitive_read(request.user, member, purpose=purpose, note=note, request=request)
    return detail_response(request, member, profile_context(request.user, member, purpose=purpose, note=note))


def detail_response(
    request: HttpRequest, member: Member, profile: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """The personal page of ``member`` for staff, with the profile part ``profile`` (``profile_context``)."""
    user = request.user
    context = {**_record_context(member), **profile}
    if access.can(user, C.VIEW_AUDIT, member.unit_id):
        context["audit"] = list(
            AuditEntry.objects.filter(target_type="orgs.member", target_id=str(member.pk)).select_related(
                "actor"
            )[:RECENT_AUDIT]
        )
    context["may_edit"] = access.can_member(user, C.EDIT_MEMBERS, member)
    # What the register's rules find unusual in this record (a probation past its term…), for staff.
    context["register_warnings"] = [
        finding_message(f)
        for f in rule_findings(
            date_of_birth=member.date_of_birth,
            admission_date=member.admission_date,
            full_membership_date=member.full_membership_date,
            status=member.status,
            today=timezone.localdate(),
        )
        if f.confirmable
    ]
    context["may_account"] = member.user_id is None and access.can(user, C.MANAGE_ROLES, member.unit_id)
    return render(request, "orgs/members/detail.html", context, status=status)


@require_safe
@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A member's own record, read-only."""
    own = access.members(request.user, C.VIEW_MEMBER_DETAIL).filter(user_id=int(request.user.pk or 0))
    member = own.select_related("unit").first()
    if member is None:
        return render(request, "orgs/members/me_none.html")
    services.record_member_read(request.user, member, channel="page", request=request, detail="me")
    context = {**_record_context(member), **profile_context(request.user, member), "own_record": True}
    return render(request, "orgs/members/detail.html", context)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _member_form(
    request: HttpRequest,
    member: Member,
    form: ServiceForm,
    *,
    title: str,
    done: str,
    template: str = "orgs/members/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid() and form.save(request.user) is not None:
        messages.success(request, done)
        return redirect("orgs:member_detail", member_id=member.pk)
    return render(request, template, {"member": member, "form": form, "title": title, **(extra or {})})


@login_required
def member_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.EDIT_MEMBERS)
    sensitive = access.can(request.user, C.VIEW_MEMBER_SENSITIVE, unit)
    form = MemberCreateForm(_data(request), unit=unit, sensitive=sensitive, actor=request.user)
    if request.method == "POST" and form.is_valid():
        member = form.save(request.user)
        if member is not None:
            messages.success(request, _("Đã thêm đảng viên %(name)s.") % {"name": member.full_name})
            return redirect("orgs:member_detail", member_id=member.pk)
    title = _("Thêm đảng viên vào %(name)s") % {"name": unit.name}
    return render(request, "orgs/members/form.html", {"unit": unit, "form": form, "title": title})


@login_required
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for(request.user, member_id, C.EDIT_MEMBERS)
    sensitive = access.can_member(request.user, C.VIEW_MEMBER_SENSITIVE, member)
    if sensitive and request.method != "POST":
        # The form shows the sensitive fields' values: a read, for the purpose of updating the record.
        profile_services.record_sensitive_read(
            request.user, member, purpose=ReadPurpose.EDIT, request=request
        )
    form = MemberEditForm(_data(request), member=member, sensitive=sensitive, actor=request.user)
    return _member_form(request, member, form, title=_("Sửa hồ sơ đảng viên"), done=_("Đã lưu hồ sơ."))


@login_required
def member_transfer(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for(request.user, member_id, C.EDIT_MEMBERS)
    form = TransferForm(
        _data(request), member=member, user=request.user, initial={"unit": request.GET.get("pick", "")}
    )
    return _member_form(
        request,
        member,
        form,
        title=_("Chuyển sinh hoạt đảng"),
        done=_("Đã chuyển sinh hoạt."),
        template="orgs/members/picker_form.html",
        extra={"picker": unit_picker(request, C.EDIT_MEMBERS), "pick_field": "unit"},
    )


@login_required
def member_status(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for(request.user, member_id, C.EDIT_MEMBERS)
    form = StatusForm(_data(request), member=member)
    return _member_form(
        request, member, form, title=_("Thay đổi tình trạng đảng viên"), done=_("Đã ghi thay đổi tình trạng.")
    )


@login_required
def exemption_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for(request.user, member_id, C.EDIT_MEMBERS)
    form = ExemptionForm(_data(request), member=member)
    return _member_form(
        request,
        member,
        form,
        title=_("Miễn công tác và sinh hoạt đảng"),
        done=_("Đã ghi miễn công tác và sinh hoạt đảng."),
    )


@login_required
def position_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for(request.user, member_id, C.EDIT_MEMBERS)
    form = PositionForm(_data(request), member=member, user=request.user)
    return _member_form(request, member, form, title=_("Thêm chức vụ"), done=_("Đã thêm chức vụ."))


@login_required
def position_end(request: HttpRequest, member_id: int, position_id: int) -> HttpResponse:
    member = _member_for(request.user, member_id, C.EDIT_MEMBERS)
    position = member.positions.filter(pk=position_id, end__isnull=True).select_related("unit").first()
    if position is None:
        raise Http404
    form = PositionEndForm(_data(request), position=position)
    title = _("Thôi giữ chức %(kind)s tại %(unit)s") % {
        "kind": position.get_kind_display(),
        "unit": position.unit.name,
    }
    return _member_form(request, member, form, title=title, done=_("Đã ghi thôi giữ chức."))
