"""Attendance boards: live during the conference (checked in, by unit, category and point), and after it
(present, made up, excused, absent).

Only standing check-ins and make-up marks count (``reversed_at`` empty): a reversed one stays as a fact
but is nobody's presence. A delegate may then have several check-in rows (one reversed, one standing),
so counts over the join are distinct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from quantriet.campaigns.models import (
    Absence,
    AttendanceStatus,
    BridgePoint,
    Campaign,
    Category,
    CheckIn,
    Conference,
    Delegate,
    MakeUpAttendance,
)
from quantriet.campaigns.selectors.access import delegates_in_share, may_check_in, may_manage
from quantriet.core.actors import Actor
from quantriet.orgs.models import Unit
from quantriet.orgs.selectors import unit_paths
from quantriet.text import sort_key

# --- attendance boards ----------------------------------------------------------------------------


# A check-in or make-up mark that counts: not reversed.
STANDING = Q(reversed_at__isnull=True)


def standing_check_ins() -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(STANDING)


def standing_makeup_marks() -> QuerySet[MakeUpAttendance]:
    return MakeUpAttendance.objects.filter(STANDING)


@dataclass(frozen=True)
class Tally:
    label: str
    expected: int
    present: int
    capacity: int | None = None  # a point's seats

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.expected) if self.expected else 0

    @property
    def over_capacity(self) -> int:
        """How many more are invited than the point seats (0 when they fit or no capacity is known)."""
        return max(self.expected - self.capacity, 0) if self.capacity is not None else 0


@dataclass
class Board:
    total: Tally
    by_unit: list[Tally] = field(default_factory=list)
    by_category: list[Tally] = field(default_factory=list)
    by_point: list[Tally] = field(default_factory=list)
    from_other_points: int = 0
    guests: int = 0
    late: int = 0
    recent: list[CheckIn] = field(default_factory=list)


def _unit_labels(unit_ids: list[int | None], top: Unit | None) -> dict[int | None, str]:
    """Each unit's name with its parent path below ``top`` (one query), guests under their own label.

    A province holds dozens of cells of the same name: grouped and shown by id and path, never by name.
    """
    paths = unit_paths([i for i in unit_ids if i is not None], top=top)
    labels: dict[int | None, str] = {unit_id: path for unit_id, path in paths.items()}
    labels[None] = str(Category.GUEST.label)
    return labels


def _by_label(labels: dict[int | None, str]) -> Callable[[int | None], tuple[int, str]]:
    return lambda unit_id: (unit_id is None, sort_key(labels.get(unit_id, "")))


def _tallies(
    delegates: QuerySet[Delegate], present: Q, capacity: int | None = None, top: Unit | None = None
) -> tuple[Tally, list[Tally], list[Tally]]:
    """Totals, by unit and by category, in two grouped queries and one for the units' paths."""
    by_unit = {
        row["unit"]: row
        for row in delegates.values("unit")
        .annotate(expected=Count("id", distinct=True), present=Count("id", filter=present, distinct=True))
        .order_by()
    }
    labels = _unit_labels(list(by_unit), top)
    units = [
        Tally(labels.get(unit_id, ""), by_unit[unit_id]["expected"], by_unit[unit_id]["present"])
        for unit_id in sorted(by_unit, key=_by_label(labels))
    ]
    names = dict(Category.choices)
    rank = list(Category.values)
    by_category = sorted(
        delegates.values("category").annotate(
            expected=Count("id", distinct=True), present=Count("id", filter=present, distinct=True)
        ),
        key=lambda row: rank.index(row["category"]),
    )
    categories = [Tally(str(names[row["category"]]), row["expected"], row["present"]) for row in by_category]
    total = Tally("", sum(t.expected for t in units), sum(t.present for t in units), capacity)
    return total, units, categories


def point_board(point: BridgePoint) -> Board:
    """Invited to this point and checked in here; arrivals from other points and guests beside."""
    delegates = Delegate.objects.filter(point=point)
    total, units, categories = _tallies(
        delegates,
        Q(check_ins__point=point, check_ins__reversed_at__isnull=True),
        point.capacity,
        top=point.host_unit,
    )
    here = standing_check_ins().filter(point=point)
    return Board(
        total=total,
        by_unit=units,
        by_category=categories,
        from_other_points=here.filter(other_point=True).count(),
        guests=here.filter(delegate__isnull=True).count(),
        late=here.filter(late=True).count(),
        recent=list(here.select_related("delegate__member").order_by("-at", "-id")[:10]),
    )


def conference_board(conference: Conference, share: QuerySet[Unit] | None = None) -> Board:
    """Every delegate of the conference, present wherever they checked in; each point's own count.

    With ``share`` (a unit's part, see ``access.share_units``) only its members and its points count:
    a commune sees its own figures, never a sibling commune's.
    """
    delegates = Delegate.objects.filter(conference=conference)
    points = conference.points.all()
    here = standing_check_ins().filter(conference=conference)
    if share is not None:
        delegates = delegates_in_share(delegates, share)
        points = points.filter(host_unit__in=share)
        here = here.filter(Q(point__host_unit__in=share) | Q(delegate__unit__in=share))
    total, units, categories = _tallies(
        delegates,
        Q(check_ins__isnull=False, check_ins__reversed_at__isnull=True),
        top=conference.campaign.scope_unit,
    )
    points = points.annotate(
        expected=Count("delegates", distinct=True),
        present=Count(
            "check_ins",
            filter=Q(check_ins__delegate__isnull=False, check_ins__reversed_at__isnull=True),
            distinct=True,
        ),
    ).order_by("-is_main", "name", "id")
    return Board(
        total=total,
        by_unit=units,
        by_category=categories,
        by_point=[Tally(p.name, p.expected, p.present, p.capacity) for p in points],
        from_other_points=here.filter(other_point=True).count(),
        guests=here.filter(delegate__isnull=True).count(),
        late=here.filter(late=True).count(),
    )


def may_reverse(user: Actor, point: BridgePoint, held_on: dt.date) -> bool:
    """May ``user`` reverse a check-in (or make-up mark) taken at ``point`` on the day ``held_on``?

    Those who run the point's desk, on that day (site time zone), when a wrong tap is still fresh;
    the campaign's organisers at any time afterwards.
    """
    if may_manage(user, point.conference.campaign):
        return True
    return timezone.localdate() == held_on and may_check_in(user, point)


# --- attendance after the conference: present, made up, excused, absent -----------------------------


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance report: a point, a unit or the whole."""

    label: str
    invited: int = 0
    present: int = 0
    made_up: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def attended(self) -> int:
        return self.present + self.made_up

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.invited) if self.invited else 0


def with_status(delegates: QuerySet[Delegate]) -> QuerySet[Delegate]:
    """Delegates annotated with ``status`` inputs: was_present, made_up, excused (each a boolean)."""
    return delegates.annotate(
        was_present=Exists(standing_check_ins().filter(delegate=OuterRef("pk"))),
        was_made_up=Exists(standing_makeup_marks().filter(delegate=OuterRef("pk"))),
        was_excused=Exists(Absence.objects.filter(delegate=OuterRef("pk")).exclude(reason="")),
    )


def status_of(delegate: Delegate) -> str:
    """The delegate's ``AttendanceStatus`` (on a row from ``with_status``): the first that holds wins."""
    if getattr(delegate, "was_present", False):
        return AttendanceStatus.PRESENT
    if getattr(delegate, "was_made_up", False):
        return AttendanceStatus.MADE_UP
    if getattr(delegate, "was_excused", False):
        return AttendanceStatus.EXCUSED
    return AttendanceStatus.ABSENT


def _row(label: str, statuses: list[str]) -> AttendanceRow:
    return AttendanceRow(
        label=label,
        invited=len(statuses),
        present=statuses.count(AttendanceStatus.PRESENT),
        made_up=statuses.count(AttendanceStatus.MADE_UP),
        excused=statuses.count(AttendanceStatus.EXCUSED),
        absent=statuses.count(AttendanceStatus.ABSENT),
    )


@dataclass
class Attendance:
    total: AttendanceRow
    by_point: list[AttendanceRow]
    by_unit: list[AttendanceRow]


def attendance(delegates: QuerySet[Delegate], top: Unit | None = None) -> Attendance:
    """The four counts for every point and every unit of ``delegates`` (guests count under their point);
    units named with their parent path below ``top`` (by default below the root of the tree)."""
    rows = with_status(delegates).select_related("point").order_by("point__name", "id")
    by_point: dict[str, list[str]] = {}
    by_unit: dict[int | None, list[str]] = {}
    every: list[str] = []
    for d in rows:
        status = status_of(d)
        every.append(status)
        by_point.setdefault(d.point.name, []).append(status)
        by_unit.setdefault(d.unit_id, []).append(status)
    labels = _unit_labels(list(by_unit), top)
    return Attendance(
        total=_row("", every),
        by_point=[_row(name, s) for name, s in sorted(by_point.items())],
        by_unit=[_row(labels.get(u, ""), by_unit[u]) for u in sorted(by_unit, key=_by_label(labels))],
    )


def campaign_attendance(campaign: Campaign, share: QuerySet[Unit] | None = None) -> Attendance:
    """The campaign's attendance; with ``share``, of that unit's part only (as ``conference_board``)."""
    delegates = delegates_in_share(Delegate.objects.filter(conference__campaign=campaign), share)
    return attendance(delegates, top=campaign.scope_unit)


def not_checked_in(delegates: QuerySet[Delegate]) -> QuerySet[Delegate]:
    """``delegates`` without a standing check-in (a reversed one leaves them waiting again)."""
    return delegates.exclude(Exists(standing_check_ins().filter(delegate=OuterRef("pk"))))


def _not_present(delegates: QuerySet[Delegate]) -> QuerySet[Delegate]:
    """Those with no standing check-in, each with its standing make-up mark (``makeup_mark_id`` and
    ``makeup_session_id``, None without one)."""
    mark = standing_makeup_marks().filter(delegate=OuterRef("pk"))
    return not_checked_in(delegates).annotate(
        makeup_mark_id=Subquery(mark.values("pk")[:1]),
        makeup_session_id=Subquery(mark.values("session_id")[:1]),
    )


def absentees(point: BridgePoint) -> list[Delegate]:
    """The delegates of ``point`` who did not check in at the conference, with their status and reason."""
    found = (
        with_status(_not_present(point.delegates.all()))
        .select_related("member", "unit", "absence")
        .order_by("unit__name_sort", "member__name_sort", "guest_name", "id")
    )
    return list(found)


def member_absentees(conference: Conference, units: QuerySet[Unit] | None) -> QuerySet[Delegate]:
    """The conference's members who did not check in, from ``units`` (all when None), whatever their
    point: a unit records why its own members stayed away from the province's main point too."""
    found = _not_present(conference.delegates.filter(member__isnull=False))
    if units is not None:
        found = found.filter(unit__in=units)
    return (
        with_status(found)
        .select_related("member", "unit", "point", "absence")
        .order_by("unit__name_sort", "member__name_sort", "id")
    )
