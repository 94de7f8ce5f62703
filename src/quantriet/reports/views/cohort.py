"""The whole-cohort re-check of a campaign: organisers start it and watch its progress.

``cohort`` shows the latest run (a bar that a small script keeps up to date from ``cohort_progress``;
without JavaScript the page refreshes itself while a run is under way) and, on POST, starts a new run.
Only the campaign's organisers reach either; everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quantriet.campaigns.models import Campaign
from quantriet.reports.checking import cohort as cohort_check
from quantriet.reports.models import CohortRun, RunState
from quantriet.reports.selectors.access import campaign_or_404, may_organise

UNDER_WAY = (RunState.QUEUED, RunState.RUNNING)


def _organised(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = campaign_or_404(request.user, campaign_id)
    if not may_organise(request.user, campaign):
        raise Http404
    return campaign


def progress_of(run: CohortRun | None) -> dict[str, Any]:
    """What the bar shows: the run's state, counts and a percentage (``None`` before any run)."""
    if run is None:
        return {"state": None, "percent": 0, "done": 0, "total": 0, "pairs": 0, "finished": True}
    percent = 100 if run.state == RunState.DONE else int(100 * run.done / run.total) if run.total else 0
    return {
        "state": run.state,
        "state_label": str(run.get_state_display()),
        "percent": percent,
        "done": run.done,
        "total": run.total,
        "pairs": run.pairs,
        "finished": run.state not in UNDER_WAY,
        "failed": run.state == RunState.FAILED,
    }


def _latest(campaign: Campaign) -> CohortRun | None:
    return CohortRun.objects.filter(campaign=campaign).order_by("-created_at", "-id").first()


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cohort(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _organised(request, campaign_id)
    status = 200
    if request.method == "POST":
        try:
            cohort_check.start(request.user, campaign)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 409
        else:
            messages.success(request, _("Đã bắt đầu kiểm tra sao chép toàn bộ bài thu hoạch của đợt."))
            return redirect("reports:cohort", campaign_id=campaign.pk)
    latest = _latest(campaign)
    progress = progress_of(latest)
    return render(
        request,
        "reports/cohort_page.html",
        {
            "campaign": campaign,
            "run": latest,
            "progress": progress,
            "script": {
                "url": reverse("reports:cohort_progress", args=[campaign.pk]),
                "finished": progress["finished"],
            },
        },
        status=status,
    )


@require_safe
@login_required
def cohort_progress(request: HttpRequest, campaign_id: int) -> JsonResponse:
    campaign = _organised(request, campaign_id)
    return JsonResponse(progress_of(_latest(campaign)))
