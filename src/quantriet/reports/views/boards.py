"""The boards of a campaign's learning reports (with drill-down), their XLSX and DOCX, reminders from the
board, and a member's record of campaigns.

Reach: the campaign's organisers see its whole scope, reviewers their own subtrees inside it
(``selectors.boards.board_roots``); ``?unit=`` outside that reach, or not an id, answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from quantriet.campaigns.models import Campaign
from quantriet.core.textinput import clean_text
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Unit
from quantriet.orgs.services.audit import record_bulk_read, record_member_read
from quantriet.reports import exports
from quantriet.reports.forms.boards import RemindForm
from quantriet.reports.models import Requirement
from quantriet.reports.selectors import access as report_access
from quantriet.reports.selectors import boards

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A cell's board lists whom to chase; a very large cell is cut here (the XLSX holds everyone).
LAGGING_ON_PAGE = 300


def _reach(request: HttpRequest, campaign_id: int) -> tuple[Campaign, list[Unit]]:
    campaign = report_access.campaign_or_404(request.user, campaign_id)
    roots = boards.board_roots(request.user, campaign)
    if not roots:
        raise Http404  # a member the campaign reaches: their report is on their own page
    return campaign, roots


def _unit(request: HttpRequest, roots: list[Unit], raw: str | None) -> Unit:
    # Query text is typed like form input: cleaned the same way before it is read as an id.
    return boards.board_unit_or_404(roots, None if raw is None else clean_text(raw).strip())


def _attachment(data: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def board(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = request.user
    campaign, roots = _reach(request, campaign_id)
    raw = request.GET.get("unit")
    if raw is None and len(roots) > 1:
        # Reviewers of several subtrees: one board each.
        return render(request, "reports/board_roots.html", {"campaign": campaign, "roots": roots})
    unit = _unit(request, roots, raw)
    found = boards.board(campaign, unit)
    context: dict[str, Any] = {
        "campaign": campaign,
        "unit": unit,
        "board": found,
        "trail": boards.trail(roots, unit),
        "may_remind": access.can(user, C.REVIEW_REPORTS, unit),
        "requirement": Requirement.objects.filter(campaign=campaign).first(),
    }
    # At the bottom of the tree the board names the people to chase: a read of personal data.
    if not any(row.unit_id != unit.pk for row in found.rows):
        lagging = list(boards.lagging_reports(campaign, unit)[:LAGGING_ON_PAGE])
        record_bulk_read(user, "reports.board", unit=unit.pk, rows=len(lagging), refreshing=True)
        context["lagging"] = lagging
        context["lagging_cut"] = len(lagging) == LAGGING_ON_PAGE
    return render(request, "reports/board_board.html", context)


@require_safe
@login_required
def board_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, roots = _reach(request, campaign_id)
    unit = _unit(request, roots, request.GET.get("unit"))
    lagging = list(boards.lagging_reports(campaign, unit))
    record_bulk_read(request.user, "reports.board.xlsx", unit=unit.pk, rows=len(lagging))
    with translation.override("vi"):  # a file is a paper: Vietnamese whoever made it
        data = exports.board_workbook(boards.board(campaign, unit), lagging)
    return _attachment(data, XLSX, f"dot-{campaign.pk}-bai-thu-hoach-{unit.pk}.xlsx")


@require_safe
@login_required
def summary_docx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """``?unit=`` the board's unit; ``?number=12&place=Hà Nội`` fill in the number and the place."""
    campaign, roots = _reach(request, campaign_id)
    unit = _unit(request, roots, request.GET.get("unit"))
    number = "".join(clean_text(request.GET.get("number", "")).split())[:20]
    place = " ".join(clean_text(request.GET.get("place", "")).split())[:80]
    # The organisers report on their whole scope; a unit inside it reports on its own part.
    issuer = campaign.organising_unit if unit.pk == campaign.scope_unit_id else unit
    if issuer.parent_id is not None:
        issuer = Unit.objects.select_related("parent").get(pk=issuer.pk)
    found = boards.board(campaign, unit)
    record_bulk_read(request.user, "reports.summary.docx", unit=unit.pk, rows=0)
    with translation.override("vi"):
        data = exports.summary_docx(
            found,
            issuer=issuer,
            requirement=Requirement.objects.filter(campaign=campaign).first(),
            documents=list(campaign.documents.all()),
            number=number,
            place=place,
            on=timezone.localdate(),
        )
    return _attachment(data, DOCX, f"dot-{campaign.pk}-bao-cao-bai-thu-hoach-{unit.pk}.docx")


@require_POST
@login_required
def remind(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Remind the members of the posted unit's subtree who still owe their report (its reviewers only)."""
    user = request.user
    campaign, roots = _reach(request, campaign_id)
    raw = clean_text(request.POST.get("unit", "")).strip()
    if not raw:
        raise Http404  # a reminder names its unit; the board's default is no guess for a write
    unit = _unit(request, roots, raw)
    if not access.can(user, C.REVIEW_REPORTS, unit):
        raise Http404  # organisers without the reviewing right see the board but remind nobody
    form = RemindForm(request.POST, campaign=campaign, unit=unit)
    done = form.save(user) if form.is_valid() else None
    if done is None:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    elif done.told:
        messages.success(
            request,
            ngettext(
                "Đã nhắc %(n)d đảng viên chưa nộp bài thu hoạch.",
                "Đã nhắc %(n)d đảng viên chưa nộp bài thu hoạch.",
                done.told,
            )
            % {"n": done.told},
        )
    elif done.owed:
        messages.info(request, _("Những đảng viên chưa nộp đều không có tài khoản; không nhắc được ai."))
    else:
        messages.info(request, _("Mọi đảng viên đã nộp bài thu hoạch; không có ai cần nhắc."))
    url = reverse("reports:board", kwargs={"campaign_id": campaign.pk})
    return redirect(f"{url}?unit={unit.pk}")


@require_safe
@login_required
def record(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's campaigns: attended, report handed in, result (what the annual review reads)."""
    user = request.user
    member = access.member_or_404(user, C.VIEW_MEMBER_DETAIL, member_id)
    record_member_read(user, member, channel="page", request=request, detail="reports.record")
    return render(
        request,
        "reports/record_member.html",
        {
            "member": member,
            "rows": boards.campaign_record(member),
            "own": member.user_id == user.pk,
        },
    )
