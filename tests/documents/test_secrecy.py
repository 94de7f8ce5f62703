"""Secrecy levels: a classified document is registered by its metadata; its file never reaches storage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.documents import services
from quantriet.documents.models import Document
from quantriet.documents.services.files import read_upload
from quantriet.orgs.models import AuditEntry
from tests.conftest import World
from tests.documents.helpers import make_document
from tests.orgs.import_fixtures import run_cli

pytestmark = pytest.mark.django_db

FORM = {
    "doc_type": "Kế hoạch",
    "symbol": "15-KH/TU",
    "issued_on": "14/01/2019",
    "issuing_unit": "PROV",
    "subject": "Kế hoạch bảo vệ an ninh nội bộ",
    "status": "in_force",
}
REFUSED = "không được lưu tệp hay toàn văn trên hệ thống"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_new_document_is_ordinary_and_says_so_on_its_page(world: World) -> None:
    document = make_document("16-KH/TU", "Kế hoạch", dt.date(2019, 1, 14), issuing_unit=world.province)
    assert document.secrecy == "normal"
    html = world.client_for(world.alice).get(f"/documents/{document.pk}/").content.decode()
    assert "Độ mật" in html and "Thường" in html


def test_a_classified_upload_is_refused_with_the_reason_and_nothing_is_stored(
    world: World, media: Path
) -> None:
    alice = world.client_for(world.alice)
    upload = SimpleUploadedFile("ke-hoach.txt", "Nội dung mật của kế hoạch.".encode())
    response = alice.post("/documents/new/", {**FORM, "secrecy": "secret", "file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert REFUSED in html and "Kế hoạch bảo vệ an ninh nội bộ" in html  # what was typed is kept
    assert not Document.objects.exists()
    assert stored_files(media) == []
    assert not alice.session.get("documents_pending_uploads")  # not kept for a next try either


def test_a_classified_document_is_registered_by_its_metadata(world: World, media: Path) -> None:
    response = world.client_for(world.alice).post("/documents/new/", {**FORM, "secrecy": "top_secret"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.secrecy, document.file.name, document.body) == ("top_secret", "", "")
    html = world.client_for(world.alice).get(f"/documents/{document.pk}/").content.decode()
    assert "Tuyệt mật" in html and "tệp và toàn văn được quản lý ngoài hệ thống" in html
    listed = world.client_for(world.alice).get("/documents/", {"q": "15-KH/TU"}).content.decode()
    assert '<span class="badge secrecy">Tuyệt mật</span>' in listed


def test_the_full_text_of_a_classified_document_is_refused_too(world: World) -> None:
    response = world.client_for(world.alice).post(
        "/documents/new/", {**FORM, "secrecy": "confidential", "body": "Toàn văn mật."}
    )
    assert response.status_code == 400 and REFUSED in response.content.decode()
    assert not Document.objects.exists()


def test_the_service_refuses_a_classified_file_whoever_calls_it(world: World, media: Path) -> None:
    upload = read_upload("Nội dung.".encode(), "mat.txt")
    with pytest.raises(ValidationError) as refused:
        services.create_document(
            None,
            doc_type="Kế hoạch",
            symbol="17-KH/TU",
            issuing_unit=world.province,
            secrecy="secret",
            upload=upload,
        )
    assert REFUSED in refused.value.message_dict["file"][0]
    document = make_document(
        "18-KH/TU", "Kế hoạch", dt.date(2019, 1, 14), issuing_unit=world.province, secrecy="confidential"
    )
    with pytest.raises(ValidationError):
        services.update_document(
            None,
            document,
            doc_type="Kế hoạch",
            symbol="18-KH/TU",
            issued_on=dt.date(2019, 1, 14),
            issuing_unit=world.province,
            upload=upload,
        )
    assert stored_files(media) == []


def test_classifying_a_document_removes_its_stored_file_and_records_it(world: World, media: Path) -> None:
    alice = world.client_for(world.alice)
    upload = SimpleUploadedFile("ke-hoach.txt", "Nội dung của kế hoạch.".encode())
    assert alice.post("/documents/new/", {**FORM, "file": upload}).status_code == 302
    document = Document.objects.get()
    assert len(stored_files(media)) == 1 and document.file_text
    assert (
        alice.post(f"/documents/{document.pk}/edit/", {**FORM, "secrecy": "confidential"}).status_code == 302
    )
    document.refresh_from_db()
    assert (document.secrecy, document.file.name, document.file_name, document.file_text) == (
        "confidential",
        "",
        "",
        "",
    )
    assert stored_files(media) == []
    entry = AuditEntry.objects.filter(action="document.update").latest("id")
    assert entry.changes["file"] == ["ke-hoach.txt", ""] and entry.changes["secrecy"] == [
        "normal",
        "confidential",
    ]


def test_a_classified_document_cannot_be_public(world: World) -> None:
    response = world.client_for(world.alice).post(
        "/documents/new/", {**FORM, "secrecy": "secret", "is_public": "on"}
    )
    assert response.status_code == 400 and "Văn bản mật không được công khai" in response.content.decode()


def test_an_import_keeps_the_registered_secrecy_level(world: World, tmp_path: Path) -> None:
    document = make_document(
        "19-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 14),
        issuing_unit=world.province,
        subject="Cũ",
        secrecy="secret",
    )
    sheet = tmp_path / "van-ban.csv"
    sheet.write_text(
        "Loại văn bản,Số ký hiệu,Ngày ban hành,Cơ quan ban hành,Trích yếu\n"
        "Kế hoạch,19-KH/TU,14/01/2019,PROV,Mới\n",
        encoding="utf-8",
    )
    status, _out = run_cli("documents", "import", str(sheet), "--as", "alice")
    document.refresh_from_db()
    assert status == 0 and (document.subject, document.secrecy) == ("Mới", "secret")
    updates = AuditEntry.objects.filter(action="document.update").count()
    assert run_cli("documents", "import", str(sheet), "--as", "alice")[0] == 0
    assert AuditEntry.objects.filter(action="document.update").count() == updates  # nothing changed
