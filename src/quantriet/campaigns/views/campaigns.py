"""The list of campaigns, a campaign's page, and the forms to create and edit one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quantriet.campaigns import selectors
from quantriet.campaigns.charts import Bar, bar_chart
from quantriet.campaigns.forms import CampaignForm
from quantriet.campaigns.models import Campaign
from quantriet.core.paging import paginate
from quantriet.documents import selectors as document_selectors

POINTS_SHOWN = 50  # the latest conferences first
INVITATIONS_SHOWN = 5


@require_safe
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    campaigns = selectors.visible_campaigns(user).select_related("organising_unit")
    points = (
        selectors.staffed_points(user)
        .select_related("conference__campaign", "host_unit")
        .order_by("-conference__held_on", "name", "id")[:POINTS_SHOWN]
    )
    return render(
        request,
        "campaigns/list.html",
        {
            "page": paginate(request, campaigns, 30),
            "points": points,
            "plan_campaigns": list(
                selectors.plan_campaigns(user).order_by("-plan_deadline", "-id")[:POINTS_SHOWN]
            ),
            "may_create": selectors.may_create(user),
            # The member's own coming conferences, each a link to the page with the QR code.
            "invitations": list(
                selectors.own_invitations(user).filter(
                    check_ins__isnull=True, conference__held_on__gte=timezone.localdate()
                )[:INVITATIONS_SHOWN]
            ),
        },
    )


def _form_page(request: HttpRequest, form: CampaignForm, campaign: Campaign | None) -> HttpResponse:
    title = _("Sửa đợt học tập, quán triệt") if campaign else _("Tạo đợt học tập, quán triệt")
    context = {"form": form, "campaign": campaign, "title": title}
    return render(request, "campaigns/form.html", context, status=400 if form.is_bound else 200)


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_create(request.user):
        raise Http404
    if request.method == "POST":
        form = CampaignForm(request.POST, user=request.user)
        if form.is_valid():
            campaign = form.save(request.user)
            if campaign is not None:
                messages.success(request, _("Đã tạo đợt “%(title)s”.") % {"title": campaign.title})
                return redirect("campaigns:detail", campaign_id=campaign.pk)
        return _form_page(request, form, None)
    return _form_page(request, CampaignForm(user=request.user), None)


def managed_or_403(request: HttpRequest, campaign: Campaign) -> Campaign:
    if not selectors.may_manage(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = managed_or_403(request, selectors.campaign_or_404(request.user, campaign_id))
    if request.method == "POST":
        form = CampaignForm(request.POST, user=request.user, campaign=campaign)
        if form.is_valid():
            saved = form.save(request.user)
            if saved is not None:
                messages.success(request, _("Đã lưu đợt “%(title)s”.") % {"title": saved.title})
                return redirect("campaigns:detail", campaign_id=saved.pk)
        return _form_page(request, form, campaign)
    return _form_page(request, CampaignForm(user=request.user, campaign=campaign), campaign)


@require_safe
@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_or_404(request.user, campaign_id)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "documents": list(document_selectors.visible_documents(request.user).filter(campaigns=campaign)),
            "conferences": list(campaign.conferences.all()),
            "may_manage": selectors.may_manage(request.user, campaign),
            "charts": _charts(campaign),
        },
    )


def _charts(campaign: Campaign) -> list[SafeString]:
    """Attendance by point and plans by state, drawn when there is something to draw."""
    charts: list[SafeString] = []
    attendance = selectors.campaign_attendance(campaign)
    if attendance.total.invited:
        bars = [Bar(r.label, r.attended, r.invited) for r in attendance.by_point]
        charts.append(bar_chart(_("Tỷ lệ tham dự theo điểm cầu (kể cả học bù)"), bars, "attendance-chart"))
    rows = selectors.plan_board(campaign, selectors.plan_units(campaign))
    if rows:
        counts = selectors.plan_counts(rows)
        bars = [
            Bar(str(label), counts[state.value], len(rows))
            for state, label in selectors.PLAN_STATE_LABELS.items()
        ]
        charts.append(bar_chart(_("Kế hoạch thực hiện của các đơn vị"), bars, "plans-chart"))
    return charts
