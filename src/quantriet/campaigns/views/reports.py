"""A campaign's reports: the XLSX figures and the DOCX report (organisers of the campaign only: they
hold every point's figures, so the units the campaign reaches get 404 here)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from quantriet.campaigns import exports, papers, selectors
from quantriet.campaigns.models import BridgePoint, Conference, Delegate
from quantriet.core.textinput import clean_text
from quantriet.orgs.services.audit import record_bulk_read

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(data: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def report_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.organised_campaign_or_404(request.user, campaign_id)
    rows = Delegate.objects.filter(conference__campaign=campaign).count()
    record_bulk_read(request.user, "campaigns.report.xlsx", unit=campaign.organising_unit_id, rows=rows)
    return _attachment(exports.workbook(campaign), XLSX, f"dot-{campaign.pk}-so-lieu.xlsx")


@require_safe
@login_required
def report_docx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """``?number=12`` fills in the number (blank in a draft, numbered when issued); ``?place=`` replaces the
    organising unit's locality on the date line."""
    campaign = selectors.organised_campaign_or_404(request.user, campaign_id)
    number = _paper_number(request)
    place = " ".join(clean_text(request.GET.get("place", "")).split())[:80]
    rows = Delegate.objects.filter(conference__campaign=campaign).count()
    record_bulk_read(request.user, "campaigns.report.docx", unit=campaign.organising_unit_id, rows=rows)
    data = exports.report_docx(campaign, number=number, place=place, on=timezone.localdate())
    return _attachment(data, DOCX, f"dot-{campaign.pk}-bao-cao.docx")


def _paper_number(request: HttpRequest) -> str:
    # Query text is typed like form input, so it is cleaned the same way (``?number=%00%01`` is blank).
    return "".join(clean_text(request.GET.get("number", "")).split())[:20]


@require_safe
@login_required
def invitations_docx(request: HttpRequest, point_id: int) -> HttpResponse:
    """The point's invitations as a DOCX sheet, three to an A4 page (``?number=`` the invitation's number);
    for those who may print them on the page: the organisers and the point's staff."""
    point = selectors.point_or_404(request.user, point_id)
    if not (
        selectors.may_manage(request.user, point.conference.campaign)
        or selectors.may_check_in(request.user, point)
    ):
        raise PermissionDenied
    point = BridgePoint.objects.select_related("conference__campaign__organising_unit__parent").get(
        pk=point.pk
    )
    delegates = list(
        point.delegates.select_related("member", "unit").order_by(
            "unit__name_sort", "member__name_sort", "id"
        )
    )
    record_bulk_read(request.user, "campaigns.invitations", unit=point.host_unit_id, rows=len(delegates))
    data = papers.invitation_sheet_docx(
        point, delegates, number=_paper_number(request), on=timezone.localdate()
    )
    return _attachment(data, DOCX, f"diem-cau-{point.pk}-giay-moi.docx")


@require_safe
@login_required
def programme_docx(request: HttpRequest, conference_id: int) -> HttpResponse:
    """The conference's programme as a party paper, with each item's time (whoever sees the conference)."""
    conference = selectors.conference_or_404(request.user, conference_id)
    conference = Conference.objects.select_related("campaign__organising_unit__parent").get(pk=conference.pk)
    items = list(conference.agenda.select_related("presenter", "document"))
    data = papers.programme_docx(conference, items, number=_paper_number(request), on=timezone.localdate())
    return _attachment(data, DOCX, f"hoi-nghi-{conference.pk}-chuong-trinh.docx")
