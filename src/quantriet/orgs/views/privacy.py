"""Decree 13/2023 pages: who read my record, my correction requests, and the staff's queue of requests."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quantriet.core.paging import paginate
from quantriet.orgs import access, services
from quantriet.orgs.access import Capability as C
from quantriet.orgs.forms.privacy import CorrectionDecisionForm, CorrectionRequestForm
from quantriet.orgs.models import AccessLog, CorrectionRequest, CorrectionState, Member, RoleAssignment
from quantriet.orgs.services.privacy import display_value
from quantriet.orgs.services.profile import is_sensitive_detail
from quantriet.orgs.views.audit import CHANNELS

DECIDED_SHOWN = 50


def _own_member(request: HttpRequest) -> Member | None:
    own = access.members(request.user, C.VIEW_MEMBER_DETAIL).filter(user_id=int(request.user.pk or 0))
    return own.select_related("unit").first()


def _reader_roles(user_ids: set[int]) -> dict[int, list[RoleAssignment]]:
    """The current roles of the readers on one page, in one query (a reader's role says why they looked)."""
    found: dict[int, list[RoleAssignment]] = defaultdict(list)
    rows = RoleAssignment.objects.filter(user_id__in=user_ids, revoked_at__isnull=True).select_related("unit")
    for assignment in rows.order_by("granted_at", "id"):
        found[assignment.user_id].append(assignment)
    return found


@require_safe
@login_required
def my_reads(request: HttpRequest) -> HttpResponse:
    """``/me/reads/``: who read my record, when and how — newest first; the readers' addresses stay hidden."""
    member = _own_member(request)
    if member is None:
        return render(request, "orgs/members/me_none.html")
    reads = (
        AccessLog.objects.filter(member=member)
        .exclude(user_id=int(request.user.pk or 0))  # the member's own visits are no news to them
        .select_related("user")
        .order_by("-at", "-id")
    )
    page = paginate(request, reads)
    roles = _reader_roles({row.user_id for row in page.object_list if row.user_id is not None})
    channels = dict(CHANNELS)
    page.object_list = [
        {
            "at": row.at,
            "user": row.user,
            "roles": roles.get(row.user_id or 0, []),
            "channel": channels.get(row.channel, row.channel),
            # A read of the sensitive fields says its purpose (written by orgs.services.profile).
            "purpose": row.detail if is_sensitive_detail(row.detail) else "",
        }
        for row in page.object_list
    ]
    return render(request, "orgs/privacy/reads.html", {"member": member, "page": page})


def _shown(correction: CorrectionRequest) -> dict[str, Any]:
    return {
        "request": correction,
        "current": display_value(correction.field, correction.current_value),
        "proposed": display_value(correction.field, correction.proposed_value),
    }


@login_required
def my_corrections(request: HttpRequest) -> HttpResponse:
    """``/me/corrections/``: ask for a correction of my record, and see how earlier requests were answered."""
    member = _own_member(request)
    if member is None:
        if request.method == "POST":
            raise Http404
        return render(request, "orgs/members/me_none.html")
    form = CorrectionRequestForm(request.POST if request.method == "POST" else None, member=member)
    if request.method == "POST" and form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Đã gửi đề nghị; chi bộ sẽ xem xét và trả lời tại trang này."))
        return redirect("orgs:my_corrections")
    page = paginate(
        request, member.correction_requests.select_related("decided_by").order_by("-created_at", "-id")
    )
    page.object_list = [_shown(c) for c in page.object_list]
    return render(
        request,
        "orgs/privacy/my_corrections.html",
        {"member": member, "form": form, "page": page},
        status=400 if form.is_bound else 200,
    )


def _in_scope(request: HttpRequest) -> Any:
    """Requests about members the user may edit: staff of a unit see only their subtree's requests."""
    if not access.has_any(request.user, C.EDIT_MEMBERS):
        raise Http404
    editable = access.members(request.user, C.EDIT_MEMBERS).values("pk")
    return CorrectionRequest.objects.filter(member_id__in=editable)


@require_safe
@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    """``/members/corrections/?state=open|decided``: the queue of the units where the user edits members."""
    state = "decided" if request.GET.get("state") == "decided" else "open"
    found = _in_scope(request).select_related("member__unit", "decided_by")
    if state == "open":
        found = found.filter(state=CorrectionState.OPEN).order_by("created_at", "id")  # oldest waits longest
    else:
        found = found.exclude(state=CorrectionState.OPEN).order_by("-decided_at", "-id")
    page = paginate(request, found)
    services.record_bulk_read(
        request.user, "members.corrections", unit=None, rows=len(page.object_list), detail=state
    )
    page.object_list = [_shown(c) for c in page.object_list]
    return render(request, "orgs/privacy/queue.html", {"page": page, "state": state})


@login_required
def correction_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """``/members/corrections/<id>/``: the request beside the record; accept or refuse it."""
    correction = (
        _in_scope(request).select_related("member__unit", "requested_by").filter(pk=request_id).first()
    )
    if correction is None:
        raise Http404
    member = correction.member
    form = CorrectionDecisionForm(request.POST if request.method == "POST" else None, correction=correction)
    if request.method == "POST" and form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Đã xử lý đề nghị của %(name)s.") % {"name": member.full_name})
        return redirect("orgs:correction_list")
    services.record_member_read(request.user, member, channel="page", request=request, detail="correction")
    return render(
        request,
        "orgs/privacy/decide.html",
        {"row": _shown(correction), "member": member, "form": form, "is_open": correction.state == "open"},
        status=400 if form.is_bound else 200,
    )
