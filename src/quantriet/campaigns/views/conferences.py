"""A conference's page (points and agenda), the forms that add to it, and its printable programme."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quantriet.campaigns import selectors, services
from quantriet.campaigns.forms import AgendaForm, ConferenceForm, PointForm
from quantriet.campaigns.models import AgendaItem, Conference
from quantriet.campaigns.views.campaigns import managed_or_403


def _managed_conference(request: HttpRequest, conference_id: int) -> Conference:
    conference = selectors.conference_or_404(request.user, conference_id)
    if not selectors.may_manage(request.user, conference.campaign):
        raise PermissionDenied
    return conference


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, form: Form, title: str, back: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, **extra}
    return render(request, "campaigns/simple_form.html", context, status=400 if form.is_bound else 200)


@login_required
def conference_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = managed_or_403(request, selectors.campaign_or_404(request.user, campaign_id))
    form = ConferenceForm(_posted(request), campaign=campaign)
    if request.method == "POST" and form.is_valid():
        conference = form.save(request.user)
        if conference is not None:
            messages.success(request, _("Đã thêm hội nghị “%(title)s”.") % {"title": conference.title})
            return redirect("campaigns:conference", conference_id=conference.pk)
    title = _("Thêm hội nghị cho đợt “%(title)s”") % {"title": campaign.title}
    return _form_page(request, form, title, campaign.get_absolute_url())


def conference_context(conference: Conference) -> dict[str, Any]:
    return {
        "conference": conference,
        "campaign": conference.campaign,
        "points": list(conference.points.select_related("host_unit", "person_in_charge")),
        "agenda": list(conference.agenda.select_related("presenter", "document")),
    }


@require_safe
@login_required
def conference_detail(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = selectors.conference_or_404(request.user, conference_id)
    context = conference_context(conference)
    context["may_manage"] = selectors.may_manage(request.user, conference.campaign)
    return render(request, "campaigns/conference.html", context)


@require_safe
@login_required
def programme(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = selectors.conference_or_404(request.user, conference_id)
    return render(request, "campaigns/programme.html", conference_context(conference))


@login_required
def point_create(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _managed_conference(request, conference_id)
    form = PointForm(_posted(request), user=request.user, conference=conference)
    if request.method == "POST" and form.is_valid():
        point = form.save(request.user)
        if point is not None:
            messages.success(request, _("Đã thêm điểm cầu “%(name)s”.") % {"name": point.name})
            return redirect("campaigns:conference", conference_id=conference.pk)
    title = _("Thêm điểm cầu cho “%(title)s”") % {"title": conference.title}
    return _form_page(request, form, title, conference.get_absolute_url())


@login_required
def agenda_add(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _managed_conference(request, conference_id)
    form = AgendaForm(_posted(request), user=request.user, conference=conference)
    if request.method == "POST" and form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Đã thêm vào chương trình."))
        return redirect("campaigns:conference", conference_id=conference.pk)
    title = _("Thêm mục vào chương trình “%(title)s”") % {"title": conference.title}
    return _form_page(request, form, title, conference.get_absolute_url())


@login_required
@require_POST
def agenda_remove(request: HttpRequest, conference_id: int, item_id: int) -> HttpResponse:
    conference = _managed_conference(request, conference_id)
    item = AgendaItem.objects.filter(pk=item_id, conference=conference).select_related("conference").first()
    if item is None:
        raise Http404
    services.remove_agenda_item(request.user, item)
    messages.success(request, _("Đã bỏ mục khỏi chương trình."))
    return redirect("campaigns:conference", conference_id=conference.pk)
