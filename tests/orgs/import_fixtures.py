"""Builders for the spreadsheets and CSV files the import tests upload (made here, never committed)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

MEMBER_HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Mã chi bộ",
    "Tình trạng",
]
UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Ngày thành lập"]
TITLE = ["ĐẢNG BỘ XÃ AN HÒA"]
SUBTITLE = ["DANH SÁCH ĐẢNG VIÊN (cập nhật đến 01/06/2024)"]


def member(
    name: str, birth: Any, sex: str, admitted: Any, full: Any, card: Any, cell: str, status: str = ""
) -> list[Any]:
    return [None, name, birth, sex, admitted, full, card, cell, status]


def good_members() -> list[list[Any]]:
    return [
        member(
            "Phạm Thị Hoa", "05/09/1980", "Nữ", "03/02/2005", "03/02/2006", "20000001", "XA1", "Chính thức"
        ),
        # Plausible records (a probation past its 12 months would be a warning to confirm).
        member(
            "Vũ Văn Khánh",
            dt.datetime(1990, 1, 15),
            "Nam",
            dt.date(2015, 6, 1),
            dt.date(2016, 6, 1),
            20000002,
            "XA2",
        ),
        member("Hoàng Minh Tuấn", "7/3/1995", "nam", "19-05-2020", "19-05-2021", "", "XA1", "Chính thức"),
    ]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = MEMBER_HEADER,
    titles: Sequence[Sequence[Any]] = (TITLE, SUBTITLE, []),
    merges: Sequence[str] = (),
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for title in titles:
        sheet.append(list(title))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for ref in merges:
        sheet.merge_cells(ref)
    workbook.save(path)
    return path


def add_cached_values(path: Path, values: dict[str, str]) -> Path:
    """Give formula cells a saved result, as Excel does on saving (openpyxl itself never writes one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, value in values.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*)>(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                        rf'\1 t="str">\2<v>{value}</v>',
                        text,
                    )
                data = text.encode()
            target.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    return path


def csv_text(
    rows: Sequence[Sequence[Any]], *, header: Sequence[str] = MEMBER_HEADER, delimiter: str = ","
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(TITLE)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: ă â ê ô ơ ư precomposed, tone marks as combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tone = [c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone))
        out += base.encode("cp1258") + "".join(tone).encode("cp1258")
    return bytes(out)


# TCVN3 (ABC) lowercase letters; capitals with tones do not exist in the single-byte fonts.
_TCVN3 = dict(
    zip(
        "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
        [
            *range(0xA1, 0xAF),
            0xB5,
            0xB6,
            0xB7,
            0xB8,
            0xB9,
            0xBB,
            0xBC,
            0xBD,
            0xBE,
            0xC6,
            0xC7,
            0xC8,
            0xC9,
            0xCA,
            0xCB,
            0xCC,
            0xCE,
            0xCF,
            0xD0,
            0xD1,
            0xD2,
            0xD3,
            0xD4,
            0xD5,
            0xD6,
            0xD7,
            0xD8,
            0xDC,
            0xDD,
            0xDE,
            0xDF,
            0xE1,
            0xE2,
            0xE3,
            0xE4,
            0xE5,
            0xE6,
            0xE7,
            0xE8,
            0xE9,
            0xEA,
            0xEB,
            0xEC,
            0xED,
            0xEE,
            0xEF,
            0xF1,
            0xF2,
            0xF3,
            0xF4,
            0xF5,
            0xF6,
            0xF7,
            0xF8,
            0xF9,
            0xFA,
            0xFB,
            0xFC,
            0xFD,
            0xFE,
        ],
        strict=True,
    )
)


def to_tcvn3(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ord(ch))
        else:
            out.append(_TCVN3.get(ch, _TCVN3.get(ch.lower(), ord("?"))))
    return bytes(out)


def run_cli(*args: str) -> tuple[int, str]:
    """Run ``quantriet`` in-process (inside the test database) and return its exit status and output."""
    import contextlib

    from quantriet.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue() + err.getvalue()
