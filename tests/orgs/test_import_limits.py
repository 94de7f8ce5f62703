"""Files built to exhaust the importer (issue 9, section 1) are refused or read in bounded memory and time.

The hostile files come from bench/importer_files.py, the builders the importer fuzz benchmark uses.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from bench import importer_files as hostile
from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.core.sheets import xlsx_scan
from quantriet.orgs.models import ImportJob, ImportStatus, Member
from tests.conftest import World
from tests.orgs.import_fixtures import csv_text, good_members, member, run_cli


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _import(path: Path, kind: str = "members", scope: str = "XA") -> tuple[int, str]:
    return run_cli("import", kind, str(path), "--scope", scope)


def test_a_54_kb_sheet_of_cells_at_column_xfd_is_read_in_a_few_megabytes(
    world: World, tmp_path: Path
) -> None:
    # Before: every row became a 16,384-wide tuple, 1.3 GB for this file.
    path = hostile.xfd_rows(tmp_path / "xfd.xlsx", "members", 10_000)
    assert 40_000 < path.stat().st_size < 70_000
    tracemalloc.start()
    try:
        status, out = _import(path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"
    assert status == 0, out  # the cells past the columns read are nothing: 10,000 empty rows
    assert "10000" in out.replace(".", "").replace(",", "")


def test_a_sheet_of_1048000_rows_is_refused_quickly_saying_to_split_the_file(
    world: World, tmp_path: Path
) -> None:
    path = hostile.many_rows(tmp_path / "rows.xlsx", "members", 1_048_000)
    start = time.perf_counter()
    status, out = _import(path)
    elapsed = time.perf_counter() - start
    assert status == 1
    assert "hơn 50.000 dòng dữ liệu" in out and "chia danh sách thành nhiều tệp" in out
    assert elapsed < 30, f"{elapsed:.1f} s"  # stopped at the limit, not read to the end
    assert Member.objects.count() == 4


def test_the_row_limit_is_a_setting_and_counts_only_rows_with_data(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 3
    path = tmp_path / "ds.csv"
    path.write_text(csv_text([*good_members(), [], [], []]), encoding="utf-8")
    status, out = _import(path)
    assert status == 0, out
    path.write_text(csv_text([*good_members(), good_members()[0]]), encoding="utf-8")
    status, out = _import(path)
    assert status == 1 and "hơn 3 dòng dữ liệu" in out


def test_a_zip_bomb_is_refused_from_its_declared_size_before_anything_is_inflated(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 4 * 1048576
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx", "members", 8)
    assert path.stat().st_size < 100_000
    status, out = _import(path)
    assert status == 1 and "khi giải nén lớn bất thường (quá 4 MB" in out


@pytest.mark.parametrize(
    ("builder", "argument"),
    [(hostile.deep_xml, 200_000), (hostile.wide_outside_rows, 300_000)],
    ids=["deep", "flat"],
)
def test_xml_that_a_tree_parser_would_keep_whole_is_refused_in_little_memory(
    world: World, tmp_path: Path, builder: Any, argument: int
) -> None:
    path = builder(tmp_path / "x.xlsx", "members", argument)
    tracemalloc.start()
    try:
        status, out = _import(path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 1 and "lớn bất thường" in out
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"


def test_too_many_shared_strings_are_refused_before_openpyxl_keeps_them(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_scan, "MAX_SHARED_STRINGS", 1_000)  # 500,000 unpatched: 5 s to build
    path = hostile.shared_strings(tmp_path / "strings.xlsx", "members", 1_001)
    status, out = _import(path)
    assert status == 1 and "lớn bất thường" in out


def test_a_damaged_sheet_is_refused_as_damaged(world: World, tmp_path: Path) -> None:
    status, out = _import(hostile.malformed_xml(tmp_path / "bad.xlsx", "members"))
    assert status == 1 and "bị hỏng" in out
    status, out = _import(hostile.truncated(tmp_path / "cut.xlsx", "members", 2_000))
    assert status == 1 and "bị hỏng" in out


def test_a_csv_line_with_more_separators_than_a_sheet_has_columns_is_refused(
    world: World, tmp_path: Path
) -> None:
    status, out = _import(hostile.csv_wide(tmp_path / "wide.csv", "members", 2_000_000))
    assert status == 1 and "quá nhiều cột" in out


def test_stored_errors_stop_at_the_limit_and_say_how_many_more(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.IMPORT_MAX_ERRORS = 5
    rows = [member(f"Sai Ngày {n}", "31/02/2020", "Nam", "01/01/2021", "", str(n), "XA1") for n in range(12)]
    upload = SimpleUploadedFile("ds.csv", csv_text(rows).encode())
    client = world.client_for(world.alice)
    client.post("/imports/", {"kind": "members", "scope": "XA", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert len(job.errors) == 6
    assert job.errors[-1]["message"] == "… và 7 lỗi khác."
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "… và 7 lỗi khác." in page and "Tệp có 12 lỗi" in page


def test_control_and_invisible_characters_in_cells_never_reach_the_register(
    world: World, tmp_path: Path
) -> None:
    rows = [
        member(
            "Phạm\x01 Thị\u200b Hoa\x7f",
            "05/09/1980",
            "Nữ",
            "03/02/2005",
            "03/02/2006",
            "2000\x0b0009",
            "XA1",
        )
    ]
    path = tmp_path / "ds.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    status, out = _import(path)
    assert status == 0, out
    saved = Member.objects.get(card_number="20000009")
    assert saved.full_name == "Phạm Thị Hoa"


def test_an_upload_page_link_with_a_unicode_digit_unit_is_not_a_server_error(world: World) -> None:
    client = world.client_for(world.alice)
    for raw in ("²", "١", "9" * 40, "-1"):
        response = client.get("/imports/", {"unit": raw})
        assert response.status_code == 200


def test_an_upload_over_the_site_limit_is_dropped_as_it_streams_and_refused_with_the_limit(
    world: World, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = settings.IMPORT_MAX_BYTES = 1048576
    upload = SimpleUploadedFile("ds.xlsx", b"x" * (2 * 1048576))
    response = world.client_for(world.alice).post(
        "/imports/", {"kind": "members", "scope": "XA", "file": upload}
    )
    assert response.status_code == 200
    assert "vượt giới hạn 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_rows_without_data_in_the_columns_read_still_count_towards_a_bound_on_reading_time(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 100  # data rows; a sheet may hold twice as many rows in all
    status, out = _import(hostile.xfd_rows(tmp_path / "ok.xlsx", "members", 150))
    assert status == 0, out
    status, out = _import(hostile.xfd_rows(tmp_path / "long.xlsx", "members", 300))
    assert status == 1 and "Trang tính có quá nhiều dòng (hơn 200 dòng" in out
