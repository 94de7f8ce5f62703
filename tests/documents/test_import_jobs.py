"""The registry's import is a background job: the web request only stores the file (issue 9, section 1)."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bench import importer_files as hostile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from quantriet.documents import tasks
from quantriet.documents.models import Document
from quantriet.documents.views import transfer
from quantriet.orgs import services
from quantriet.orgs.models import ImportJob, ImportStatus, RoleAssignment
from tests.conftest import World
from tests.documents.helpers import make_document
from tests.documents.test_import_export import ROWS, xlsx
from tests.orgs.import_fixtures import run_cli

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Jobs enqueued by the page, left in the queue (the tests' backend would otherwise run them at once)."""
    enqueued: list[str] = []
    monkeypatch.setattr(transfer, "run_document_import", SimpleNamespace(enqueue=enqueued.append))
    return enqueued


def _post(client: Client, data: bytes, name: str = "van-ban.xlsx") -> Any:
    return client.post("/documents/import/", {"file": SimpleUploadedFile(name, data)})


def test_the_request_stores_the_file_and_queues_a_job_then_the_worker_imports_it(
    world: World, media: Path, queued: list[str]
) -> None:
    client = world.client_for(world.alice)
    data = xlsx(ROWS)
    response = _post(client, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/import/{job.pk}/"
    assert queued == [str(job.pk)]
    assert (job.kind, job.status, job.created_by) == ("documents", ImportStatus.QUEUED, world.alice)
    assert (media / job.stored_path).read_bytes() == data
    assert not Document.objects.exists()  # nothing parsed in the request
    page = client.get(f"/documents/import/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "<progress" in page

    tasks.run_document_import.func(str(job.pk))
    tasks.run_document_import.func(str(job.pk))  # a second delivery does nothing
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.summary["created"] == 4
    assert Document.objects.count() == 4
    page = client.get(f"/documents/import/{job.pk}/").content.decode()
    assert "Đã nhập: 4 văn bản mới, 0 văn bản được cập nhật, 0 văn bản không đổi." in page
    assert "http-equiv" not in page


def test_a_299_kb_sheet_of_xfd_cells_no_longer_holds_the_web_request(
    world: World, tmp_path: Path, queued: list[str]
) -> None:
    path = hostile.xfd_rows(tmp_path / "xfd.xlsx", "documents", 60_000)
    assert path.stat().st_size < 400_000
    tracemalloc.start()
    try:
        response = _post(world.client_for(world.alice), path.read_bytes())
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 302 and len(queued) == 1
    assert peak < 10 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"


def test_the_cli_still_imports_at_once_and_reads_hostile_files_in_bounded_memory(
    world: World, tmp_path: Path
) -> None:
    path = hostile.xfd_rows(tmp_path / "xfd.xlsx", "documents", 10_000)
    tracemalloc.start()
    try:
        status, out = run_cli("documents", "import", str(path), "--as", "alice")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 1 and "không có dòng văn bản nào" in out
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"


def test_a_refused_list_shows_every_error_on_its_job_page(world: World) -> None:
    client = world.client_for(world.charlie)  # may register documents of XB only
    rows = [["Kế hoạch", "04-KH/CB", "01/07/2025", "", "XA2", "", "", ""]]
    response = client.post(
        "/documents/import/", {"file": SimpleUploadedFile("v.xlsx", xlsx(rows))}, follow=True
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    page = response.content.decode()
    assert "Không có đơn vị mã “XA2” trong phạm vi bạn được quản lý văn bản" in page
    assert f"/imports/{job.pk}/errors.xlsx" in page
    assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == 200
    assert not Document.objects.exists()


def test_rights_are_checked_again_when_the_job_runs(world: World, queued: list[str]) -> None:
    _post(world.client_for(world.charlie), xlsx([["Kế hoạch", "04-KH/ĐU", "01/07/2025", "", "XB"]]))
    for role in RoleAssignment.objects.filter(user=world.charlie, revoked_at__isnull=True):
        services.revoke_role(None, role)
    tasks.run_document_import.func(queued[0])
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED and "không còn quyền" in job.errors[0]["message"]
    assert not Document.objects.exists()


def test_a_document_import_job_is_seen_only_by_its_uploader(world: World, queued: list[str]) -> None:
    _post(world.client_for(world.charlie), xlsx(ROWS))
    job = ImportJob.objects.get()
    assert world.client_for(world.charlie).get(f"/documents/import/{job.pk}/").status_code == 200
    # alice may import data into XB (the job's scope), yet a document list is its uploader's alone
    for url in (f"/documents/import/{job.pk}/", f"/imports/{job.pk}/", f"/imports/{job.pk}/errors.xlsx"):
        assert world.client_for(world.alice).get(url).status_code == 404, url


def test_an_upload_over_the_limit_is_dropped_as_it_streams_and_refused_with_the_limit(
    world: World, settings: Any, queued: list[str]
) -> None:
    settings.UPLOAD_MAX_BYTES = settings.IMPORT_MAX_BYTES = 1048576
    response = _post(world.client_for(world.alice), b"x" * (2 * 1048576))
    assert response.status_code == 400
    assert "vượt giới hạn 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists() and not queued


def test_a_document_registered_out_of_sight_is_not_confirmed_by_the_import(world: World) -> None:
    hidden = make_document("04-KH/CB", "Kế hoạch", dt.date(2025, 7, 1), issuing_unit=world.xa2)
    rows = [["Kế hoạch", "04-KH/CB", "01/07/2025", "", "XB", "", "", ""]]
    client = world.client_for(world.charlie)  # registers XB's documents; XA2's are out of his line
    page = client.post("/documents/import/", {"file": SimpleUploadedFile("v.xlsx", xlsx(rows))}, follow=True)
    text = page.content.decode()
    assert "Không vào sổ được văn bản 04-KH/CB từ tệp của bạn." in text
    assert "không có quyền" not in text and "thôn 2" not in text
    hidden.refresh_from_db()
    assert hidden.issuing_unit == world.xa2 and Document.objects.count() == 1
