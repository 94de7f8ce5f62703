"""The annual review's results: a period's board by unit, the distribution over the years, histories.

A board covers one unit of a period's tree and counts its members' reviews by the next level down: one
row per child unit (its whole subtree), a row for the reviews held at the unit itself (a committee's
members rated at their post there), and the totals. The closure table (``UnitLink``) says under which
child each unit of the subtree lies (one query); the reviews are counted per unit in ONE grouped query
read from the (period, unit, state, decided_level) index, and added up under each child here. The
reports boards' single query joining every row to the closure table probed the links once per review,
too slow at 100,000 (bench/reviews_results.py). A cadre rated at several places counts once at each
place: each place's rating is a result of its own.

A review counts at a level once it is decided (``state`` DECIDED with ``decided_level``); reviews
``NOT_RATED`` (exempted, suspended, new members) count as not rated, with the reason beside them in the
histories; the rest are still pending (no decision yet).

Reach (``VIEW_RATINGS``): a viewer holding the right at the period's unit or above sees its whole tree;
one holding it inside the tree sees their own subtrees; ``?unit=`` drills down only inside those roots.
Anything else answers 404, like everything out of reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Member, Unit, UnitLink
from quantriet.orgs.selectors import unit_paths

# Drilling down by ?unit= and the trail back up are the learning reports boards' own, reused.
from quantriet.reports.selectors.boards import board_unit_or_404, trail
from quantriet.reviews.models import (
    LEVEL_SHORT,
    Level,
    MemberReview,
    OrganisationReview,
    PeriodKind,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    Standing,
    StepKind,
)

__all__ = [
    "CATEGORIES",
    "LEVELS",
    "MEMBERS_ON_PAGE",
    "Board",
    "BoardRow",
    "Distribution",
    "HistoryRow",
    "YearRow",
    "board",
    "board_members",
    "board_organisations",
    "board_roots",
    "board_unit_or_404",
    "cell_members",
    "member_history",
    "member_may_be_read",
    "organisation_history",
    "own_members",
    "period_or_404",
    "trail",
    "years",
]

LEVELS: tuple[str, ...] = tuple(Level.values)  # htxs, htt, ht, kht: best first
_DECIDED = Q(state=ReviewState.DECIDED)
_COUNTS: dict[str, Any] = {
    **{level: Count("id", filter=_DECIDED & Q(decided_level=level)) for level in LEVELS},
    "not_rated": Count("id", filter=Q(state=ReviewState.NOT_RATED)),
    "total": Count("id"),
}
_LINK = "unit__ancestor_links"


@dataclass(frozen=True)
class Distribution:
    """How many reviews stand at each level, how many are not rated, how many wait for a decision."""

    htxs: int = 0
    htt: int = 0
    ht: int = 0
    kht: int = 0
    not_rated: int = 0
    total: int = 0

    @classmethod
    def of(cls, row: dict[str, Any] | None) -> Distribution:
        return cls(**{key: row[key] for key in _COUNTS}) if row is not None else cls()

    def __add__(self, other: Distribution) -> Distribution:
        return Distribution(**{key: getattr(self, key) + getattr(other, key) for key in _COUNTS})

    @property
    def decided(self) -> int:
        return self.htxs + self.htt + self.ht + self.kht

    @property
    def pending(self) -> int:
        return self.total - self.decided - self.not_rated

    def count(self, key: str) -> int:
        return int(getattr(self, key))

    def share(self, key: str) -> float:
        """``key``'s share of all reviews, in percent with one decimal."""
        return round(100 * self.count(key) / self.total, 1) if self.total else 0.0

    def cells(self) -> list[tuple[str, str, int, float]]:
        """(key, short label, count, share) for the four levels, not rated and pending, in that order."""
        return [(key, str(label), self.count(key), self.share(key)) for key, label in CATEGORIES]


# The columns of every table and chart: the four levels by their short names, then the two others.
CATEGORIES: tuple[tuple[str, Any], ...] = (
    *((level, LEVEL_SHORT[level]) for level in LEVELS),
    ("not_rated", _("Không xếp loại")),
    ("pending", _("Chưa quyết định")),
)


# --- reach ------------------------------------------------------------------------------------------


def board_roots(user: Actor, period: ReviewPeriod) -> list[Unit]:
    """The highest units of ``period``'s tree whose results ``user`` may read (none: the period is out
    of reach)."""
    top = period.unit
    if is_operator(user):
        return [top]
    held = access.root_unit_ids(user, C.VIEW_RATINGS)
    if not held:
        return []
    if top.pk in held or UnitLink.objects.filter(ancestor_id__in=held, descendant_id=top.pk).exists():
        return [top]
    inside = UnitLink.objects.filter(ancestor_id=top.pk, descendant_id__in=held).values("descendant_id")
    # A root inside another root adds nothing.
    nested = UnitLink.objects.filter(descendant_id__in=held, ancestor_id__in=held, distance__gt=0)
    found = (
        Unit.objects.filter(id__in=inside)
        .exclude(id__in=nested.values("descendant_id"))
        .select_related("parent")
        .order_by("name_sort", "id")
    )
    return list(found)


def period_or_404(user: Actor, raw_id: int | str) -> tuple[ReviewPeriod, list[Unit]]:
    """The period asked for, with the viewer's roots in it; 404 when it is unknown or out of reach."""
    period = ReviewPeriod.objects.select_related("unit__parent").filter(pk=access.id_or_404(raw_id)).first()
    if period is None:
        raise Http404
    roots = board_roots(user, period)
    if not roots:
        raise Http404
    return period, roots


# --- the board ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    """One line of a board: a child unit's whole subtree, or the reviews held at the unit itself."""

    label: str
    unit_id: int
    drill: bool  # the unit has sub-units: its own board is one click away
    members: Distribution
    organisations: Distribution


@dataclass
class Board:
    period: ReviewPeriod
    unit: Unit
    path: str  # the unit's name after its ancestors' (below the tree's root)
    rows: list[BoardRow]
    members: Distribution  # the totals
    organisations: Distribution
    leaf: bool = False  # no sub-units: the page lists the members themselves
    categories: tuple[tuple[str, Any], ...] = field(default=CATEGORIES)


def _children(unit: Unit) -> list[dict[str, Any]]:
    """``unit``'s sub-units (closed ones too: their reviews still count), each saying whether it has
    sub-units of its own. One query."""
    below = Unit.objects.filter(parent_id=OuterRef("pk"))
    found = unit.children.annotate(drill=Exists(below)).order_by("name_sort", "id")
    return list(found.values("pk", "name", "drill"))


def _tops(unit: Unit, child_ids: list[int]) -> dict[int, int]:
    """Each unit of ``unit``'s subtree -> the child of ``unit`` it lies under (``unit`` itself for its
    own): the closure's links below the children, one query."""
    links = UnitLink.objects.filter(ancestor_id__in=child_ids).values_list("descendant_id", "ancestor_id")
    return {**dict(links), unit.pk: unit.pk}


def _grouped(
    reviews: QuerySet[Any, Any], unit: Unit, tops: dict[int, int], period_unit: int
) -> dict[int, dict[str, Any]]:
    """The counts of ``unit``'s board: the subtree's reviews counted per unit in one grouped query, read
    from the (period, unit, state, decided_level) index alone, then added up under each child.

    Joining every review to the closure table and grouping by the child (the reports boards' query)
    probed the links once per review: 1.3 s for a province of 100,000 on SQLite under load; counting
    per unit first leaves about a thousand rows to add up here.
    """
    # The subtree's ids are written into the query (the planner then knows how few they are), and a
    # board of the period's own unit needs none: every review of the period lies under it.
    found = reviews if unit.pk == period_unit else reviews.filter(unit_id__in=list(tops))
    totals: dict[int, dict[str, Any]] = {}
    for row in found.values("unit_id").annotate(**_COUNTS).order_by():
        top = tops.get(row["unit_id"])
        if top is None:
            continue
        known = totals.setdefault(top, dict.fromkeys(_COUNTS, 0))
        for key in _COUNTS:
            known[key] += row[key]
    return totals


def board(period: ReviewPeriod, unit: Unit) -> Board:
    """``unit``'s results in ``period`` (the caller has checked the unit is in the viewer's reach).

    Five queries whatever the tree's size: the unit's path, its children, the links below them, the
    members' counts, the organisations' counts.
    """
    children = _children(unit)
    child_ids = [child["pk"] for child in children]
    tops = _tops(unit, child_ids)
    members = _grouped(MemberReview.objects.filter(period=period), unit, tops, period.unit_id)
    organisations = _grouped(
        OrganisationReview.objects.filter(period=period, collective=False), unit, tops, period.unit_id
    )
    rows = []
    for child in children:
        if child["pk"] in members or child["pk"] in organisations:
            rows.append(
                BoardRow(
                    label=child["name"],
                    unit_id=child["pk"],
                    drill=child["drill"],
                    members=Distribution.of(members.get(child["pk"])),
                    organisations=Distribution.of(organisations.get(child["pk"])),
                )
            )
    if unit.pk in members or unit.pk in organisations:
        rows.append(
            BoardRow(
                label=unit.name,
                unit_id=unit.pk,
                drill=False,
                members=Distribution.of(members.get(unit.pk)),
                organisations=Distribution.of(organisations.get(unit.pk)),
            )
        )
    return Board(
        period=period,
        unit=unit,
        path=unit_paths([unit]).get(unit.pk, unit.name),
        rows=rows,
        members=sum((Distribution.of(m) for m in members.values()), Distribution()),
        organisations=sum((Distribution.of(o) for o in organisations.values()), Distribution()),
        leaf=not children,
    )


def board_members(period: ReviewPeriod, unit: Unit) -> QuerySet[MemberReview]:
    """Every member review of ``unit``'s subtree in ``period``, by place and name (the lists offices
    send upwards, and a cell's board)."""
    return (
        MemberReview.objects.filter(period=period, unit_id__in=access.subtree_ids([unit.pk]))
        .select_related("member", "unit")
        .order_by("unit__name_sort", "unit_id", "member__name_sort", "member_id", "id")
    )


def cell_members(period: ReviewPeriod, unit: Unit) -> list[tuple[MemberReview, str, str]]:
    """The member reviews held at ``unit`` itself (a cell's board), each with its level's and its state's
    labels: read once per page, not once per row (a label is a translation lookup)."""
    levels = {key: str(label) for key, label in Level.choices}
    states = {key: str(label) for key, label in ReviewState.choices}
    standings = {key: str(label) for key, label in Standing.choices}
    found = (
        MemberReview.objects.filter(period=period, unit=unit)
        .select_related("member")
        .order_by("member__name_sort", "member_id", "id")
    )
    return [
        (
            review,
            levels.get(review.decided_level, "") if review.state == ReviewState.DECIDED else "",
            states.get(review.state, "")
            + (f" ({standings.get(review.standing, '')})" if review.state == ReviewState.NOT_RATED else ""),
        )
        for review in found[:MEMBERS_ON_PAGE]
    ]


# A cell's board lists its members; a very large one is cut here (the XLSX holds everyone).
MEMBERS_ON_PAGE = 300


def board_organisations(period: ReviewPeriod, unit: Unit) -> QuerySet[OrganisationReview]:
    """Every organisation review of ``unit``'s subtree in ``period``, by name."""
    return (
        OrganisationReview.objects.filter(period=period, unit_id__in=access.subtree_ids([unit.pk]))
        .select_related("unit")
        .order_by("unit__depth", "unit__name_sort", "unit_id", "collective", "id")
    )


# --- the distribution over the years ------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    members: Distribution
    organisations: Distribution


def years(unit: Unit) -> list[YearRow]:
    """The members' and organisations' results in ``unit``'s subtree for every yearly period that covers
    it (opened at the unit or above), oldest first; each year as decided. Three queries.

    A period opened at the unit itself counts all its reviews; one opened above counts those of the
    unit's subtree, so a province's own years read the counting index alone (no closure join).
    """
    above = UnitLink.objects.filter(descendant_id=unit.pk).values("ancestor_id")
    periods = list(
        ReviewPeriod.objects.filter(kind=PeriodKind.YEAR, unit_id__in=above).values_list(
            "pk", "year", "unit_id"
        )
    )
    year_of = {pk: year for pk, year, _unit in periods}
    own = [pk for pk, _year, unit_id in periods if unit_id == unit.pk]
    wider = [pk for pk, _year, unit_id in periods if unit_id != unit.pk]
    covered = Q(period_id__in=own) | Q(period_id__in=wider, unit_id__in=access.subtree_ids([unit.pk]))

    def grouped(reviews: QuerySet[Any, Any]) -> dict[int, Distribution]:
        found: dict[int, Distribution] = {}
        if not periods:
            return found
        rows = reviews.filter(covered).values("period_id").annotate(**_COUNTS).order_by()
        for row in rows:  # two yearly periods of one year (opened at two levels) add up
            year = year_of[row["period_id"]]
            found[year] = found.get(year, Distribution()) + Distribution.of(row)
        return found

    members = grouped(MemberReview.objects.all())
    organisations = grouped(OrganisationReview.objects.filter(collective=False))
    return [
        YearRow(year, members.get(year, Distribution()), organisations.get(year, Distribution()))
        for year in sorted(set(members) | set(organisations))
    ]


# --- histories ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    kind: str
    level: str
    reason: str
    at: Any


@dataclass(frozen=True)
class HistoryRow:
    """One review of a member (at one place) or of an organisation in one period."""

    period: ReviewPeriod
    place: str  # the unit's path
    post: str
    state: str
    state_label: str
    standing_label: str
    level: str  # the decided level, "" until decided
    level_label: str
    self_level: str
    proposed_level: str
    decision_reason: str
    meeting_comment: str
    allowed_reasons: list[str]
    steps: list[Step]
    collective: bool = False

    @property
    def short(self) -> str:
        return LEVEL_SHORT.get(self.level, "")


def reason_texts(stored: Iterable[Any]) -> list[str]:
    """The rules' reasons as stored beside a proposal or decision, as lines of text (with their texts)."""
    lines = []
    for reason in stored if isinstance(stored, list) else []:
        if isinstance(reason, dict):
            message = str(reason.get("message_vi") or reason.get("message") or reason.get("text") or "")
            citation = str(reason.get("citation") or "")
            if message:
                lines.append(f"{message} ({citation})" if citation else message)
        elif reason:
            lines.append(str(reason))
    return lines


def _history(reviews: Sequence[MemberReview] | Sequence[OrganisationReview], by: str) -> list[HistoryRow]:
    ids = [review.pk for review in reviews]
    steps: dict[int, list[Step]] = {}
    found = RatingStep.objects.filter(**{f"{by}_id__in": ids}).order_by("at", "id")
    for step in found.values(by, "kind", "level", "reason", "at"):
        steps.setdefault(step[by], []).append(
            Step(
                str(dict(StepKind.choices).get(step["kind"], step["kind"])),
                step["level"],
                step["reason"],
                step["at"],
            )
        )
    paths = unit_paths([review.unit_id for review in reviews])
    rows = []
    for review in reviews:
        decided = review.state == ReviewState.DECIDED and review.decided_level
        rows.append(
            HistoryRow(
                period=review.period,
                place=paths.get(review.unit_id, ""),
                post=getattr(review, "post", ""),
                state=review.state,
                state_label=str(review.get_state_display()),
                standing_label=str(review.get_standing_display()),
                level=review.decided_level if decided else "",
                level_label=str(review.get_decided_level_display()) if decided else "",
                self_level=review.self_level,
                proposed_level=review.proposed_level,
                decision_reason=review.decision_reason,
                meeting_comment=review.meeting_comment,
                allowed_reasons=reason_texts(review.allowed_reasons),
                steps=steps.get(review.pk, []),
                collective=getattr(review, "collective", False),
            )
        )
    return rows


def member_history(member: Member) -> list[HistoryRow]:
    """Every review of ``member``, newest period first (each place of a period): three queries."""
    reviews = list(
        MemberReview.objects.filter(member=member)
        .select_related("period")
        .order_by("-period__end", "-period_id", "-unit__depth", "id")
    )
    return _history(reviews, "member_review")


def organisation_history(unit: Unit) -> list[HistoryRow]:
    """Every review of ``unit`` (the organisation, then its leadership collective), newest first."""
    reviews = list(
        OrganisationReview.objects.filter(unit=unit)
        .select_related("period")
        .order_by("-period__end", "-period_id", "collective", "id")
    )
    return _history(reviews, "organisation_review")


def member_may_be_read(user: Actor, member: Member) -> bool:
    """A member's ratings: the member themselves, and whoever reads ratings over their cell."""
    if user.is_authenticated and member.user_id == user.pk:
        return True
    return access.can(user, C.VIEW_RATINGS, member.unit_id)


def own_members(user: Actor) -> list[Member]:
    """The member records of ``user``'s account (one, as a rule)."""
    if not user.is_authenticated:
        return []
    return list(Member.objects.filter(user_id=user.pk).select_related("unit").order_by("id"))
