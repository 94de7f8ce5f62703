"""A campaign's reports: the XLSX figures and the DOCX report (organisers of the campaign only: they
hold every point's figures, so the units the campaign reaches get 404 here)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from quantriet.campaigns import exports, selectors
from quantriet.campaigns.models import Delegate
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
    """``?number=12&place=Hà Nội`` fill in the number and the place; both may stay blank in a draft."""
    campaign = selectors.organised_campaign_or_404(request.user, campaign_id)
    # Query text is typed like form input, so it is cleaned the same way (``?number=%00%01`` is blank).
    number = "".join(clean_text(request.GET.get("number", "")).split())[:20]
    place = " ".join(clean_text(request.GET.get("place", "")).split())[:80]
    rows = Delegate.objects.filter(conference__campaign=campaign).count()
    record_bulk_read(request.user, "campaigns.report.docx", unit=campaign.organising_unit_id, rows=rows)
    data = exports.report_docx(campaign, number=number, place=place, on=timezone.localdate())
    return _attachment(data, DOCX, f"dot-{campaign.pk}-bao-cao.docx")
