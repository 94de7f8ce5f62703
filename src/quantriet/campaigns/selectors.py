"""Reads of campaigns, always scoped through ``orgs.access``.

Who sees what: a campaign, its conferences and every point's board belong to the organising unit
(VIEW_CAMPAIGNS on it; MANAGE_CAMPAIGNS to change them). The staff of a bridge point (CHECK_IN on
its host unit) see that point only: its delegates, its check-in page and its board, never the other
points. Anything out of reach answers 404, as elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from quantriet.campaigns.categories import categories_of
from quantriet.campaigns.models import (
    KEY_CADRE_CATEGORIES,
    Audience,
    BridgePoint,
    Campaign,
    Category,
    CheckIn,
    Conference,
    Delegate,
)
from quantriet.orgs import access
from quantriet.orgs import selectors as org_selectors
from quantriet.orgs.access import AnyUser
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Member, MemberStatus, Unit, UnitLink

# Members who take part in party activities (a suspended member does not).
INVITABLE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL)


def _get(queryset: QuerySet[Any], pk: int | str) -> Any:
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- campaigns and conferences --------------------------------------------------------------------


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))


def campaign_or_404(user: AnyUser, campaign_id: int | str) -> Campaign:
    found = visible_campaigns(user).select_related("organising_unit", "scope_unit")
    campaign: Campaign = _get(found, campaign_id)
    return campaign


def may_create(user: AnyUser) -> bool:
    return access.has_any(user, C.MANAGE_CAMPAIGNS)


def may_manage(user: AnyUser, campaign: Campaign) -> bool:
    return access.can(user, C.MANAGE_CAMPAIGNS, campaign.organising_unit_id)


def organising_units(user: AnyUser) -> QuerySet[Unit]:
    return access.units(user, C.MANAGE_CAMPAIGNS).filter(valid_to__isnull=True)


def conference_or_404(user: AnyUser, conference_id: int | str) -> Conference:
    found = Conference.objects.filter(campaign__in=visible_campaigns(user)).select_related(
        "campaign__organising_unit", "campaign__scope_unit"
    )
    conference: Conference = _get(found, conference_id)
    return conference


# --- bridge points --------------------------------------------------------------------------------


def staffed_points(user: AnyUser) -> QuerySet[BridgePoint]:
    """Points whose host unit the user checks in for (their "own" points)."""
    return BridgePoint.objects.filter(host_unit__in=access.units(user, C.CHECK_IN))


def point_or_404(user: AnyUser, point_id: int | str) -> BridgePoint:
    """A point the user may see: as staff of the point, or of the organising unit."""
    found = BridgePoint.objects.filter(
        Q(host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))
    ).select_related("conference__campaign__organising_unit", "host_unit", "person_in_charge")
    point: BridgePoint = _get(found, point_id)
    return point


def may_check_in(user: AnyUser, point: BridgePoint) -> bool:
    return access.can(user, C.CHECK_IN, point.host_unit_id) or may_manage(user, point.conference.campaign)


def may_see_campaign(user: AnyUser, campaign: Campaign) -> bool:
    return access.can(user, C.VIEW_CAMPAIGNS, campaign.organising_unit_id)


def delegate_or_404(user: AnyUser, delegate_id: int | str) -> Delegate:
    """A delegate whose invitation the user may print: organisers, and the staff of their point."""
    found = Delegate.objects.filter(
        Q(point__host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.MANAGE_CAMPAIGNS))
    ).select_related("member", "unit", "point__host_unit", "conference__campaign")
    delegate: Delegate = _get(found, delegate_id)
    return delegate


def delegates_of(point: BridgePoint) -> QuerySet[Delegate]:
    checked = CheckIn.objects.filter(delegate=OuterRef("pk"))
    return (
        point.delegates.select_related("member", "unit")
        .annotate(present=Exists(checked))
        .order_by("unit__name_sort", "member__name_sort", "guest_name", "id")
    )


# --- proposing delegates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    member: Member
    category: str

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)


def _wanted(campaign: Campaign) -> set[str] | None:
    """Categories the audience asks for; None for everyone."""
    if campaign.audience == Audience.ALL_MEMBERS:
        return None
    if campaign.audience == Audience.KEY_CADRES:
        return {c.value for c in KEY_CADRE_CATEGORIES}
    return set(campaign.categories)


def propose(user: AnyUser, point: BridgePoint, *, query: str = "", limit: int = 2000) -> list[Candidate]:
    """Members the platform proposes for ``point``: the host unit's subtree, by the campaign's audience.

    With ``query`` it searches the whole scope of the campaign by name instead (to add someone by hand),
    whatever their category. Members already invited to the conference are left out.
    """
    conference = point.conference
    campaign = conference.campaign
    invited = Delegate.objects.filter(conference=conference, member__isnull=False).values("member_id")
    within = campaign.scope_unit if query else point.host_unit
    found = (
        org_selectors.search_members(user, within=within, query=query)
        .filter(status__in=INVITABLE_STATUSES)
        .exclude(pk__in=invited)
    )
    members = list(found[:limit])
    categories = categories_of(m.pk for m in members)
    wanted = None if query else _wanted(campaign)
    return [Candidate(m, categories[m.pk]) for m in members if wanted is None or categories[m.pk] in wanted]


# --- attendance boards ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    label: str
    expected: int
    present: int

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.expected) if self.expected else 0


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


def _tallies(delegates: QuerySet[Delegate], present: Q) -> tuple[Tally, list[Tally], list[Tally]]:
    """Totals, by unit and by category, in two grouped queries."""
    by_unit = (
        delegates.values("unit__name", "unit__name_sort")
        .annotate(expected=Count("id"), present=Count("id", filter=present))
        .order_by("unit__name_sort")
    )
    units = [
        Tally(row["unit__name"] or str(Category.GUEST.label), row["expected"], row["present"])
        for row in by_unit
    ]
    labels = dict(Category.choices)
    rank = list(Category.values)
    by_category = sorted(
        delegates.values("category").annotate(expected=Count("id"), present=Count("id", filter=present)),
        key=lambda row: rank.index(row["category"]),
    )
    categories = [Tally(str(labels[row["category"]]), row["expected"], row["present"]) for row in by_category]
    total = Tally("", sum(t.expected for t in units), sum(t.present for t in units))
    return total, units, categories


def point_board(point: BridgePoint) -> Board:
    """Invited to this point and checked in here; arrivals from other points and guests beside."""
    delegates = Delegate.objects.filter(point=point)
    total, units, categories = _tallies(delegates, Q(check_ins__point=point))
    here = CheckIn.objects.filter(point=point)
    return Board(
        total=total,
        by_unit=units,
        by_category=categories,
        from_other_points=here.filter(other_point=True).count(),
        guests=here.filter(delegate__isnull=True).count(),
        late=here.filter(late=True).count(),
        recent=list(here.select_related("delegate__member").order_by("-at", "-id")[:10]),
    )


def conference_board(conference: Conference) -> Board:
    """Every delegate of the conference, present wherever they checked in; each point's own count."""
    delegates = Delegate.objects.filter(conference=conference)
    total, units, categories = _tallies(delegates, Q(check_ins__isnull=False))
    points = conference.points.annotate(
        expected=Count("delegates", distinct=True),
        present=Count("check_ins", filter=Q(check_ins__delegate__isnull=False), distinct=True),
    ).order_by("-is_main", "name", "id")
    here = CheckIn.objects.filter(conference=conference)
    return Board(
        total=total,
        by_unit=units,
        by_category=categories,
        by_point=[Tally(p.name, p.expected, p.present) for p in points],
        from_other_points=here.filter(other_point=True).count(),
        guests=here.filter(delegate__isnull=True).count(),
        late=here.filter(late=True).count(),
    )


def members_in_scope(user: AnyUser, campaign: Campaign) -> QuerySet[Member]:
    """Members the user may see inside the campaign's scope (to pick a presenter or person in charge)."""
    scope = UnitLink.objects.filter(ancestor=campaign.scope_unit).values("descendant_id")
    return access.members(user, C.VIEW_MEMBERS).filter(unit_id__in=scope)
