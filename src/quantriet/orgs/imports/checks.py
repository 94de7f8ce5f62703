"""The member import's warnings: implausible but possible rows, namesakes, names typed in an old font.

Errors stop a row (they come from ``services.validate_member_fields``, as in the form). Warnings are
reported row by row with the same sentences as the member form's; they stop the import only until the
person importing confirms them (the job page's "Tôi đã kiểm tra, vẫn nhập", the CLI's
``--confirm-warnings``), and the confirmed import then writes the rows as converted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.sheets.errors import RowError
from quantriet.core.sheets.rows import RowReader
from quantriet.core.sheets.values import text
from quantriet.orgs.register_checks import finding_message, namesake_message, namesakes, rule_findings
from quantriet.text import clean_name, fold, suggest_unicode

if TYPE_CHECKING:
    from quantriet.orgs.imports.members import MemberRow

# Free-text columns an old file may have typed in a legacy font (the others are dates and choices).
TEXT_FIELDS = ("full_name", "hometown", "specialty", "occupation")


def convert_legacy_text(
    reader: RowReader, number: int, values: Sequence[Any], cleaned: dict[str, Any]
) -> list[RowError]:
    """Put the Unicode reading of cells typed in a legacy font into ``cleaned``; one warning each."""
    warnings = []
    for field_name in TEXT_FIELDS:
        if field_name not in cleaned or not reader.has(field_name):
            continue
        # The raw cell, not ``reader.get``'s: its cleaning drops the soft hyphen, TCVN3's "ư", and
        # normalisation would turn "Ð", TCVN3's "é", into "Đ".
        index = reader.header.positions[field_name]
        raw = values[index] if index < len(values) else None
        suggestion = suggest_unicode(text(raw)) if isinstance(raw, str) else None
        if suggestion is None:
            continue
        cleaned[field_name] = clean_name(suggestion.converted)
        warnings.append(
            reader.error(
                number,
                field_name,
                _(
                    "“%(original)s” được gõ bằng phông chữ cũ (bảng mã %(encoding)s); sẽ ghi là "
                    "“%(converted)s”."
                )
                % {
                    "original": suggestion.original,
                    "encoding": suggestion.encoding,
                    "converted": cleaned[field_name],
                },
                _(
                    "Nếu đúng, hãy xác nhận để nhập; nếu không, hãy sửa ô này trong tệp (gõ lại bằng "
                    "Unicode) rồi tải lên lại."
                ),
            )
        )
    return [_as_warning(w) for w in warnings]


def _as_warning(error: RowError) -> RowError:
    return RowError(row=error.row, column=error.column, message=error.message, hint=error.hint, warning=True)


def _status(row: MemberRow, full_date: dt.date | None) -> str:
    if row.status:
        return row.status
    if row.existing is not None:
        return row.existing.status
    return "full" if full_date else "probationary"


def _restates_register(row: MemberRow) -> bool:
    registered = row.existing
    if registered is None:
        return False
    values = row.values
    return (
        values["date_of_birth"] == registered.date_of_birth
        and values["admission_date"] == registered.admission_date
        and values.get("full_membership_date") in (None, registered.full_membership_date)
        and row.status in (None, registered.status)
    )


def row_warnings(
    rows: list[MemberRow], reader: RowReader, actor: Actor | None, today: dt.date
) -> list[RowError]:
    """The plausibility warnings of accepted rows (after matching), and namesakes of new members."""
    warnings: list[RowError] = []
    hint = _("Nếu đúng như hồ sơ, hãy xác nhận để nhập; nếu không, hãy sửa trong tệp rồi tải lên lại.")
    for row in rows:
        values = row.values
        if _restates_register(row):
            continue  # an export imported again: what the register holds is not this file's doing
        full_date = values.get("full_membership_date")
        if full_date is None and row.existing is not None:
            full_date = row.existing.full_membership_date  # a blank cell keeps what the register holds
        for finding in rule_findings(
            date_of_birth=values["date_of_birth"],
            admission_date=values["admission_date"],
            full_membership_date=full_date,
            status=_status(row, full_date),
            today=today,
        ):
            if not finding.confirmable:
                continue  # errors were the service's (validate_member_fields), before this
            warnings.append(_as_warning(reader.error(row.row, finding.field, finding_message(finding), hint)))
    new_rows = [r for r in rows if r.existing is None]
    found = namesakes((fold(r.values["full_name"]), r.values["date_of_birth"]) for r in new_rows)
    for row in new_rows:
        same = found.get((fold(row.values["full_name"]), row.values["date_of_birth"]))
        if same:
            warnings.append(
                _as_warning(
                    reader.error(
                        row.row,
                        "full_name",
                        namesake_message(same, actor),
                        _("Nếu là hai người khác nhau, hãy xác nhận để nhập."),
                    )
                )
            )
    return warnings
