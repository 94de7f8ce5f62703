"""The reviewers' pages: the queue, a report (for its member too), the evidence of a finding, the copy
rings, and a copying case with the member's answer and the decision of the level above.

Everything out of reach answers 404 (``selectors.access``); actions are POST only and go through
``reports.services.reviewing`` via the forms, which keep what was typed when a service refuses.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quantriet.core.paging import paginate_by_keys
from quantriet.orgs.services.audit import record_bulk_read
from quantriet.reports.forms.review import (
    AnswerForm,
    DecideForm,
    GradeForm,
    OpenCaseForm,
    PassForm,
    ReturnForm,
)
from quantriet.reports.models import Case, CaseState, LearningReport, ReportStatus
from quantriet.reports.selectors import access as report_access
from quantriet.reports.selectors import review
from quantriet.reports.services.reviewing import REVIEWABLE

# --- the queue -------------------------------------------------------------------------------------


@require_safe
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """``?campaign=&unit=&state=``: the reviewer's reports of one campaign, findings first."""
    user = request.user
    if not report_access.may_review_any(user):
        raise Http404
    campaigns = list(
        review.review_campaigns(user).only("id", "title", "conference_date", "scope_unit_id")[:200]
    )
    raw = request.GET.get("campaign", "")
    # The picker's list holds the chosen campaign already (one query less); an older one is looked up.
    campaign = next((c for c in campaigns if str(c.pk) == raw), None) if raw else None
    if raw and campaign is None:
        campaign = report_access.campaign_or_404(user, raw)
    elif not raw and campaigns:
        campaign = campaigns[0]
    raw_unit = request.GET.get("unit", "")
    unit = review.queue_unit_or_404(user, raw_unit) if raw_unit else None
    state = request.GET.get("state", "")
    state = state if state in review.QUEUE_STATES else ""
    page = None
    if campaign is not None:
        page = paginate_by_keys(request, review.queue(user, campaign, unit=unit, state=state))
        if page.object_list:
            record_bulk_read(
                user,
                "reports.queue",
                unit=unit.pk if unit else campaign.scope_unit_id,
                rows=len(page.object_list),
                detail=f"campaign={campaign.pk} state={state}",
            )
    rows = [(r, review.unit_label(r.unit)) for r in page.object_list] if page else []
    return render(
        request,
        "reports/review_queue.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "unit": unit,
            "unit_label": review.unit_label(unit) if unit else "",
            "state": state,
            "states": review.QUEUE_STATES,
            "page": page,
            "rows": rows,
        },
    )


@require_safe
@login_required
def rings(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = request.user
    if not report_access.may_review_any(user):
        raise Http404
    campaign = report_access.campaign_or_404(user, campaign_id)
    found = review.rings(user, campaign)
    named = sum(1 for ring in found for m in ring.members if m.url)
    if named:
        record_bulk_read(
            user, "reports.rings", unit=campaign.scope_unit_id, rows=named, detail=str(campaign.pk)
        )
    return render(request, "reports/review_rings.html", {"campaign": campaign, "rings": found})


# --- a report ---------------------------------------------------------------------------------------


def _may_act(request: HttpRequest, report: LearningReport) -> bool:
    """Reviewers act on the reports of their subtree, never on their own."""
    user = request.user
    return report_access.may_review(user, report) and not report_access.is_own(user, report)


def _report_page(
    request: HttpRequest, report: LearningReport, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    current = report.current
    findings = review.findings_of(user, report)
    may_act = _may_act(request, report)
    has_text = current is not None
    choices = [
        (row.finding, f"{row.kind_label}: {row.counterpart} ({row.similarity:.0%})") for row in findings
    ]
    context: dict[str, Any] = {
        "report": report,
        "unit_label": review.unit_label(report.unit),
        "own": report_access.is_own(user, report),
        "paragraphs": _paragraphs(current.text) if current is not None else [],
        "versions": list(report.versions.defer("text").order_by("-number")),
        "events": list(report.events.select_related("actor")),
        "findings": findings,
        "cases": list(report.cases.order_by("-opened_at", "-id")),
        "may_act": may_act,
        "may_pass": may_act and report.status in (ReportStatus.SUBMITTED, ReportStatus.PASSED),
        "may_return": may_act and report.status in (ReportStatus.SUBMITTED, ReportStatus.PASSED),
        "may_grade": may_act and has_text,
        "may_open_case": may_act and report.status in REVIEWABLE and has_text and bool(findings),
        "pass_form": forms.get("pass_form") or PassForm(report=report),
        "grade_form": forms.get("grade_form") or GradeForm(report=report),
        "return_form": forms.get("return_form") or ReturnForm(report=report),
        "case_form": forms.get("case_form") or OpenCaseForm(report=report, findings=choices),
        "open_form": next(iter(forms), ""),
    }
    # A refused form is shown again with its message even if the report moved on meanwhile.
    shown = {"pass_form": "may_pass", "grade_form": "may_grade", "return_form": "may_return"}
    for name in forms:
        context[shown.get(name, "may_open_case")] = True
    return render(request, "reports/review_report.html", context, status=status)


def _paragraphs(text: str) -> list[str]:
    """The text's paragraphs (blank lines, or single line breaks of a pasted text), each shown escaped."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]


@require_safe
@login_required
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    found = report_access.report_or_404(request.user, report_id)
    return _report_page(request, found)


def _actable_or_404(request: HttpRequest, report_id: int) -> LearningReport:
    found = report_access.report_or_404(request.user, report_id)
    if not _may_act(request, found):
        raise Http404
    return found


def _act(request: HttpRequest, report_id: int, form_class: Any, name: str, done: str) -> HttpResponse:
    """One reviewer's action on a report: its form saved, or the report page again with its refusal."""
    found = _actable_or_404(request, report_id)
    form = form_class(request.POST, report=found)
    if form.is_valid() and form.save(request.user) is not None:
        messages.success(request, done)
        return redirect("reports:report", report_id=found.pk)
    return _report_page(request, found, status=400, **{name: form})


@login_required
@require_POST
def pass_report(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(request, report_id, PassForm, "pass_form", _("Đã đánh giá bài thu hoạch đạt."))


@login_required
@require_POST
def grade_report(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(request, report_id, GradeForm, "grade_form", _("Đã ghi xếp loại, điểm của bài thu hoạch."))


@login_required
@require_POST
def return_report(request: HttpRequest, report_id: int) -> HttpResponse:
    done = _("Đã trả lại bài để viết lại; đảng viên được báo.")
    return _act(request, report_id, ReturnForm, "return_form", done)


@login_required
@require_POST
def open_case(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _actable_or_404(request, report_id)
    rows = review.findings_of(request.user, found)
    choices = [(row.finding, row.kind_label) for row in rows]
    form = OpenCaseForm(request.POST, report=found, findings=choices)
    if form.is_valid():
        case = form.save(request.user)
        if case is not None:
            messages.success(request, _("Đã mở vụ việc; đảng viên được báo và có thời hạn giải trình."))
            return redirect("reports:case", case_id=case.pk)
    return _report_page(request, found, status=400, case_form=form)


# --- the evidence -------------------------------------------------------------------------------------


@require_safe
@login_required
def finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    found = review.finding_or_404(request.user, finding_id)
    shown = review.evidence(request.user, found)
    sides = [(shown.left, "a", "b"), (shown.right, "b", "a")]
    return render(request, "reports/review_finding.html", {"e": shown, "sides": sides})


# --- a case -------------------------------------------------------------------------------------------


def _case_page(request: HttpRequest, case: Case, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    own = report_access.is_own(user, case.report)
    findings = review.finding_rows(
        user,
        case.report,
        list(
            case.findings.select_related(
                "report__member", "report__unit", "other_report__member", "other_report__unit", "library_text"
            ).order_by("-similarity", "id")
        ),
    )
    may_answer = own and case.state == CaseState.AWAITING_ANSWER
    may_decide = not own and case.state != CaseState.DECIDED and report_access.may_decide(user, case)
    context = {
        "case": case,
        "report": case.report,
        "own": own,
        "unit_label": review.unit_label(case.report.unit),
        "findings": findings,
        "events": list(case.report.events.select_related("actor")),
        "may_answer": may_answer,
        "answer_late": timezone.localdate() > case.answer_by,
        "may_decide": may_decide,
        "answer_form": forms.get("answer_form") or AnswerForm(case=case),
        "decide_form": forms.get("decide_form") or DecideForm(case=case),
    }
    return render(request, "reports/review_case.html", context, status=status)


@require_safe
@login_required
def case(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, report_access.case_or_404(request.user, case_id))


@login_required
@require_POST
def answer(request: HttpRequest, case_id: int) -> HttpResponse:
    found = report_access.case_or_404(request.user, case_id)
    if not report_access.is_own(request.user, found.report):
        raise Http404
    form = AnswerForm(request.POST, case=found)
    if form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Đã gửi giải trình; cấp trên sẽ xem xét và kết luận."))
        return redirect("reports:case", case_id=found.pk)
    return _case_page(request, found, status=400, answer_form=form)


@login_required
@require_POST
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    found = report_access.case_or_404(user, case_id)
    if report_access.is_own(user, found.report) or not report_access.may_decide(user, found):
        raise Http404
    form = DecideForm(request.POST, case=found)
    if form.is_valid() and form.save(user) is not None:
        messages.success(request, _("Đã ghi kết luận; đảng viên được báo."))
        return redirect("reports:case", case_id=found.pk)
    return _case_page(request, found, status=400, decide_form=form)
