"""The one access module: "may this user do this to this object?" and "which units may they see?".

Every view, API endpoint, export, admin page and task asks here. Rights come from roles held at a
unit (``RoleAssignment``) and cover that unit's whole subtree, nothing above or beside it. A member
with an account sees their own record. Operators (``core.actors.is_operator``) see everything.

Objects a user may not see answer 404, not 403, so that ids of other units' data leak nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from quantriet.core.actors import Actor, is_operator
from quantriet.core.numbers import parse_int
from quantriet.orgs.models import Member, Role, RoleAssignment, Unit, UnitLink


class Capability(StrEnum):
    VIEW_UNITS = "view_units"
    MANAGE_UNITS = "manage_units"
    VIEW_MEMBERS = "view_members"  # the roll: names, cells, statuses
    VIEW_MEMBER_DETAIL = "view_member_detail"  # the personal page (every read is logged)
    # The profile's sensitive fields (CCCD, ethnicity, religion, phone, photo; orgs.profile): only the
    # organisation staff of the member's unit or above, each read with its purpose (decree 13/2023).
    VIEW_MEMBER_SENSITIVE = "view_member_sensitive"
    EDIT_MEMBERS = "edit_members"
    IMPORT_DATA = "import_data"
    EXPORT_MEMBERS = "export_members"
    MANAGE_ROLES = "manage_roles"
    VIEW_AUDIT = "view_audit"
    VIEW_DOCUMENTS = "view_documents"  # non-public documents of units in the user's line (above and below)
    MANAGE_DOCUMENTS = "manage_documents"  # register, edit, relate and import documents of a unit
    VIEW_CAMPAIGNS = "view_campaigns"  # dissemination campaigns a unit organises: conferences, attendance
    MANAGE_CAMPAIGNS = "manage_campaigns"  # create campaigns, conferences, bridge points, invite delegates
    CHECK_IN = "check_in"  # check delegates in at the bridge points a unit hosts, and see those points only
    # Write and submit a unit's implementation plan; held at the unit above, approve or return it.
    PLAN_WORK = "plan_work"
    # Read, pass, return and grade the learning reports of a subtree's members, hand reports in for members
    # without an account, open copying cases; held at the unit above a case's unit, decide it.
    REVIEW_REPORTS = "review_reports"
    # The annual review (reviews app). Open and close review periods of a subtree, configure award forms,
    # propose awards and party badges:
    MANAGE_REVIEWS = "manage_reviews"
    # Record a cell meeting's comments and propose members' and organisations' levels in a subtree:
    PROPOSE_RATINGS = "propose_ratings"
    # Decide (and cancel, re-rate) levels: held at a unit strictly above the rated member's or unit's place.
    DECIDE_RATINGS = "decide_ratings"
    # Read review results, histories and award lists of a subtree.
    VIEW_RATINGS = "view_ratings"


C = Capability
# Least privilege: each role gets what its daily work needs. Change rights here and nowhere else.
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ORGANISATION: frozenset(Capability),
    Role.SECRETARY: frozenset(
        {
            C.VIEW_UNITS,
            C.VIEW_MEMBERS,
            C.VIEW_MEMBER_DETAIL,
            C.EXPORT_MEMBERS,
            C.VIEW_DOCUMENTS,
            C.VIEW_CAMPAIGNS,
            C.CHECK_IN,
            C.PLAN_WORK,
            C.REVIEW_REPORTS,
            C.PROPOSE_RATINGS,
            C.DECIDE_RATINGS,
            C.VIEW_RATINGS,
        }
    ),
    Role.INSPECTION: frozenset(
        {C.VIEW_UNITS, C.VIEW_MEMBERS, C.VIEW_MEMBER_DETAIL, C.VIEW_AUDIT, C.VIEW_DOCUMENTS, C.VIEW_RATINGS}
    ),
    # Propaganda staff organise the study of documents; the office runs the bridge points' logistics.
    Role.PROPAGANDA: frozenset(
        {
            C.VIEW_UNITS,
            C.VIEW_MEMBERS,
            C.VIEW_DOCUMENTS,
            C.MANAGE_DOCUMENTS,
            C.VIEW_CAMPAIGNS,
            C.MANAGE_CAMPAIGNS,
            C.CHECK_IN,
            C.PLAN_WORK,
            C.REVIEW_REPORTS,
        }
    ),
    Role.OFFICE: frozenset(
        {C.VIEW_UNITS, C.VIEW_MEMBERS, C.VIEW_DOCUMENTS, C.MANAGE_DOCUMENTS, C.VIEW_CAMPAIGNS, C.CHECK_IN}
    ),
}
# What a member may do with their own record (they see all of it, sensitive fields included).
SELF_CAPABILITIES = frozenset({C.VIEW_MEMBERS, C.VIEW_MEMBER_DETAIL, C.VIEW_MEMBER_SENSITIVE})
# What a member may see of the units above their cell (documents addressed down the line).
MEMBER_LINE_CAPABILITIES = frozenset({C.VIEW_DOCUMENTS})

_CACHE_ATTR = "_quantriet_roots"
_OWN_ATTR = "_quantriet_own_units"


def root_unit_ids(user: Actor, capability: Capability) -> frozenset[int]:
    """Ids of the units at which ``user`` holds a role granting ``capability`` (cached per user object)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[Capability, frozenset[int]] | None = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        rows = RoleAssignment.objects.filter(
            user_id=user.pk, revoked_at__isnull=True, unit__valid_to__isnull=True
        ).values_list("unit_id", "role")
        by_cap: dict[Capability, set[int]] = {cap: set() for cap in Capability}
        for unit_id, role in rows:
            for cap in ROLE_CAPABILITIES.get(role, frozenset()):
                by_cap[cap].add(unit_id)
        cache = {cap: frozenset(ids) for cap, ids in by_cap.items()}
        setattr(user, _CACHE_ATTR, cache)
    return cache[capability]


def own_member_units(user: Actor) -> frozenset[int]:
    """Units of the member records linked to ``user``'s account (cached per user object, like the roles:
    the menu, the documents' line and the pages a member opens ask it several times a request)."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, _OWN_ATTR, None)
    if cached is None:
        cached = frozenset(Member.objects.filter(user_id=user.pk).values_list("unit_id", flat=True))
        setattr(user, _OWN_ATTR, cached)
    return cached


def forget(user: Actor) -> None:
    """Drop what is cached of ``user``'s rights (after granting or revoking a role, or linking a member
    record, in the same request)."""
    for name in (_CACHE_ATTR, _OWN_ATTR):
        if hasattr(user, name):
            delattr(user, name)


def subtree_ids(unit_ids: frozenset[int] | set[int] | list[int]) -> QuerySet[UnitLink, Any]:
    """A subquery of the ids of every unit under (and including) the given units."""
    return UnitLink.objects.filter(ancestor_id__in=unit_ids).values("descendant_id")


def units(user: Actor, capability: Capability = C.VIEW_UNITS) -> QuerySet[Unit]:
    """Units on which ``user`` has ``capability``."""
    if is_operator(user):
        return Unit.objects.all()
    roots = root_unit_ids(user, capability)
    if not roots:
        return Unit.objects.none()
    return Unit.objects.filter(id__in=subtree_ids(roots))


def top_units(user: Actor, capability: Capability = C.VIEW_UNITS) -> QuerySet[Unit]:
    """The highest units a user may see (the starting points of their tree)."""
    if is_operator(user):
        return Unit.objects.filter(parent__isnull=True)
    roots = root_unit_ids(user, capability)
    # A role inside another role's subtree adds nothing; keep only roots with no visible ancestor.
    nested = UnitLink.objects.filter(descendant_id__in=roots, ancestor_id__in=roots, distance__gt=0)
    return Unit.objects.filter(id__in=roots).exclude(id__in=nested.values("descendant_id"))


def can(user: Actor, capability: Capability, unit: Unit | int) -> bool:
    """May ``user`` use ``capability`` on ``unit`` (and so on everything that belongs to it)?"""
    if is_operator(user):
        return True
    roots = root_unit_ids(user, capability)
    if not roots:
        return False
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    if unit_id in roots:
        return True
    return UnitLink.objects.filter(ancestor_id__in=roots, descendant_id=unit_id).exists()


def members(user: Actor, capability: Capability = C.VIEW_MEMBERS) -> QuerySet[Member]:
    """Members on which ``user`` has ``capability``: those of their subtrees, plus themselves when allowed."""
    if is_operator(user):
        return Member.objects.all()
    if not user.is_authenticated:
        return Member.objects.none()
    roots = root_unit_ids(user, capability)
    condition = Q(unit_id__in=subtree_ids(roots)) if roots else Q(pk__in=[])
    if capability in SELF_CAPABILITIES:
        condition |= Q(user_id=user.pk)
    return Member.objects.filter(condition)


def can_member(user: Actor, capability: Capability, member: Member) -> bool:
    if capability in SELF_CAPABILITIES and user.is_authenticated and member.user_id == user.pk:
        return True
    return can(user, capability, member.unit_id)


def id_or_404(raw: int | str) -> int:
    """An id from a path, a query or a body, read by ``core.numbers`` ("²", "١٢", "-1": none), else 404."""
    found = parse_int(raw, minimum=1)
    if found is None:
        raise Http404
    return found


def unit_or_404(user: Actor, capability: Capability, unit_id: int | str) -> Unit:
    """Fetch a unit for ``user`` or answer 404 (also when it exists but is out of their reach)."""
    try:
        unit = Unit.objects.select_related("parent").get(pk=id_or_404(unit_id))
    except Unit.DoesNotExist:
        raise Http404 from None
    if not can(user, capability, unit):
        raise Http404
    return unit


def member_or_404(user: Actor, capability: Capability, member_id: int | str) -> Member:
    try:
        member = Member.objects.select_related("unit").get(pk=id_or_404(member_id))
    except Member.DoesNotExist:
        raise Http404 from None
    if not can_member(user, capability, member):
        raise Http404
    return member


def has_any(user: Actor, capability: Capability) -> bool:
    """Does ``user`` have ``capability`` anywhere (to show or hide menu entries)?"""
    return is_operator(user) or bool(root_unit_ids(user, capability))


def in_line(user: Actor, capability: Capability, field: str) -> Q | None:
    """A filter on ``field`` (a unit id) keeping units "in the user's line" for ``capability``.

    Documents flow down the tree (a province's plan is for every commune under it) and reports flow
    up, so a user may see what the units above and below their own issue, never what a sibling
    issues. A member with an account sees the line of their own cell. ``None`` means no restriction
    (operators); a user with nothing in line gets a filter that matches nothing.
    """
    if is_operator(user):
        return None
    roots = set(root_unit_ids(user, capability))
    if capability in MEMBER_LINE_CAPABILITIES and user.is_authenticated:
        roots.update(own_member_units(user))
    if not roots:
        return Q(pk__in=[])
    above = UnitLink.objects.filter(descendant_id__in=roots).values("ancestor_id")
    below = UnitLink.objects.filter(ancestor_id__in=roots).values("descendant_id")
    return Q(**{f"{field}__in": above}) | Q(**{f"{field}__in": below})


def grantable_roles(user: Actor, unit: Unit) -> list[str]:
    """Roles ``user`` may grant at ``unit``: any role, within the subtree where they manage roles."""
    return [role for role in Role.values if can(user, C.MANAGE_ROLES, unit)]
