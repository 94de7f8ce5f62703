"""Reads of units and members, always scoped through ``orgs.access``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value

from quantriet.core.actors import Actor
from quantriet.core.textinput import clean_text
from quantriet.orgs import access
from quantriet.orgs.access import Capability
from quantriet.orgs.models import Level, Member, Unit, UnitLink
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.text import fold


@dataclass(frozen=True)
class UnitSummary:
    unit: Unit
    member_count: int
    child_count: int


def _on_roll_under(unit: Unit | OuterRef) -> QuerySet[Member]:
    """Members on the roll anywhere in ``unit``'s subtree (``unit`` may be an outer query's unit)."""
    ancestor: Any = unit if isinstance(unit, OuterRef) else unit.pk
    subtree = UnitLink.objects.filter(ancestor_id=ancestor)
    return Member.objects.filter(unit_id__in=subtree.values("descendant_id"), status__in=ON_ROLL_STATUSES)


def count_members_under(unit: Unit) -> int:
    return _on_roll_under(unit).count()


def _count(queryset: QuerySet[Any]) -> Subquery:
    # COUNT(*) as a plain function, not Django's aggregate, so that the subquery gets no GROUP BY; and
    # not COUNT(id), which PostgreSQL cannot answer from an index that lacks the id.
    count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(n=count).values("n"))


def _members_on_roll_of_subtree() -> Subquery:
    """For a ``Unit`` queryset: the members on the roll under each unit (its whole subtree).

    A correlated count straight from the closure table to the members' (unit, status) index: going
    through the ``Unit`` rows in between (what ``Count("descendant__members")`` joins) costs more than
    the count itself on PostgreSQL.
    """
    return _count(_on_roll_under(OuterRef(OuterRef("pk"))))


def _open_children() -> Subquery:
    """For a ``Unit`` queryset: the number of each unit's sub-units that are not closed."""
    return _count(Unit.objects.filter(parent_id=OuterRef("pk"), valid_to__isnull=True))


def _on_roll_under_each(units: Sequence[Unit]) -> dict[int, int]:
    """Members on the roll under each of ``units`` (whole subtrees), in one query.

    A UNION of one plain count per unit rather than a correlated count: naming the unit lets the
    planner see how big its subtree is. For a province, PostgreSQL then scans the members once
    instead of probing the index cell by cell as it does for a correlated count (sized like an
    average unit), several times slower there.
    """
    counts = [
        _on_roll_under(unit).order_by().values(top=Value(unit.pk)).annotate(n=Count("*")) for unit in units
    ]
    if not counts:
        return {}
    rows = counts[0].union(*counts[1:], all=True) if len(counts) > 1 else counts[0]
    return {row["top"]: row["n"] for row in rows}


def overview_for(user: Actor) -> list[UnitSummary]:
    """The top units a user may see, with member and sub-unit counts, for the home page."""
    tops = list(
        access.top_units(user).filter(valid_to__isnull=True).annotate(child_count=_open_children())[:20]
    )
    members = _on_roll_under_each(tops)
    return [UnitSummary(unit=u, member_count=members.get(u.pk, 0), child_count=u.child_count) for u in tops]


def children_of(user: Actor, unit: Unit, *, include_closed: bool = False) -> QuerySet[Unit]:
    """Direct sub-units of ``unit`` (the caller has checked ``unit`` itself), with their own child counts
    and the members on the roll under each."""
    children = unit.children.all()
    if not include_closed:
        children = children.filter(valid_to__isnull=True)
    counted = children.annotate(child_count=_open_children(), member_count=_members_on_roll_of_subtree())
    return counted.order_by("name_sort", "id")


def search_members(
    user: Actor,
    *,
    within: Unit | None = None,
    query: str = "",
    status: str | None = None,
    capability: Capability = Capability.VIEW_MEMBERS,
) -> QuerySet[Member]:
    """Members ``user`` may see, optionally under ``within``, matching ``query`` accent-insensitively.

    A query that looks like a card number matches the card number too. The query is cleaned here, whoever
    read it (page, API, export): PostgreSQL refuses a query holding NUL.
    """
    if within is not None:
        if not access.can(user, capability, within):
            return Member.objects.none()
        members = Member.objects.filter(
            unit_id__in=UnitLink.objects.filter(ancestor=within).values("descendant_id")
        )
    else:
        members = access.members(user, capability)
    query = clean_text(query)
    folded = fold(query)
    if folded:
        condition = Q(name_folded__contains=folded)
        compact = query.strip().replace(" ", "")
        if compact.isascii() and compact.isdigit():
            condition |= Q(card_number__startswith=compact)
        members = members.filter(condition)
    if status:
        members = members.filter(status=status)
    return members.select_related("unit").order_by("name_sort", "id")


def search_units(
    user: Actor, query: str, *, capability: Capability = Capability.VIEW_UNITS
) -> QuerySet[Unit]:
    query = clean_text(query)  # as in search_members
    folded = fold(query)
    units = access.units(user, capability)
    if folded:
        units = units.filter(Q(name_folded__contains=folded) | Q(code__iexact=query.strip()))
    return units.select_related("parent").order_by("name_sort", "id")


def ancestors_of(unit: Unit) -> list[Unit]:
    """The chain from the root down to ``unit``'s parent, for breadcrumbs, in one query."""
    ids = (
        UnitLink.objects.filter(descendant=unit, distance__gt=0)
        .order_by("-distance")
        .values_list("ancestor_id", flat=True)
    )
    by_id: dict[int, Any] = Unit.objects.in_bulk(list(ids))
    return [by_id[i] for i in ids if i in by_id]


# --- a unit with its parent path ---------------------------------------------------------------------

# Between the names of a unit's path: "Đảng bộ xã Bến Đò › Chi bộ thôn 1".
PATH_SEPARATOR = " › "
# Ids per query: well under SQLite's and PostgreSQL's bound on parameters.
_PATH_CHUNK = 5000


def unit_paths(units: Iterable[Unit | int], *, top: Unit | None = None) -> dict[int, str]:
    """Each unit's name after the names of its ancestors, keyed by unit id: one query per 5,000 units.

    A province holds dozens of cells called "Chi bộ Trường THCS"; only the path tells them apart, so every
    page, export and picker that names a unit among others names it this way. The path starts below ``top``
    (a board's own unit, which its reader knows) or, by default, below the root of the tree; a unit at or
    above that start is its bare name.
    """
    ids = list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in units))
    floor = top.depth if top is not None else 0
    names: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    for start in range(0, len(ids), _PATH_CHUNK):
        links = UnitLink.objects.filter(descendant_id__in=ids[start : start + _PATH_CHUNK]).values_list(
            "descendant_id", "distance", "ancestor__depth", "ancestor__name"
        )
        for unit_id, distance, depth, name in links:
            if distance == 0 or depth > floor:
                names[unit_id].append((distance, name))
    return {
        unit_id: PATH_SEPARATOR.join(name for _, name in sorted(chain, reverse=True))
        for unit_id, chain in names.items()
        if chain
    }


def with_paths(units: Sequence[Unit], *, top: Unit | None = None) -> Sequence[Unit]:
    """The same units, each with ``path`` set (templates write ``{{ unit.path }}``); one query."""
    paths = unit_paths(units, top=top)
    for unit in units:
        unit.path = paths.get(unit.pk, unit.name)  # type: ignore[attr-defined]
    return units


# --- a unit on a party paper (HD 36-HD/VPTW) ---------------------------------------------------------

# The abbreviation of the issuing body in a party symbol ("12-BC/TU"), by the issuer's level.
ISSUER_ABBREVIATIONS = {
    Level.CENTRAL: "TW",
    Level.CENTRAL_DIRECT: "TU",
    Level.INTERMEDIATE: "ĐU",
    Level.GRASSROOTS: "ĐU",
    Level.CELL: "CB",
}


def report_symbol(number: str, unit: Unit) -> str:
    """The "Số 12-BC/ĐU" line of a report (báo cáo) issued by ``unit``; a blank number is left to fill in."""
    return f"Số {number or '   '}-BC/{ISSUER_ABBREVIATIONS.get(Level(unit.level), 'ĐU')}"


def signature_title(unit: Unit) -> str:
    """Who signs for ``unit``: a cell's committee, or the standing committee of a party committee."""
    return "T/M CHI BỘ" if unit.level in (Level.CELL, Level.GROUP) else "T/M BAN THƯỜNG VỤ"
