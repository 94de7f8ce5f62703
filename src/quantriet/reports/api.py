"""The learning reports' JSON API (``/api/v1/reports/``), on the core API shell: auth, errors, paging.

The same access rules as the pages: a campaign's reports for those who review them, a report for its
member and its reviewers, everything else 404. A finding names the other member only when the caller may
see who wrote that report (``may_see_identity``); otherwise it reads "bài của đơn vị khác".
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.api.http import api_view, invalid, json_response
from quantriet.core.api.parsing import FieldReader, paginate, query_choice, read_json_object, reject_unknown
from quantriet.orgs.api.serialise import unit_ref
from quantriet.reports.models import Finding, FindingKind, LearningReport, ReportStatus, ReportVersion, Source
from quantriet.reports.selectors.access import (
    campaign_or_404,
    is_own,
    may_see_identity,
    report_or_404,
    reviewable,
)
from quantriet.reports.services.submitting import MAX_DRAFT_CHARS, Handed, submit


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def report_item(report: LearningReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "campaign_id": report.campaign_id,
        "member": {"id": report.member_id, "full_name": report.member.full_name},
        "unit": unit_ref(report.unit),
        "status": report.status,
        "status_label": str(ReportStatus(report.status).label),
        "late": report.late,
        "submitted_at": _when(report.submitted_at),
        "check_state": report.check_state or None,
        "similarity": round(report.similarity, 4),
        "findings_count": report.findings_count,
        "url": reverse("reports_api:report", args=[report.pk]),
    }


def version_item(version: ReportVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "digest": version.digest,
        "receipt": version.receipt,
        "words": version.words,
        "source": version.source,
        "on_behalf": version.on_behalf,
        "submitted_at": _when(version.submitted_at),
        "late": version.late,
        "checked": version.checked_at is not None,
    }


def _other_side(user: Actor, finding: Finding) -> dict[str, Any]:
    if finding.library_text_id is not None:
        text = finding.library_text
        return {
            "type": "reference",
            "title": text.title if text is not None else "",
            "member": None,
            "unit": None,
            "campaign_id": None,
        }
    other = finding.other_report
    if other is not None and may_see_identity(user, other):
        return {
            "type": "report",
            "title": other.member.full_name,
            "member": {"id": other.member_id, "full_name": other.member.full_name},
            "unit": unit_ref(other.unit),
            "campaign_id": other.campaign_id,
        }
    return {
        "type": "report",
        "title": _("bài của đơn vị khác"),
        "member": None,
        "unit": None,
        "campaign_id": None,
    }


def finding_item(user: Actor, finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.pk,
        "kind": finding.kind,
        "kind_label": str(FindingKind(finding.kind).label),
        "version": finding.version.number,
        "similarity": round(finding.similarity, 4),
        "other_similarity": round(finding.other_similarity, 4),
        "passages": len(finding.passages),
        "other": _other_side(user, finding),
    }


def report_detail(user: Actor, report: LearningReport) -> dict[str, Any]:
    current = report.current
    findings = (
        Finding.objects.filter(report=report)
        .select_related("version", "library_text", "other_report__member", "other_report__unit")
        .defer("library_text__text")
    )
    if current is not None:
        findings = findings.filter(version=current)
    return {
        **report_item(report),
        "campaign": {"id": report.campaign_id, "title": report.campaign.title},
        "comment": report.comment,
        "grade": report.grade or None,
        "mark": float(report.mark) if report.mark is not None else None,
        "rewrite_by": _when(report.rewrite_by),
        "current": version_item(current) if current is not None else None,
        "findings": [finding_item(user, f) for f in findings] if current is not None else [],
    }


@api_view("GET")
def campaign_reports(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_id)
    status = query_choice(request.GET, "status", ReportStatus.values)
    found = (
        reviewable(request.user)
        .filter(campaign=campaign)
        .select_related("member", "unit")
        .order_by("unit__name", "member__name_sort", "pk")
    )
    if status:
        found = found.filter(status=status)
    return json_response(paginate(request, found, report_item))


@api_view("GET")
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    found = report_or_404(request.user, report_id)
    return json_response(report_detail(request.user, found))


@api_view("GET", "POST")
def versions(request: HttpRequest, report_id: int) -> HttpResponse:
    """GET: the report's receipts; POST ``{"text": …}``: hand in a version (own, or for a member)."""
    found = report_or_404(request.user, report_id)
    if request.method == "GET":
        rows = ReportVersion.objects.filter(report=found).defer("text").order_by("number")
        return json_response({"report_id": found.pk, "results": [version_item(v) for v in rows]})
    data = read_json_object(request)
    reject_unknown(data, ("text",))
    reader = FieldReader(data, {})
    text = reader.text("text", multiline=True)
    reader.check()
    assert text is not None
    if len(text) > MAX_DRAFT_CHARS:
        raise invalid(
            {"text": _("Bài quá dài (tối đa %(n)s ký tự).") % {"n": f"{MAX_DRAFT_CHARS:,}".replace(",", ".")}}
        )
    handed = Handed(text=text, source=Source.API, on_behalf=not is_own(request.user, found))
    done = submit(request.user, found, handed)
    found.refresh_from_db(fields=["check_state"])
    body = {
        **version_item(done.version),
        "report_id": found.pk,
        "created": done.created,
        "check_state": found.check_state or None,
    }
    return json_response(body, status=201 if done.created else 200)
