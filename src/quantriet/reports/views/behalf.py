"""A secretary hands in members' reports for them: one at a time, or as a batch (ZIP + spreadsheet)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quantriet.core.uploads import too_large
from quantriet.reports.forms.behalf import BatchForm, BehalfForm
from quantriet.reports.models import LearningReport, Requirement
from quantriet.reports.selectors.access import campaign_or_404, may_review, report_or_404, reviewable
from quantriet.reports.services.batch import LAYOUT, hand_in_batch, max_files


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def behalf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_or_404(request.user, report_id)
    if not may_review(request.user, report):
        raise Http404  # the member themself writes on their own page
    form = BehalfForm(report=report)
    status = 200
    if request.method == "POST":
        form = BehalfForm(request.POST, request.FILES, report=report, dropped_files=too_large(request))
        if form.is_valid():
            done = form.save(request.user)
            if done is not None:
                version = done.version
                text = (
                    _("Đã nộp thay bài của %(m)s, lần %(n)s; mã biên nhận %(r)s.")
                    if done.created
                    else _("Bài này đã được nộp trước đó (lần %(n)s); mã biên nhận %(r)s.")
                )
                messages.success(
                    request, text % {"m": report.member.full_name, "n": version.number, "r": version.receipt}
                )
                return redirect("reports:behalf", report_id=report.pk)
        status = 400
    requirement = Requirement.objects.filter(campaign_id=report.campaign_id).first()
    return render(
        request,
        "reports/behalf_report.html",
        {"report": report, "requirement": requirement, "form": form, "current": report.current},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def batch(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_id)
    mine = reviewable(request.user).filter(campaign=campaign)
    if not mine.exists():
        raise Http404  # no report of this campaign is the user's to hand in
    form = BatchForm()
    outcome = None
    status = 200
    if request.method == "POST":
        form = BatchForm(request.POST, request.FILES, dropped_files=too_large(request))
        if form.is_valid():
            data = form.cleaned_data
            outcome = hand_in_batch(
                request.user, campaign, data["archive"], data["sheet"], data["sheet"].name or ""
            )
            if outcome.saved:
                messages.success(request, _("Đã nộp thay %(n)s bài thu hoạch.") % {"n": len(outcome.handed)})
        status = 200 if outcome is not None and outcome.saved else 400
    return render(
        request,
        "reports/behalf_batch.html",
        {
            "campaign": campaign,
            "form": form,
            "outcome": outcome,
            "max_files": max_files(),
            "columns": LAYOUT.labels,
            "examples": _examples(mine),
        },
        status=status,
    )


def _examples(reports: QuerySet[LearningReport]) -> list[LearningReport]:
    return list(reports.select_related("member", "unit").order_by("unit__name", "member__name_sort")[:3])
