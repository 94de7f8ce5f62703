"""Plain-text files and the checks every upload goes through (size, emptiness, file type)."""

from __future__ import annotations

import codecs
import pickle

import pytest

from quantriet.text import ExtractionError, decode_text, extract_text
from tests.text.files import SAMPLE_VI, make_docx, make_pdf

TEXT_WITH_LINE_ENDINGS = SAMPLE_VI + "\r\nDòng hai.\nDòng ba\r\n"


def refused(data: bytes, filename: str, max_bytes: int | None = None) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, filename, max_bytes=max_bytes)
    return caught.value


@pytest.mark.parametrize(
    ("encoded", "label"),
    [
        (TEXT_WITH_LINE_ENDINGS.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT_WITH_LINE_ENDINGS.encode("utf-8"), "UTF-8 with BOM"),
        (codecs.BOM_UTF16_LE + TEXT_WITH_LINE_ENDINGS.encode("utf-16-le"), "UTF-16 LE"),
        (codecs.BOM_UTF16_BE + TEXT_WITH_LINE_ENDINGS.encode("utf-16-be"), "UTF-16 BE"),
        (codecs.BOM_UTF32_LE + TEXT_WITH_LINE_ENDINGS.encode("utf-32-le"), "UTF-32 LE"),
    ],
)
def test_vietnamese_text_round_trips_exactly_with_line_endings_kept(encoded: bytes, label: str) -> None:
    result = extract_text(encoded, "bai-thu-hoach.txt")
    assert result.text == TEXT_WITH_LINE_ENDINGS, label
    assert result.kind == "txt"
    assert result.pages is None
    assert result.warnings == ()


def test_decomposed_diacritics_are_returned_as_in_the_file() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", SAMPLE_VI)
    assert extract_text(nfd.encode(), "a.txt").text == nfd


def test_a_file_without_a_known_extension_is_read_as_text() -> None:
    assert extract_text("Nghị quyết 35-NQ/TW".encode(), "ghi-chu").text == "Nghị quyết 35-NQ/TW"


def test_a_file_over_the_limit_is_refused_before_parsing_with_the_limit_in_mb() -> None:
    data = b"%PDF-1.4 broken" + b"x" * (3 * 1024 * 1024)
    error = refused(data, "lon.pdf", max_bytes=2 * 1024 * 1024)
    assert error.code == "too_large"  # not corrupt_pdf: nothing was parsed
    assert "2 MB" in error.message_vi and "3 MB" in error.message_vi
    assert "2 MB" in error.message_en


def test_the_size_limit_is_shown_with_a_vietnamese_decimal_comma() -> None:
    error = refused(b"a" * 600_000, "a.txt", max_bytes=512 * 1024)
    assert "0,5 MB" in error.message_vi and "0.5 MB" in error.message_en


def test_a_file_at_the_limit_is_accepted() -> None:
    assert extract_text(b"abc", "a.txt", max_bytes=3).text == "abc"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\t  \n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
)
def test_empty_or_whitespace_only_files_are_refused_as_empty(data: bytes) -> None:
    error = refused(data, "trong.txt")
    assert error.code == "empty"
    assert "không có nội dung" in error.message_vi


def test_an_empty_docx_is_refused_as_empty() -> None:
    assert refused(make_docx(["", "   "]), "trong.docx").code == "empty"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (bytes(range(256)) * 40, "anh.txt"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" * 100, "nen"),  # gzip; programs: test_report_inputs
        ("Văn bản\x00 có NUL".encode(), "a.txt"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "le.txt"),  # a lone surrogate after a UTF-16 mark
    ],
)
def test_binary_content_is_refused_as_binary(data: bytes, filename: str) -> None:
    error = refused(data, filename)
    assert error.code == "binary"
    assert "không phải văn bản" in error.message_vi


def test_binary_is_refused_by_decode_text_too() -> None:
    with pytest.raises(ExtractionError) as caught:
        decode_text(b"\x01\x02\x03\x04" * 50)
    assert caught.value.code == "binary"


@pytest.mark.parametrize(
    ("data", "filename", "advice"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "bai.doc", ".docx"),
        # an old .doc renamed to .docx: advice, not "corrupt"
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "bai.docx", ".docx"),
        (b"{\\rtf1\\ansi Nghi quyet}", "bai.rtf", ".docx"),
        ("<html><body>Bài thu hoạch</body></html>".encode(), "bai.doc", ".docx"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "anh-chup.png", "OCR"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "scan.pdf.jpg", "OCR"),
        (b"Ma so,Ho ten\n1,Nguyen Van A\n", "danh-sach.xlsx", ".docx"),
    ],
)
def test_other_file_types_are_refused_with_advice(data: bytes, filename: str, advice: str) -> None:
    error = refused(data, filename)
    assert error.code == "unsupported_type"
    assert advice in error.message_vi


def test_an_opendocument_spreadsheet_is_refused_as_unsupported() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    error = refused(buffer.getvalue(), "bang.ods")
    assert error.code == "unsupported_type"
    assert ".ods" in error.message_vi


def test_content_decides_the_type_when_the_name_is_wrong() -> None:
    assert extract_text(make_docx(["Nội dung thật"]), "bai.txt").kind == "docx"
    assert extract_text(make_pdf(["Real text"]), "bai.docx").kind == "pdf"


def test_a_text_file_starting_with_the_letters_pk_is_still_text() -> None:
    assert extract_text("PKK xã Hòa An báo cáo kết quả.".encode(), "bao-cao.txt").text.startswith("PKK")


def test_a_text_file_quoting_a_pdf_header_is_still_text() -> None:
    text = "Ghi chú: tệp PDF bắt đầu bằng %PDF-1.7 ở đầu tệp."
    assert extract_text(text.encode(), "ghi-chu.txt").text == text


def test_errors_speak_vietnamese_by_default_and_english_on_request() -> None:
    error = refused(b"", "a.txt")
    assert str(error) == error.message_vi == error.message()
    assert error.message("en") == error.message("en-us") == error.message_en
    assert error.message_en.startswith("The file has no content")


def test_errors_survive_pickling_for_worker_processes() -> None:
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 10, "bai.doc")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.code, copy.message_vi, copy.message_en) == (error.code, error.message_vi, error.message_en)


def test_an_unknown_error_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown extraction error code"):
        ExtractionError("oops", "a", "b")
