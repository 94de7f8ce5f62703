"""Delegates: a point's invitation list, and the members the platform proposes to invite."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from quantriet.campaigns.categories import categories_of
from quantriet.campaigns.models import (
    KEY_CADRE_CATEGORIES,
    Audience,
    BridgePoint,
    Campaign,
    Category,
    CheckIn,
    Delegate,
)
from quantriet.core.actors import Actor
from quantriet.orgs import selectors as org_selectors
from quantriet.orgs.models import Member, MemberStatus

# Members who take part in party activities (a suspended member does not).
INVITABLE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL)


def delegates_of(point: BridgePoint) -> QuerySet[Delegate]:
    """The point's delegates, each with ``present`` (a standing check-in, wherever it was recorded)."""
    checked = CheckIn.objects.filter(delegate=OuterRef("pk"), reversed_at__isnull=True)
    return (
        point.delegates.select_related("member", "unit")
        .annotate(present=Exists(checked))
        .order_by("unit__name_sort", "member__name_sort", "guest_name", "id")
    )


def waiting_at(point: BridgePoint) -> QuerySet[Delegate]:
    """The point's delegates not checked in yet (a reversed check-in leaves them waiting again)."""
    return delegates_of(point).exclude(
        Exists(CheckIn.objects.filter(delegate=OuterRef("pk"), reversed_at__isnull=True))
    )


def point_check_ins(point: BridgePoint) -> QuerySet[CheckIn]:
    """Every check-in taken at ``point``, reversed ones too (the facts stay), newest first."""
    return CheckIn.objects.filter(point=point).select_related(
        "delegate__member", "delegate__unit", "recorded_by", "reversed_by"
    )


def invited_over_capacity(point: BridgePoint, adding: int = 0) -> int:
    """How many more delegates than seats the point has (with ``adding`` more); 0 when they fit."""
    return max(point.delegates.count() + adding - point.capacity, 0)


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


def propose(user: Actor, point: BridgePoint, *, query: str = "", limit: int = 2000) -> list[Candidate]:
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
