"""The organisers' pages: a campaign's requirement, and the reference library (a unit's and a campaign's)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quantriet.campaigns.models import Campaign
from quantriet.core.numbers import parse_int
from quantriet.core.paging import paginate
from quantriet.core.uploads import too_large
from quantriet.orgs.models import Unit
from quantriet.reports.forms.organise import LibraryTextForm, RequirementForm
from quantriet.reports.models import LibraryText, Requirement
from quantriet.reports.selectors.access import (
    campaign_or_404,
    library_text_or_404,
    library_units,
    may_organise,
)
from quantriet.reports.services import library
from quantriet.reports.services.organising import report_rows


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def requirement(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The campaign's requirement: a form for its organisers, read-only for others who see the campaign."""
    campaign = campaign_or_404(request.user, campaign_id)
    current = Requirement.objects.filter(campaign=campaign).first()
    editable = may_organise(request.user, campaign)
    form = RequirementForm(campaign=campaign, initial=RequirementForm.initial_for(campaign, current))
    status = 200
    if request.method == "POST":
        if not editable:
            raise Http404
        form = RequirementForm(request.POST, campaign=campaign)
        if form.is_valid() and form.save(request.user) is not None:
            rows = report_rows(campaign)
            messages.success(
                request,
                _("Đã lưu yêu cầu viết bài thu hoạch; %(n)s đảng viên phải viết bài.")
                % {"n": f"{rows:,}".replace(",", ".")},
            )
            return redirect("reports:requirement", campaign_id=campaign.pk)
        status = 400
    return render(
        request,
        "reports/organise_requirement.html",
        {
            "campaign": campaign,
            "requirement": current,
            "editable": editable,
            "form": form,
            "rows": report_rows(campaign) if current is not None else 0,
        },
        status=status,
    )


def _library_scope(request: HttpRequest) -> tuple[Campaign | None, Unit | None, QuerySet[Unit]]:
    """Which library the query names (``?campaign=`` or ``?unit=``), among those the user keeps."""
    units = library_units(request.user)
    if "campaign" in request.GET:
        campaign = campaign_or_404(request.user, request.GET["campaign"])
        if not may_organise(request.user, campaign):
            raise Http404
        return campaign, None, units
    if "unit" in request.GET:
        unit_id = parse_int(request.GET["unit"], minimum=1)
        unit = units.filter(pk=unit_id).first() if unit_id is not None else None
        if unit is None:
            raise Http404
        return None, unit, units
    return None, None, units


def _scope_query(campaign: Campaign | None, unit: Unit | None) -> str:
    if campaign is not None:
        return f"?campaign={campaign.pk}"
    if unit is not None:
        return f"?unit={unit.pk}"
    return ""


def _library_url(campaign: Campaign | None, unit: Unit | None) -> str:
    return reverse("reports:library") + _scope_query(campaign, unit)


@require_safe
@login_required
def library_list(request: HttpRequest) -> HttpResponse:
    """A campaign's own library, a unit's shared one, or every shared library the user keeps."""
    campaign, unit, units = _library_scope(request)
    if campaign is None and not units.exists():
        raise Http404
    texts = LibraryText.objects.select_related("unit", "campaign").defer("text")
    if campaign is not None:
        texts = texts.filter(campaign=campaign)
    elif unit is not None:
        texts = texts.filter(unit=unit, campaign__isnull=True)
    else:
        texts = texts.filter(unit__in=units, campaign__isnull=True)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/organise_library.html",
        {
            "campaign": campaign,
            "unit": unit,
            "page": paginate(request, texts),
            "query": query.urlencode(),
            "add_url": reverse("reports:library_add") + _scope_query(campaign, unit),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def library_add(request: HttpRequest) -> HttpResponse:
    campaign, unit, units = _library_scope(request)
    if campaign is None and not units.exists():
        raise Http404
    initial: dict[str, Any] = {"unit": unit} if unit is not None else {}
    form = LibraryTextForm(units=units, campaign=campaign, initial=initial)
    status = 200
    if request.method == "POST":
        form = LibraryTextForm(
            request.POST, request.FILES, units=units, campaign=campaign, dropped_files=too_large(request)
        )
        if form.is_valid():
            added = form.save(request.user)
            if added is not None:
                messages.success(
                    request,
                    _("Đã thêm “%(t)s” vào thư viện; tài liệu sẽ được đối chiếu từ lần kiểm tra tới.")
                    % {"t": added.title},
                )
                return redirect("reports:library_text", text_id=added.pk)
        status = 400
    return render(
        request,
        "reports/organise_library_add.html",
        {"campaign": campaign, "unit": unit, "form": form, "back": _library_url(campaign, unit)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def library_text(request: HttpRequest, text_id: int) -> HttpResponse:
    """One reference text, shown as text; POST ``action=delete`` removes it."""
    text = library_text_or_404(request.user, text_id)
    back = _library_url(text.campaign, None if text.campaign else text.unit)
    if request.method == "POST":
        if request.POST.get("action") != "delete":
            raise PermissionDenied
        library.delete_text(request.user, text)
        messages.success(request, _("Đã xóa “%(t)s” khỏi thư viện.") % {"t": text.title})
        return redirect(back)
    return render(request, "reports/organise_library_text.html", {"text": text, "back": back})
