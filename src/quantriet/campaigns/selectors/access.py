"""Who sees what: a campaign, its conferences and every point's board belong to the organising unit
(VIEW_CAMPAIGNS on it; MANAGE_CAMPAIGNS to change them). The staff of a bridge point (CHECK_IN on
its host unit) see that point only: its delegates, its check-in page and its board, never the other
points. Anything out of reach answers 404, as elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from quantriet.campaigns.models import (
    Absence,
    BridgePoint,
    Campaign,
    CheckIn,
    Conference,
    Delegate,
    MakeUpAttendance,
    MakeUpSession,
)
from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Member, Unit, UnitLink


def _get(queryset: QuerySet[Any], pk: int | str) -> Any:
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- campaigns and conferences --------------------------------------------------------------------


def visible_campaigns(user: Actor) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))


def campaign_or_404(user: Actor, campaign_id: int | str) -> Campaign:
    found = visible_campaigns(user).select_related("organising_unit", "scope_unit")
    campaign: Campaign = _get(found, campaign_id)
    return campaign


def may_create(user: Actor) -> bool:
    return access.has_any(user, C.MANAGE_CAMPAIGNS)


def may_manage(user: Actor, campaign: Campaign) -> bool:
    return access.can(user, C.MANAGE_CAMPAIGNS, campaign.organising_unit_id)


def organising_units(user: Actor) -> QuerySet[Unit]:
    return access.units(user, C.MANAGE_CAMPAIGNS).filter(valid_to__isnull=True)


def conference_or_404(user: Actor, conference_id: int | str) -> Conference:
    found = Conference.objects.filter(campaign__in=visible_campaigns(user)).select_related(
        "campaign__organising_unit", "campaign__scope_unit"
    )
    conference: Conference = _get(found, conference_id)
    return conference


def members_in_scope(user: Actor, campaign: Campaign) -> QuerySet[Member]:
    """Members the user may see inside the campaign's scope (to pick a presenter or person in charge)."""
    scope = UnitLink.objects.filter(ancestor=campaign.scope_unit).values("descendant_id")
    return access.members(user, C.VIEW_MEMBERS).filter(unit_id__in=scope)


# --- bridge points --------------------------------------------------------------------------------


def staffed_points(user: Actor) -> QuerySet[BridgePoint]:
    """Points whose host unit the user checks in for (their "own" points)."""
    return BridgePoint.objects.filter(host_unit__in=access.units(user, C.CHECK_IN))


def own_invitations(user: Actor) -> QuerySet[Delegate]:
    """The user's own invitations (through the member record linked to the account), newest first.

    Each carries ``present`` (checked in), ``made_up`` (attended a make-up session) and the absence's
    ``absence_reason`` (None when no absence was recorded).
    """
    if not user.is_authenticated:
        return Delegate.objects.none()
    return (
        Delegate.objects.filter(member__user_id=user.pk)
        .select_related("conference__campaign__organising_unit", "point", "member", "unit")
        .annotate(
            present=Exists(CheckIn.objects.filter(delegate=OuterRef("pk"))),
            made_up=Exists(MakeUpAttendance.objects.filter(delegate=OuterRef("pk"))),
            absence_reason=Subquery(Absence.objects.filter(delegate=OuterRef("pk")).values("reason")[:1]),
        )
        .order_by("-conference__held_on", "-conference__starts_at", "-id")
    )


def point_or_404(user: Actor, point_id: int | str) -> BridgePoint:
    """A point the user may see: as staff of the point, or of the organising unit."""
    found = BridgePoint.objects.filter(
        Q(host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))
    ).select_related("conference__campaign__organising_unit", "host_unit", "person_in_charge")
    point: BridgePoint = _get(found, point_id)
    return point


def may_check_in(user: Actor, point: BridgePoint) -> bool:
    return access.can(user, C.CHECK_IN, point.host_unit_id) or may_manage(user, point.conference.campaign)


def may_see_campaign(user: Actor, campaign: Campaign) -> bool:
    return access.can(user, C.VIEW_CAMPAIGNS, campaign.organising_unit_id)


def delegate_or_404(user: Actor, delegate_id: int | str) -> Delegate:
    """A delegate whose invitation the user may print: organisers, and the staff of their point."""
    found = Delegate.objects.filter(
        Q(point__host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.MANAGE_CAMPAIGNS))
    ).select_related("member", "unit", "point__host_unit", "conference__campaign")
    delegate: Delegate = _get(found, delegate_id)
    return delegate


def makeup_or_404(user: Actor, session_id: int | str) -> MakeUpSession:
    """A make-up session whose point the user may see (as its staff or the organiser's)."""
    found = MakeUpSession.objects.filter(
        Q(point__host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))
    ).select_related("point__host_unit", "conference__campaign")
    session: MakeUpSession = _get(found, session_id)
    return session
