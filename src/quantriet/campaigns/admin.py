"""Campaigns in Django's admin: read-only, for the platform's operators only (as the registry's).

Staff work in the campaigns' own pages, where access and the services apply; check-ins in
particular are facts that are never edited. Every changelist selects the rows it shows in one query
(``list_select_related`` covers what ``__str__`` and the columns read), so long lists stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import Count, Model, QuerySet, URLField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.models import (
    Absence,
    AgendaItem,
    AttendanceStatus,
    BridgePoint,
    Campaign,
    CheckIn,
    Conference,
    Delegate,
    ImplementationPlan,
    MakeUpAttendance,
    MakeUpSession,
    PlanAction,
    Reminder,
)
from quantriet.campaigns.selectors import PLAN_STATE_LABELS, PlanState
from quantriet.core.actors import is_operator
from quantriet.orgs.models import Unit


class OperatorReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def related(path: str, model: type[Model]) -> Callable[[Model], Any]:
    """A column showing the object at ``path`` ("delegate__point"), headed by its model's name.

    The foreign keys here have no verbose names of their own; the related model's name is the
    translated label an operator reads elsewhere.
    """

    @admin.display(description=model._meta.verbose_name, ordering=path)
    def column(obj: Model) -> Any:
        value: Any = obj
        for name in path.split("__"):
            value = getattr(value, name) if value is not None else None
        return value

    column.__name__ = path
    return column


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
    # As the point's own form: a video link typed without a scheme is https.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


@admin.register(AgendaItem)
class AgendaItemAdmin(OperatorReadOnly):
    list_display = ("__str__", related("conference", Conference), "presenter", "document", "minutes")
    list_select_related = ("conference", "presenter", "document")
    search_fields = ("title", "conference__title")


@admin.register(Delegate)
class DelegateAdmin(OperatorReadOnly):
    list_display = ("__str__", "conference", "point", "category")
    list_select_related = ("conference", "point", "member")
    exclude = ("code",)  # a personal code is a key: even operators need not read it


@admin.register(CheckIn)
class CheckInAdmin(OperatorReadOnly):
    list_display = ("name", "point", "method", "at", "late", "other_point")
    list_select_related = ("point", "delegate__member")
    list_filter = ("method", "late", "other_point")
    search_fields = ("delegate__member__full_name", "delegate__guest_name", "guest_name")

    @admin.display(description=_("họ và tên"))
    def name(self, check_in: CheckIn) -> str:
        return check_in.name


class ReasonGiven(admin.SimpleListFilter):
    """Absences with a reason (excused) or without one, as the attendance board counts them."""

    title = Absence._meta.get_field("reason").verbose_name
    parameter_name = "reason_given"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", AttendanceStatus.EXCUSED.label), ("no", AttendanceStatus.ABSENT.label)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.exclude(reason="")
        if self.value() == "no":
            return queryset.filter(reason="")
        return queryset


@admin.register(Absence)
class AbsenceAdmin(OperatorReadOnly):
    list_display = (
        related("delegate", Delegate),
        related("delegate__point", BridgePoint),
        related("delegate__conference", Conference),
        "reason",
        "recorded_at",
    )
    list_select_related = ("delegate__member", "delegate__point", "delegate__conference")
    list_filter = (ReasonGiven,)
    search_fields = ("reason", "delegate__member__full_name", "delegate__guest_name")


@admin.register(MakeUpSession)
class MakeUpSessionAdmin(OperatorReadOnly):
    list_display = (
        "held_on",
        related("point", BridgePoint),
        related("conference", Conference),
        "place",
        "attended",
    )
    list_select_related = ("point", "conference")
    list_filter = ("held_on",)
    search_fields = ("place", "point__name", "conference__title")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        sessions: QuerySet[Any] = super().get_queryset(request).annotate(attended_count=Count("attendances"))
        return sessions

    @admin.display(description=MakeUpAttendance._meta.verbose_name_plural, ordering="attended_count")
    def attended(self, session: Any) -> int:
        return int(session.attended_count)


@admin.register(MakeUpAttendance)
class MakeUpAttendanceAdmin(OperatorReadOnly):
    list_display = (
        related("delegate", Delegate),
        related("session__held_on", MakeUpSession),
        related("session__point", BridgePoint),
        "recorded_at",
    )
    list_select_related = ("delegate__member", "session__point")
    search_fields = ("delegate__member__full_name", "delegate__guest_name", "session__point__name")


class PlanActionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PlanAction
    fields = ("order", "action", "owner", "deadline")
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImplementationPlan)
class ImplementationPlanAdmin(OperatorReadOnly):
    list_display = (
        "symbol",
        "unit",
        related("campaign", Campaign),
        "status",
        "late",
        "submitted_at",
        "reviewed_at",
    )
    list_select_related = ("unit", "campaign")
    list_filter = ("status",)
    search_fields = ("symbol", "unit__name", "campaign__title")
    # The extracted text runs to pages; the file itself is linked, and the plan's page shows citations.
    exclude = ("file_text",)
    inlines = (PlanActionInline,)

    @admin.display(description=PLAN_STATE_LABELS[PlanState.LATE], boolean=True)
    def late(self, plan: ImplementationPlan) -> bool:
        return plan.late


@admin.register(Reminder)
class ReminderAdmin(OperatorReadOnly):
    list_display = (related("campaign", Campaign), related("unit", Unit), "sent_by", "sent_at")
    list_select_related = ("campaign", "unit", "sent_by")
    search_fields = ("unit__name", "campaign__title")
