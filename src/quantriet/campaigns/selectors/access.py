"""Who sees what: a campaign, its conferences and every point's board belong to the organising unit
(VIEW_CAMPAIGNS on it; MANAGE_CAMPAIGNS to change them). The staff of a bridge point (CHECK_IN on
its host unit) see that point only: its delegates, its check-in page and its board, never the other
points. Anything out of reach answers 404, as elsewhere.

A campaign also *reaches* the people who carry it out (``campaigns_in_reach``): the staff of every unit
inside its scope see it read-only (documents, deadlines, programme) with their own share of the
boards (``share_units``: their points and their members, never a sibling's), and a member with an
account sees the campaigns meant for them. Whatever changes a campaign still asks ``may_manage``, and
the pages that change it look the campaign up among the organiser's (``organised_campaign_or_404``),
so that to everyone else they do not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from quantriet.campaigns.categories import categories_of
from quantriet.campaigns.models import (
    KEY_CADRE_CATEGORIES,
    Absence,
    Audience,
    BridgePoint,
    Campaign,
    CheckIn,
    Conference,
    Delegate,
    MakeUpAttendance,
    MakeUpSession,
)
from quantriet.campaigns.selectors.delegates import INVITABLE_STATUSES
from quantriet.core.actors import Actor, is_operator
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
    """Campaigns the user sees as organiser: those of the units where they hold VIEW_CAMPAIGNS."""
    return Campaign.objects.filter(organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))


# The capability that lets a unit's staff see the campaigns reaching their unit. VIEW_CAMPAIGNS is the
# read right on campaigns (secretaries, propaganda, organisation and office staff): reading the
# province's campaign is reading, so it needs no write right. CHECK_IN is a right to *record* at a
# point (it would turn a desk clerk's right into a reading right), and PLAN_WORK leaves out the office,
# who runs the points' logistics and needs the programme. Inspection staff hold none and see none.
REACH = C.VIEW_CAMPAIGNS
_MEMBER_ATTR = "_quantriet_campaign_member"


def _member_line(user: Actor) -> tuple[int, str] | None:
    """The signed-in member's cell and category (cached on the user object), if they take part at all.

    Only members who take part in party activities are reached by an audience (as only they are
    proposed for invitations); a suspended member still sees the conferences they were invited to.
    """
    if not user.is_authenticated:
        return None
    if hasattr(user, _MEMBER_ATTR):
        cached: tuple[int, str] | None = getattr(user, _MEMBER_ATTR)
        return cached
    found = (
        Member.objects.filter(user_id=user.pk, status__in=INVITABLE_STATUSES)
        .values_list("pk", "unit_id")
        .first()
    )
    line = (found[1], categories_of([found[0]])[found[0]]) if found else None
    setattr(user, _MEMBER_ATTR, line)
    return line


def _audience_includes(category: str) -> Q:
    """Campaigns whose audience takes in a member of ``category`` (the rule ``propose`` follows)."""
    wanted = Q(audience=Audience.ALL_MEMBERS)
    if category in KEY_CADRE_CATEGORIES:
        wanted |= Q(audience=Audience.KEY_CADRES)
    # ``categories`` is a JSON list of Category values. JSON containment is not portable (SQLite has
    # none), so the list's text is searched for the quoted value: the values are fixed words, none
    # inside another once quoted ('"member"' is not part of '"committee"').
    return wanted | Q(audience=Audience.CATEGORIES, categories__icontains=f'"{category}"')


def member_campaigns(user: Actor) -> QuerySet[Campaign]:
    """The campaigns a member takes part in: invited to one of its conferences, or in its audience
    with their cell inside its scope."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    return Campaign.objects.filter(_as_member(user))


def _as_member(user: Actor) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    invited = Q(pk__in=Delegate.objects.filter(member__user_id=user.pk).values("conference__campaign_id"))
    line = _member_line(user)
    if line is None:
        return invited
    cell_id, category = line
    scopes = UnitLink.objects.filter(descendant_id=cell_id).values("ancestor_id")
    return invited | (Q(scope_unit_id__in=scopes) & _audience_includes(category))


def campaigns_in_reach(user: Actor) -> QuerySet[Campaign]:
    """Campaigns the user may read: as organiser; as staff of a unit inside the campaign's scope (or
    above it, the scope then being inside theirs); or as a member the campaign is meant for."""
    if is_operator(user):
        return Campaign.objects.all()
    if not user.is_authenticated:
        return Campaign.objects.none()
    condition = _as_member(user)
    roots = access.root_unit_ids(user, REACH)
    if roots:
        mine = access.subtree_ids(roots)
        above = UnitLink.objects.filter(descendant_id__in=roots).values("ancestor_id")
        condition |= Q(organising_unit_id__in=mine) | Q(scope_unit_id__in=mine) | Q(scope_unit_id__in=above)
    return Campaign.objects.filter(condition)


def campaign_or_404(user: Actor, campaign_id: int | str) -> Campaign:
    """A campaign the user may read (organisers, units in its scope, its members); else 404."""
    found = campaigns_in_reach(user).select_related("organising_unit", "scope_unit")
    campaign: Campaign = _get(found, campaign_id)
    return campaign


def in_reach(user: Actor, campaign: Campaign) -> bool:
    """May the user read ``campaign`` (for links to its page from a point's pages)?"""
    return campaigns_in_reach(user).filter(pk=campaign.pk).exists()


def organised_campaign_or_404(user: Actor, campaign_id: int | str) -> Campaign:
    """A campaign the user sees as organiser (its pages that change it, its whole-campaign reports).

    Units reached by the campaign get 404 here, not 403: to them these pages do not exist.
    """
    found = visible_campaigns(user).select_related("organising_unit", "scope_unit")
    campaign: Campaign = _get(found, campaign_id)
    return campaign


def share_units(user: Actor, campaign: Campaign) -> QuerySet[Unit] | None:
    """The units whose share of ``campaign`` the user sees: ``None`` for the whole (its organisers),
    else the units of the user's own subtrees inside the scope (their points, their members)."""
    if may_see_campaign(user, campaign):
        return None
    scope = UnitLink.objects.filter(ancestor_id=campaign.scope_unit_id).values("descendant_id")
    return access.units(user, REACH).filter(id__in=scope)


def absence_units(user: Actor, campaign: Campaign) -> QuerySet[Unit] | None:
    """Units whose members' absences from ``campaign``'s conferences the user records, wherever those
    members were invited: ``None`` for all of them (its organisers who manage it), else the units of
    the scope where the user checks in (CHECK_IN: recording attendance is a write, as at a desk)."""
    if may_manage(user, campaign):
        return None
    scope = UnitLink.objects.filter(ancestor_id=campaign.scope_unit_id).values("descendant_id")
    return access.units(user, C.CHECK_IN).filter(id__in=scope)


def points_in_share(conference: Conference, share: QuerySet[Unit] | None) -> QuerySet[BridgePoint]:
    """The conference's points in the share: all of them for the whole, else those its units host."""
    points = conference.points.all()
    return points if share is None else points.filter(host_unit__in=share)


def delegates_in_share(delegates: QuerySet[Delegate], share: QuerySet[Unit] | None) -> QuerySet[Delegate]:
    """Delegates of the share: members of its units wherever invited, and whoever comes to its points."""
    if share is None:
        return delegates
    return delegates.filter(Q(unit__in=share) | Q(point__host_unit__in=share))


def may_create(user: Actor) -> bool:
    return access.has_any(user, C.MANAGE_CAMPAIGNS)


def may_manage(user: Actor, campaign: Campaign) -> bool:
    return access.can(user, C.MANAGE_CAMPAIGNS, campaign.organising_unit_id)


def organising_units(user: Actor) -> QuerySet[Unit]:
    return access.units(user, C.MANAGE_CAMPAIGNS).filter(valid_to__isnull=True)


def conference_or_404(user: Actor, conference_id: int | str) -> Conference:
    """A conference of a campaign the user may read (its programme, their share of its board)."""
    found = Conference.objects.filter(campaign__in=campaigns_in_reach(user)).select_related(
        "campaign__organising_unit", "campaign__scope_unit"
    )
    conference: Conference = _get(found, conference_id)
    return conference


def organised_conference_or_404(user: Actor, conference_id: int | str) -> Conference:
    """A conference the user sees as organiser (the pages that change it); else 404."""
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
            # Reversed check-ins and make-up marks are kept as facts but count for nobody.
            present=Exists(CheckIn.objects.filter(delegate=OuterRef("pk"), reversed_at__isnull=True)),
            made_up=Exists(
                MakeUpAttendance.objects.filter(delegate=OuterRef("pk"), reversed_at__isnull=True)
            ),
            absence_reason=Subquery(Absence.objects.filter(delegate=OuterRef("pk")).values("reason")[:1]),
        )
        .order_by("-conference__held_on", "-conference__starts_at", "-id")
    )


def _points_seen(user: Actor) -> Q:
    return Q(host_unit__in=access.units(user, C.CHECK_IN)) | Q(
        conference__campaign__organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS)
    )


def point_ids(user: Actor, conference: Conference) -> list[int]:
    """Ids of the conference's points whose pages the user may open (as ``point_or_404`` decides)."""
    return list(conference.points.filter(_points_seen(user)).values_list("pk", flat=True))


def point_or_404(user: Actor, point_id: int | str) -> BridgePoint:
    """A point the user may see: as staff of the point, or of the organising unit."""
    found = BridgePoint.objects.filter(_points_seen(user)).select_related(
        "conference__campaign__organising_unit", "host_unit", "person_in_charge"
    )
    point: BridgePoint = _get(found, point_id)
    return point


def may_check_in(user: Actor, point: BridgePoint) -> bool:
    return access.can(user, C.CHECK_IN, point.host_unit_id) or may_manage(user, point.conference.campaign)


def may_see_campaign(user: Actor, campaign: Campaign) -> bool:
    """Does the user see the whole campaign, as its organiser (not merely as a unit it reaches)?"""
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
