"""The registry in Django's admin: read-only, for the platform's operators only.

Staff work in the registry's own pages, where access and the services apply; the admin is for
operators looking into data (a placeholder's origin, a citation's offsets), so nothing is editable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from quantriet.core.actors import is_operator
from quantriet.documents.models import CitationLink, Document, Relation


class OperatorReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(OperatorReadOnly):
    list_display = ("symbol", "doc_type", "issued_on", "issuing_unit", "is_public", "confirmed", "status")
    list_filter = ("doc_type", "confirmed", "is_public", "status")
    search_fields = ("symbol", "subject")
    list_select_related = ("issuing_unit",)
    exclude = ("search_words", "search_text")


@admin.register(Relation)
class RelationAdmin(OperatorReadOnly):
    list_display = ("source", "kind", "target")
    list_select_related = ("source", "target")


@admin.register(CitationLink)
class CitationLinkAdmin(OperatorReadOnly):
    list_display = ("text", "cited_id", "owner_type", "owner_id", "field", "target")
    list_select_related = ("owner_type", "target")
