"""What the review periods add to the home page (``core.home``):

* a member: their self-assessments due in open periods (one per place), late ones marked;
* whoever fills in a collective's Mẫu 01 (a secretary, organisation staff): the collectives not yet done;
* those who manage reviews: the open periods in their line whose decisions deadline has passed.

A fixed number of queries (one per section).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.home import Section, Task
from quantriet.orgs import access as org_access
from quantriet.orgs.access import Capability as C
from quantriet.reviews.models import MemberReview, OrganisationReview, PeriodState, ReviewPeriod, ReviewState
from quantriet.reviews.selectors import access

SHOWN = 5
SOON_DAYS = 3


def _day(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def sections(user: Actor) -> list[Section]:
    if not user.is_authenticated:
        return []
    found = [_own(user)]
    if org_access.has_any(user, C.PROPOSE_RATINGS):
        found.append(_collectives(user))
    if access.may_manage_any(user):
        found.append(_overdue_periods(user))
    return found


def _tasks(
    rows: Iterable[MemberReview | OrganisationReview],
    label: Callable[[Any], str],
    url_name: str,
    today: dt.date,
) -> list[Task]:
    """A task per review due; after the self-assessment deadline, marked late until the meeting's."""
    tasks = []
    for review in rows:
        period = review.period
        detail = _("hạn %(day)s") % {"day": _day(period.self_assessment_until)}
        if today > period.self_assessment_until:
            detail += " · " + _("đã quá hạn, gửi đến %(day)s được ghi là nộp muộn") % {
                "day": _day(period.meeting_until)
            }
        tasks.append(
            Task(
                label=label(review),
                url=reverse(url_name, args=[review.pk]),
                detail=detail,
                urgent=(period.self_assessment_until - today).days <= SOON_DAYS,
            )
        )
    return tasks


# What a review due needs from its period (the meeting's deadline passed: nothing left to do).
DUE_FIELDS = ("id", "unit__name", "period__title", "period__self_assessment_until", "period__meeting_until")


def _due(today: dt.date) -> Q:
    return Q(period__state=PeriodState.OPEN, state=ReviewState.PENDING, period__meeting_until__gte=today)


def _own_label(review: MemberReview) -> str:
    label = _("Tự kiểm điểm, tự xếp loại: %(title)s") % {"title": review.period.title}
    return f"{label} ({review.post}, {review.unit.name})" if review.post else label


def _own(user: Actor) -> Section:
    today = timezone.localdate()
    due = (
        access.own_reviews(user)
        .filter(_due(today))
        .select_related("period", "unit")
        .only("post", *DUE_FIELDS)
        .order_by("period__self_assessment_until", "id")[:SHOWN]
    )
    return Section(
        key="my-self-assessment",
        title=_("Tự đánh giá, xếp loại"),
        tasks=_tasks(due, _own_label, "reviews:self_form", today),
        order=11,
        more_url=reverse("reviews:self"),
        more_label=_("Mọi bản tự kiểm điểm của tôi"),
    )


def _collectives(user: Actor) -> Section:
    today = timezone.localdate()
    due = (
        access.collective_reviews(user)
        .filter(_due(today))
        .select_related("period", "unit")
        .only(*DUE_FIELDS)
        .order_by("period__self_assessment_until", "unit__name_sort", "id")[:SHOWN]
    )
    return Section(
        key="collective-self-assessment",
        title=_("Kiểm điểm tập thể"),
        tasks=_tasks(
            due,
            lambda r: _("Báo cáo kiểm điểm của tập thể (Mẫu 01): %(unit)s") % {"unit": r.unit.name},
            "reviews:collective_form",
            today,
        ),
        order=24,
        more_url=reverse("reviews:self"),
        more_label=_("Mọi báo cáo kiểm điểm tập thể"),
    )


def _overdue_periods(user: Actor) -> Section:
    """Open periods the user manages, past their decisions deadline: to close."""
    today = timezone.localdate()
    periods = (
        ReviewPeriod.objects.filter(
            state=PeriodState.OPEN,
            decisions_until__lt=today,
            unit__in=org_access.units(user, C.MANAGE_REVIEWS),
        )
        .only("id", "title", "decisions_until")
        .order_by("decisions_until", "id")[:SHOWN]
    )
    tasks = [
        Task(
            label=_("Kết thúc đợt đánh giá: %(title)s") % {"title": p.title},
            url=reverse("reviews:period", args=[p.pk]),
            detail=_("hạn quyết định xếp loại %(day)s đã qua") % {"day": _day(p.decisions_until)},
            urgent=True,
        )
        for p in periods
    ]
    return Section(
        key="review-periods",
        title=_("Đợt đánh giá, xếp loại"),
        tasks=tasks,
        order=43,
        more_url=reverse("reviews:periods"),
        more_label=_("Mọi đợt đánh giá"),
    )
