"""Files that cannot be read as a whole: wrong type, wrong encoding, too big, formulas, merged cells."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from quantriet.orgs.models import Member
from tests.conftest import World
from tests.orgs.import_fixtures import (
    add_cached_values,
    csv_text,
    good_members,
    member,
    run_cli,
    to_cp1258,
    to_tcvn3,
    write_xlsx,
)


def _import(path: Path, scope: str = "XA") -> tuple[int, str]:
    return run_cli("import", "members", str(path), "--scope", scope)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t"), ("utf-16-le", "\t")],
)
def test_utf8_with_or_without_bom_and_excel_unicode_text_are_read(
    world: World, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_text(good_members(), delimiter=delimiter).encode(encoding))
    status, out = _import(path)
    assert status == 0, out
    assert Member.objects.get(card_number="20000001").full_name == "Phạm Thị Hoa"
    assert Member.objects.filter(full_name="Hoàng Minh Tuấn").exists()


def test_a_windows_1258_csv_is_refused_with_the_encoding_named_and_what_to_do(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "ds.csv"
    path.write_bytes(to_cp1258(csv_text(good_members())))
    before = Member.objects.count()
    status, out = _import(path)
    assert status == 1
    assert "Windows-1258" in out and "CSV UTF-8" in out
    assert "TCVN3" not in out.split("→")[0]
    assert Member.objects.count() == before


def test_a_tcvn3_csv_is_refused_with_the_encoding_named(world: World, tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_bytes(to_tcvn3(csv_text(good_members())))
    before = Member.objects.count()
    status, out = _import(path)
    assert status == 1
    assert "TCVN3 (ABC)" in out and "CSV UTF-8" in out
    assert "Windows-1258" not in out
    assert Member.objects.count() == before


def test_a_non_spreadsheet_renamed_xlsx_is_refused(world: World, tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"%PDF-1.4\n% not a spreadsheet\n")
    status, out = _import(path)
    assert status == 1
    assert "không phải là bảng tính" in out and "ds.xlsx" in out


def test_a_word_document_renamed_xlsx_is_refused(world: World, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "ds.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    status, out = _import(path)
    assert status == 1
    assert "không phải là bảng tính Excel" in out


def test_old_excel_and_opendocument_files_get_a_clear_message(world: World, tmp_path: Path) -> None:
    import zipfile

    xls = tmp_path / "ds.xls"
    xls.write_bytes(codecs.decode("d0cf11e0a1b11ae1", "hex") + b"\0" * 512)
    status, out = _import(xls)
    assert status == 1 and "Excel 97-2003 (.xls)" in out
    ods = tmp_path / "ds.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    status, out = _import(ods)
    assert status == 1 and "OpenDocument (.ods)" in out


def test_a_file_over_the_size_limit_is_refused_before_reading_with_the_limit_named(
    world: World, tmp_path: Path, settings: object
) -> None:
    settings.IMPORT_MAX_BYTES = 2 * 1048576  # type: ignore[attr-defined]
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"x" * (3 * 1048576))  # not even a spreadsheet: the size is checked first
    status, out = _import(path)
    assert status == 1
    assert "vượt giới hạn 2 MB" in out and "3,0 MB" in out


def test_a_formula_without_a_saved_result_is_an_error_naming_the_cell(world: World, tmp_path: Path) -> None:
    rows = good_members()
    rows[1][6] = "=20000000+2"
    path = write_xlsx(tmp_path / "ds.xlsx", rows)  # row 6, column G
    status, out = _import(path)
    assert status == 1
    assert "Ô G6 chứa công thức chưa có kết quả" in out
    assert not Member.objects.filter(card_number="20000001").exists()


def test_a_formula_with_a_saved_result_is_read_by_its_value(world: World, tmp_path: Path) -> None:
    rows = good_members()
    rows[1][6] = "=20000000+2"
    path = add_cached_values(write_xlsx(tmp_path / "ds.xlsx", rows), {"G6": "20000002"})
    status, out = _import(path)
    assert status == 0, out
    assert Member.objects.get(card_number="20000002").full_name == "Vũ Văn Khánh"


def test_merged_cells_in_the_table_are_refused_naming_the_range_but_a_merged_title_is_fine(
    world: World, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", good_members(), merges=["A1:I1"])
    assert _import(path)[0] == 0
    path = write_xlsx(tmp_path / "bad.xlsx", good_members(), merges=["A1:I1", "H5:H6"])
    status, out = _import(path)
    assert status == 1
    assert "Ô H5:H6 bị gộp" in out and "bỏ gộp ô" in out
    assert "A1:I1" not in out


def test_the_header_is_found_on_the_sheet_that_has_it(world: World, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["Hướng dẫn: điền danh sách ở trang sau"])
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(
        [
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Ngày vào Đảng",
            "Ngày chính thức",
            "Số thẻ đảng viên",
            "Mã chi bộ",
        ]
    )
    sheet.append(["Lê Văn Tám", "08/08/1988", "Nam", "08/08/2012", "08/08/2013", "80000001", "XA1"])
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    status, out = _import(path)
    assert status == 0, out
    assert Member.objects.filter(card_number="80000001").exists()


def test_dates_in_every_written_form_are_read(world: World, tmp_path: Path) -> None:
    rows = [
        member("Ngô Văn A", "05/09/1980", "Nam", "5/9/2005", "01/01/2007", "90000001", "XA1"),
        member("Ngô Văn B", "05-09-1980", "Nam", "05.09.2005", "01/01/2007", "90000002", "XA1"),
        member("Ngô Văn C", "1980-09-05", "Nam", "05 / 09 / 2005", "01/01/2007", "90000003", "XA1"),
    ]
    path = write_xlsx(tmp_path / "ds.xlsx", rows)
    assert _import(path)[0] == 0
    assert set(
        Member.objects.filter(card_number__startswith="9000").values_list("date_of_birth", flat=True)
    ) == {dt.date(1980, 9, 5)}
