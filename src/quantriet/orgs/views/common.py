"""Small helpers shared by the HTML views: breadcrumbs, the unit picker, rendering a form page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import HttpRequest

from quantriet.core.actors import Actor
from quantriet.core.paging import paginate
from quantriet.orgs import access, selectors
from quantriet.orgs.access import Capability
from quantriet.orgs.models import Member, Unit, UnitLink

PICKER_SIZE = 20


@dataclass(frozen=True)
class Crumb:
    unit: Unit
    linked: bool


def reaches(user: Actor, capability: Capability, unit: Unit, chain_ids: set[int]) -> bool:
    """``access.can``, answered from the unit's ancestor chain when the user's roles decide it already.

    ``chain_ids`` holds the unit and all its ancestors; a role at any of them covers the unit. Only when
    none does is ``access.can`` asked (it alone knows about operators), so pages with several
    permission checks don't repeat the same query.
    """
    return bool(access.root_unit_ids(user, capability) & chain_ids) or access.can(user, capability, unit)


def chain_of(unit: Unit) -> set[int]:
    """Ids of ``unit`` and all its ancestors, in one query (for ``reaches``)."""
    return set(UnitLink.objects.filter(descendant=unit).values_list("ancestor_id", flat=True)) | {unit.pk}


def breadcrumbs(user: Actor, unit: Unit) -> list[Crumb]:
    """The chain above ``unit``; only the units the user may open are links."""
    crumbs: list[Crumb] = []
    seen: set[int] = set()
    visible = False
    for ancestor in selectors.ancestors_of(unit):
        seen.add(ancestor.pk)
        # Once one ancestor is visible every unit below it is too.
        visible = visible or reaches(user, Capability.VIEW_UNITS, ancestor, seen)
        crumbs.append(Crumb(ancestor, visible))
    return crumbs


@dataclass(frozen=True)
class PickerRow:
    unit: Unit
    pick_url: str


def unit_picker(request: HttpRequest, capability: Capability, *, multiple: bool = False) -> Page[Any] | None:
    """Search results for the "find a unit by name" box of the move, merge and transfer forms.

    Each result links back to the same page with its code in ``pick``, which the view puts into the
    form: choosing works without JavaScript. With ``multiple`` earlier picks are kept.
    """
    query = request.GET.get("q", "").strip()
    if not query:
        return None
    found = selectors.search_units(request.user, query, capability=capability).filter(valid_to__isnull=True)
    page = paginate(request, found, PICKER_SIZE)
    rows = []
    for unit in page.object_list:
        params = request.GET.copy()
        params.pop("page", None)
        if multiple:
            params.setlist("pick", [*(c for c in params.getlist("pick") if c != unit.code), unit.code])
        else:
            params["pick"] = unit.code
        rows.append(PickerRow(unit, f"?{params.urlencode()}"))
    page.object_list = rows
    return page


def unit_for(user: Actor, unit_id: int, capability: Capability) -> Unit:
    """The unit, if ``user`` may use ``capability`` on it.

    404 when they may not even see it (its id tells them nothing); 403 when they see it but may not act.
    """
    unit = access.unit_or_404(user, Capability.VIEW_UNITS, unit_id)
    if capability != Capability.VIEW_UNITS and not access.can(user, capability, unit):
        raise PermissionDenied
    return unit


def member_for(user: Actor, member_id: int, capability: Capability) -> Member:
    """The member, if ``user`` may use ``capability`` on them (404 / 403 as in ``unit_for``)."""
    member = access.member_or_404(user, Capability.VIEW_MEMBERS, member_id)
    if capability != Capability.VIEW_MEMBERS and not access.can_member(user, capability, member):
        raise PermissionDenied
    return member
