"""What the review periods add to the home page (``core.home``):

* a member: their self-assessments due in open periods (one per place), late ones marked;
* whoever fills in a collective's Mẫu 01 (a secretary, organisation staff): the collectives not yet done;
* those who manage reviews: the open periods in their line whose decisions deadline has passed.

A fixed number of queries (one per section).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.home import Section, Task
from quantriet.orgs import access as org_access
from quantriet.orgs.access import Capability as C
from quantriet.reviews.models import PeriodState, ReviewPeriod, ReviewState
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


def _task(label: str, url: str, self_until: dt.date, meeting_until: dt.date, today: dt.date) -> Task | None:
    if today > meeting_until:
        return None  # nothing left to do: the meeting's deadline passed
    detail = _("hạn %(day)s") % {"day": _day(self_until)}
    if today > self_until:
        detail += " · " + _("đã quá hạn, gửi đến %(day)s được ghi là nộp muộn") % {"day": _day(meeting_until)}
    return Task(label=label, url=url, detail=detail, urgent=(self_until - today).days <= SOON_DAYS)


def _own(user: Actor) -> Section:
    today = timezone.localdate()
    due = (
        access.own_reviews(user)
        .filter(period__state=PeriodState.OPEN, state=ReviewState.PENDING)
        .select_related("period", "unit")
        .only(
            "id",
            "post",
            "unit__name",
            "period__title",
            "period__self_assessment_until",
            "period__meeting_until",
        )
        .order_by("period__self_assessment_until", "id")[:SHOWN]
    )
    tasks = []
    for review in due:
        period = review.period
        label = _("Tự kiểm điểm, tự xếp loại: %(title)s") % {"title": period.title}
        if review.post:
            label += f" ({review.post}, {review.unit.name})"
        task = _task(
            label,
            reverse("reviews:self_form", args=[review.pk]),
            period.self_assessment_until,
            period.meeting_until,
            today,
        )
        if task is not None:
            tasks.append(task)
    return Section(
        key="my-self-assessment",
        title=_("Tự đánh giá, xếp loại"),
        tasks=tasks,
        order=11,
        more_url=reverse("reviews:self"),
        more_label=_("Mọi bản tự kiểm điểm của tôi"),
    )


def _collectives(user: Actor) -> Section:
    today = timezone.localdate()
    due = (
        access.collective_reviews(user)
        .filter(period__state=PeriodState.OPEN, state=ReviewState.PENDING, period__meeting_until__gte=today)
        .select_related("period", "unit")
        .only("id", "unit__name", "period__title", "period__self_assessment_until", "period__meeting_until")
        .order_by("period__self_assessment_until", "unit__name_sort", "id")[:SHOWN]
    )
    tasks = []
    for review in due:
        period = review.period
        task = _task(
            _("Báo cáo kiểm điểm của tập thể (Mẫu 01): %(unit)s") % {"unit": review.unit.name},
            reverse("reviews:collective_form", args=[review.pk]),
            period.self_assessment_until,
            period.meeting_until,
            today,
        )
        if task is not None:
            tasks.append(task)
    return Section(
        key="collective-self-assessment",
        title=_("Kiểm điểm tập thể"),
        tasks=tasks,
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
