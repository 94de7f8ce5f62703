"""The JSON behind the unit and member pickers (``orgs/pickers.js``): at most 20 suggestions with paths.

``?q=`` the letters typed; ``cap=`` the capability the form needs (what the field's scope is built
from); ``within=`` a unit whose subtree bounds the scope; ``closed=1`` also units that are closed;
``accounts=1`` members with an account, the box receiving the account's user name (role grants).
Every answer is scoped through ``orgs.access``: a unit or member outside the user's reach is never
suggested, whatever the parameters say.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quantriet.orgs import access, selectors
from quantriet.orgs.access import Capability
from quantriet.orgs.forms.pickers import MEMBER_ID_PREFIX
from quantriet.orgs.models import Level

# The longest query worth searching: a full name or a code; anything longer finds nothing anyway.
MAX_QUERY = 120


def _options(request: HttpRequest, default: Capability) -> tuple[str, Capability, int | None] | JsonResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    raw_cap = request.GET.get("cap") or default.value
    try:
        capability = Capability(raw_cap)
    except ValueError:
        return JsonResponse({"error": _("Tham số cap không hợp lệ.")}, status=400)
    within = request.GET.get("within")
    return query, capability, access.id_or_404(within) if within else None


@login_required
@require_GET
def unit_pick(request: HttpRequest) -> JsonResponse:
    options = _options(request, Capability.VIEW_UNITS)
    if isinstance(options, JsonResponse):
        return options
    query, capability, within = options
    units = selectors.pick_units(
        request.user,
        query,
        capability=capability,
        within=within,
        include_closed=request.GET.get("closed") == "1",
        limit=selectors.PICK_LIMIT + 1,
    )
    shown = units[: selectors.PICK_LIMIT]
    paths = selectors.unit_paths(shown)
    levels = dict(Level.choices)
    results: list[dict[str, Any]] = [
        {
            "id": unit.pk,
            "value": unit.code,
            "label": unit.name,
            "path": paths.get(unit.pk, unit.name),
            "detail": f"{unit.code} · {levels.get(unit.level, unit.level)}"
            + (f" · {_('đã kết thúc')}" if unit.valid_to else ""),
        }
        for unit in shown
    ]
    return JsonResponse({"results": results, "more": len(units) > len(shown)})


@login_required
@require_GET
def member_pick(request: HttpRequest) -> JsonResponse:
    options = _options(request, Capability.VIEW_MEMBERS)
    if isinstance(options, JsonResponse):
        return options
    query, capability, within = options
    accounts = request.GET.get("accounts") == "1"
    members = selectors.pick_members(
        request.user,
        query,
        capability=capability,
        within=within,
        with_account=accounts,
        limit=selectors.PICK_LIMIT + 1,
    )
    shown = members[: selectors.PICK_LIMIT]
    paths = selectors.unit_paths([m.unit_id for m in shown])
    results: list[dict[str, Any]] = []
    for member in shown:
        card = (
            _("Số thẻ %(card)s") % {"card": member.card_number} if member.card_number else _("chưa có số thẻ")
        )
        value = member.card_number or f"{MEMBER_ID_PREFIX}{member.pk}"
        if accounts and member.user is not None:  # a role goes to the account: its user name fills the box
            value = member.user.get_username()
            card = _("Tài khoản %(username)s") % {"username": value} + " · " + card
        results.append(
            {
                "id": member.pk,
                "value": value,
                "label": member.full_name,
                "path": paths.get(member.unit_id, member.unit.name),
                "detail": card,
            }
        )
    return JsonResponse({"results": results, "more": len(members) > len(shown)})
