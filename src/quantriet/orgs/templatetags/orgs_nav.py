"""The main menu: only the entries the signed-in user may use (decided by ``orgs.access``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from quantriet.orgs import access
from quantriet.orgs.access import Capability as C

register = template.Library()


@dataclass(frozen=True)
class NavEntry:
    url: str
    label: str


@register.simple_tag(takes_context=True)
def nav_entries(context: dict[str, Any]) -> list[NavEntry]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    entries = [NavEntry(reverse("home"), _("Tổng quan"))]
    if access.has_any(user, C.VIEW_UNITS):
        entries.append(NavEntry(reverse("orgs:unit_list"), pgettext("navigation", "Đơn vị")))
    if access.has_any(user, C.VIEW_MEMBERS):
        entries.append(NavEntry(reverse("orgs:member_list"), _("Đảng viên")))
    if access.has_any(user, C.EDIT_MEMBERS):
        entries.append(NavEntry(reverse("orgs:correction_list"), _("Đề nghị sửa hồ sơ")))
    if access.has_any(user, C.IMPORT_DATA):
        entries.append(NavEntry(reverse("orgs:import_upload"), _("Nhập dữ liệu")))
    # A member may always open their own record (``access.SELF_CAPABILITIES``).
    if access.own_member_units(user):
        entries.append(NavEntry(reverse("orgs:me"), _("Hồ sơ của tôi")))
    return entries
