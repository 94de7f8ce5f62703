"""``quantriet documents import|export``: the registry's import and export from the shell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from quantriet.documents.models import Document
from quantriet.orgs.models import AuditEntry
from tests.conftest import World
from tests.documents.helpers import central, make_document
from tests.documents.test_import_export import HEADER, ROWS, xlsx
from tests.orgs.import_fixtures import run_cli

pytestmark = pytest.mark.django_db

# With the title and the blank line of ``xlsx``, the first document is on row 4 of the sheet.
FIRST_ROW = 4


def _file(tmp_path: Path, rows: list[Any], name: str = "van-ban.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(xlsx(rows))
    return path


def _document_audit() -> Any:
    return AuditEntry.objects.filter(action__startswith="document.")


def test_a_good_list_is_imported_and_audited_under_the_as_user(world: World, tmp_path: Path) -> None:
    status, out = run_cli("documents", "import", str(_file(tmp_path, ROWS)), "--as", "alice")
    assert status == 0, out
    assert "Đã nhập: 4 văn bản mới, 0 văn bản được cập nhật, 0 văn bản không đổi." in out
    assert set(Document.objects.values_list("symbol", flat=True)) == {
        "35-NQ/TW",
        "22-NQ/TW",
        "08-QĐi/TW",
        "15-KH/TU",
    }
    assert Document.objects.get(symbol="15-KH/TU").issuing_unit == world.province
    entries = _document_audit()
    assert entries.filter(action="document.create").count() == 4
    assert set(entries.values_list("actor__username", flat=True)) == {"alice"}
    again_status, again = run_cli("documents", "import", str(_file(tmp_path, ROWS)), "--as", "alice")
    assert again_status == 0 and "0 văn bản mới, 0 văn bản được cập nhật, 4 văn bản không đổi" in again


def test_a_csv_list_is_imported_too(world: World, tmp_path: Path) -> None:
    path = tmp_path / "van-ban.csv"
    path.write_text(",".join(HEADER) + "\nKế hoạch,15-KH/TU,14/01/2019,,PROV,,,Không\n", encoding="utf-8")
    status, out = run_cli("documents", "import", str(path), "--as", "alice")
    assert status == 0, out
    assert Document.objects.get(symbol="15-KH/TU").issued_on == dt.date(2019, 1, 14)


def test_bad_rows_are_reported_by_row_and_column_in_vietnamese_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    rows = [
        ROWS[0],
        ["Sắc lệnh mới", "12-SL", "", "", "", "", "", ""],
        ["Kế hoạch", "16-KH/TU", "31/02/2019", "", "PROV", "", "", ""],
    ]
    status, out = run_cli("documents", "import", str(_file(tmp_path, rows)), "--as", "alice")
    assert status == 1
    assert "Tệp có 2 lỗi; chưa có dữ liệu nào được ghi." in out
    assert f"Dòng {FIRST_ROW + 1} · Loại văn bản: Loại văn bản “Sắc lệnh mới” không có trong danh mục." in out
    assert f"Dòng {FIRST_ROW + 2} · Ngày ban hành: " in out
    assert "    → Hãy ghi đúng tên loại" in out
    assert not Document.objects.exists()
    assert not _document_audit().exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_as_a_whole(world: World, tmp_path: Path) -> None:
    path = tmp_path / "van-ban.xlsx"
    path.write_bytes(b"%PDF-1.4 not a sheet")
    status, out = run_cli("documents", "import", str(path), "--as", "alice")
    assert status == 1
    assert "Cả tệp" in out and "không phải là bảng tính" in out
    assert not Document.objects.exists()


def test_a_missing_file_is_named(world: World, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.xlsx"
    status, out = run_cli("documents", "import", str(missing), "--as", "alice")
    assert status == 1
    assert f"Không tìm thấy tệp {missing}." in out


@pytest.mark.parametrize("username", ["khong-ai", "eve-inactive"])
def test_an_unknown_or_inactive_user_is_refused(world: World, tmp_path: Path, username: str) -> None:
    world.eve.username = "eve-inactive"
    world.eve.is_active = False
    world.eve.save(update_fields=["username", "is_active"])
    status, out = run_cli("documents", "import", str(_file(tmp_path, ROWS)), "--as", username)
    assert status == 1
    assert f"Không có người dùng “{username}” đang hoạt động." in out
    assert not Document.objects.exists()


def test_the_as_user_is_required(world: World, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli("documents", "import", str(_file(tmp_path, ROWS)))
    assert exited.value.code == 2
    assert not Document.objects.exists()


def test_a_user_who_keeps_no_register_is_refused(world: World, tmp_path: Path) -> None:
    status, out = run_cli("documents", "import", str(_file(tmp_path, ROWS)), "--as", "bob")
    assert status == 1
    assert "Người dùng “bob” không có quyền vào sổ văn bản của đơn vị nào." in out
    assert not Document.objects.exists()


def test_rows_outside_the_users_units_are_refused_and_the_rest_is_not_written(
    world: World, tmp_path: Path
) -> None:
    rows = [
        ["Kế hoạch", "05-KH/ĐU", "01/02/2024", "", "XB", "", "", ""],  # charlie's own commune
        ["Kế hoạch", "06-KH/ĐU", "01/02/2024", "", "XA", "", "", ""],  # a sibling's
        ["Nghị quyết", "35-NQ/TW", "22/10/2018", "", "TW", "", "", "Có"],  # the Centre's
    ]
    status, out = run_cli("documents", "import", str(_file(tmp_path, rows)), "--as", "charlie")
    assert status == 1
    assert "Tệp có 2 lỗi" in out
    assert f"Dòng {FIRST_ROW + 1} · Cơ quan ban hành: Không có đơn vị mã “XA”" in out
    assert f"Dòng {FIRST_ROW + 2} · Số ký hiệu: Bạn không có quyền vào sổ hay sửa văn bản 35-NQ/TW" in out
    assert f"Dòng {FIRST_ROW} " not in out
    assert not Document.objects.exists()
    assert not _document_audit().exists()


def test_the_report_is_in_english_on_request(world: World, tmp_path: Path) -> None:
    rows = [["Sắc lệnh mới", "12-SL", "", "", "", "", "", ""]]
    status, out = run_cli(
        "documents", "import", str(_file(tmp_path, rows)), "--as", "alice", "--language", "en"
    )
    assert status == 1
    assert "Errors in the file: 1; no data has been saved." in out
    assert f"Row {FIRST_ROW} · Loại văn bản: Document type “Sắc lệnh mới” is not in the list of types." in out
    missing = tmp_path / "khong-co.xlsx"
    status, out = run_cli("documents", "import", str(missing), "--as", "alice", "--language", "en")
    assert status == 1 and f"File {missing} not found." in out
    status, out = run_cli(
        "documents", "import", str(_file(tmp_path, ROWS)), "--as", "alice", "--language", "en"
    )
    assert status == 0 and "Import done. New documents: 4; updated: 0; unchanged: 0" in out


def _exported(path: Path) -> list[list[Any]]:
    return [list(row) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_the_export_reimports_to_the_same_registry(world: World, tmp_path: Path) -> None:
    central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22), subject="Bảo vệ nền tảng", term="XII")
    make_document(
        "15-KH/TU", "Kế hoạch", dt.date(2019, 1, 14), issuing_unit=world.province, status="replaced"
    )
    path = tmp_path / "so-van-ban.xlsx"
    path.write_bytes(b"an older export")
    status, out = run_cli("documents", "export", str(path), "--as", "alice")
    assert status == 0, out
    assert f"Đã xuất 2 văn bản vào {path}." in out
    rows = _exported(path)
    assert rows[0] == HEADER
    assert ["Kế hoạch", "15-KH/TU", "14/01/2019", None, "PROV", None, "Đã được thay thế", "Không"] in rows
    assert [p.name for p in tmp_path.iterdir()] == ["so-van-ban.xlsx"]  # no temporary file left
    status, out = run_cli("documents", "import", str(path), "--as", "alice")
    assert status == 0 and "0 văn bản mới, 0 văn bản được cập nhật, 2 văn bản không đổi" in out


def test_the_export_holds_only_what_the_as_user_may_see(world: World, tmp_path: Path) -> None:
    make_document("02-KH/ĐU", "Kế hoạch", dt.date(2024, 2, 1), issuing_unit=world.xa)
    make_document("03-KH/ĐU", "Kế hoạch", dt.date(2024, 2, 1), issuing_unit=world.xb)
    path = tmp_path / "xb.xlsx"
    status, out = run_cli("documents", "export", str(path), "--as", "charlie")
    assert status == 0, out
    assert [row[1] for row in _exported(path)[1:]] == ["03-KH/ĐU"]


def test_an_export_needs_an_xlsx_name_an_existing_folder_and_an_active_user(
    world: World, tmp_path: Path
) -> None:
    status, out = run_cli("documents", "export", str(tmp_path / "so.csv"), "--as", "alice")
    assert status == 1 and "phải có đuôi .xlsx" in out
    folder = tmp_path / "chua-tao"
    status, out = run_cli("documents", "export", str(folder / "so.xlsx"), "--as", "alice")
    assert status == 1 and f"Không có thư mục {folder}" in out
    status, out = run_cli("documents", "export", str(tmp_path / "so.xlsx"), "--as", "khong-ai")
    assert status == 1 and "Không có người dùng “khong-ai” đang hoạt động." in out
    assert list(tmp_path.iterdir()) == []
