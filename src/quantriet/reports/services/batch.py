"""A secretary hands in many members' reports at once: a ZIP of files and a spreadsheet naming whose is which.

All or nothing: every row is checked first (the member is known, in the uploader's reach and listed once;
the file is in the ZIP and its text reads and is long enough; the report still takes a version), and
every file in the ZIP must be listed. One problem anywhere and nothing is handed in: the secretary
gets the table of problems, row by row, fixes the spreadsheet or the files and sends the batch again.
A batch that passes is one transaction: its checks are queued once it is committed.

The ZIP is opened through ``quantriet.archives`` (its directory is checked before anything is
inflated: entry count, declared sizes), the spreadsheet through ``core.sheets`` (the importers' reader).
"""

from __future__ import annotations

import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quantriet.archives import ZIP_ERRORS, ArchiveRefused, ZipLimits, check_zip
from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor
from quantriet.core.sheets.columns import Column, Layout
from quantriet.core.sheets.errors import ImportRejected, RowError, capped
from quantriet.core.sheets.reading import read_table
from quantriet.core.sheets.rows import RowReader
from quantriet.core.sheets.values import is_blank
from quantriet.reports.models import LearningReport, ReportVersion, Requirement, Source
from quantriet.reports.selectors.access import reviewable
from quantriet.reports.services.submitting import (
    Handed,
    check_format,
    check_length,
    may_submit,
    submit,
)
from quantriet.text import ExtractedText, ExtractionError, extract_text, fold

LAYOUT = Layout(
    kind="report_batch",
    columns=(
        Column("file", "Tên tệp", ("Tệp", "Tên file", "File", "Tệp bài thu hoạch")),
        Column("card", "Số thẻ đảng viên", ("Số thẻ", "Số thẻ đảng", "Thẻ đảng viên"), required=False),
        Column("name", "Họ và tên", ("Họ tên", "Tên đảng viên"), required=False),
        Column("cell", "Chi bộ", ("Đơn vị", "Chi bộ sinh hoạt"), required=False),
    ),
    one_of=(("card", "name"),),
)
# Names a ZIP tool adds beside the files: never someone's report.
_IGNORED_PREFIXES = ("__MACOSX/",)


def max_files() -> int:
    return int(getattr(settings, "REPORT_BATCH_MAX_FILES", 300))


def max_unpacked() -> int:
    """What a batch's ZIP may declare unpacked, all files together."""
    return int(getattr(settings, "REPORT_BATCH_MAX_UNPACKED_BYTES", 200 * 1024 * 1024))


def max_file_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 50 * 1024 * 1024))


@dataclass(frozen=True)
class HandedRow:
    row: int
    file_name: str
    report: LearningReport
    version: ReportVersion
    created: bool  # False: this very text was already handed in (its receipt stands)


@dataclass
class BatchOutcome:
    errors: list[RowError] = field(default_factory=list)
    handed: list[HandedRow] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.errors and bool(self.handed)


@dataclass
class _Planned:
    row: int
    file_name: str
    report: LearningReport
    extracted: ExtractedText


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def _cell_text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a card number typed into a number cell
    return str(value).strip()


def _whole(message: str, hint: str = "") -> list[RowError]:
    return [RowError(row=None, column="", message=message, hint=hint)]


def _archive_error(refused: ArchiveRefused) -> list[RowError]:
    if refused.reason == "too_many_entries":
        return _whole(
            _("Tệp ZIP có quá nhiều tệp (tối đa %(n)s bài một lần).") % {"n": max_files()},
            _("Hãy chia thành nhiều lô nhỏ hơn."),
        )
    if refused.reason in ("too_large", "part_too_large"):
        return _whole(
            _("Tệp ZIP giải nén ra quá lớn (tối đa %(mb)s MB cho một lô); có thể là tệp nén bất thường.")
            % {"mb": max_unpacked() // (1024 * 1024)},
            _("Hãy chia thành nhiều lô nhỏ hơn, hoặc nén lại từ chính các tệp bài thu hoạch."),
        )
    return _whole(
        _("Không mở được tệp ZIP: tệp hỏng, có mật khẩu hoặc không phải tệp ZIP."),
        _("Hãy nén lại các tệp bài thu hoạch thành một tệp .zip (không đặt mật khẩu) và gửi lại."),
    )


def _zip_files(archive: IO[bytes]) -> tuple[dict[str, zipfile.ZipInfo], list[RowError]]:
    """The ZIP's files by the key of their name (folders flattened), or the errors that refuse it."""
    limits = ZipLimits(max_total=max_unpacked(), max_entries=max_files() * 2 + 20)
    try:
        infos = check_zip(archive, limits)
    except ArchiveRefused as refused:
        return {}, _archive_error(refused)
    files: dict[str, zipfile.ZipInfo] = {}
    errors: list[RowError] = []
    for info in infos:
        name = info.filename
        base = PurePosixPath(name.replace("\\", "/")).name
        if info.is_dir() or not base or name.startswith(_IGNORED_PREFIXES) or base.startswith("."):
            continue
        if info.flag_bits & 0x1:
            errors.append(RowError(None, base, _("Tệp “%(f)s” trong ZIP có đặt mật khẩu.") % {"f": base}))
            continue
        key = _key(base)
        if key in files:
            errors.append(
                RowError(
                    None,
                    base,
                    _("Tệp ZIP có hai tệp cùng tên “%(f)s” (ở hai thư mục khác nhau).") % {"f": base},
                    _("Hãy đặt tên khác nhau cho mỗi tệp."),
                )
            )
            continue
        files[key] = info
    if len(files) > max_files():
        return {}, _archive_error(ArchiveRefused("too_many_entries"))
    return files, errors


def _read_sheet(upload: IO[bytes], name: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    suffix = Path(name).suffix.lower() or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        upload.seek(0)
        while chunk := upload.read(1 << 20):
            copy.write(chunk)
        copy.flush()
        try:
            table = read_table(Path(copy.name), name, LAYOUT)
        except ImportRejected as rejected:
            return [], list(rejected.errors)
    reader = RowReader(LAYOUT, table.header)
    rows = [
        (number, {f: _cell_text(reader.get(values, f)) for f in ("file", "card", "name", "cell")})
        for number, values in table.rows
        if not reader.is_empty(values)
    ]
    return rows, []


def _matches_cell(report: LearningReport, cell: str) -> bool:
    unit = report.unit
    return fold(cell) == fold(unit.name) or cell.casefold() == (unit.code or "").casefold()


def _members(
    actor: Actor, campaign: Campaign, rows: list[tuple[int, dict[str, str]]]
) -> tuple[dict[int, LearningReport], list[RowError]]:
    """The report each row names, by row number; errors for rows naming no one or someone out of reach."""
    cards = {r["card"] for _n, r in rows if r["card"]}
    names = {fold(r["name"]) for _n, r in rows if not r["card"] and r["name"]}
    found = LearningReport.objects.filter(campaign=campaign).select_related("member", "unit")
    by_card = {r.member.card_number: r for r in found.filter(member__card_number__in=cards)}
    by_name: dict[str, list[LearningReport]] = {}
    for named in found.filter(member__name_folded__in=names):
        by_name.setdefault(named.member.name_folded, []).append(named)
    candidates = [*by_card.values(), *(r for group in by_name.values() for r in group)]
    reach = set(reviewable(actor).filter(pk__in=[r.pk for r in candidates]).values_list("pk", flat=True))
    chosen: dict[int, LearningReport] = {}
    errors: list[RowError] = []
    seen: dict[int, int] = {}
    for number, row in rows:
        report: LearningReport | None = None
        if row["card"]:
            report = by_card.get(row["card"])
            if report is None:
                errors.append(
                    RowError(
                        number,
                        LAYOUT.column("card").label,
                        _("Không có đảng viên số thẻ %(c)s trong danh sách phải viết bài của đợt này.")
                        % {"c": row["card"]},
                        _("Hãy kiểm tra lại số thẻ."),
                    )
                )
                continue
        elif row["name"]:
            if not row["cell"]:
                errors.append(
                    RowError(
                        number,
                        LAYOUT.column("cell").label,
                        _("Khi không có số thẻ, hãy ghi cả chi bộ của đảng viên “%(n)s”.")
                        % {"n": row["name"]},
                    )
                )
                continue
            same = [r for r in by_name.get(fold(row["name"]), []) if _matches_cell(r, row["cell"])]
            if len(same) != 1:
                message = (
                    _("Không có đảng viên “%(n)s” của “%(c)s” trong danh sách phải viết bài của đợt này.")
                    if not same
                    else _("Có nhiều đảng viên “%(n)s” ở “%(c)s”; hãy ghi số thẻ đảng viên.")
                )
                errors.append(
                    RowError(
                        number, LAYOUT.column("name").label, message % {"n": row["name"], "c": row["cell"]}
                    )
                )
                continue
            report = same[0]
        else:
            errors.append(
                RowError(
                    number,
                    LAYOUT.column("card").label,
                    _("Dòng này chưa ghi số thẻ hay họ tên đảng viên."),
                )
            )
            continue
        if report.pk not in reach:
            errors.append(
                RowError(
                    number,
                    LAYOUT.column("card").label if row["card"] else LAYOUT.column("name").label,
                    _("Đảng viên %(n)s không thuộc các chi bộ đồng chí được nộp bài thay.")
                    % {"n": report.member.full_name},
                )
            )
            continue
        if report.pk in seen:
            errors.append(
                RowError(
                    number,
                    LAYOUT.column("card").label if row["card"] else LAYOUT.column("name").label,
                    _("Đảng viên %(n)s đã có ở dòng %(r)s; mỗi người chỉ một bài trong một lô.")
                    % {"n": report.member.full_name, "r": seen[report.pk]},
                )
            )
            continue
        seen[report.pk] = number
        chosen[number] = report
    return chosen, errors


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def check_batch(
    actor: Actor, campaign: Campaign, archive: IO[bytes], sheet: IO[bytes], sheet_name: str
) -> tuple[list[_Planned], list[RowError]]:
    """Every row read and checked; the plan to hand in, and every problem found (empty: all is well)."""
    requirement = Requirement.objects.filter(campaign=campaign).first()
    if requirement is None:
        return [], _whole(_("Đợt học tập này chưa yêu cầu viết bài thu hoạch."))
    files, errors = _zip_files(archive)
    if not files and errors:
        return [], errors
    rows, sheet_errors = _read_sheet(sheet, sheet_name)
    if sheet_errors:
        return [], errors + sheet_errors
    if not rows:
        return [], errors + _whole(_("Bảng tính chưa có dòng nào dưới dòng tiêu đề."))
    if len(rows) > max_files():
        return [], errors + _whole(
            _("Bảng tính có %(r)s dòng; mỗi lô tối đa %(n)s bài.") % {"r": len(rows), "n": max_files()}
        )
    reports, member_errors = _members(actor, campaign, rows)
    errors += member_errors
    file_column = LAYOUT.column("file").label
    listed: dict[str, int] = {}
    planned: list[_Planned] = []
    with zipfile.ZipFile(archive) as opened:
        for number, row in rows:
            name = row["file"]
            if not name:
                errors.append(RowError(number, file_column, _("Dòng này chưa ghi tên tệp.")))
                continue
            key = _key(PurePosixPath(name.replace("\\", "/")).name)
            if key in listed:
                errors.append(
                    RowError(
                        number,
                        file_column,
                        _("Tệp “%(f)s” đã ghi ở dòng %(r)s.") % {"f": name, "r": listed[key]},
                    )
                )
                continue
            listed[key] = number
            info = files.get(key)
            if info is None:
                errors.append(
                    RowError(
                        number,
                        file_column,
                        _("Không có tệp “%(f)s” trong tệp ZIP.") % {"f": name},
                        _("Hãy kiểm tra tên tệp (cả phần đuôi .docx, .pdf…) hoặc thêm tệp vào ZIP."),
                    )
                )
                continue
            report = reports.get(number)
            if report is None:
                continue  # the member's error is already listed
            try:
                data = opened.read(info)
                extracted = extract_text(data, PurePosixPath(info.filename).name, max_bytes=max_file_bytes())
            except ExtractionError as error:
                errors.append(RowError(number, file_column, f"{name}: {error.message()}"))
                continue
            except ZIP_ERRORS:
                errors.append(
                    RowError(number, file_column, _("Tệp “%(f)s” trong ZIP bị hỏng.") % {"f": name})
                )
                continue
            handed = _handed(extracted, name)
            try:
                check_length(extracted.text.strip(), requirement)
                check_format(handed, requirement)
            except ValidationError as error:
                errors.append(RowError(number, file_column, f"{name}: {_message(error)}"))
                continue
            refusal = may_submit(report, requirement)
            if refusal:
                errors.append(RowError(number, file_column, f"{report.member.full_name}: {refusal}"))
                continue
            planned.append(_Planned(number, name, report, extracted))
    for key, info in files.items():
        if key not in listed:
            base = PurePosixPath(info.filename).name
            errors.append(
                RowError(
                    None,
                    file_column,
                    _("Tệp “%(f)s” có trong ZIP nhưng bảng tính không ghi là bài của ai.") % {"f": base},
                    _("Hãy thêm một dòng cho tệp này, hoặc bỏ tệp khỏi ZIP."),
                )
            )
    return planned, errors


def _handed(extracted: ExtractedText, name: str) -> Handed:
    return Handed(
        text=extracted.text,
        source=Source.BATCH,
        file_name=name,
        file_kind=extracted.kind,
        converted_from=extracted.converted_from or "",
        on_behalf=True,
    )


class _Refused(Exception):
    pass


@transaction.atomic
def hand_in_batch(
    actor: Actor, campaign: Campaign, archive: IO[bytes], sheet: IO[bytes], sheet_name: str
) -> BatchOutcome:
    """Check the whole batch, then hand in every row in one transaction; nothing at all on any problem."""
    planned, errors = check_batch(actor, campaign, archive, sheet, sheet_name)
    if errors:
        return BatchOutcome(errors=capped(errors))
    handed: list[HandedRow] = []
    try:
        with transaction.atomic():
            for item in planned:
                try:
                    done = submit(actor, item.report, _handed(item.extracted, item.file_name))
                except ValidationError as error:
                    errors.append(RowError(item.row, LAYOUT.column("file").label, _message(error)))
                    continue
                handed.append(HandedRow(item.row, item.file_name, item.report, done.version, done.created))
            if errors:
                raise _Refused  # roll every row back: all or nothing
    except _Refused:
        return BatchOutcome(errors=capped(errors))
    return BatchOutcome(handed=handed)
