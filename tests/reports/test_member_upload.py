"""A member hands in a file: its text is read and shown for confirmation, then handed in; bad files are
refused with a Vietnamese sentence that says what to do, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quantriet.reports.models import LearningReport, ReportVersion, Requirement
from quantriet.text import text_digest
from tests.reports.conftest import Reports
from tests.reports.writing import essay
from tests.text.files import encode_tcvn3, make_docx, make_odt, make_pdf

pytestmark = pytest.mark.django_db


def dave_report(reports: Reports) -> LearningReport:
    return reports.report_of(reports.world.m_dave)


def upload(client: Client, report: LearningReport, data: bytes, name: str) -> Any:
    return client.post(reverse("reports:upload", args=[report.pk]), {"file": SimpleUploadedFile(name, data)})


def confirm(client: Client, report: LearningReport, digest: str) -> Any:
    return client.post(reverse("reports:upload", args=[report.pk]), {"step": "confirm", "digest": digest})


def shown_digest(response: Any) -> str:
    html: str = response.content.decode()
    start = html.index('name="digest" value="') + len('name="digest" value="')
    return html[start : html.index('"', start)]


def nothing_saved(reports: Reports, report: LearningReport) -> None:
    report.refresh_from_db()
    assert not ReportVersion.objects.filter(report=report).exists()
    assert report.status == "required"


def test_a_docx_is_read_shown_and_handed_in_on_confirmation(reports: Reports) -> None:
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    page = client.get(reverse("reports:upload", args=[report.pk]))
    assert page.status_code == 200 and 'accept=".docx,.pdf,.odt,.txt"' in page.content.decode()
    paragraphs = essay(11).split("\n\n")
    shown = upload(client, report, make_docx(paragraphs), "bai-thu-hoach.docx")
    assert shown.status_code == 200
    html = shown.content.decode()
    assert paragraphs[0][:60] in html and "Xác nhận nội dung" in html
    assert not ReportVersion.objects.filter(report=report).exists()  # nothing before the confirmation

    answer = confirm(client, report, shown_digest(shown))
    version = ReportVersion.objects.get(report=report)
    assert answer.status_code == 302 and answer["Location"] == reverse("reports:receipt", args=[version.pk])
    assert (version.source, version.file_kind, version.file_name) == ("upload", "docx", "bai-thu-hoach.docx")
    assert version.text == "\n".join(paragraphs)
    # The text waited in the session; once handed in it is gone, so the button cannot be pressed twice.
    again = confirm(client, report, shown_digest(shown))
    assert again.status_code == 400 and "tải tệp lên lại" in again.content.decode()
    assert ReportVersion.objects.filter(report=report).count() == 1


@pytest.mark.parametrize(
    ("name", "build", "kind"),
    [
        ("bai.pdf", lambda text: make_pdf([text[:90], text[90:180]]), "pdf"),
        ("bai.odt", lambda text: make_odt(f"<text:p>{text}</text:p>"), "odt"),
        ("bai.txt", lambda text: text.encode(), "txt"),
    ],
)
def test_pdf_odt_and_txt_are_handed_in_the_same_way(
    reports: Reports, name: str, build: Any, kind: str
) -> None:
    reports.requirement.min_words = 10
    reports.requirement.save(update_fields=["min_words"])
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    text = "Chi bo hoc tap quan triet nghi quyet moi dang vien viet bai thu hoach lien he ban than. " * 3
    shown = upload(client, report, build(text), name)
    assert shown.status_code == 200, shown.content.decode()[:3000]
    confirm(client, report, shown_digest(shown))
    assert ReportVersion.objects.get(report=report).file_kind == kind


def test_a_tcvn3_text_is_shown_converted_and_asked_to_be_checked(reports: Reports) -> None:
    reports.requirement.min_words = 10
    reports.requirement.save(update_fields=["min_words"])
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    text = "Chi bộ tổ chức học tập, quán triệt nghị quyết của Đảng; mỗi đảng viên viết bài thu hoạch."
    shown = upload(client, report, encode_tcvn3(text), "bai.txt")
    html = shown.content.decode()
    assert shown.status_code == 200 and "Đã chuyển từ bảng mã TCVN3" in html
    assert "Hãy kiểm tra kỹ các chữ có dấu" in html and text in html
    confirm(client, report, shown_digest(shown))
    version = ReportVersion.objects.get(report=report)
    assert version.converted_from.startswith("TCVN3") and version.text == text
    assert (
        "đã chuyển từ bảng mã TCVN3"
        in client.get(reverse("reports:receipt", args=[version.pk])).content.decode()
    )


def _zip_bomb_docx() -> bytes:
    buffer = io.BytesIO(make_docx(["Bình thường"]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/media/x.bin", bytes(201 * 1024 * 1024))
    return buffer.getvalue()


def _password_docx() -> bytes:
    # A Word file saved with a password: an OLE2 compound file holding "EncryptedPackage" (MS-OFFCRYPTO).
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + entry + bytes(1024)


_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"This program"

BAD_FILES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "scanned pdf": (lambda: make_pdf([None, None]), "bai.pdf", "không có lớp chữ"),
    "password docx": (_password_docx, "bai.docx", "mật khẩu"),
    "corrupt pdf": (lambda: make_pdf(["Trang mot"]).replace(b"obj", b"xxx")[:200], "bai.pdf", "PDF"),
    "corrupt docx": (lambda: make_docx(["Đoạn văn"])[:300], "bai.docx", "Word"),
    "renamed program": (lambda: _PROGRAM, "bai.docx", "chương trình máy tính"),
    "zip bomb docx": (_zip_bomb_docx, "bai.docx", "giải nén"),
    "empty file": (lambda: b"  \n", "bai.txt", "không có nội dung"),
    "image": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "anh.png", "ảnh"),
    "a docx named .txt": (
        lambda: make_docx([essay(12)]),
        "bai.txt",
        "mang đuôi .txt nhưng nội dung là tệp .docx",
    ),
    "an html page": (lambda: b"<html><body>" + essay(13).encode() + b"</body></html>", "bai.html", ".html"),
    "too short": (lambda: b"Chi bo hoc tap.", "bai.txt", "Bài mới có 4 chữ; yêu cầu tối thiểu 100 chữ."),
    "too long": (lambda: essay(14, 3100).encode(), "bai.txt", "vượt quá 3000 chữ cho phép."),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_in_vietnamese_and_nothing_is_saved(reports: Reports, case: str) -> None:
    build, name, said = BAD_FILES[case]
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    answer = upload(client, report, build(), name)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert said in html, html[html.find("errorlist") : html.find("errorlist") + 600]
    assert "Xác nhận nội dung" not in html
    assert not any(key.startswith("reports.upload") for key, _value in client.session.items())
    nothing_saved(reports, report)


def test_a_file_over_the_limit_is_refused_before_it_is_read(reports: Reports, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    answer = upload(client, report, b"a " * (600 * 1024), "bai.txt")
    assert answer.status_code == 400 and "vượt giới hạn 1 MB" in answer.content.decode()
    nothing_saved(reports, report)


def test_no_file_chosen_says_so(reports: Reports) -> None:
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    answer = client.post(reverse("reports:upload", args=[report.pk]), {})
    assert answer.status_code == 400 and "Hãy chọn tệp bài thu hoạch." in answer.content.decode()


def test_only_the_formats_the_campaign_accepts_are_taken(reports: Reports) -> None:
    Requirement.objects.filter(pk=reports.requirement.pk).update(formats=["typed", "pdf"])
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    assert 'accept=".pdf"' in client.get(reverse("reports:upload", args=[report.pk])).content.decode()
    answer = upload(client, report, make_docx([essay(15)]), "bai.docx")
    assert answer.status_code == 400 and "chỉ nhận tệp .pdf" in answer.content.decode()
    nothing_saved(reports, report)


def test_typing_is_refused_when_the_campaign_takes_files_only(reports: Reports) -> None:
    Requirement.objects.filter(pk=reports.requirement.pk).update(formats=["docx"])
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    page = client.get(reverse("reports:write", args=[report.pk])).content.decode()
    assert "không nhận bài gõ trực tiếp" in page and "<textarea" not in page
    answer = client.post(reverse("reports:write", args=[report.pk]), {"text": essay(16)})
    assert answer.status_code == 400 and "không nhận bài dạng này" in answer.content.decode()
    nothing_saved(reports, report)


def test_a_confirmation_names_the_text_that_was_seen(reports: Reports) -> None:
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    first = upload(client, report, essay(17).encode(), "mot.txt")
    upload(client, report, essay(18).encode(), "hai.txt")  # another tab
    answer = confirm(client, report, shown_digest(first))
    assert answer.status_code == 400 and "đã thay đổi hoặc không còn" in answer.content.decode()
    nothing_saved(reports, report)
    forged = confirm(client, report, text_digest("một văn bản khác"))
    assert forged.status_code == 400
    nothing_saved(reports, report)


def test_the_same_text_uploaded_after_typing_it_is_one_version(reports: Reports) -> None:
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    text = essay(19)
    typed = client.post(reverse("reports:write", args=[report.pk]), {"text": text})
    shown = upload(client, report, text.encode(), "bai.txt")
    answer = confirm(client, report, shown_digest(shown))
    assert answer["Location"] == typed["Location"]
    assert ReportVersion.objects.filter(report=report).count() == 1
    followed = client.get(answer["Location"]).content.decode()
    assert "Bài này đã được nộp, không tạo lần nộp mới" in followed


def test_html_in_an_uploaded_text_is_shown_as_text(reports: Reports) -> None:
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    text = "<script>alert(1)</script> " + essay(20)
    shown = upload(client, report, text.encode(), "bai.txt").content.decode()
    assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_after_a_refusing_deadline_no_file_is_read_or_taken(reports: Reports) -> None:
    Requirement.objects.filter(pk=reports.requirement.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1), late_policy="refuse"
    )
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    page = client.get(reverse("reports:upload", args=[report.pk])).content.decode()
    assert "không nhận bài nộp sau hạn" in page and 'type="file"' not in page
    answer = upload(client, report, essay(21).encode(), "bai.txt")
    assert answer.status_code == 400 and "không nhận bài nộp sau hạn" in answer.content.decode()
    nothing_saved(reports, report)
