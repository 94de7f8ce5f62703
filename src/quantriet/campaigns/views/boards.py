"""Live attendance boards: one per point, one per conference; they refresh themselves without JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from quantriet.campaigns import selectors
from quantriet.campaigns.models import Conference, Delegate
from quantriet.orgs.services.audit import record_bulk_read

REFRESH_SECONDS = 20


def _after(conference: Conference, delegates: QuerySet[Delegate]) -> selectors.Attendance | None:
    """The four-way count (present, made up, excused, absent) once the conference day is over.

    While it runs, the board refreshes every few seconds for thousands of delegates: it then shows
    the live count only.
    """
    if conference.held_on >= timezone.localdate():
        return None
    return selectors.attendance(delegates)


@require_safe
@login_required
def point_board(request: HttpRequest, point_id: int) -> HttpResponse:
    point = selectors.point_or_404(request.user, point_id)
    record_bulk_read(
        request.user,
        "campaigns.board",
        unit=point.host_unit_id,
        rows=point.delegates.count(),
        refreshing=True,
    )
    return render(
        request,
        "campaigns/board.html",
        {
            "point": point,
            "conference": point.conference,
            "board": selectors.point_board(point),
            "attendance": _after(point.conference, point.delegates.all()),
            "refresh": REFRESH_SECONDS,
            "now": timezone.localtime(),
            "sees_campaign": selectors.in_reach(request.user, point.conference.campaign),
        },
    )


@require_safe
@login_required
def conference_board(request: HttpRequest, conference_id: int) -> HttpResponse:
    """The organisers' whole board; a unit of the scope sees its share (its points, its members)."""
    user = request.user
    conference = selectors.conference_or_404(user, conference_id)
    campaign = conference.campaign
    organiser = selectors.may_see_campaign(user, campaign)
    share = None if organiser else selectors.share_units(user, campaign)
    if share is not None and not share.exists():
        raise Http404  # a member reached by the campaign: their attendance is on their own page
    delegates = selectors.delegates_in_share(conference.delegates.all(), share)
    record_bulk_read(
        user,
        "campaigns.board",
        unit=campaign.organising_unit_id,
        rows=delegates.count(),
        refreshing=True,
    )
    return render(
        request,
        "campaigns/board.html",
        {
            "conference": conference,
            "board": selectors.conference_board(conference, share),
            "attendance": _after(conference, delegates),
            "refresh": REFRESH_SECONDS,
            "now": timezone.localtime(),
            "sees_campaign": True,
            "share": share is not None,
        },
    )
