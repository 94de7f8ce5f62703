"""The upload page, the background job with its progress page, and who may see them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from quantriet.orgs import imports, services
from quantriet.orgs.models import ImportJob, ImportStatus, Member, RoleAssignment
from tests.conftest import World
from tests.orgs.import_fixtures import good_members, member, write_xlsx


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _xlsx(tmp_path: Path, rows: list[list[Any]]) -> bytes:
    return write_xlsx(tmp_path / "upload.xlsx", rows).read_bytes()


def _upload(
    client: Client, data: bytes, scope: str = "XA", name: str = "ds.xlsx", kind: str = "members"
) -> Any:
    return client.post("/imports/", {"kind": kind, "scope": scope, "file": SimpleUploadedFile(name, data)})


def test_an_upload_is_stored_run_and_its_summary_shown(world: World, tmp_path: Path, media: Path) -> None:
    client = world.client_for(world.alice)
    data = _xlsx(tmp_path, good_members())
    response = _upload(client, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert (media / "imports" / str(job.pk) / "ds.xlsx").read_bytes() == data
    assert job.status == ImportStatus.DONE and job.created_by == world.alice
    assert (job.total_rows, job.processed_rows, job.summary["created"]) == (3, 3, 3)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert '<td class="num" id="created">3</td>' in page
    assert 'http-equiv="refresh"' not in page
    assert Member.objects.filter(card_number="20000001", unit=world.xa1).exists()


def test_a_rejected_upload_shows_every_error_and_offers_them_as_a_spreadsheet(
    world: World, tmp_path: Path
) -> None:
    client = world.client_for(world.alice)
    rows = [*good_members(), member("Sai Ngày", "31/02/2020", "Nam", "01/01/2021", "", "1", "XA1")]
    _upload(client, _xlsx(tmp_path, rows))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert not Member.objects.filter(card_number="20000001").exists()
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Tệp có 1 lỗi nên chưa có dữ liệu nào được ghi" in page
    assert "Ngày 31/02/2020 không có thật" in page
    report = client.get(f"/imports/{job.pk}/errors.xlsx")
    assert report["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(report.getvalue())).active
    rows_out = list(sheet.iter_rows(values_only=True))
    assert rows_out[1] == ("Dòng", "Cột", "Lỗi", "Cách sửa")
    assert rows_out[2][:2] == (8, "Ngày sinh") and "không có thật" in rows_out[2][2]


def test_a_file_that_is_not_a_spreadsheet_is_kept_and_the_job_says_why(
    world: World, tmp_path: Path, media: Path
) -> None:
    client = world.client_for(world.alice)
    _upload(client, b"just some text, not a workbook", name="ds.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert (media / job.stored_path).exists()
    assert "không phải là bảng tính" in client.get(f"/imports/{job.pk}/").content.decode()


def test_a_file_over_the_limit_is_refused_on_the_form_with_the_limit(world: World, settings: Any) -> None:
    settings.IMPORT_MAX_BYTES = 1048576
    response = _upload(world.client_for(world.alice), b"x" * 1_100_000)
    assert response.status_code == 200
    assert "vượt giới hạn 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_job_page_refreshes_itself_with_a_progress_bar_until_the_job_is_finished(
    world: World, tmp_path: Path
) -> None:
    data = _xlsx(tmp_path, good_members())
    job = imports.create_job(world.alice, "members", world.xa, "ds.xlsx", [data], len(data))
    client = world.client_for(world.alice)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "<progress" in page
    imports.run_job(str(job.pk))
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "http-equiv" not in page and "<progress" not in page


def test_a_job_runs_once_even_when_two_workers_are_handed_it(world: World, tmp_path: Path) -> None:
    data = _xlsx(tmp_path, good_members())
    job = imports.create_job(world.alice, "members", world.xa, "ds.xlsx", [data], len(data))
    imports.run_job(str(job.pk))
    imports.run_job(str(job.pk))
    job.refresh_from_db()
    assert (
        job.summary["created"] == 3 and Member.objects.filter(card_number__startswith="2000000").count() == 2
    )
    # A job another worker is running right now is left alone...
    other = imports.create_job(world.alice, "members", world.xa, "ds.xlsx", [data], len(data))
    ImportJob.objects.filter(pk=other.pk).update(
        status=ImportStatus.RUNNING, started_at=dt.datetime.now(dt.UTC)
    )
    imports.run_job(str(other.pk))
    other.refresh_from_db()
    assert other.status == ImportStatus.RUNNING
    # ...but one whose worker died long ago is taken over (nothing of it was written).
    ImportJob.objects.filter(pk=other.pk).update(started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    imports.run_job(str(other.pk))
    other.refresh_from_db()
    assert other.status == ImportStatus.DONE and other.summary["unchanged"] == 3


def test_rights_are_checked_again_when_the_job_runs(world: World, tmp_path: Path) -> None:
    data = _xlsx(tmp_path, [member("Hồ Văn Xuân", "01/01/1990", "Nam", "01/01/2015", "", "71000001", "XB1")])
    job = imports.create_job(world.charlie, "members", world.xb, "ds.xlsx", [data], len(data))
    services.revoke_role(None, RoleAssignment.objects.get(user=world.charlie))
    imports.run_job(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and "không còn quyền" in job.errors[0]["message"]
    assert not Member.objects.filter(card_number="71000001").exists()


def test_progress_is_counted_over_large_files(world: World, tmp_path: Path) -> None:
    rows = [
        member(f"Người Thử {i}", "01/01/1990", "Nam", "01/01/2015", "01/01/2016", f"72{i:06d}", "XA1")
        for i in range(1, 1201)
    ]
    _upload(world.client_for(world.alice), _xlsx(tmp_path, rows))
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, job.processed_rows, job.summary["created"]) == (
        "done",
        1200,
        1200,
        1200,
    )


def test_a_job_page_is_seen_only_by_its_uploader_and_those_who_may_import_into_its_scope(
    world: World, tmp_path: Path
) -> None:
    data = _xlsx(tmp_path, good_members())
    xa_job = imports.create_job(world.alice, "members", world.xa, "ds.xlsx", [data], len(data))
    xb_job = imports.create_job(world.charlie, "members", world.xb, "ds.xlsx", [data], len(data))
    for user, job, status in [
        (world.alice, xa_job, 200),
        (world.alice, xb_job, 200),
        (world.charlie, xb_job, 200),
        (world.charlie, xa_job, 404),
        (world.bob, xa_job, 404),
        (world.dave, xa_job, 404),
        (world.eve, xb_job, 404),
    ]:
        client = world.client_for(user)
        assert client.get(f"/imports/{job.pk}/").status_code == status, (user, job.scope)
        assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == status, (user, job.scope)
    assert Client().get(f"/imports/{xa_job.pk}/").status_code == 302  # to the sign-in page


def test_charlie_cannot_upload_into_the_sibling_commune(world: World, tmp_path: Path) -> None:
    response = _upload(world.client_for(world.charlie), _xlsx(tmp_path, good_members()), scope="XA")
    assert response.status_code == 200
    assert "Không có đơn vị mã “XA” trong phạm vi bạn được nhập dữ liệu" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("name", ["bob", "dave", "eve"])
def test_users_without_import_rights_get_no_upload_page(world: World, tmp_path: Path, name: str) -> None:
    client = world.client_for(getattr(world, name))
    assert client.get("/imports/").status_code == 404
    assert _upload(client, _xlsx(tmp_path, good_members()), scope="XA1").status_code == 404
    assert not ImportJob.objects.exists()


def test_the_upload_page_lists_templates_and_recent_jobs_in_few_queries(
    world: World, tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    data = _xlsx(tmp_path, good_members())
    for _ in range(5):
        imports.create_job(world.alice, "members", world.xa, "ds.xlsx", [data], len(data))
    client = world.client_for(world.alice)
    with django_assert_max_num_queries(10):
        page = client.get("/imports/").content.decode()
    assert page.count("/imports/") >= 5 and "Tải tệp mẫu" in page
    template = client.get("/imports/template/members.xlsx")
    header = next(load_workbook(io.BytesIO(template.getvalue())).active.iter_rows(values_only=True))
    assert header == tuple(imports.MEMBER_LAYOUT.labels)


def test_a_link_from_a_unit_preselects_it_only_within_the_users_rights(world: World) -> None:
    page = world.client_for(world.charlie).get(f"/imports/?unit={world.xb1.pk}").content.decode()
    assert 'value="XB1"' in page
    page = world.client_for(world.charlie).get(f"/imports/?unit={world.xa1.pk}").content.decode()
    assert 'value="XA1"' not in page and 'value="XB"' in page
