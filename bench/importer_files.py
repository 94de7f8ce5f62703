"""Hostile and huge spreadsheets for the importers: built here, never committed.

Used by ``bench/importers_fuzz.py`` (peak memory per file) and by the import tests (the same files,
smaller). Each builder writes one file and returns its path. Sheets are written as raw XML with inline
strings, so a file holds exactly the shape under test (openpyxl would never write most of them).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_TAIL = b"</sheetData></worksheet>"
_STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STRINGS_OVERRIDE = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + _STRINGS_TYPE + b'"/>'

MEMBER_HEADER = ("Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Số thẻ đảng viên", "Mã chi bộ")
UNIT_HEADER = ("Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên")
DOCUMENT_HEADER = ("Loại văn bản", "Số ký hiệu", "Ngày ban hành", "Trích yếu", "Cơ quan ban hành")
HEADERS = {"members": MEMBER_HEADER, "units": UNIT_HEADER, "documents": DOCUMENT_HEADER}


def column(index: int) -> str:
    """1 → A, 16384 → XFD."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell(ref: str, value: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'.encode()


def row(number: int, values: Sequence[str], first_column: int = 1) -> bytes:
    cells = b"".join(cell(f"{column(first_column + i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">'.encode() + cells + b"</row>"


def _skeleton() -> dict[str, bytes]:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "x"  # so that a shared-strings part exists to replace
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook(path: Path, sheet: Iterable[bytes], *, strings: Iterable[bytes] | None = None) -> Path:
    """An XLSX whose first sheet's XML is the chunks of ``sheet`` (and shared strings, when given)."""
    parts = _skeleton()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in parts.items():
            if name == SHEET or (name == STRINGS and strings is not None):
                continue
            if name == "[Content_Types].xml" and strings is not None and _STRINGS_TYPE not in data:
                data = data.replace(b"</Types>", _STRINGS_OVERRIDE + b"</Types>")
            archive.writestr(name, data)
        with archive.open(SHEET, "w", force_zip64=True) as out:
            for chunk in sheet:
                out.write(chunk)
        if strings is not None:
            with archive.open(STRINGS, "w", force_zip64=True) as out:
                for chunk in strings:
                    out.write(chunk)
    return path


def _sheet(kind: str, body: Iterable[bytes]) -> Iterator[bytes]:
    yield _HEAD
    yield row(1, HEADERS[kind])
    yield from body
    yield _TAIL


def _one_cell_rows(column_letters: bytes, rows: int) -> Iterator[bytes]:
    template = b'<row r="%d"><c r="' + column_letters + b'%d" t="inlineStr"><is><t>x</t></is></c></row>'
    for start in range(2, rows + 2, 10_000):
        yield b"".join(template % (n, n) for n in range(start, min(start + 10_000, rows + 2)))


def xfd_rows(path: Path, kind: str, rows: int) -> Path:
    """The finding of issue 9: under the header, ``rows`` rows each holding one cell in column XFD."""
    return workbook(path, _sheet(kind, _one_cell_rows(b"XFD", rows)))


def many_rows(path: Path, kind: str, rows: int) -> Path:
    """``rows`` rows each holding one value in column A (1,048,000 of them: 5 MB packed)."""
    return workbook(path, _sheet(kind, _one_cell_rows(b"A", rows)))


def shared_strings(path: Path, kind: str, count: int) -> Path:
    """A shared-strings part of ``count`` distinct strings the sheet never uses."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )

    def strings() -> Iterator[bytes]:
        yield head
        for start in range(0, count, 10_000):
            yield b"".join(b"<si><t>%d</t></si>" % n for n in range(start, min(start + 10_000, count)))
        yield b"</sst>"

    return workbook(path, _sheet(kind, []), strings=strings())


def zip_bomb(path: Path, kind: str, megabytes: int) -> Path:
    """A sheet that declares ``megabytes`` MB unpacked: spaces after the table (about 1 MB packed per GB)."""
    blank = b" " * (1 << 20)
    return workbook(path, [_HEAD, row(1, HEADERS[kind]), *([blank] * megabytes), _TAIL])


def deep_xml(path: Path, kind: str, depth: int) -> Path:
    """One row nesting ``depth`` unknown elements (a tree parser keeps every open one)."""
    body = [b'<row r="2">', b"<x>" * depth, b"</x>" * depth, b"</row>"]
    return workbook(path, _sheet(kind, body))


def wide_outside_rows(path: Path, kind: str, count: int) -> Path:
    """``count`` unknown elements beside the rows, which openpyxl keeps to the end of the sheet."""
    return workbook(path, [_HEAD, row(1, HEADERS[kind]), *([b"<x/>" * 1000] * (count // 1000)), _TAIL])


def legal(path: Path, kind: str, rows: int) -> Path:
    """A well-formed list of ``rows`` plausible rows (most fail the importer's checks: the tree is empty)."""

    def values(n: int) -> list[str]:
        if kind == "members":
            return [f"Nguyễn Văn Thử {n}", "05/09/1980", "Nam", "03/02/2005", f"{30_000_000 + n}", "XA1"]
        if kind == "units":
            return [f"U{n}", f"Chi bộ số {n}", "Chi bộ", "XA"]
        return ["Kế hoạch", f"{n}-KH/TU", "05/09/2024", f"Kế hoạch số {n}", "PROV"]

    return workbook(path, _sheet(kind, (row(n, values(n)) for n in range(2, rows + 2))))


def truncated(path: Path, kind: str, rows: int) -> Path:
    """A legal file cut in half (an interrupted upload)."""
    legal(path, kind, rows)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def malformed_xml(path: Path, kind: str) -> Path:
    return workbook(path, [_HEAD, row(1, HEADERS[kind]), b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</is>'])


def csv_rows(path: Path, kind: str, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEADERS[kind]) + "\n")
        for _n in range(rows):
            out.write("x\n")
    return path


def csv_wide(path: Path, kind: str, separators: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEADERS[kind]) + "\n")
        out.write("," * separators + "\n")
    return path
