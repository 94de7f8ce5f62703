"""Importing a member list: check every row, then write all of it or nothing.

Validation is the same as the forms' and the API's: each row goes through
``services.validate_member_fields`` (names normalised, dates in order, age limit), the cell must be a
unit where members are registered, and card numbers are unique. Only the card-number uniqueness
query is done here in bulk (one query per 1,000 rows instead of one per row), with the service's own
message, so a 100,000-row list is checked in seconds.

Matching is what makes a re-import change nothing: by card number, or — for probationary members
who have no card yet — by name and date of birth within the scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.sheets.errors import ImportRejected, RowError
from quantriet.core.sheets.reading import Table
from quantriet.core.sheets.rows import PROGRESS_EVERY, Progress, RowReader, no_progress
from quantriet.core.sheets.values import CellError, is_blank, parse_date, text
from quantriet.orgs import access, services
from quantriet.orgs.access import Capability
from quantriet.orgs.imports.checks import convert_legacy_text, row_warnings
from quantriet.orgs.imports.columns import MEMBER_LAYOUT
from quantriet.orgs.imports.common import ScopeUnit, scope_units
from quantriet.orgs.imports.values import parse_profile, parse_sex, parse_status
from quantriet.orgs.models import Member, Unit
from quantriet.orgs.profile import PROFILE_FIELDS
from quantriet.orgs.services.members import MEMBER_LEVELS
from quantriet.text import clean_name, fold

CARD_MAX_LENGTH = 20
PERSON_FIELDS = ("full_name", "date_of_birth", "sex", "admission_date", "full_membership_date")
_LOOKUP_CHUNK = 1000


@dataclass(frozen=True)
class Registered:
    """What the register holds for a member a row refers to (plain values: cheap for 10^5 rows)."""

    pk: int
    card_number: str | None
    full_name: str
    date_of_birth: dt.date
    sex: str
    admission_date: dt.date
    full_membership_date: dt.date | None
    unit_id: int
    status: str
    # The profile (orgs.profile.PROFILE_FIELDS), compared like the rest when a row updates a member.
    hometown: str
    ethnicity: str
    religion: str
    education: str
    specialty: str
    political_theory: str
    occupation: str
    id_number: str | None
    phone: str
    email: str


REGISTERED_FIELDS = ("pk", *(f.name for f in fields(Registered)[1:]))


@dataclass
class MemberRow:
    row: int
    # Cleaned PERSON_FIELDS (full_membership_date only when its column exists) and card_number.
    values: dict[str, Any]
    unit_id: int
    status: str | None  # None: not stated in the file
    existing: Registered | None = None
    unit_label: str = ""  # the column that named the unit, for a message about it


@dataclass
class MemberPlan:
    rows: list[MemberRow] = field(default_factory=list)
    skipped_empty: int = 0
    warnings: int = 0  # confirmed warnings (imports.checks), reported in the summary


def _resolve_unit(
    reader: RowReader,
    number: int,
    values: Any,
    units_by_code: dict[str, ScopeUnit],
    units_by_name: dict[str, list[ScopeUnit]],
    scope: Unit,
    errors: list[RowError],
) -> ScopeUnit | None:
    code = clean_name(text(reader.get(values, "unit_code"))).replace(" ", "")
    name = clean_name(text(reader.get(values, "unit_name")))
    if code:
        unit = units_by_code.get(code)
        if unit is None:
            errors.append(
                reader.error(
                    number,
                    "unit_code",
                    _("Không có đơn vị mã “%(code)s” trong phạm vi “%(scope)s”.")
                    % {"code": code, "scope": scope.name},
                    _(
                        "Hãy kiểm tra lại mã chi bộ; bạn chỉ nhập được đảng viên vào các đơn vị thuộc phạm "
                        "vi của mình."
                    ),
                )
            )
            return None
        field_name = "unit_code"
    elif name:
        candidates = units_by_name.get(name, [])
        if len(candidates) != 1:
            message = (
                _("Không có chi bộ tên “%(name)s” trong phạm vi “%(scope)s”.")
                if not candidates
                else _("Có %(n)d đơn vị cùng tên “%(name)s” trong phạm vi “%(scope)s”.")
            )
            errors.append(
                reader.error(
                    number,
                    "unit_name",
                    message % {"name": name, "scope": scope.name, "n": len(candidates)},
                    _("Hãy thêm cột “Mã chi bộ” và ghi mã đơn vị để chỉ rõ chi bộ."),
                )
            )
            return None
        unit, field_name = candidates[0], "unit_name"
    else:
        errors.append(reader.missing(number, "unit_code" if reader.has("unit_code") else "unit_name"))
        return None
    if unit.level not in MEMBER_LEVELS:
        errors.append(
            reader.error(
                number,
                field_name,
                _("Đảng viên sinh hoạt ở chi bộ hoặc tổ chức cơ sở đảng, không ở “%(name)s”.")
                % {"name": unit.name},
                _("Hãy ghi mã chi bộ nơi đảng viên sinh hoạt."),
            )
        )
        return None
    return unit


def _check_row(
    reader: RowReader, number: int, values: Any, today: dt.date, errors: list[RowError]
) -> dict[str, Any] | None:
    """Parse and validate one row's personal fields; None when something is wrong (errors appended)."""
    parsed: dict[str, Any] = {}
    row_errors: list[RowError] = []
    for field_name, parse in (
        ("date_of_birth", parse_date),
        ("admission_date", parse_date),
        ("full_membership_date", parse_date),
        ("sex", parse_sex),
    ):
        if not reader.has(field_name):
            continue
        raw = reader.get(values, field_name)
        if is_blank(raw):
            parsed[field_name] = None
            continue
        try:
            parsed[field_name] = parse(raw)
        except CellError as error:
            row_errors.append(reader.error(number, field_name, error.message, error.hint))
            parsed[field_name] = None
    # The profile: None for a blank cell (it changes nothing), absent when the column is.
    profile: dict[str, Any] = {}
    for field_name in PROFILE_FIELDS:
        raw = reader.get(values, field_name) if reader.has(field_name) else None
        if reader.has(field_name) and not is_blank(raw):
            try:
                profile[field_name] = parse_profile(field_name, raw)
            except CellError as error:
                row_errors.append(reader.error(number, field_name, error.message, error.hint))
        elif reader.has(field_name):
            profile[field_name] = None
    parsed["full_name"] = text(reader.get(values, "full_name"))
    bad = {e.column for e in row_errors}
    for required in ("full_name", "date_of_birth", "sex", "admission_date"):
        if is_blank(parsed.get(required)) and reader.label(required) not in bad:
            row_errors.append(reader.missing(number, required))
            bad.add(reader.label(required))
    person = {k: v for k, v in parsed.items() if k in PERSON_FIELDS}
    # CCCD numbers held by others are looked up in bulk (``_id_numbers_taken``), not row by row.
    person |= {k: v for k, v in profile.items() if v is not None and k != "id_number"}
    try:
        cleaned = services.validate_member_fields(person, today=today)
    except ValidationError as error:
        cleaned = {}
        for field_name, messages in error.message_dict.items():
            if reader.label(field_name) not in bad:
                row_errors.append(
                    reader.error(number, field_name, " ".join(messages), member_hint(field_name))
                )
    errors.extend(row_errors)
    return None if row_errors else {**profile, **cleaned}


def member_hint(field_name: str) -> str:
    if field_name == "full_name":
        return _("Hãy ghi đầy đủ họ và tên, không quá 120 ký tự.")
    if field_name == "sex":
        return _("Ghi “Nam” hoặc “Nữ”.")
    return _("Hãy đối chiếu ngày sinh, ngày vào Đảng và ngày chính thức với hồ sơ đảng viên.")


def plan_members(
    table: Table,
    scope: Unit,
    *,
    progress: Progress = no_progress,
    today: dt.date | None = None,
    actor: Actor | None = None,
    confirm_warnings: bool = False,
) -> MemberPlan:
    """Check every row; raise ``ImportRejected`` with all problems, or return what to write.

    ``actor`` is who imports (None: the system); a card number held outside the scope is named as such
    only to someone who may see its holder. Warnings (``checks``) stop the import like errors unless
    ``confirm_warnings``; cells typed in a legacy font are then written converted.
    """
    today = today or timezone.localdate()
    reader = RowReader(MEMBER_LAYOUT, table.header)
    units_by_code = scope_units(scope)
    units_by_name: dict[str, list[ScopeUnit]] = {}
    for candidate in units_by_code.values():
        if candidate.level in MEMBER_LEVELS:
            units_by_name.setdefault(candidate.name, []).append(candidate)
    plan = MemberPlan(skipped_empty=table.blank_rows)
    errors: list[RowError] = []
    warnings: list[RowError] = []
    first_row_of_card: dict[str, int] = {}
    first_row_of_person: dict[tuple[str, dt.date], int] = {}
    total = len(table.rows)
    for done, (number, values) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
        if reader.is_empty(values):
            plan.skipped_empty += 1
            continue
        count_before = len(errors)
        cleaned = _check_row(reader, number, values, today, errors)
        if cleaned is not None:
            warnings.extend(convert_legacy_text(reader, number, values, cleaned))
        unit = _resolve_unit(reader, number, values, units_by_code, units_by_name, scope, errors)
        card = clean_name(text(reader.get(values, "card_number"))).replace(" ", "") or None
        if card is not None and len(card) > CARD_MAX_LENGTH:
            errors.append(
                reader.error(
                    number,
                    "card_number",
                    _("Số thẻ đảng viên “%(card)s” dài quá %(n)d ký tự.")
                    % {"card": card, "n": CARD_MAX_LENGTH},
                    _("Hãy chép lại số thẻ đúng như trên thẻ đảng viên."),
                )
            )
        elif card is not None:
            if card in first_row_of_card:
                errors.append(
                    reader.error(
                        number,
                        "card_number",
                        _("Số thẻ đảng viên %(card)s trùng với dòng %(row)d của tệp.")
                        % {"card": card, "row": first_row_of_card[card]},
                        _("Mỗi đảng viên có một số thẻ riêng; hãy kiểm tra lại hai dòng này."),
                    )
                )
            else:
                first_row_of_card[card] = number
        status: str | None = None
        raw_status = reader.get(values, "status")
        if not is_blank(raw_status):
            try:
                status = parse_status(raw_status)
            except CellError as error:
                errors.append(reader.error(number, "status", error.message, error.hint))
        if len(errors) > count_before or cleaned is None or unit is None:
            continue
        if card is None:
            key = (cleaned["full_name"], cleaned["date_of_birth"])
            if key in first_row_of_person:
                errors.append(
                    reader.error(
                        number,
                        "full_name",
                        _(
                            "Dòng này trùng họ tên và ngày sinh với dòng %(row)d, và không có số thẻ để "
                            "phân biệt."
                        )
                        % {"row": first_row_of_person[key]},
                        _(
                            "Nếu là cùng một người, hãy xóa một dòng; nếu là hai người, hãy ghi số thẻ đảng "
                            "viên."
                        ),
                    )
                )
                continue
            first_row_of_person[key] = number
        unit_label = reader.label("unit_code" if reader.get(values, "unit_code") else "unit_name")
        plan.rows.append(
            MemberRow(
                row=number,
                values={**cleaned, "card_number": card},
                unit_id=unit.id,
                status=status,
                unit_label=unit_label,
            )
        )
    progress(total, total)
    scope_ids = {u.id for u in units_by_code.values()}
    errors.extend(_match_existing(plan.rows, scope_ids, reader, actor))
    errors.extend(_id_numbers_taken(plan.rows, reader, actor))
    errors.extend(_closed_units(plan.rows, {u.id: u for u in units_by_code.values()}))
    # Listed beside the errors too, so one pass over the file fixes everything.
    warnings.extend(row_warnings(plan.rows, reader, actor, today))
    if errors or (warnings and not confirm_warnings):
        # Errors and warnings of a row together, its errors first.
        raise ImportRejected(sorted([*errors, *warnings], key=lambda e: (e.row or 0, e.warning)))
    plan.warnings = len(warnings)
    return plan


def _id_numbers_taken(rows: list[MemberRow], reader: RowReader, actor: Actor | None) -> list[RowError]:
    """CCCD numbers given twice in the file, or held by another member; the holder named only to those
    who may read their CCCD (the same rule as the member form's)."""
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    with_number = [r for r in rows if r.values.get("id_number")]
    hint = _("Mỗi người có một số CCCD; hãy đối chiếu với thẻ căn cước.")
    for row in with_number:
        number = row.values["id_number"]
        if number in first_row:
            message = _("Số CCCD trùng với dòng %(row)d của tệp.") % {"row": first_row[number]}
            errors.append(reader.error(row.row, "id_number", message, hint))
        else:
            first_row[number] = row.row
    for start in range(0, len(with_number), _LOOKUP_CHUNK):
        chunk = with_number[start : start + _LOOKUP_CHUNK]
        holders = {
            number: (unit_id, pk)
            for number, unit_id, pk in Member.objects.filter(
                id_number__in=[r.values["id_number"] for r in chunk]
            ).values_list("id_number", "unit_id", "pk")
        }
        for row in chunk:
            number = row.values["id_number"]
            if number not in holders or (row.existing is not None and holders[number][1] == row.existing.pk):
                continue
            if actor is None or access.can(actor, Capability.VIEW_MEMBER_SENSITIVE, holders[number][0]):
                message = _("Số CCCD này đã có trong hồ sơ của một đảng viên khác.")
            else:
                message = _(
                    "Số CCCD này không dùng được. Nếu đúng, hãy liên hệ Ban Tổ chức cấp trên để kiểm tra."
                )
            errors.append(reader.error(row.row, "id_number", message, hint))
    return errors


def _closed_units(rows: list[MemberRow], units: dict[int, ScopeUnit]) -> list[RowError]:
    """Nobody joins or moves into a dissolved unit; a member already recorded there may stay listed.

    (Deceased or transferred members stay in the cell that was later dissolved, so an export of the
    register lists them there, and it must re-import unchanged.)
    """
    errors = []
    for row in rows:
        unit = units[row.unit_id]
        if unit.valid_to is not None and (row.existing is None or row.existing.unit_id != unit.id):
            errors.append(
                RowError(
                    row=row.row,
                    column=row.unit_label,
                    message=_("Đơn vị “%(name)s” đã giải thể hoặc sáp nhập.") % {"name": unit.name},
                    hint=_("Hãy ghi đơn vị đang hoạt động mà đảng viên sinh hoạt hiện nay."),
                )
            )
    return errors


def _card_taken(
    reader: RowReader, row: MemberRow, holder: Registered, actor: Actor | None, scope_ids: set[int]
) -> RowError:
    """Why a card number cannot be used, without confirming a holder the actor may not see.

    "Held by another member" answered to anyone would let a cell's clerk test the card numbers of the
    whole country (decree 13/2023); outside their reach the answer says neither whether nor where the
    number is held — the same words as the member form's.
    """
    card = row.values["card_number"]
    if (
        actor is None
        or holder.unit_id in scope_ids
        or access.can(actor, Capability.VIEW_MEMBERS, holder.unit_id)
    ):
        message = _("Số thẻ đảng viên %(card)s đã thuộc về một đảng viên khác; mỗi số thẻ là duy nhất.")
    else:
        message = _(
            "Số thẻ đảng viên %(card)s không dùng được. Hãy kiểm tra lại số trên thẻ; nếu đúng là thẻ của "
            "đảng viên này, hãy liên hệ cấp ủy cấp trên để kiểm tra."
        )
    return reader.error(
        row.row,
        "card_number",
        message % {"card": card},
        _(
            "Hãy đối chiếu số thẻ với thẻ đảng viên; nếu đảng viên chuyển đến từ nơi khác, "
            "hãy làm thủ tục chuyển sinh hoạt trước."
        ),
    )


def _match_existing(
    rows: list[MemberRow], scope_ids: set[int], reader: RowReader, actor: Actor | None
) -> list[RowError]:
    """Attach the registered member each row refers to; card numbers held outside the scope are errors."""
    errors: list[RowError] = []
    with_card = [r for r in rows if r.values["card_number"]]
    for start in range(0, len(with_card), _LOOKUP_CHUNK):
        chunk = with_card[start : start + _LOOKUP_CHUNK]
        found = {
            m.card_number: m
            for m in (
                Registered(*values)
                for values in Member.objects.filter(
                    card_number__in=[r.values["card_number"] for r in chunk]
                ).values_list(*REGISTERED_FIELDS)
            )
        }
        for row in chunk:
            member = found.get(row.values["card_number"])
            if member is None:
                continue
            same_person = (
                fold(member.full_name) == fold(row.values["full_name"])
                or member.date_of_birth == row.values["date_of_birth"]
            )
            if member.unit_id in scope_ids and same_person:
                row.existing = member
            else:
                # A card held by someone else (or outside the scope) is never taken over.
                errors.append(_card_taken(reader, row, member, actor, scope_ids))
    unmatched = [r for r in rows if r.existing is None]
    names = sorted({r.values["full_name"] for r in unmatched})
    by_person: dict[tuple[str, dt.date], list[Registered]] = {}
    for start in range(0, len(names), _LOOKUP_CHUNK):
        for values in Member.objects.filter(
            unit_id__in=scope_ids, full_name__in=names[start : start + _LOOKUP_CHUNK]
        ).values_list(*REGISTERED_FIELDS):
            member = Registered(*values)
            by_person.setdefault((member.full_name, member.date_of_birth), []).append(member)
    for row in unmatched:
        candidates = [
            m
            for m in by_person.get((row.values["full_name"], row.values["date_of_birth"]), [])
            if row.values["card_number"] is None or m.card_number is None
        ]
        if len(candidates) == 1:
            row.existing = candidates[0]
        elif len(candidates) > 1:
            errors.append(
                reader.error(
                    row.row,
                    "full_name",
                    _("Trong phạm vi có %(n)d đảng viên cùng họ tên và ngày sinh với dòng này.")
                    % {"n": len(candidates)},
                    _("Hãy ghi số thẻ đảng viên để chỉ rõ người cần cập nhật."),
                )
            )
    return errors
