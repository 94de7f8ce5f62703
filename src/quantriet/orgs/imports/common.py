"""Pieces shared by the unit and member importers: the scope's units, cell access, progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from quantriet.core.sheets.columns import HeaderMatch, Layout
from quantriet.core.sheets.errors import RowError
from quantriet.core.textinput import clean_text
from quantriet.orgs.access import subtree_ids
from quantriet.orgs.imports.values import is_blank
from quantriet.orgs.models import Unit

Progress = Callable[[int, int], None]  # (rows checked, rows in total)
PROGRESS_EVERY = 500


def no_progress(done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class ScopeUnit:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: Any
    valid_to: Any


def scope_units(scope: Unit) -> dict[str, ScopeUnit]:
    """Every unit under (and including) ``scope``, by code, in one query."""
    rows = Unit.objects.filter(id__in=subtree_ids([scope.pk])).values_list(
        "id", "code", "name", "level", "parent_id", "valid_from", "valid_to"
    )
    return {row[1]: ScopeUnit(*row) for row in rows}


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
