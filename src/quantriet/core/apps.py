from __future__ import annotations

from typing import Any

from django import forms
from django.apps import AppConfig

from quantriet.core.textinput import clean_text


class CoreConfig(AppConfig):
    name = "quantriet.core"
    label = "core"
    verbose_name = "quantriet core"

    def ready(self) -> None:
        _clean_every_char_field()


def _clean_every_char_field() -> None:
    """Every form's text field (ours, the admin's, sign-in) cleans its value with ``clean_text``.

    Patching CharField once, instead of a base form each app must remember to use, is what makes a
    control character in a new form impossible rather than a bug to find again. A Textarea keeps its
    line breaks. Idempotent: ready() can run twice under the test runner.
    """
    original = forms.CharField.to_python
    if getattr(original, "_quantriet_clean", False):
        return

    def to_python(self: forms.CharField, value: Any) -> Any:
        result = original(self, value)
        if isinstance(result, str) and result:
            multiline = isinstance(self.widget, forms.Textarea)
            result = clean_text(result, multiline=multiline)
            if self.strip:
                result = result.strip()
        return result

    to_python._quantriet_clean = True  # type: ignore[attr-defined]
    forms.CharField.to_python = to_python  # type: ignore[method-assign]
