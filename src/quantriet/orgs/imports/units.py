"""Importing the organisation tree: check every row and the tree they form, then write all or nothing.

Units are few next to members (a province has a few thousand), so each one is written through the
audited services (``create_unit``, ``rename_unit``, ``move_unit``...), which keep the closure table
and the unit history in step. Rows are matched to existing units by code, so a re-import changes
nothing. The same level rules as the forms apply (``level_may_contain``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.sheets.errors import ImportRejected, RowError
from quantriet.core.sheets.reading import Table
from quantriet.core.sheets.rows import PROGRESS_EVERY, Progress, RowReader, no_progress
from quantriet.core.sheets.values import CellError, is_blank, parse_date, text
from quantriet.orgs import access
from quantriet.orgs.access import Capability
from quantriet.orgs.imports.columns import UNIT_LAYOUT
from quantriet.orgs.imports.common import ScopeUnit, scope_units
from quantriet.orgs.imports.values import parse_level
from quantriet.orgs.models import Unit
from quantriet.orgs.models.units import Level, level_may_contain
from quantriet.text import clean_name

CODE_MAX_LENGTH = 64
NAME_MAX_LENGTH = 255
LOCALITY_MAX_LENGTH = 100  # Unit.locality
_ROOT_LEVELS = {Level.CENTRAL, Level.CENTRAL_DIRECT}


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    existing: ScopeUnit | None = None
    locality: str = ""  # the place on its papers; blank keeps the unit's
    depth: int = 0  # depth in the tree the file describes, to create parents before children


def _code_taken(reader: RowReader, row: UnitRow, scope: Unit, actor: Actor | None, unit_id: int) -> RowError:
    """Why a code held outside the scope cannot be used, without confirming a unit the actor may not see.

    Answered to anyone, "used by a unit outside the scope" would let a cell's clerk test every code in
    the country; outside their reach the answer says neither whether nor where the code is used.
    """
    if actor is None or access.can(actor, Capability.VIEW_UNITS, unit_id):
        return reader.error(
            row.row,
            "code",
            _("Mã đơn vị “%(code)s” đã được dùng cho một đơn vị ngoài phạm vi “%(scope)s”.")
            % {"code": row.code, "scope": scope.name},
            _("Mỗi đơn vị cần một mã riêng; hãy dùng mã khác hoặc nhờ cấp trên nhập dòng này."),
        )
    return reader.error(
        row.row,
        "code",
        _("Mã đơn vị “%(code)s” không dùng được trong phạm vi “%(scope)s”.")
        % {"code": row.code, "scope": scope.name},
        _("Hãy kiểm tra lại mã; nếu mã đúng, hãy dùng mã khác hoặc nhờ cấp ủy cấp trên nhập dòng này."),
    )


def _code(value: Any) -> str:
    return clean_name(text(value)).replace(" ", "")


def _parse_rows(
    table: Table, reader: RowReader, errors: list[RowError], progress: Progress
) -> tuple[list[UnitRow], int]:
    rows: list[UnitRow] = []
    skipped = table.blank_rows
    first_row_of_code: dict[str, int] = {}
    total = len(table.rows)
    for done, (number, values) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
        if reader.is_empty(values):
            skipped += 1
            continue
        before = len(errors)
        code, name = _code(reader.get(values, "code")), clean_name(text(reader.get(values, "name")))
        parent_code = _code(reader.get(values, "parent_code")) or None
        if not code:
            errors.append(reader.missing(number, "code"))
        elif len(code) > CODE_MAX_LENGTH:
            errors.append(
                reader.error(
                    number,
                    "code",
                    _("Mã đơn vị dài quá %(n)d ký tự.") % {"n": CODE_MAX_LENGTH},
                    _("Hãy dùng mã ngắn hơn."),
                )
            )
        elif code in first_row_of_code:
            errors.append(
                reader.error(
                    number,
                    "code",
                    _("Mã đơn vị “%(code)s” trùng với dòng %(row)d của tệp.")
                    % {"code": code, "row": first_row_of_code[code]},
                    _("Mỗi đơn vị cần một mã riêng; hãy sửa một trong hai dòng."),
                )
            )
        else:
            first_row_of_code[code] = number
        if not name:
            errors.append(reader.missing(number, "name"))
        elif len(name) > NAME_MAX_LENGTH:
            errors.append(
                reader.error(
                    number,
                    "name",
                    _("Tên đơn vị dài quá %(n)d ký tự.") % {"n": NAME_MAX_LENGTH},
                    _("Hãy rút gọn tên."),
                )
            )
        level = ""
        if is_blank(reader.get(values, "level")):
            errors.append(reader.missing(number, "level"))
        else:
            try:
                level = parse_level(reader.get(values, "level"))
            except CellError as error:
                errors.append(reader.error(number, "level", error.message, error.hint))
        dates: dict[str, dt.date | None] = {}
        for field_name in ("valid_from", "valid_to"):
            try:
                dates[field_name] = parse_date(reader.get(values, field_name))
            except CellError as error:
                errors.append(reader.error(number, field_name, error.message, error.hint))
                dates[field_name] = None
        start, end = dates["valid_from"], dates["valid_to"]
        if start and end and end < start:
            errors.append(
                reader.error(
                    number,
                    "valid_to",
                    _("Ngày giải thể trước ngày thành lập."),
                    _("Hãy kiểm tra lại hai ngày này."),
                )
            )
        if len(errors) == before:
            rows.append(
                UnitRow(
                    row=number,
                    code=code,
                    name=name,
                    level=level,
                    parent_code=parent_code,
                    valid_from=start,
                    valid_to=end,
                    locality=clean_name(text(reader.get(values, "locality")))[:LOCALITY_MAX_LENGTH],
                )
            )
    progress(total, total)
    return rows, skipped


def plan_units(
    table: Table, scope: Unit, *, progress: Progress = no_progress, actor: Actor | None = None
) -> tuple[list[UnitRow], int]:
    """Check every row and the tree; raise ``ImportRejected`` with all problems, or return rows to write.

    ``actor`` is who imports (None: the system); a code held outside the scope is named as such only to
    someone who may see that unit.
    """
    reader = RowReader(UNIT_LAYOUT, table.header)
    errors: list[RowError] = []
    rows, skipped = _parse_rows(table, reader, errors, progress)
    known = scope_units(scope)
    by_id = {u.id: u for u in known.values()}
    in_file = {r.code: r for r in rows}
    outside = dict(
        Unit.objects.filter(code__in=[c for c in in_file if c not in known]).values_list("code", "id")
    )
    for row in rows:
        row.existing = known.get(row.code)
        if row.code in outside:
            errors.append(_code_taken(reader, row, scope, actor, outside[row.code]))
            continue
        current_parent = (
            by_id.get(row.existing.parent_id) if row.existing and row.existing.parent_id else None
        )
        current_parent_code = (
            current_parent.code
            if current_parent
            else (
                Unit.objects.filter(pk=row.existing.parent_id).values_list("code", flat=True).first()
                if row.existing and row.existing.parent_id
                else None
            )
        )
        errors.extend(_check_parent(reader, row, in_file, known, current_parent_code, scope))
        if row.existing is not None and row.existing.level != row.level:
            errors.append(
                reader.error(
                    row.row,
                    "level",
                    _("Đơn vị “%(code)s” đang ở cấp “%(old)s”; không đổi cấp được bằng cách nhập tệp.")
                    % {"code": row.code, "old": Level(row.existing.level).label},
                    _("Hãy ghi đúng cấp hiện tại; muốn đổi cấp, hãy thành lập đơn vị mới và sáp nhập."),
                )
            )
        if (
            row.existing is not None
            and row.existing.valid_to
            and row.valid_to
            and row.existing.valid_to != row.valid_to
        ):
            errors.append(
                reader.error(
                    row.row,
                    "valid_to",
                    _("Đơn vị đã giải thể ngày %(date)s; không sửa ngày giải thể được bằng cách nhập tệp.")
                    % {"date": row.existing.valid_to.strftime("%d/%m/%Y")},
                    _("Hãy ghi đúng ngày giải thể đã có hoặc để trống."),
                )
            )
    errors.extend(_order_and_find_cycles(rows, reader, known, by_id))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row or 0))
    return sorted(rows, key=lambda r: (r.depth, r.row)), skipped


def _check_parent(
    reader: RowReader,
    row: UnitRow,
    in_file: dict[str, UnitRow],
    known: dict[str, ScopeUnit],
    current_parent_code: str | None,
    scope: Unit,
) -> list[RowError]:
    if row.parent_code is None:
        if row.existing is not None and row.existing.parent_id is None:
            return []
        return [reader.missing(row.row, "parent_code")]
    if row.parent_code == row.code:
        return [
            reader.error(
                row.row,
                "parent_code",
                _("Đơn vị không thể trực thuộc chính nó."),
                _("Hãy ghi mã của đơn vị cấp trên."),
            )
        ]
    parent_row, parent_known = in_file.get(row.parent_code), known.get(row.parent_code)
    if parent_row is None and parent_known is None:
        if row.existing is not None and current_parent_code == row.parent_code:
            return []  # the scope unit itself, under its own (out-of-scope) parent, unchanged
        return [
            reader.error(
                row.row,
                "parent_code",
                _("Không có đơn vị mã “%(code)s” trong tệp hoặc trong phạm vi “%(scope)s”.")
                % {"code": row.parent_code, "scope": scope.name},
                _(
                    "Đơn vị cấp trên phải có trong tệp hoặc đã có trong hệ thống, thuộc phạm vi bạn được "
                    "nhập."
                ),
            )
        ]
    parent_level = parent_row.level if parent_row else parent_known.level if parent_known else ""
    parent_closed = (parent_row.valid_to if parent_row else None) or (
        parent_known.valid_to if parent_known else None
    )
    errors = []
    if parent_closed and not row.valid_to:
        errors.append(
            reader.error(
                row.row,
                "parent_code",
                _("Đơn vị cấp trên “%(code)s” đã giải thể hoặc sáp nhập; hãy chọn đơn vị đang hoạt động.")
                % {"code": row.parent_code},
                _("Hãy ghi mã đơn vị cấp trên đang hoạt động."),
            )
        )
    if parent_level and row.level and not level_may_contain(parent_level, row.level):
        errors.append(
            reader.error(
                row.row,
                "level",
                _("Một đơn vị cấp “%(child)s” không thể trực thuộc đơn vị cấp “%(parent)s”.")
                % {"child": Level(row.level).label, "parent": Level(parent_level).label},
                _("Hãy kiểm tra cột cấp và mã đơn vị cấp trên của dòng này."),
            )
        )
    return errors


def _order_and_find_cycles(
    rows: list[UnitRow], reader: RowReader, known: dict[str, ScopeUnit], by_id: dict[int, ScopeUnit]
) -> list[RowError]:
    """Give each row its depth in the resulting tree; rows whose parent chain loops are errors."""
    parent_of: dict[str, str | None] = {}
    for unit in known.values():
        parent = by_id.get(unit.parent_id) if unit.parent_id else None
        parent_of[unit.code] = parent.code if parent else None
    in_file = {r.code: r for r in rows}
    for row in rows:
        parent_of[row.code] = row.parent_code
    errors: list[RowError] = []
    reported: set[str] = set()
    for row in rows:
        chain = [row.code]
        seen = {row.code}
        current = parent_of.get(row.code)
        while current is not None and current in parent_of:
            if current in seen:
                loop = [*chain[chain.index(current) :], current]
                if not reported.intersection(loop):
                    for code in loop[:-1]:
                        looped = in_file.get(code)
                        if looped is not None:
                            errors.append(
                                reader.error(
                                    looped.row,
                                    "parent_code",
                                    _("Vòng lặp trong cây tổ chức: %(chain)s.") % {"chain": " → ".join(loop)},
                                    _(
                                        "Một đơn vị không thể trực thuộc chính nó hay đơn vị cấp dưới của "
                                        "nó; hãy sửa mã đơn vị cấp trên."
                                    ),
                                )
                            )
                    reported.update(loop)
                break
            chain.append(current)
            seen.add(current)
            current = parent_of.get(current)
        row.depth = len(chain)
    return errors
