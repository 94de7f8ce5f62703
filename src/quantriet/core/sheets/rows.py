"""One data row's cells by field, and the progress an import reports while it checks rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from quantriet.core.sheets.columns import HeaderMatch, Layout
from quantriet.core.sheets.errors import RowError
from quantriet.core.sheets.values import is_blank
from quantriet.core.textinput import clean_text

Progress = Callable[[int, int], None]  # (rows checked, rows in total)
PROGRESS_EVERY = 500


def no_progress(done: int, total: int) -> None:
    return None


class RowReader:
    """The cells of one data row, by field, with the header as written in the file for messages."""

    def __init__(self, layout: Layout, header: HeaderMatch) -> None:
        self.layout = layout
        self.header = header

    def get(self, values: Sequence[Any], field: str) -> Any:
        index = self.header.positions.get(field)
        if index is None or index >= len(values):
            return None
        value = values[index]
        # Control and invisible characters never reach the register, as with the forms (one cleaner).
        return clean_text(value).strip() if isinstance(value, str) else value

    def has(self, field: str) -> bool:
        return field in self.header.positions

    def is_empty(self, values: Sequence[Any]) -> bool:
        return all(is_blank(self.get(values, field)) for field in self.header.positions)

    def label(self, field: str) -> str:
        return self.header.headers.get(field) or self.layout.column(field).label

    def error(self, row: int, field: str, message: str, hint: str = "") -> RowError:
        return RowError(row=row, column=self.label(field), message=message, hint=hint)

    def missing(self, row: int, field: str) -> RowError:
        label = self.label(field)
        return self.error(
            row,
            field,
            _("Ô “%(column)s” đang để trống.") % {"column": label},
            _("Hãy ghi %(column)s cho dòng này.") % {"column": label},
        )
