"""The main menu's entry for campaigns: for those who see a campaign, staff a point or were invited."""

from __future__ import annotations

from typing import Any

from django import template

from quantriet.orgs import access
from quantriet.orgs.access import Capability as C

register = template.Library()


@register.simple_tag(takes_context=True)
def campaigns_in_menu(context: dict[str, Any]) -> bool:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return False
    return (
        access.has_any(user, C.VIEW_CAMPAIGNS)
        or access.has_any(user, C.CHECK_IN)
        # A member sees the campaigns they take part in and their invitations (campaigns.selectors.access).
        or bool(access.own_member_units(user))
    )
