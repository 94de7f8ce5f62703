"""A bridge point's page and its delegates: the proposal from the registry, adjustments, invitations."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from quantriet.campaigns import papers, selectors, services
from quantriet.campaigns.forms import GuestInviteForm
from quantriet.campaigns.models import BridgePoint, Delegate
from quantriet.core.numbers import parse_int
from quantriet.orgs.selectors import with_paths
from quantriet.orgs.services.audit import record_bulk_read

PROPOSAL_LIMIT = 2000


def _managed_point(request: HttpRequest, point_id: int) -> BridgePoint:
    point = selectors.point_or_404(request.user, point_id)
    if not selectors.may_manage(request.user, point.conference.campaign):
        raise PermissionDenied
    return point


@require_safe
@login_required
def point_detail(request: HttpRequest, point_id: int) -> HttpResponse:
    point = selectors.point_or_404(request.user, point_id)
    campaign = point.conference.campaign
    record_bulk_read(request.user, "campaigns.point", unit=point.host_unit_id, rows=point.delegates.count())
    delegates = list(selectors.delegates_of(point))
    # A point's delegates come from many cells, often of the same name: each with its path.
    with_paths([d.unit for d in delegates if d.unit is not None], top=point.host_unit)
    return render(
        request,
        "campaigns/point.html",
        {
            "point": point,
            "conference": point.conference,
            "campaign": campaign,
            "delegates": delegates,
            "may_manage": selectors.may_manage(request.user, campaign),
            "may_check_in": selectors.may_check_in(request.user, point),
            "sees_campaign": selectors.in_reach(request.user, campaign),
            "guest_form": GuestInviteForm(),
        },
    )


@login_required
def invite(request: HttpRequest, point_id: int) -> HttpResponse:
    """GET: the proposal (or a name search) with every row ticked; POST: invite the ticked members."""
    point = _managed_point(request, point_id)
    if request.method == "POST":
        ids = [i for i in (parse_int(v, minimum=1) for v in request.POST.getlist("member")) if i is not None]
        chosen = list(selectors.members_in_scope(request.user, point.conference.campaign).filter(pk__in=ids))
        if not chosen:
            messages.error(request, _("Chưa chọn đảng viên nào; hãy đánh dấu những người cần mời."))
            return redirect("campaigns:invite", point_id=point.pk)
        try:
            result = services.invite_members(request.user, point, chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("campaigns:invite", point_id=point.pk)
        text = ngettext("Đã mời %(n)d đại biểu.", "Đã mời %(n)d đại biểu.", len(result.created)) % {
            "n": len(result.created)
        }
        if result.skipped:
            text += " " + _("%(names)s đã được mời từ trước nên giữ nguyên.") % {
                "names": ", ".join(m.full_name for m in result.skipped[:5])
            }
        messages.success(request, text)
        _warn_over_capacity(request, point)
        return redirect("campaigns:point", point_id=point.pk)
    query = request.GET.get("q", "").strip()[:100]
    candidates = selectors.propose(request.user, point, query=query, limit=PROPOSAL_LIMIT)
    with_paths([c.member.unit for c in candidates], top=point.host_unit)
    invited = point.delegates.count()
    return render(
        request,
        "campaigns/invite.html",
        {
            "point": point,
            "conference": point.conference,
            "campaign": point.conference.campaign,
            "candidates": candidates,
            "query": query,
            "limit": PROPOSAL_LIMIT,
            "invited": invited,
            "over_now": max(invited - point.capacity, 0),
            # Inviting every ticked row (the proposal comes ticked) would leave this many without a seat.
            "over_if_all": 0 if query else max(invited + len(candidates) - point.capacity, 0),
        },
    )


def _warn_over_capacity(request: HttpRequest, point: BridgePoint) -> None:
    """Inviting more than the point seats is allowed (some never come), but never silently."""
    over = selectors.invited_over_capacity(point)
    if over:
        messages.warning(
            request,
            ngettext(
                "Điểm cầu “%(point)s” chỉ có %(capacity)d chỗ ngồi nhưng đã mời %(invited)d đại biểu: "
                "vượt %(over)d người. Hãy chuyển bớt đại biểu sang điểm cầu khác, hoặc sửa sức chứa nếu "
                "hội trường đủ chỗ.",
                "Điểm cầu “%(point)s” chỉ có %(capacity)d chỗ ngồi nhưng đã mời %(invited)d đại biểu: "
                "vượt %(over)d người. Hãy chuyển bớt đại biểu sang điểm cầu khác, hoặc sửa sức chứa nếu "
                "hội trường đủ chỗ.",
                over,
            )
            % {
                "point": point.name,
                "capacity": point.capacity,
                "invited": point.capacity + over,
                "over": over,
            },
        )


@login_required
@require_POST
def invite_guest(request: HttpRequest, point_id: int) -> HttpResponse:
    point = _managed_point(request, point_id)
    form = GuestInviteForm(request.POST)
    if form.is_valid():
        try:
            delegate = services.invite_guest(request.user, point, name=form.cleaned_data["guest_name"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã mời khách %(name)s.") % {"name": delegate.name})
            _warn_over_capacity(request, point)
    else:
        messages.error(request, _("Hãy ghi họ và tên khách mời."))
    return redirect("campaigns:point", point_id=point.pk)


@login_required
@require_POST
def delegate_remove(request: HttpRequest, point_id: int, delegate_id: int) -> HttpResponse:
    point = _managed_point(request, point_id)
    delegate = Delegate.objects.filter(pk=delegate_id, point=point).select_related("member").first()
    if delegate is None:
        raise Http404
    try:
        services.remove_delegate(request.user, delegate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": delegate.name})
    return redirect("campaigns:point", point_id=point.pk)


def qr_svg(delegate: Delegate, *, fluid: bool = False) -> SafeString:
    """The delegate's QR code as inline SVG (segno writes only paths and numbers: nothing to escape).

    Printed, it has a fixed size; ``fluid`` leaves the size to the page's CSS (a phone's full width).
    """
    code = segno.make(services.qr_payload(delegate), error="m")
    svg = code.svg_inline(omitsize=True) if fluid else code.svg_inline(scale=4)
    return mark_safe(svg)  # noqa: S308


def _invitation(delegate: Delegate) -> dict[str, Any]:
    return {"delegate": delegate, "qr": qr_svg(delegate)}


@require_safe
@login_required
def invitation(request: HttpRequest, delegate_id: int) -> HttpResponse:
    delegate = selectors.delegate_or_404(request.user, delegate_id)
    return _print(request, delegate.point, [delegate])


@require_safe
@login_required
def invitations(request: HttpRequest, point_id: int) -> HttpResponse:
    """Every invitation of a point, one per printed page."""
    point = selectors.point_or_404(request.user, point_id)
    if not (
        selectors.may_manage(request.user, point.conference.campaign)
        or selectors.may_check_in(request.user, point)
    ):
        raise PermissionDenied
    delegates = list(
        point.delegates.select_related("member", "unit").order_by(
            "unit__name_sort", "member__name_sort", "id"
        )
    )
    record_bulk_read(request.user, "campaigns.invitations", unit=point.host_unit_id, rows=len(delegates))
    return _print(request, point, delegates)


def _print(request: HttpRequest, point: BridgePoint, delegates: list[Delegate]) -> HttpResponse:
    point = BridgePoint.objects.select_related("conference__campaign__organising_unit", "host_unit").get(
        pk=point.pk
    )
    return render(
        request,
        "campaigns/invitations.html",
        {
            "point": point,
            "conference": point.conference,
            "campaign": point.conference.campaign,
            "cards": [_invitation(d) for d in delegates],
            **papers.invitation_context(point.conference, request.GET.get("number", "")),
            "over_capacity": selectors.invited_over_capacity(point),
            "agenda": list(point.conference.agenda.select_related("document")),
        },
    )
