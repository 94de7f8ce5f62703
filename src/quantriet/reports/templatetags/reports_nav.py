"""The main menu's entry for learning reports: the review queue for reviewers, one's own reports for others.

It reads only the roles the menu has already loaded, so it adds no query to any page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from quantriet.reports.selectors.access import may_review_any

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_in_menu(context: dict[str, Any]) -> tuple[str, str] | None:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return None
    if may_review_any(user):
        return reverse("reports:queue"), _("Bài thu hoạch")
    return reverse("reports:mine"), _("Bài thu hoạch của tôi")
