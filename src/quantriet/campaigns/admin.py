"""Campaigns in Django's admin: read-only, for the platform's operators only (as the registry's).

Staff work in the campaigns' own pages, where access and the services apply; check-ins in
particular are facts that are never edited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from quantriet.campaigns.models import BridgePoint, Campaign, CheckIn, Conference, Delegate


class OperatorReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(OperatorReadOnly):
    list_display = ("title", "organising_unit", "conference_date", "plan_deadline", "report_deadline")
    list_select_related = ("organising_unit",)
    search_fields = ("title",)


@admin.register(Conference)
class ConferenceAdmin(OperatorReadOnly):
    list_display = ("title", "campaign", "held_on", "starts_at")
    list_select_related = ("campaign",)


@admin.register(BridgePoint)
class BridgePointAdmin(OperatorReadOnly):
    list_display = ("name", "conference", "host_unit", "is_main", "capacity")
    list_select_related = ("conference", "host_unit")


@admin.register(Delegate)
class DelegateAdmin(OperatorReadOnly):
    list_display = ("__str__", "conference", "point", "category")
    list_select_related = ("conference", "point", "member")
    exclude = ("code",)  # a personal code is a key: even operators need not read it


@admin.register(CheckIn)
class CheckInAdmin(OperatorReadOnly):
    list_display = ("__str__", "point", "method", "at", "late", "other_point")
    list_select_related = ("point", "delegate__member")
