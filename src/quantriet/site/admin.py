"""Titles of the Django admin, in Vietnamese like the rest of the site (models register in their apps)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Quản trị quantriet")
admin.site.site_title = _("Quản trị quantriet")
admin.site.index_title = _("Dữ liệu tổ chức đảng và đảng viên")


def _empty_to_field_is_none() -> None:
    """An empty ``_to_field`` means "the primary key", not a field named "".

    Django's change and delete views check ``_to_field`` only when it is not empty, then pass it on to
    ``get_object``, which looks up a field called "" and raises FieldDoesNotExist: a 500 on every admin
    change and delete page from ``?_to_field=``. Fixed once here for every ModelAdmin of every app.
    """
    original = admin.ModelAdmin.get_object
    if getattr(original, "_quantriet_empty_to_field", False):
        return

    def get_object(
        self: admin.ModelAdmin[Any], request: HttpRequest, object_id: str, from_field: Any = None
    ) -> Any:
        return original(self, request, object_id, from_field or None)

    get_object._quantriet_empty_to_field = True  # type: ignore[attr-defined]
    admin.ModelAdmin.get_object = get_object  # type: ignore[method-assign]


_empty_to_field_is_none()
