"""A conference's page (points and agenda), the forms that add, edit and delete them, and its programme."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from quantriet.campaigns import papers, selectors, services
from quantriet.campaigns.forms import AgendaForm, ConferenceForm, PointDeleteForm, PointForm
from quantriet.campaigns.models import AgendaItem, BridgePoint, Conference
from quantriet.campaigns.views.campaigns import managed_campaign
from quantriet.orgs.selectors import with_paths


def _managed_conference(request: HttpRequest, conference_id: int) -> Conference:
    conference = selectors.organised_conference_or_404(request.user, conference_id)
    if not selectors.may_manage(request.user, conference.campaign):
        raise PermissionDenied
    return conference


def _managed_point(request: HttpRequest, point_id: int) -> BridgePoint:
    point = selectors.point_or_404(request.user, point_id)
    if not selectors.may_manage(request.user, point.conference.campaign):
        raise PermissionDenied
    return point


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, form: Form, title: str, back: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, **extra}
    return render(request, "campaigns/simple_form.html", context, status=400 if form.is_bound else 200)


@login_required
def conference_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_id)
    form = ConferenceForm(_posted(request), campaign=campaign)
    if request.method == "POST" and form.is_valid():
        conference = form.save(request.user)
        if conference is not None:
            messages.success(request, _("Đã thêm hội nghị “%(title)s”.") % {"title": conference.title})
            return redirect("campaigns:conference", conference_id=conference.pk)
    title = _("Thêm hội nghị cho đợt “%(title)s”") % {"title": campaign.title}
    return _form_page(request, form, title, campaign.get_absolute_url())


def conference_context(request: HttpRequest, conference: Conference) -> dict[str, Any]:
    """The conference and its programme; of the points, the organisers see all of them, a unit of the
    scope the main point and its own (never a sibling's), a member the main point and their own."""
    user = request.user
    campaign = conference.campaign
    organiser = selectors.may_see_campaign(user, campaign)
    share = None if organiser else selectors.share_units(user, campaign)
    points = conference.points.select_related("host_unit", "person_in_charge")
    if not organiser:
        own = Q(host_unit__in=share) | Q(delegates__member__user_id=user.pk)
        points = points.filter(own | Q(is_main=True)).distinct()
    shown = list(points)
    # Hosts named with their path: two communes may each have a "Chi bộ Trường THCS" hosting a point.
    with_paths([p.host_unit for p in shown], top=campaign.scope_unit)
    return {
        "conference": conference,
        "campaign": campaign,
        "organiser": organiser,
        "points": shown,
        # Links to the points' pages: those the user may open (point_or_404 says the same).
        "open_points": set(selectors.point_ids(user, conference)),
        "agenda": list(conference.agenda.select_related("presenter", "document")),
    }


@require_safe
@login_required
def conference_detail(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = selectors.conference_or_404(request.user, conference_id)
    context = conference_context(request, conference)
    context["may_manage"] = selectors.may_manage(request.user, conference.campaign)
    context["sees_board"] = context["organiser"] or bool(context["open_points"])
    units = selectors.absence_units(request.user, conference.campaign)
    context["records_absences"] = units is None or units.exists()
    return render(request, "campaigns/conference.html", context)


@require_safe
@login_required
def programme(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = selectors.conference_or_404(request.user, conference_id)
    context = conference_context(request, conference)
    context.update(papers.programme_context(conference, context["agenda"]))
    return render(request, "campaigns/programme.html", context)


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


@login_required
def conference_edit(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _managed_conference(request, conference_id)
    form = ConferenceForm(_posted(request), campaign=conference.campaign, conference=conference)
    if request.method == "POST" and form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Đã lưu hội nghị “%(title)s”.") % {"title": form.cleaned_data["title"]})
        return redirect("campaigns:conference", conference_id=conference.pk)
    title = _("Sửa hội nghị “%(title)s”") % {"title": conference.title}
    return _form_page(request, form, title, conference.get_absolute_url())


def _confirm_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, "campaigns/confirm_delete.html", context, status=status)


@login_required
def conference_delete(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _managed_conference(request, conference_id)
    campaign = conference.campaign
    refusal = ""
    if request.method == "POST":
        try:
            services.delete_conference(request.user, conference)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Đã xóa hội nghị “%(title)s”.") % {"title": conference.title})
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    contents = services.ConferenceContents.of(conference)
    return _confirm_page(
        request,
        status=400 if refusal else 200,
        title=_("Xóa hội nghị “%(title)s”?") % {"title": conference.title},
        back=conference.get_absolute_url(),
        refusal=refusal,
        blocked=bool(contents.check_ins),
        facts_heading=_("Cùng bị xóa với hội nghị:"),
        facts=[
            ngettext("%(n)d điểm cầu", "%(n)d điểm cầu", contents.points) % {"n": contents.points},
            ngettext(
                "%(n)d đại biểu đã được mời (giấy mời đã in sẽ không còn giá trị)",
                "%(n)d đại biểu đã được mời (giấy mời đã in sẽ không còn giá trị)",
                contents.delegates,
            )
            % {"n": contents.delegates},
            ngettext("%(n)d mục chương trình", "%(n)d mục chương trình", contents.agenda)
            % {"n": contents.agenda},
        ],
    )


@login_required
def point_edit(request: HttpRequest, point_id: int) -> HttpResponse:
    point = _managed_point(request, point_id)
    form = PointForm(_posted(request), user=request.user, conference=point.conference, point=point)
    if request.method == "POST" and form.is_valid():
        saved = form.save(request.user)
        if saved is not None:
            messages.success(request, _("Đã lưu điểm cầu “%(name)s”.") % {"name": saved.name})
            return redirect("campaigns:point", point_id=point.pk)
    title = _("Sửa điểm cầu “%(name)s”") % {"name": point.name}
    return _form_page(request, form, title, point.get_absolute_url())


@login_required
def point_delete(request: HttpRequest, point_id: int) -> HttpResponse:
    point = _managed_point(request, point_id)
    conference = point.conference
    form = PointDeleteForm(_posted(request), point=point)
    if request.method == "POST" and form.is_valid():
        removal = form.save(request.user)
        if removal is not None:
            messages.success(
                request,
                _("Đã xóa điểm cầu “%(name)s”: chuyển %(moved)d đại biểu, bỏ %(removed)d giấy mời.")
                % {"name": point.name, "moved": removal.moved, "removed": removal.removed},
            )
            return redirect("campaigns:conference", conference_id=conference.pk)
    check_ins = point.check_ins.count()
    invited = point.delegates.count()
    return _confirm_page(
        request,
        status=400 if form.is_bound else 200,
        title=_("Xóa điểm cầu “%(name)s”?") % {"name": point.name},
        back=point.get_absolute_url(),
        form=form,
        blocked=bool(check_ins),
        facts_heading=_("Điểm cầu này hiện có:"),
        facts=[
            ngettext(
                "%(n)d đại biểu được mời ở điểm cầu này",
                "%(n)d đại biểu được mời ở điểm cầu này",
                invited,
            )
            % {"n": invited},
            ngettext("%(n)d lượt điểm danh", "%(n)d lượt điểm danh", check_ins) % {"n": check_ins},
        ],
    )
