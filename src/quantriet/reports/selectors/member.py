"""What a member reads of their own learning reports: the list, one report to write, a receipt.

The member is the one linked to the signed-in account (``access.own_member``). Writing pages answer 404
for every report that is not the user's own (a reviewer reads reports on the review pages and never
writes them); a receipt is shown to whoever may see the report (the member, their reviewers, a secretary
who handed it in for them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from quantriet.core.actors import Actor
from quantriet.orgs import access as org_access
from quantriet.reports.models import (
    Case,
    CaseState,
    LearningReport,
    ReportVersion,
    Requirement,
)
from quantriet.reports.selectors.access import visible_reports
from quantriet.reports.services.submitting import is_late, may_submit


@dataclass(frozen=True)
class MyReport:
    """A row of "Bài thu hoạch của tôi": the report, what is asked, and what the member may do now."""

    report: LearningReport
    requirement: Requirement | None
    open_case: Case | None
    refusal: str | None  # why no new version can be handed in now; None: it can
    late_now: bool  # handing in now would be marked late


def own_reports(user: Actor) -> list[MyReport]:
    """The signed-in member's reports, newest campaign first, in a fixed number of queries (two)."""
    if not user.is_authenticated:
        return []
    open_cases = Case.objects.exclude(state=CaseState.DECIDED).order_by("-opened_at", "-id")
    reports = (
        LearningReport.objects.filter(member__user_id=user.pk)
        .select_related("campaign__organising_unit", "campaign__report_requirement", "current")
        .prefetch_related(Prefetch("cases", queryset=open_cases, to_attr="open_cases"))
        .order_by("-campaign__conference_date", "-id")
    )
    return [_row(report) for report in reports]


def _requirement(report: LearningReport) -> Requirement | None:
    try:
        return report.campaign.report_requirement
    except Requirement.DoesNotExist:
        return None


def _row(report: LearningReport) -> MyReport:
    requirement = _requirement(report)
    cases: list[Case] = getattr(report, "open_cases", [])
    if requirement is None:
        return MyReport(report, None, cases[0] if cases else None, None, False)
    refusal = may_submit(report, requirement)
    return MyReport(report, requirement, cases[0] if cases else None, refusal, is_late(report, requirement))


def own_report_or_404(user: Actor, report_id: int | str) -> MyReport:
    """The user's own report (404 for anyone else's, a reviewer's included), with what is asked."""
    if not user.is_authenticated:
        raise Http404
    found = (
        LearningReport.objects.filter(member__user_id=user.pk)
        .select_related("campaign__organising_unit", "campaign__report_requirement", "member", "current")
        .prefetch_related(
            Prefetch("cases", queryset=Case.objects.exclude(state=CaseState.DECIDED), to_attr="open_cases")
        )
    )
    report = found.filter(pk=org_access.id_or_404(report_id)).first()
    if report is None:
        raise Http404
    return _row(report)


def version_or_404(user: Actor, version_id: int | str) -> ReportVersion:
    """A version of a report the user may see: their own, or one they review."""
    found = ReportVersion.objects.filter(report__in=visible_reports(user)).select_related(
        "report__campaign__organising_unit", "report__member", "report__unit"
    )
    version = found.filter(pk=org_access.id_or_404(version_id)).first()
    if version is None:
        raise Http404
    return version
