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
        _no_clear_box_on_uploads()


def _no_clear_box_on_uploads() -> None:
    """Upload fields answer a file or None, never False.

    FileField's default widget, ClearableFileInput, turns a posted "file-clear" box into False, which
    every ``upload.size`` then trips over (a 500 from any upload form). No form here offers "remove the
    stored file" through that box, so the plain input is the default; the admin names its own widget.
    """
    forms.FileField.widget = forms.FileInput


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
