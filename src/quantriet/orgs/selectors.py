"""Reads of units and members, always scoped through ``orgs.access``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from quantriet.orgs import access
from quantriet.orgs.access import AnyUser, Capability
from quantriet.orgs.models import Member, Unit, UnitLink
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.text import fold


@dataclass(frozen=True)
class UnitSummary:
    unit: Unit
    member_count: int
    child_count: int


def count_members_under(unit: Unit) -> int:
    return Member.objects.filter(
        unit_id__in=UnitLink.objects.filter(ancestor=unit).values("descendant_id"),
        status__in=ON_ROLL_STATUSES,
    ).count()


def overview_for(user: AnyUser) -> list[UnitSummary]:
    """The top units a user may see, with member and sub-unit counts, for the home page."""
    tops = list(access.top_units(user).filter(valid_to__isnull=True)[:20])
    return [
        UnitSummary(
            unit=u,
            member_count=count_members_under(u),
            child_count=u.children.filter(valid_to__isnull=True).count(),
        )
        for u in tops
    ]


def children_of(user: AnyUser, unit: Unit, *, include_closed: bool = False) -> QuerySet[Unit]:
    """Direct sub-units of ``unit`` (the caller has checked ``unit`` itself), with their own child counts."""
    children = unit.children.all()
    if not include_closed:
        children = children.filter(valid_to__isnull=True)
    return children.annotate(
        child_count=Count("children", filter=Q(children__valid_to__isnull=True), distinct=True),
    ).order_by("name_sort", "id")


def search_members(
    user: AnyUser,
    *,
    within: Unit | None = None,
    query: str = "",
    status: str | None = None,
    capability: Capability = Capability.VIEW_MEMBERS,
) -> QuerySet[Member]:
    """Members ``user`` may see, optionally under ``within``, matching ``query`` accent-insensitively.

    A query that looks like a card number matches the card number too.
    """
    if within is not None:
        if not access.can(user, capability, within):
            return Member.objects.none()
        members = Member.objects.filter(
            unit_id__in=UnitLink.objects.filter(ancestor=within).values("descendant_id")
        )
    else:
        members = access.members(user, capability)
    folded = fold(query)
    if folded:
        condition = Q(name_folded__contains=folded)
        compact = query.strip().replace(" ", "")
        if compact.isdigit():
            condition |= Q(card_number__startswith=compact)
        members = members.filter(condition)
    if status:
        members = members.filter(status=status)
    return members.select_related("unit").order_by("name_sort", "id")


def search_units(
    user: AnyUser, query: str, *, capability: Capability = Capability.VIEW_UNITS
) -> QuerySet[Unit]:
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
