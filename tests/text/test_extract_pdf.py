"""PDF text layers: pages, scans without text, passwords, damage."""

from __future__ import annotations

import pytest

from quantriet.text import ExtractionError, extract_text
from tests.text.files import encrypt_pdf, make_pdf


def refused(data: bytes, filename: str = "bai.pdf") -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, filename)
    return caught.value


def test_the_text_of_every_page_is_read_in_order() -> None:
    result = extract_text(make_pdf(["Resolution 35-NQ/TW (2018)", "Second page: conclusion"]), "a.pdf")
    assert result.kind == "pdf" and result.pages == 2 and result.warnings == ()
    first, second = result.text.split("\n\n")
    assert first.strip() == "Resolution 35-NQ/TW (2018)"
    assert second.strip() == "Second page: conclusion"


def test_pages_without_text_are_named_in_a_warning() -> None:
    result = extract_text(make_pdf(["Page one", None, "Page three", None]), "a.pdf")
    assert result.pages == 4
    assert "Page one" in result.text and "Page three" in result.text
    (warning,) = result.warnings
    assert warning.startswith("Các trang 2, 4 không có lớp chữ")


def test_a_single_empty_page_is_named_alone() -> None:
    (warning,) = extract_text(make_pdf([None, "Text"]), "a.pdf").warnings
    assert warning.startswith("Trang 1 không có lớp chữ")


def test_a_scan_without_any_text_layer_says_so() -> None:
    error = refused(make_pdf([None, None, None]))
    assert error.code == "no_text_layer"
    assert "bản scan" in error.message_vi and "OCR" in error.message_vi


def test_a_pdf_with_a_password_is_refused_as_encrypted() -> None:
    error = refused(encrypt_pdf(make_pdf(["Secret text"]), user_password="mat-khau"))
    assert error.code == "encrypted_pdf"
    assert "mật khẩu" in error.message_vi


def test_a_protected_pdf_that_opens_with_an_empty_password_is_read() -> None:
    result = extract_text(encrypt_pdf(make_pdf(["Readable text"]), user_password=""), "a.pdf")
    assert result.text.strip() == "Readable text"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + b"\x00\x01garbage" * 100,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["garbage", "dangling-pages"],
)
def test_a_damaged_pdf_is_corrupt(data: bytes) -> None:
    error = refused(data)
    assert error.code == "corrupt_pdf"
    assert "bị hỏng" in error.message_vi


def test_a_file_named_pdf_that_is_not_a_pdf_is_corrupt() -> None:
    assert refused("Chỉ là văn bản".encode()).code == "corrupt_pdf"


def test_a_truncated_pdf_does_not_escape_as_another_error() -> None:
    data = make_pdf(["Some text on the page"])
    for cut in (20, len(data) // 2, len(data) - 30):
        try:
            result = extract_text(data[:cut], "a.pdf")
        except ExtractionError as error:
            assert error.code in {"corrupt_pdf", "no_text_layer", "empty"}
        else:
            # pypdf repairs some truncations; then what it read must be the page's text.
            assert "Some text" in result.text
