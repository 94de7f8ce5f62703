"""A layout's columns, found under the headers offices actually write (each app names its own layouts).

Headers are compared after folding (no accents, no case, single spaces, punctuation and anything in
brackets removed), so "HỌ VÀ TÊN", "Họ  và tên (*)" and "ho va ten" are the same column. Offices put
a title, the issuing committee and a date above the table, so the header row is searched for in the
first rows rather than assumed to be row 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from quantriet.core.sheets.errors import ImportRejected, RowError
from quantriet.text import fold

HEADER_SEARCH_ROWS = 10
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_key(text: object) -> str:
    """The comparable form of a header cell."""
    if text is None:
        return ""
    folded = fold(_BRACKETS.sub(" ", str(text)))
    return _NON_WORD.sub(" ", folded).strip()


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the header we write in exports and templates, and name in messages
    synonyms: tuple[str, ...] = ()
    required: bool = True

    def header_keys(self) -> set[str]:
        return {header_key(self.label), *(header_key(s) for s in self.synonyms)}


@dataclass(frozen=True)
class Layout:
    kind: str
    columns: tuple[Column, ...]
    # Groups of fields of which at least one must be present (e.g. the cell by code or by name).
    one_of: tuple[tuple[str, ...], ...] = ()

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the letters the spreadsheet shows above a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class HeaderMatch:
    row: int  # spreadsheet row number of the header
    positions: dict[str, int]  # field → 0-based column index
    headers: dict[str, str]  # field → the header text as written in the file
    found: list[str]  # every non-empty header cell of that row, as written

    def label(self, field: str) -> str:
        return self.headers.get(field, field)


def _match_row(values: Sequence[object], layout: Layout) -> tuple[dict[str, int], dict[str, str]]:
    by_key = {key: column.field for column in layout.columns for key in column.header_keys()}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, value in enumerate(values):
        field = by_key.get(header_key(value))
        if field is not None and field not in positions:
            positions[field] = index
            headers[field] = " ".join(str(value).split())
    return positions, headers


def score_rows(rows: Sequence[tuple[int, Sequence[object]]], layout: Layout) -> HeaderMatch | None:
    """The best header row among the first rows, or None when no row names two known columns."""
    best: HeaderMatch | None = None
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        positions, headers = _match_row(values, layout)
        if len(positions) >= 2 and (best is None or len(positions) > len(best.positions)):
            found = [" ".join(str(v).split()) for v in values if v is not None and str(v).strip()]
            best = HeaderMatch(row=number, positions=positions, headers=headers, found=found)
    return best


def locate_header(rows: Sequence[tuple[int, Sequence[object]]], layout: Layout) -> HeaderMatch:
    """Find the header row or refuse the file, saying which columns were expected and which were found."""
    match = score_rows(rows, layout)
    missing = [
        c.label for c in layout.columns if c.required and (match is None or c.field not in match.positions)
    ]
    for group in layout.one_of:
        if match is None or not any(f in match.positions for f in group):
            missing.append(_(" hoặc ").join(layout.column(f).label for f in group))
    if not missing and match is not None:
        return match
    expected = ", ".join(f"“{label}”" for label in layout.labels)
    if match is None:
        first = next(
            (values for _n, values in rows[:HEADER_SEARCH_ROWS] if any(v not in (None, "") for v in values)),
            [],
        )
        found = ", ".join(f"“{' '.join(str(v).split())}”" for v in first if v not in (None, "")) or _(
            "(không có)"
        )
        message = _(
            "Không tìm thấy dòng tiêu đề cột trong %(n)d dòng đầu của tệp. Các cột tìm thấy: %(found)s."
        ) % {"n": HEADER_SEARCH_ROWS, "found": found}
        row = None
    else:
        found = ", ".join(f"“{h}”" for h in match.found)
        message = _("Thiếu cột %(missing)s. Các cột tìm thấy: %(found)s.") % {
            "missing": ", ".join(f"“{m}”" for m in missing),
            "found": found,
        }
        row = match.row
    hint = _(
        "Tệp cần có dòng tiêu đề với các cột: %(expected)s (cột không bắt buộc có thể bỏ). "
        "Hãy sửa tên cột cho đúng hoặc tải tệp mẫu về để điền."
    ) % {"expected": expected}
    raise ImportRejected([RowError(row=row, column=", ".join(missing), message=message, hint=hint)])
