"""Reads of review periods: the list in a user's line, a period's timetable (the order of work the texts
prescribe) and its counts per state, narrowed to the user's reach; a member's own open reviews.

Fixed numbers of queries: the list is one query plus one grouped count; a period's page one grouped
count for members and one for organisations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access as orgs_access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Level, Unit, UnitLink
from quantriet.reviews.models import (
    MemberReview,
    OrganisationReview,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
)
from quantriet.reviews.selectors import access

SHOWN = 50


@dataclass(frozen=True)
class Step:
    """One line of the timetable: what is done, by whom, by when (``None``: in the order, no own date)."""

    label: str
    until: dt.date | None
    done: bool = False


def timetable(period: ReviewPeriod, today: dt.date) -> list[Step]:
    """The order of work: collectives before members, lower before higher, leaders last."""
    texts = {
        RuleSetCode.HD21: "Hướng dẫn 21-HD/BTCTW",
        RuleSetCode.QD124: "Quy định 124-QĐ/TW, Điều 11–13",
        RuleSetCode.QD366: "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW",
    }
    cite = texts.get(RuleSetCode(period.rule_set), "")
    plan = [
        (_("Cơ quan, đơn vị đánh giá công chức, viên chức (trước khi đánh giá đảng viên)"), None),
        (
            _("Tập thể, tổ chức đảng tự kiểm điểm (Mẫu 01) — cấp dưới trước, cấp trên sau"),
            period.self_assessment_until,
        ),
        (
            _("Đảng viên tự kiểm điểm, tự xếp loại — cán bộ lãnh đạo, quản lý sau cùng"),
            period.self_assessment_until,
        ),
        (
            _("Chi bộ họp: nhận xét, đề xuất mức xếp loại (tổ chức trước, đảng viên sau)"),
            period.meeting_until,
        ),
        (
            _(
                "Cấp ủy có thẩm quyền quyết định xếp loại — cấp dưới trước, cấp trên sau, "
                "người đứng đầu sau cùng"
            ),
            period.decisions_until,
        ),
    ]
    steps = [Step(label, until, until is not None and until < today) for label, until in plan]
    if cite:
        steps.append(Step(_("Căn cứ: %(text)s") % {"text": cite}, None))
    return steps


@dataclass
class Counts:
    """Reviews of a period in the viewer's reach, by state."""

    by_state: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    def rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_state.get(value, 0)) for value, label in ReviewState.choices]

    def get(self, state: str) -> int:
        return self.by_state.get(state, 0)


def _count(queryset: QuerySet[Any]) -> Counts:
    rows = queryset.order_by().values("state").annotate(n=Count("id")).values_list("state", "n")
    return Counts(dict(rows))


def period_counts(user: Actor, period: ReviewPeriod) -> tuple[Counts, Counts]:
    """Members' and organisations' reviews by state, in the user's reach (two queries)."""
    members = _in_reach(MemberReview.objects.filter(period=period), user)
    organisations = _in_reach(OrganisationReview.objects.filter(period=period), user)
    return _count(members), _count(organisations)


def _in_reach(found: QuerySet[Any], user: Actor) -> QuerySet[Any]:
    condition = access.reach_any(user)
    return found if condition is None else found.filter(condition)


@dataclass(frozen=True)
class WorkLink:
    """A place of the viewer's own work in a period: a cell meeting to hold, a level to decide."""

    label: str
    unit: str
    url: str


# What each capability lets the viewer do in a period, and the page that does it.
_WORK = (
    (C.PROPOSE_RATINGS, "reviews:meeting", gettext_lazy("Họp, đề xuất mức xếp loại")),
    (C.DECIDE_RATINGS, "reviews:decide", gettext_lazy("Quyết định xếp loại")),
)
WORK_SHOWN = 60  # a province's staff see the level below them; the decide page drills down from there


def work_links(user: Actor, period: ReviewPeriod) -> list[WorkLink]:
    """The viewer's places of work in ``period`` (two queries): for each capability, the units where they
    hold it inside the period's subtree, or the period's own unit when they hold it above; a unit that is
    not a cell also lists its direct children, where the meetings are held."""
    held = {cap: orgs_access.root_unit_ids(user, cap) for cap, _name, _label in _WORK}
    if is_operator(user):
        held = {cap: frozenset({period.unit_id}) for cap in held}
    roots = frozenset().union(*held.values())
    if not roots:
        return []
    subtree = UnitLink.objects.filter(ancestor_id=period.unit_id, descendant_id__in=roots)
    inside = dict(subtree.values_list("descendant_id", "distance"))
    above = set(
        UnitLink.objects.filter(descendant_id=period.unit_id, ancestor_id__in=roots).values_list(
            "ancestor_id", flat=True
        )
    )
    places = {
        cap: sorted({period.unit_id} if ids & above else {u for u in ids if u in inside})
        for cap, ids in held.items()
    }
    wanted = set().union(*places.values())
    units = {
        u.pk: u
        for u in Unit.objects.filter(Q(pk__in=wanted) | Q(parent_id__in=places[C.PROPOSE_RATINGS]))
        .filter(valid_to__isnull=True)
        .order_by("name_sort")[: WORK_SHOWN + len(wanted)]
    }
    links: list[WorkLink] = []
    for cap, url_name, label in _WORK:
        for pk in places[cap]:
            # A cell decides nothing: its members' levels are decided by the committee above it.
            if cap is C.DECIDE_RATINGS and pk in units and units[pk].level in (Level.CELL, Level.GROUP):
                continue
            if pk in units:
                links.append(WorkLink(str(label), units[pk].name, reverse(url_name, args=[period.pk, pk])))
            if cap is C.PROPOSE_RATINGS:
                children = [u for u in units.values() if u.parent_id == pk][:WORK_SHOWN]
                links += [
                    WorkLink(str(label), u.name, reverse(url_name, args=[period.pk, u.pk])) for u in children
                ]
    return links


@dataclass(frozen=True)
class PeriodRow:
    period: ReviewPeriod
    members: int
    self_assessed: int


def period_rows(user: Actor) -> list[PeriodRow]:
    """The periods in the user's line, newest first, with their member counts in reach (two queries)."""
    found = list(
        access.seen_periods(user).select_related("unit").order_by("-end", "unit__name_sort", "id")[:SHOWN]
    )
    ids = [p.pk for p in found]
    counts: dict[int, tuple[int, int]] = {}
    if ids:
        reviews = _in_reach(MemberReview.objects.filter(period_id__in=ids), user)
        done = ~Q(state__in=[ReviewState.PENDING, ReviewState.NOT_RATED])
        for period_id, total, assessed in (
            reviews.order_by()
            .values("period_id")
            .annotate(total=Count("id"), assessed=Count("id", filter=done))
            .values_list("period_id", "total", "assessed")
        ):
            counts[period_id] = (total, assessed)
    return [PeriodRow(p, *counts.get(p.pk, (0, 0))) for p in found]


def open_own_reviews(user: Actor) -> Sequence[MemberReview]:
    """The user's reviews in open periods, one per place (a cadre has several), soonest deadline first."""
    return list(
        access.own_reviews(user)
        .filter(period__state="open")
        .select_related("period", "unit")
        .order_by("period__self_assessment_until", "period_id", "unit__name_sort", "id")
    )


def open_collective_reviews(user: Actor) -> Sequence[OrganisationReview]:
    """Organisations whose Mẫu 01 the user fills in, in open periods (at most ``SHOWN``)."""
    return list(
        access.collective_reviews(user)
        .filter(period__state="open")
        .select_related("period", "unit")
        .order_by("period__self_assessment_until", "period_id", "unit__name_sort", "id")[:SHOWN]
    )
