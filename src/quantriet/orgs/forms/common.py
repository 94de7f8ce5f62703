"""Pieces shared by the organisation forms: notes and units chosen by code (``core.forms`` has the rest).

Forms here validate what the user typed and hand clean values to ``orgs.services``; the services
have the last word, and their Vietnamese messages are shown on the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.orgs.models import Unit


class NoteField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Ghi chú (căn cứ quyết định, số văn bản…)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)


def find_unit_by_code(scope: QuerySet[Unit], code: str) -> Unit | None:
    code = "".join(code.split())
    if not code:
        return None
    return scope.filter(code=code).first() or scope.filter(code__iexact=code).first()


class UnitCodeField(forms.CharField):
    """A unit typed by its code, looked up only among the units the form's user may act on.

    A code outside that scope gets the same answer as an unknown code, so nothing leaks.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)
        self.scope: QuerySet[Unit] = Unit.objects.none()

    def clean(self, value: Any) -> Unit | None:
        code = super().clean(value)
        if not code:
            return None
        unit = find_unit_by_code(self.scope, code)
        if unit is None:
            raise ValidationError(
                _("Không có đơn vị mã “%(code)s” trong phạm vi bạn được quản lý; hãy kiểm tra lại mã.")
                % {"code": code}
            )
        return unit
