"""Django admin for staff, scoped like every other page through ``orgs.access``.

A staff account sees in the admin exactly what its roles let it see elsewhere (superusers see all):
querysets, per-object permissions and the choices of every unit field come from the access module,
not from Django's model permissions. Writes with side effects go through the services; audit trails
are read-only; units and members are never deleted (they are closed, transferred or struck off).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice

from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access, services
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import (
    AccessLog,
    ApiToken,
    AuditEntry,
    ImportJob,
    Member,
    RoleAssignment,
    Unit,
)
from quantriet.orgs.models.units import Level, level_may_contain
from quantriet.orgs.services.members import EDITABLE_FIELDS, MEMBER_LEVELS
from quantriet.text import fold


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rights from ``orgs.access``: ``view_capability`` to see, ``change_capability`` to edit or add.

    ``unit_field`` names the unit an object belongs to; each object is checked against it.
    A ``change_capability`` of None makes the model read-only here.
    """

    view_capability: C = C.VIEW_UNITS
    change_capability: C | None = None
    unit_field = "unit"
    # Which unit fields get their choices limited, and by which capability.
    unit_choice_capability: C = C.MANAGE_UNITS

    def scope(self, user: Actor) -> QuerySet[Any]:
        everything: QuerySet[Any] = self.model._default_manager.all()
        if is_operator(user):
            return everything
        visible = access.units(user, self.view_capability).values("id")
        return everything.filter(**{f"{self.unit_field}_id__in": visible})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = self.scope(request.user)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def unit_id_of(self, obj: Model) -> int | None:
        value = getattr(obj, f"{self.unit_field}_id", None)
        return int(value) if value is not None else None

    def _may(self, request: HttpRequest, capability: C | None, obj: Model | None) -> bool:
        user = request.user
        if capability is None or not (user.is_active and getattr(user, "is_staff", False)):
            return False
        if obj is None:
            return access.has_any(user, capability)
        unit_id = self.unit_id_of(obj)
        if unit_id is None:
            return is_operator(user)
        return access.can(user, capability, unit_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request, self.view_capability, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, self.view_capability, obj) or self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, self.change_capability, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, self.change_capability, None)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # closed, revoked or struck off through the services, never deleted

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Unit:
            kwargs["queryset"] = access.units(request.user, self.unit_choice_capability).filter(
                valid_to__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyScopedAdmin(ScopedAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


class AccentlessSearch:
    """Admin search matching folded names ("nguyen van a" finds "Nguyễn Văn A") and exact codes."""

    code_field = "code"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        folded = fold(search_term)
        if not folded:
            return queryset, False
        term = search_term.strip()
        return queryset.filter(
            Q(name_folded__contains=folded) | Q(**{f"{self.code_field}__startswith": term})
        ), False


class UnitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Unit
        fields = ["name", "code", "level", "parent", "valid_from"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.instance.pk is not None:
            return cleaned
        parent, level = cleaned.get("parent"), cleaned.get("level")
        if parent is None and level not in (Level.CENTRAL, Level.CENTRAL_DIRECT):
            self.add_error("parent", gettext("Hãy chọn đơn vị cấp trên."))
        elif parent is not None and level and not level_may_contain(parent.level, level):
            self.add_error(
                "level",
                gettext("Một đơn vị cấp “%(child)s” không thể trực thuộc đơn vị cấp “%(parent)s”.")
                % {"child": Level(level).label, "parent": Level(parent.level).label},
            )
        return cleaned


@admin.register(Unit)
class UnitAdmin(AccentlessSearch, ScopedAdmin):
    form = UnitForm
    change_capability = C.MANAGE_UNITS
    unit_field = "id"
    search_fields = ("name_folded",)  # the search box; AccentlessSearch does the matching
    list_display = ("name", "code", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    list_select_related = ("parent",)
    show_full_result_count = False

    def scope(self, user: Actor) -> QuerySet[Any]:
        return access.units(user, self.view_capability)

    def unit_id_of(self, obj: Model) -> int | None:
        return int(obj.pk)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # Renames, moves, merges and dissolutions are dated operations with their own pages.
        return ["name", "level", "parent", "valid_to"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.update_unit(
                request.user,
                Unit.objects.get(pk=obj.pk),
                code=data["code"],
                valid_from=data.get("valid_from"),
            )
            return
        created = services.create_unit(
            request.user,
            name=data["name"],
            code=data["code"],
            level=data["level"],
            parent=data["parent"],
            valid_from=data.get("valid_from"),
        )
        obj.pk = created.pk
        obj._state.adding = False


class MemberForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Member
        fields = [*EDITABLE_FIELDS, "unit", "status"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        values = {f: cleaned.get(f) for f in EDITABLE_FIELDS if f in self.fields and f not in self.errors}
        try:
            services.validate_member_fields(values, exclude_pk=self.instance.pk)
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


@admin.register(Member)
class MemberAdmin(AccentlessSearch, ScopedAdmin):
    form = MemberForm
    view_capability = C.VIEW_MEMBERS
    change_capability = C.EDIT_MEMBERS
    unit_choice_capability = C.EDIT_MEMBERS
    code_field = "card_number"
    search_fields = ("name_folded",)
    list_display = ("full_name", "card_number", "unit", "status")
    list_filter = ("status", ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("unit",)
    show_full_result_count = False

    def scope(self, user: Actor) -> QuerySet[Any]:
        return access.members(user, self.view_capability)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if isinstance(obj, Member) and getattr(request.user, "is_staff", False):
            return access.can_member(request.user, C.VIEW_MEMBER_DETAIL, obj)
        return super().has_view_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # Transfers and status changes are dated operations with history, done on their own pages.
        return ["unit", "status"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "unit":
            field.queryset = field.queryset.filter(level__in=MEMBER_LEVELS)
        return field

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            member = self.get_object(request, object_id)
            if member is not None:
                services.record_member_read(request.user, member, channel="admin", request=request)
        return response

    def save_model(self, request: HttpRequest, obj: Member, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            changed = {f: data[f] for f in form.changed_data if f in EDITABLE_FIELDS}
            services.update_member(
                request.user, Member.objects.select_related("unit").get(pk=obj.pk), **changed
            )
            return
        created = services.create_member(
            request.user,
            unit=data["unit"],
            status=data["status"],
            **{f: data.get(f) for f in EDITABLE_FIELDS},
        )
        obj.pk = created.pk
        obj._state.adding = False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    view_capability = C.MANAGE_ROLES
    change_capability = C.MANAGE_ROLES
    unit_choice_capability = C.MANAGE_ROLES
    list_display = ("user", "role", "unit", "granted_at", "revoked_at")
    list_filter = ("role",)
    list_select_related = ("user", "unit")
    fields = ("user", "unit", "role")
    raw_id_fields = ("user",)  # a drop-down would list every account of the platform
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # roles are granted or revoked, never edited

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, C.MANAGE_ROLES, None)

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        data = form.cleaned_data
        granted = services.grant_role(request.user, data["user"], data["unit"], data["role"])
        access.forget(data["user"])
        obj.pk = granted.pk
        obj._state.adding = False

    @admin.action(description=_("Thu hồi các vai trò đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        done = 0
        for assignment in queryset.select_related("user", "unit"):
            if access.can(request.user, C.MANAGE_ROLES, assignment.unit_id):
                services.revoke_role(request.user, assignment)
                done += 1
        self.message_user(
            request,
            ngettext("Đã thu hồi %(n)d vai trò.", "Đã thu hồi %(n)d vai trò.", done) % {"n": done},
            messages.SUCCESS,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyScopedAdmin):
    view_capability = C.VIEW_AUDIT
    list_display = ("at", "actor", "action", "summary", "unit")
    list_filter = ("action",)
    list_select_related = ("actor", "unit")
    search_fields = ("summary",)
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyScopedAdmin):
    view_capability = C.VIEW_AUDIT
    list_display = ("at", "user", "member", "channel", "unit", "address")
    list_filter = ("channel",)
    list_select_related = ("user", "member", "unit")
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyScopedAdmin):
    view_capability = C.IMPORT_DATA
    unit_field = "scope"
    list_display = ("created_at", "kind", "original_name", "scope", "status", "processed_rows", "total_rows")
    list_filter = ("kind", "status")
    list_select_related = ("scope",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyScopedAdmin):
    """Tokens belong to accounts, not units: each staff member sees their own; superusers see all."""

    view_capability = C.VIEW_UNITS
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    exclude = ("key_hash",)
    actions = ["revoke"]

    def scope(self, user: Actor) -> QuerySet[Any]:
        tokens = ApiToken.objects.all()
        return tokens if is_operator(user) else tokens.filter(user_id=user.pk or 0)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]

    def _may(self, request: HttpRequest, capability: C | None, obj: Model | None) -> bool:
        user = request.user
        if capability is None or not (user.is_active and getattr(user, "is_staff", False)):
            return False
        return is_operator(user) or obj is None or getattr(obj, "user_id", None) == user.pk

    @admin.action(description=_("Thu hồi các khóa API đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.select_related("user"))
        for token in tokens:
            services.revoke_token(request.user, token)
        done = len(tokens)
        self.message_user(
            request,
            ngettext("Đã thu hồi %(n)d khóa API.", "Đã thu hồi %(n)d khóa API.", done) % {"n": done},
            messages.SUCCESS,
        )


# Recovery codes (django-otp's static devices) are kept only as hashes and never shown, not even to an
# operator: the admin does not list them. A lost phone is handled by deleting its TOTP device, after which
# the user sets up the app again and gets a new set of codes.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)
