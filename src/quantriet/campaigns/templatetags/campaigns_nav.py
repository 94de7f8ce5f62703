"""The main menu's entry for campaigns, shown to those who see a campaign or staff a bridge point."""

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
    return access.has_any(user, C.VIEW_CAMPAIGNS) or access.has_any(user, C.CHECK_IN)
