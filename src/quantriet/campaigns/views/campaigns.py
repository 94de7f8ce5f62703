"""The list of campaigns, a campaign's page, and the forms to create and edit one.

The list and the page show every campaign in the user's reach (``selectors.campaigns_in_reach``): the
organiser's whole, read-only for the units in its scope with their own share of the figures. The forms
are the organiser's: to anyone else they answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quantriet.campaigns import panels, selectors
from quantriet.campaigns.charts import Bar, bar_chart
from quantriet.campaigns.forms import CampaignForm
from quantriet.campaigns.models import Campaign
from quantriet.core.paging import paginate
from quantriet.documents import selectors as document_selectors
from quantriet.orgs.models import Unit

POINTS_SHOWN = 50  # the latest conferences first
INVITATIONS_SHOWN = 5


@require_safe
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    campaigns = selectors.campaigns_in_reach(user).select_related("organising_unit")
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
                selectors.not_checked_in(selectors.own_invitations(user)).filter(
                    conference__held_on__gte=timezone.localdate()
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


def managed_campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    """The campaign a page changes: 404 unless the user sees it as organiser, 403 unless they manage it."""
    return managed_or_403(request, selectors.organised_campaign_or_404(request.user, campaign_id))


@login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_id)
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
    """The campaign: the whole for its organisers; read-only with the user's own share for the units in
    its scope; documents, deadlines and programme for its members."""
    user = request.user
    campaign = selectors.campaign_or_404(user, campaign_id)
    organiser = selectors.may_see_campaign(user, campaign)
    share = None if organiser else selectors.share_units(user, campaign)
    # A member without a unit's role sees no figures at all: their own attendance is on their page.
    staff = organiser or (share is not None and share.exists())
    plan_rows = selectors.plan_board(campaign, selectors.plan_reach(user, campaign)) if staff else []
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "documents": list(document_selectors.visible_documents(user).filter(campaigns=campaign)),
            "conferences": list(campaign.conferences.all()),
            "may_manage": selectors.may_manage(user, campaign),
            "organiser": organiser,
            "staff": staff,
            "plans_owed": bool(plan_rows),
            "charts": _charts(campaign, share, plan_rows) if staff else [],
            # What apps above campaigns add: the learning reports' requirement, queue and the user's own task.
            "report_task": panels.campaign_panel(user, campaign),
        },
    )


def _charts(
    campaign: Campaign, share: QuerySet[Unit] | None, plan_rows: list[selectors.PlanRow]
) -> list[SafeString]:
    """Attendance by point and plans by state (of the user's share), drawn when there is something to draw."""
    charts: list[SafeString] = []
    attendance = selectors.campaign_attendance(campaign, share)
    if attendance.total.invited:
        bars = [Bar(r.label, r.attended, r.invited) for r in attendance.by_point]
        charts.append(bar_chart(_("Tỷ lệ tham dự theo điểm cầu (kể cả học bù)"), bars, "attendance-chart"))
    if plan_rows:
        counts = selectors.plan_counts(plan_rows)
        bars = [
            Bar(str(label), counts[state.value], len(plan_rows))
            for state, label in selectors.PLAN_STATE_LABELS.items()
        ]
        charts.append(bar_chart(_("Kế hoạch thực hiện của các đơn vị"), bars, "plans-chart"))
    return charts
