"""Forms every app builds on: a form whose last check is a service, and dates typed as offices write them.

Forms validate what the user typed and hand clean values to a service; the service has the last
word, and its Vietnamese messages are shown on the field they name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor

T = TypeVar("T")


class DateField(forms.DateField):
    """A date typed as offices write it, 20/10/2018 (the input formats come from the locale)."""

    default_error_messages = {
        "invalid": gettext_lazy("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 20/10/2018."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateInput(attrs={"placeholder": gettext_lazy("dd/mm/yyyy"), "inputmode": "numeric"}),
        )
        super().__init__(**kwargs)


class ServiceForm(forms.Form):
    """A form whose last check is a call to a service.

    ``service_fields`` maps the field names used in the service's errors to this form's fields;
    errors on any other name are shown above the form.
    """

    service_fields: dict[str, str] = {}

    def save(self, actor: Actor) -> Any:
        """Hand the cleaned values to the service; None when the service refused (errors are on the form)."""
        raise NotImplementedError

    def run(self, action: Callable[[], T]) -> T | None:
        """Call ``action``; on a ``ValidationError`` keep its messages on the form and return None."""
        try:
            return action()
        except ValidationError as error:
            self.add_service_error(error)
            return None

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                field = self.service_fields.get(key, key)
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)
