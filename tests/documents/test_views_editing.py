"""Registering and editing documents through the pages: good input, every bad input, access."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from quantriet.documents.models import CitationLink, Document, Status
from quantriet.orgs.models import AuditEntry
from tests.conftest import World
from tests.documents.helpers import central, make_document
from tests.text.files import encode_tcvn3, encrypt_pdf, make_docx, make_pdf

pytestmark = pytest.mark.django_db

FORM = {
    "doc_type": "Kế hoạch",
    "symbol": "15-KH/TU",
    "issued_on": "14/01/2019",
    "term": "XVIII",
    "issuing_unit": "PROV",
    "subject": "Thực hiện Nghị quyết 35-NQ/TW trên địa bàn tỉnh",
    "status": "in_force",
    "body": "Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị.",
}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def post(client: Client, url: str, upload: tuple[str, bytes] | None = None, **changes: str) -> Any:
    data: dict[str, Any] = {**FORM, **changes}
    if upload is not None:
        data["file"] = SimpleUploadedFile(upload[0], upload[1])
    return client.post(url, data)


def test_staff_register_a_document_and_its_citations_become_links(world: World, media: Path) -> None:
    cited = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    response = post(world.client_for(world.alice), "/documents/new/")
    assert response.status_code == 302
    document = Document.objects.get(symbol="15-KH/TU")
    assert response["Location"] == f"/documents/{document.pk}/"
    assert (document.issued_on, document.term, document.issuing_unit) == (
        dt.date(2019, 1, 14),
        "XVIII",
        world.province,
    )
    assert document.number == "15" and document.issuer == "TU" and document.system == "party"
    assert CitationLink.objects.get(owner_id=document.pk, field="body").target == cited
    assert AuditEntry.objects.filter(
        action="document.create", target_id=str(document.pk), actor=world.alice
    ).exists()
    page = world.client_for(world.alice).get(response["Location"]).content.decode()
    assert f'href="/documents/{cited.pk}/"' in page


def test_a_symbol_that_contradicts_the_type_is_refused_and_the_form_keeps_what_was_typed(
    world: World, media: Path
) -> None:
    response = post(world.client_for(world.alice), "/documents/new/", doc_type="Quy định", symbol="35-NQ/TW")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ký hiệu 35-NQ/TW là của một Nghị quyết, không phải Quy định" in page
    assert "Thực hiện Nghị quyết 35-NQ/TW trên địa bàn tỉnh" in page  # the subject typed
    assert 'value="14/01/2019"' in page
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"symbol": "số 35 của TW"}, "không đúng dạng"),
        ({"symbol": ""}, "Hãy ghi số và ký hiệu"),
        ({"doc_type": ""}, "Hãy chọn loại văn bản"),
        ({"issued_on": "31/02/2019"}, "Ngày không hợp lệ"),
        ({"term": "mười"}, "Khóa “mười” không hợp lệ"),
        ({"issuing_unit": "XB"}, "phạm vi bạn được quản lý"),
    ],
)
def test_bad_values_get_a_vietnamese_error_and_nothing_is_saved(
    world: World, media: Path, changes: dict[str, str], message: str
) -> None:
    client = world.client_for(world.charlie if changes.get("issuing_unit") == "XB" else world.alice)
    if "issuing_unit" in changes:
        changes = {"issuing_unit": "XA"}  # charlie manages XB only
    response = post(client, "/documents/new/", **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_the_same_symbol_and_date_cannot_be_registered_twice_but_another_term_can(world: World) -> None:
    client = world.client_for(world.alice)
    assert post(client, "/documents/new/").status_code == 302
    again = post(client, "/documents/new/")
    assert again.status_code == 400
    assert "Sổ văn bản đã có Kế hoạch 15-KH/TU 14/01/2019" in again.content.decode()
    assert post(client, "/documents/new/", issued_on="10/02/2026", term="XIX").status_code == 302
    assert Document.objects.filter(symbol="15-KH/TU").count() == 2


def test_undated_documents_are_told_apart_by_term(world: World) -> None:
    client = world.client_for(world.alice)
    assert post(client, "/documents/new/", issued_on="", term="").status_code == 302
    assert post(client, "/documents/new/", issued_on="", term="").status_code == 400
    assert post(client, "/documents/new/", issued_on="", term="XIX").status_code == 302


def test_registering_a_placeholder_completes_it_instead_of_duplicating(world: World) -> None:
    make_document("01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Theo Chỉ thị 05-CT/TW.")
    placeholder = Document.objects.get(symbol="05-CT/TW")
    response = post(
        world.client_for(world.alice),
        "/documents/new/",
        doc_type="Chỉ thị",
        symbol="05-CT/TW",
        issued_on="",
        term="",
        issuing_unit="",
        is_public="on",
        body="",
    )
    assert response.status_code == 302
    placeholder.refresh_from_db()
    assert placeholder.confirmed and placeholder.is_public
    assert Document.objects.filter(symbol="05-CT/TW").count() == 1


def test_a_text_file_is_stored_and_its_text_scanned(world: World, media: Path) -> None:
    cited = central("21-KL/TW", "Kết luận", dt.date(2021, 10, 25))
    text = "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021.".encode()
    response = post(world.client_for(world.alice), "/documents/new/", upload=("ke-hoach.txt", text), body="")
    assert response.status_code == 302
    document = Document.objects.get(symbol="15-KH/TU")
    assert document.file_name == "ke-hoach.txt" and document.file_kind == "txt"
    assert CitationLink.objects.get(owner_id=document.pk, field="file_text").target == cited
    download = world.client_for(world.alice).get(f"/documents/{document.pk}/file/")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == text


def test_a_docx_file_is_read(world: World, media: Path) -> None:
    data = make_docx(["KẾ HOẠCH", "Thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị."])
    response = post(world.client_for(world.alice), "/documents/new/", upload=("ke-hoach.docx", data))
    assert response.status_code == 302
    assert "Chỉ thị 05-CT/TW" in Document.objects.get(symbol="15-KH/TU").file_text


def test_a_scanned_pdf_without_text_is_kept_and_the_page_says_it_has_no_text(
    world: World, media: Path
) -> None:
    response = post(
        world.client_for(world.alice), "/documents/new/", upload=("ban-chup.pdf", make_pdf([None, None]))
    )
    assert response.status_code == 302
    document = Document.objects.get(symbol="15-KH/TU")
    assert document.file and document.file_without_text and document.file_text == ""
    assert len(stored_files(media)) == 1
    page = world.client_for(world.alice).get(f"/documents/{document.pk}/").content.decode()
    assert "không có lớp chữ" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("mat-khau.pdf", encrypt_pdf(make_pdf(["Ke hoach"]), user_password="bi-mat"), "mật khẩu"),
        ("hong.docx", b"PK\x03\x04 not really a zip archive", "hỏng"),
        ("cu.txt", encode_tcvn3("Thực hiện Nghị quyết của Tỉnh ủy về công tác cán bộ năm nay.") * 5, "TCVN3"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "là ảnh"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message_and_nothing_is_stored(
    world: World, media: Path, name: str, data: bytes, message: str
) -> None:
    response = post(world.client_for(world.alice), "/documents/new/", upload=(name, data))
    assert response.status_code == 400
    page = response.content.decode()
    assert message.lower() in page.lower(), page[page.find("errorlist") - 200 : page.find("errorlist") + 600]
    assert "Thực hiện Nghị quyết 35-NQ/TW trên địa bàn tỉnh" in page
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused_while_streaming_and_the_typed_values_are_kept(
    world: World, media: Path, settings: Any
) -> None:
    settings.DOCUMENT_MAX_BYTES = 10_000
    response = post(world.client_for(world.alice), "/documents/new/", upload=("lon.txt", b"a" * 20_000))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp quá lớn" in page and "Thực hiện Nghị quyết 35-NQ/TW trên địa bàn tỉnh" in page
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_request_announcing_more_than_the_limit_keeps_no_byte_of_the_file(
    world: World, media: Path, settings: Any
) -> None:
    settings.DOCUMENT_MAX_BYTES = 1_000  # the body below is over limit + form allowance
    client = world.client_for(world.alice)
    response = post(client, "/documents/new/", upload=("rat-lon.txt", b"b" * (7 * 1024 * 1024)))
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not Document.objects.exists()


def test_replacing_the_file_on_edit_removes_the_old_one(world: World, media: Path) -> None:
    client = world.client_for(world.alice)
    post(client, "/documents/new/", upload=("a.txt", "Bản đầu.".encode()))
    document = Document.objects.get(symbol="15-KH/TU")
    response = post(client, f"/documents/{document.pk}/edit/", upload=("b.txt", "Bản sau.".encode()))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file_name == "b.txt" and document.file_text == "Bản sau."
    assert len(stored_files(media)) == 1


def test_editing_keeps_the_file_when_none_is_sent_and_confirms_a_placeholder(world: World) -> None:
    make_document("01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Theo Kế hoạch 09-KH/TU.")
    placeholder = Document.objects.get(symbol="09-KH/TU")
    assert not placeholder.confirmed
    response = post(
        world.client_for(world.alice),
        f"/documents/{placeholder.pk}/edit/",
        symbol="09-KH/TU",
        issued_on="",
        term="",
        body="",
    )
    assert response.status_code == 302
    placeholder.refresh_from_db()
    assert placeholder.confirmed and placeholder.subject == FORM["subject"]
    entry = AuditEntry.objects.get(action="document.update", target_id=str(placeholder.pk))
    assert entry.changes["confirmed"] == [False, True]


def test_outsiders_can_neither_open_nor_edit_a_sibling_units_document(world: World) -> None:
    document = make_document(
        "02-KH/ĐU", "Kế hoạch", dt.date(2024, 1, 2), issuing_unit=world.xa, subject="Riêng"
    )
    for user in (world.charlie, world.eve):
        client = world.client_for(user)
        assert client.get(f"/documents/{document.pk}/").status_code == 404
        assert post(client, f"/documents/{document.pk}/edit/", subject="Bị sửa").status_code == 404
    # bob sees it (his commune's document) but may not edit it
    bob = world.client_for(world.bob)
    assert bob.get(f"/documents/{document.pk}/").status_code == 200
    assert post(bob, f"/documents/{document.pk}/edit/", symbol="02-KH/ĐU").status_code == 403
    document.refresh_from_db()
    assert document.subject == "Riêng"


def test_only_province_staff_edit_central_documents(world: World) -> None:
    document = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    charlie = world.client_for(world.charlie)
    assert charlie.get(f"/documents/{document.pk}/").status_code == 200
    assert charlie.get(f"/documents/{document.pk}/edit/").status_code == 403
    assert world.client_for(world.alice).get(f"/documents/{document.pk}/edit/").status_code == 200


def test_members_without_a_document_role_cannot_register(world: World) -> None:
    assert world.client_for(world.bob).get("/documents/new/").status_code == 404
    assert post(world.client_for(world.dave), "/documents/new/").status_code == 404
    assert not Document.objects.exists()


def test_relations_show_both_ways_and_replacing_marks_the_old_document(world: World) -> None:
    old = central("66-QĐ/TW", "Quy định", dt.date(2017, 1, 6))
    new = central("399-QĐ/TW", "Quy định")
    client = world.client_for(world.alice)
    response = client.post(
        f"/documents/{new.pk}/relations/new/", {"direction": "replaces", "other": "66-QĐ/TW"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == Status.REPLACED
    assert "Được thay thế bởi" in client.get(f"/documents/{old.pk}/").content.decode()
    assert "Thay thế" in client.get(f"/documents/{new.pk}/").content.decode()
    relation = new.relations_out.get()
    assert client.post(f"/documents/{new.pk}/relations/{relation.pk}/delete/").status_code == 302
    old.refresh_from_db()
    assert old.status == Status.IN_FORCE


def test_a_relation_to_an_unknown_or_circular_document_is_refused(world: World) -> None:
    a = central("66-QĐ/TW", "Quy định", dt.date(2017, 1, 6))
    b = central("399-QĐ/TW", "Quy định")
    client = world.client_for(world.alice)
    unknown = client.post(f"/documents/{a.pk}/relations/new/", {"direction": "guides", "other": "77-HD/TW"})
    assert unknown.status_code == 400 and "Sổ văn bản chưa có 77-HD/TW" in unknown.content.decode()
    assert (
        client.post(
            f"/documents/{b.pk}/relations/new/", {"direction": "replaces", "other": "66-QĐ/TW"}
        ).status_code
        == 302
    )
    circular = client.post(
        f"/documents/{a.pk}/relations/new/", {"direction": "replaces", "other": "399-QĐ/TW"}
    )
    assert circular.status_code == 400 and "không thể thay thế lại" in circular.content.decode()
    inverse = client.post(
        f"/documents/{a.pk}/relations/new/", {"direction": "replaced_by", "other": "399-QĐ/TW"}
    )
    assert inverse.status_code == 400 and "Quan hệ này đã có rồi" in inverse.content.decode()


def test_a_good_file_is_kept_while_another_field_is_corrected(world: World, media: Path) -> None:
    client = world.client_for(world.alice)
    refused = post(client, "/documents/new/", upload=("ke-hoach.txt", "Nội dung tệp.".encode()), symbol="sai")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Đã nhận tệp ke-hoach.txt; không cần chọn lại" in page
    token = re.search(r'name="kept_file" value="([^"]+)"', page)
    assert token is not None
    assert not Document.objects.exists()
    saved = post(client, "/documents/new/", kept_file=token.group(1))
    assert saved.status_code == 302
    document = Document.objects.get(symbol="15-KH/TU")
    assert document.file_name == "ke-hoach.txt" and document.file_text == "Nội dung tệp."
    assert len(stored_files(media)) == 1  # the kept copy is gone, the document's copy stays
    # another session cannot use the token
    other = post(
        world.client_for(world.alice), "/documents/new/", symbol="16-KH/TU", kept_file=token.group(1)
    )
    assert other.status_code == 302
    assert not Document.objects.get(symbol="16-KH/TU").file
