"""The member import checks each row's plausibility: errors stop the row, warnings wait for a confirmation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.orgs.models import ImportJob, ImportStatus, Member
from tests.conftest import World
from tests.orgs.import_fixtures import member, run_cli, write_xlsx


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def test_a_member_born_2015_admitted_2020_is_refused_with_a_row_level_message(
    world: World, tmp_path: Path
) -> None:
    rows = [
        member("Phạm Thị Hoa", "05/09/1980", "Nữ", "03/02/2005", "03/02/2006", "20000001", "XA1"),
        member("Bé Văn Nhỏ", "01/03/2015", "Nam", "01/05/2020", "01/05/2021", "20000003", "XA1"),
    ]
    status, out = run_cli("import", "members", str(write_xlsx(tmp_path / "ds.xlsx", rows)), "--scope", "XA")
    assert status == 1
    assert "Dòng 6 · Ngày vào Đảng: Ngày vào Đảng 01/05/2020 khi mới 5 tuổi" in out
    assert "phải đủ 18 tuổi" in out
    # An error cannot be confirmed away.
    status, out = run_cli(
        "import",
        "members",
        str(write_xlsx(tmp_path / "ds.xlsx", rows)),
        "--scope",
        "XA",
        "--confirm-warnings",
    )
    assert status == 1 and not Member.objects.filter(card_number__in=["20000001", "20000003"]).exists()


def test_full_status_without_a_date_and_a_probation_since_2020_are_warnings_confirmed_on_the_job_page(
    world: World, tmp_path: Path
) -> None:
    rows = [
        member("Phạm Thị Hoa", "05/09/1980", "Nữ", "03/02/2005", "", "20000001", "XA1", "Chính thức"),
        member("Hoàng Minh Tuấn", "07/03/1995", "Nam", "19/05/2020", "", "", "XA1", "Dự bị"),
    ]
    client = world.client_for(world.alice)
    data = write_xlsx(tmp_path / "ds.xlsx", rows).read_bytes()
    client.post("/imports/", {"kind": "members", "scope": "XA", "file": SimpleUploadedFile("ds.xlsx", data)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED and not Member.objects.filter(card_number="20000001").exists()
    assert [(e["row"], e["column"], e["warning"]) for e in job.errors] == [
        (5, "Ngày chính thức", True),
        (6, "Tình trạng", True),
    ]
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Tệp không có lỗi nhưng có 2 cảnh báo" in page
    assert "chưa có ngày chính thức" in page and "Đảng viên dự bị từ 19/05/2020" in page
    assert "Tôi đã kiểm tra, vẫn nhập" in page
    # Someone who may not import into the scope cannot confirm it.
    assert world.client_for(world.charlie).post(f"/imports/{job.pk}/confirm/").status_code == 404
    response = client.post(f"/imports/{job.pk}/confirm/")
    confirmed = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{confirmed.pk}/"
    assert confirmed.status == ImportStatus.DONE and confirmed.summary["created"] == 2
    assert confirmed.summary["warnings_confirmed"] == 2
    assert (
        '<td class="num" id="warnings-confirmed">2</td>'
        in client.get(f"/imports/{confirmed.pk}/").content.decode()
    )
    assert Member.objects.get(full_name="Hoàng Minh Tuấn").status == "probationary"
    # A job refused for errors offers no confirmation.
    assert client.post(f"/imports/{confirmed.pk}/confirm/").status_code == 404


def test_a_file_with_errors_lists_its_warnings_too_and_offers_no_confirmation(
    world: World, tmp_path: Path
) -> None:
    rows = [
        member("Sai Ngày", "31/02/1990", "Nam", "01/01/2021", "", "1", "XA1"),
        member("Hoàng Minh Tuấn", "07/03/1995", "Nam", "19/05/2020", "", "", "XA1", "Dự bị"),
    ]
    client = world.client_for(world.alice)
    data = write_xlsx(tmp_path / "ds.xlsx", rows).read_bytes()
    client.post("/imports/", {"kind": "members", "scope": "XA", "file": SimpleUploadedFile("ds.xlsx", data)})
    job = ImportJob.objects.get()
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Tệp có 1 lỗi nên chưa có dữ liệu nào được ghi" in page
    assert "Cảnh báo:" in page and "Tôi đã kiểm tra, vẫn nhập" not in page
    assert client.post(f"/imports/{job.pk}/confirm/").status_code == 404


def test_a_name_typed_in_a_legacy_font_is_converted_and_reported_per_row(
    world: World, tmp_path: Path
) -> None:
    rows = [
        member("NguyÔn V¨n Tr\u00adêng", "30/04/1975", "Nam", "10/01/2000", "10/01/2001", "20000102", "XA2")
    ]
    path = write_xlsx(tmp_path / "ds.xlsx", rows)
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 1
    assert "Dòng 5 · Họ và tên · cảnh báo:" in out
    assert "bảng mã TCVN3 (ABC)); sẽ ghi là “Nguyễn Văn Trường”" in out
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--confirm-warnings")
    assert status == 0, out
    assert Member.objects.get(card_number="20000102").full_name == "Nguyễn Văn Trường"
