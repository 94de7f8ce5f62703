"""After the conference: the absentees of a point, their reasons, and make-up sessions (học bù); and a
unit's own members who stayed away, wherever they were invited (the unit's share of a campaign)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from quantriet.campaigns import selectors, services
from quantriet.campaigns.forms import MakeUpForm
from quantriet.campaigns.models import BridgePoint, Delegate, MakeUpAttendance, MakeUpSession
from quantriet.core.numbers import parse_int
from quantriet.core.textinput import clean_text
from quantriet.orgs.selectors import with_paths
from quantriet.orgs.services.audit import record_bulk_read


def _staffed_point(request: HttpRequest, point_id: int) -> BridgePoint:
    point = selectors.point_or_404(request.user, point_id)
    if not selectors.may_check_in(request.user, point):
        raise PermissionDenied
    return point


def _page(request: HttpRequest, point: BridgePoint, form: MakeUpForm, status: int = 200) -> HttpResponse:
    absentees = selectors.absentees(point)
    with_paths([d.unit for d in absentees if d.unit is not None], top=point.host_unit)
    record_bulk_read(request.user, "campaigns.absences", unit=point.host_unit_id, rows=len(absentees))
    return render(
        request,
        "campaigns/absences.html",
        {
            "point": point,
            "conference": point.conference,
            "absentees": absentees,
            "sessions": list(point.makeup_sessions.all()),
            "form": form,
        },
        status=status,
    )


@login_required
def absences(request: HttpRequest, point_id: int) -> HttpResponse:
    """GET: who did not come; POST ``action=absence``: record a reason; ``action=makeup``: a session."""
    point = _staffed_point(request, point_id)
    if request.method != "POST":
        return _page(request, point, MakeUpForm(point=point))
    if request.POST.get("action") == "makeup":
        form = MakeUpForm(request.POST, point=point)
        if form.is_valid():
            session = form.save(request.user)
            if session is not None:
                messages.success(request, _("Đã tạo buổi học bù."))
                return redirect("campaigns:makeup", session_id=session.pk)
        return _page(request, point, form, status=400)
    delegate = _delegate(point, request.POST.get("delegate", ""))
    try:
        # A bare POST field, not a form: cleaned as a form's text would be (NUL breaks PostgreSQL).
        reason = clean_text(request.POST.get("reason", ""))
        services.record_absence(request.user, delegate, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi vắng %(name)s.") % {"name": delegate.name})
    return redirect("campaigns:absences", point_id=point.pk)


def _delegate(point: BridgePoint, raw: str) -> Delegate:
    delegate = Delegate.objects.filter(pk=parse_int(raw, minimum=1) or 0, point=point).first()
    if delegate is None:
        raise Http404
    return delegate


@login_required
def makeup(request: HttpRequest, session_id: int) -> HttpResponse:
    """GET: the session and the point's absentees; POST: check one of them in; ``action=reverse`` with
    ``mark`` and ``reason``: reverse a mark of this session (the desk on its day, organisers afterwards)."""
    session = selectors.makeup_or_404(request.user, session_id)
    point = session.point
    if request.method == "POST" and request.POST.get("action") == "reverse":
        return _reverse_mark(request, session)
    if request.method == "POST":
        if not selectors.may_check_in(request.user, point):
            raise PermissionDenied
        delegate = _delegate(point, request.POST.get("delegate", ""))
        try:
            services.makeup_check_in(request.user, session, delegate)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã điểm danh học bù %(name)s.") % {"name": delegate.name})
        return redirect("campaigns:makeup", session_id=session.pk)
    absentees = selectors.absentees(point)
    with_paths([d.unit for d in absentees if d.unit is not None], top=point.host_unit)
    return render(
        request,
        "campaigns/makeup.html",
        {
            "session": session,
            "point": point,
            "conference": session.conference,
            "absentees": absentees,
            "may_check_in": selectors.may_check_in(request.user, point),
            "may_reverse": selectors.may_reverse(request.user, point, session.held_on),
        },
    )


def _reverse_mark(request: HttpRequest, session: MakeUpSession) -> HttpResponse:
    if not selectors.may_reverse(request.user, session.point, session.held_on):
        raise PermissionDenied
    mark = (
        MakeUpAttendance.objects.select_related("delegate__member", "session__point__host_unit")
        .filter(pk=parse_int(request.POST.get("mark", ""), minimum=1) or 0, session=session)
        .first()
    )
    if mark is None:
        raise Http404
    try:
        services.reverse_makeup_mark(request.user, mark, reason=clean_text(request.POST.get("reason", "")))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã hủy lượt học bù của %(name)s; lượt này vẫn được lưu nhưng không còn được tính.")
            % {"name": mark.delegate.name},
        )
    return redirect("campaigns:makeup", session_id=session.pk)


@login_required
def member_absences(request: HttpRequest, conference_id: int) -> HttpResponse:
    """GET: the members of the user's units who did not come, at any point of the conference; POST:
    record the reason of one of them. Organisers who manage the campaign see and record them all."""
    user = request.user
    conference = selectors.conference_or_404(user, conference_id)
    units = selectors.absence_units(user, conference.campaign)
    if units is not None and not units.exists():
        raise Http404  # a reader of the campaign with no unit of theirs to record for
    found = selectors.member_absentees(conference, units)
    if request.method == "POST":
        delegate = found.filter(pk=parse_int(request.POST.get("delegate", ""), minimum=1) or 0).first()
        if delegate is None:
            raise Http404
        try:
            services.record_absence(user, delegate, reason=clean_text(request.POST.get("reason", "")))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi vắng %(name)s.") % {"name": delegate.name})
        return redirect("campaigns:member_absences", conference_id=conference.pk)
    absentees = list(found)
    with_paths([d.unit for d in absentees if d.unit is not None], top=conference.campaign.scope_unit)
    record_bulk_read(
        user, "campaigns.absences", unit=conference.campaign.organising_unit_id, rows=len(absentees)
    )
    return render(
        request,
        "campaigns/member_absences.html",
        {"conference": conference, "campaign": conference.campaign, "absentees": absentees},
    )
