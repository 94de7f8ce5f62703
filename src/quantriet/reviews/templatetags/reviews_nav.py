"""The main menu's entry for the annual review: the periods for those who manage, propose, decide or read
ratings; one's own self-assessments for members.

It reads only the roles the menu has already loaded, so it adds no query to any page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from quantriet.reviews.selectors.access import may_see_any

register = template.Library()


@register.simple_tag(takes_context=True)
def reviews_in_menu(context: dict[str, Any]) -> tuple[str, str] | None:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return None
    if may_see_any(user):
        return reverse("reviews:periods"), _("Đánh giá, xếp loại")
    return reverse("reviews:self"), _("Tự đánh giá, xếp loại")
