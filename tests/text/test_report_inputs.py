"""What members upload as learning reports: .odt, legacy TCVN3/VNI text, and every kind of bad file."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quantriet.text import ExtractionError, extract_text, report_words, text_digest
from quantriet.text.errors import ERROR_CODES
from tests.text.files import (
    SAMPLE_VI,
    as_stored_in_word,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    encrypt_pdf,
    make_docx,
    make_encrypted_odt,
    make_legacy_docx,
    make_odt,
    make_pdf,
    odt_content,
)


def refused(data: bytes, filename: str, **kwargs: bool) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, filename, **kwargs)
    return caught.value


# .odt


def test_an_odt_gives_its_paragraphs_headings_lists_and_table_cells_in_reading_order() -> None:
    data = make_odt(
        '<text:h text:outline-level="1">Bài thu hoạch</text:h>'
        f"<text:p>{SAMPLE_VI}</text:p>"
        "<text:list><text:list-item><text:p>Nội dung cơ bản</text:p></text:list-item>"
        "<text:list-item><text:p>Liên hệ bản thân</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Họ và tên</text:p></table:table-cell>"
        "<table:table-cell><text:p>Chi bộ</text:p></table:table-cell></table:table-row></table:table>"
        "<text:p>Kết luận.</text:p>"
    )
    result = extract_text(data, "bai-thu-hoach.odt")
    assert result.kind == "odt" and result.pages is None and result.warnings == ()
    assert result.converted_from is None
    assert result.text.split("\n") == [
        "Bài thu hoạch",
        SAMPLE_VI,
        "Nội dung cơ bản",
        "Liên hệ bản thân",
        "Họ và tên",
        "Chi bộ",
        "Kết luận.",
    ]


def test_odt_spaces_tabs_and_line_breaks_follow_the_opendocument_rules() -> None:
    data = make_odt(
        '<text:p>  Một<text:s text:c="3"/>hai<text:s/>ba<text:tab/>bốn<text:line-break/>năm   sáu\n'
        "   bảy</text:p>"
    )
    assert extract_text(data, "a.odt").text == "Một   hai ba\tbốn\nnăm sáu bảy"


def test_odt_footnotes_comments_and_deleted_changes_are_left_out_and_text_boxes_read() -> None:
    data = make_odt(
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>đã xoá</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:p>Câu<text:note><text:note-citation>1</text:note-citation><text:note-body>"
        "<text:p>chú thích</text:p></text:note-body></text:note> đầu.<office:annotation>"
        "<dc:creator>A</dc:creator><text:p>góp ý</text:p></office:annotation></text:p>"
        "<text:p>Trước<draw:frame><draw:text-box><text:p>Trong hộp</text:p></draw:text-box></draw:frame>"
        "</text:p>"
    )
    assert extract_text(data, "a.odt").text.split("\n") == ["Câu đầu.", "Trước", "Trong hộp", ""]


def test_an_odt_is_recognised_by_its_content_whatever_its_name() -> None:
    assert extract_text(make_odt("<text:p>Nội dung</text:p>"), "bai.docx").kind == "odt"


def test_a_password_protected_odt_asks_to_remove_the_password() -> None:
    error = refused(make_encrypted_odt(), "bai.odt")
    assert error.code == "encrypted_odt"
    assert "mật khẩu" in error.message_vi and "lưu lại" in error.message_vi


@pytest.mark.parametrize(
    "data",
    [
        b"day khong phai odt",
        b"PK\x03\x04 not really a zip archive",
        make_odt(content=b"<office:document-content><office:body><text:p>"),  # broken XML
        make_odt(content=b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'),  # entities refused
        make_odt(content=b"<a>" * 1000 + b"</a>" * 1000),  # deeper than any document
    ],
)
def test_a_damaged_odt_is_corrupt(data: bytes) -> None:
    error = refused(data, "bai.odt")
    assert error.code == "corrupt_odt"
    assert ".odt" in error.message_vi


def test_an_odt_without_content_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    assert refused(buffer.getvalue(), "bai.odt").code == "corrupt_odt"


def test_an_odt_zip_bomb_is_refused_before_unpacking() -> None:
    data = make_odt("<text:p>Bình thường</text:p>", extra={"Pictures/x.bin": bytes(201 * 1024 * 1024)})
    assert len(data) < 2 * 1024 * 1024
    error = refused(data, "bai.odt")
    assert error.code == "archive_too_large"
    assert "200 MB" in error.message_vi and ".odt" in error.message_vi


def test_an_odt_template_is_read_and_other_opendocument_files_are_not() -> None:
    template = make_odt("<text:p>Mẫu</text:p>", mimetype="application/vnd.oasis.opendocument.text-template")
    assert extract_text(template, "mau.ott").text == "Mẫu"
    slides = make_odt("<text:p>Trang</text:p>", mimetype="application/vnd.oasis.opendocument.presentation")
    assert refused(slides, "bai.odp").code == "unsupported_type"


# Legacy encodings


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [(encode_tcvn3, "TCVN3 (ABC)"), (encode_vni, "VNI"), (encode_cp1258, "Windows-1258")],
)
def test_a_legacy_text_file_is_converted_on_request_and_the_conversion_is_shown(encode, encoding) -> None:  # type: ignore[no-untyped-def]
    data = encode(SAMPLE_VI + "\r\nDòng hai.\r\n")
    result = extract_text(data, "bai.txt", convert_legacy=True)
    assert result.text == SAMPLE_VI + "\r\nDòng hai.\r\n"
    assert result.kind == "txt" and result.converted_from == encoding
    (warning,) = result.warnings
    assert encoding in warning and "chuyển sang Unicode" in warning
    # Without the request nothing is guessed: the file is refused with advice naming the encoding.
    error = refused(data, "bai.txt")
    assert error.code == "legacy_encoding" and encoding in error.message_vi


def test_a_unicode_text_file_is_not_converted() -> None:
    result = extract_text(SAMPLE_VI.encode(), "bai.txt", convert_legacy=True)
    assert result.text == SAMPLE_VI and result.converted_from is None and result.warnings == ()


@pytest.mark.parametrize(
    ("encode", "font", "encoding"),
    [(encode_tcvn3, ".VnTime", "TCVN3 (ABC)"), (encode_vni, "VNI-Times", "VNI")],
)
def test_a_docx_typed_in_legacy_fonts_is_converted_on_request(encode, font, encoding) -> None:  # type: ignore[no-untyped-def]
    stored = as_stored_in_word(encode(SAMPLE_VI))
    data = make_legacy_docx([(stored, font)])
    result = extract_text(data, "bai.docx", convert_legacy=True)
    assert result.text == SAMPLE_VI
    assert result.converted_from == encoding and encoding in result.warnings[0]
    error = refused(data, "bai.docx")
    assert error.code == "legacy_encoding"
    assert encoding in error.message_vi and font in error.message_vi


def test_the_legacy_font_may_come_from_the_style() -> None:
    data = make_legacy_docx([(as_stored_in_word(encode_tcvn3(SAMPLE_VI)), None)], style_font=".VnTime")
    assert extract_text(data, "bai.docx", convert_legacy=True).text == SAMPLE_VI


def test_unicode_typed_in_a_legacy_font_is_left_alone() -> None:
    data = make_legacy_docx([(SAMPLE_VI, None)], style_font=".VnTime")
    result = extract_text(data, "bai.docx")
    assert result.text == SAMPLE_VI and result.converted_from is None


def test_latin1_letters_in_a_unicode_font_are_never_converted() -> None:
    # "có là" would read as valid TCVN3 ("cú lµ"…) but nothing says the text is in an old font.
    text = "có là cá mà á à"
    result = extract_text(make_docx([text]), "bai.docx", convert_legacy=True)
    assert result.text == text and result.converted_from is None


def test_tcvn3_capitals_fonts_give_capitals_and_unicode_runs_beside_them_stay() -> None:
    heading = as_stored_in_word(encode_tcvn3("cộng hoà xã hội chủ nghĩa việt nam"))
    data = make_legacy_docx([(heading, ".VnTimeH"), (" – Độc lập", "Times New Roman")])
    result = extract_text(data, "bai.docx", convert_legacy=True)
    assert result.text == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập"
    assert result.converted_from == "TCVN3 (ABC)"


# Bad files: each its own code and its own Vietnamese sentence


def _zip_bomb_docx() -> bytes:
    buffer = io.BytesIO(make_docx(["Bình thường"]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/media/x.bin", bytes(201 * 1024 * 1024))
    return buffer.getvalue()


def _encrypted_docx() -> bytes:
    # A Word file saved with a password is an OLE2 compound file holding "EncryptedPackage"
    # (MS-OFFCRYPTO); only its signature and directory entry names matter here.
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    info = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\x00")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + entry + info + bytes(1024)


def _zip_encrypted_docx() -> bytes:
    """A .docx whose members a zip tool marked as encrypted (bit 0 of the flags in both headers)."""
    data = bytearray(make_docx(["Bí mật"]))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + flags_at] |= 0x1
            start = data.find(signature, start + 4)
    return bytes(data)


_MZ = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"This program cannot be run"
)
_ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)

BAD_FILES = {
    "scanned pdf": (make_pdf([None, None]), "bai.pdf", "no_text_layer"),
    "program renamed .docx": (_MZ, "bai.docx", "executable"),
    "program renamed .pdf": (_ELF, "bai.pdf", "executable"),
    "zip bomb named .docx": (_zip_bomb_docx(), "bai.docx", "archive_too_large"),
    "corrupt docx": (make_docx(["Đoạn văn"])[:300], "bai.docx", "corrupt_docx"),
    "corrupt pdf": (make_pdf(["Trang mot"]).replace(b"obj", b"xxx")[:200], "bai.pdf", "corrupt_pdf"),
    "password docx": (_encrypted_docx(), "bai.docx", "encrypted_docx"),
    "password pdf": (encrypt_pdf(make_pdf(["Bi mat"]), user_password="matkhau"), "bai.pdf", "encrypted_pdf"),
    "password odt": (make_encrypted_odt(), "bai.odt", "encrypted_odt"),
    "corrupt odt": (b"PK\x03\x04 hong", "bai.odt", "corrupt_odt"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_each_bad_file_gets_its_own_code(case: str) -> None:
    data, filename, code = BAD_FILES[case]
    error = refused(data, filename, convert_legacy=True)
    assert error.code == code
    assert error.message_vi.endswith(".") and error.message_en.endswith(".")


def test_the_bad_files_messages_are_all_different() -> None:
    messages = {refused(data, name).message_vi for data, name, _code in BAD_FILES.values()}
    assert len(messages) == len(BAD_FILES)


def test_a_scanned_pdf_says_it_has_no_text_layer_and_how_to_fix_it() -> None:
    message = refused(make_pdf([None]), "bai.pdf").message_vi
    assert "không có lớp chữ" in message
    assert "Word" in message and ".docx" in message and "OCR" in message


def test_a_program_is_named_as_one_with_the_name_it_came_under() -> None:
    message = refused(_MZ, "bai.docx").message_vi
    assert "chương trình" in message and ".docx" in message
    assert refused(_ELF, "bai").code == "executable"


def test_text_that_merely_starts_with_mz_is_still_text() -> None:
    assert extract_text("MZ-01 là mã hồ sơ.".encode(), "a.txt").text == "MZ-01 là mã hồ sơ."


def test_a_docx_whose_zip_members_a_zip_tool_encrypted_is_damaged_not_word_protected() -> None:
    # Word never writes such a file; its own password protection is the OLE2 package above.
    assert refused(_zip_encrypted_docx(), "bai.docx").code == "corrupt_docx"


def test_a_password_protected_word_file_is_not_called_an_old_office_file() -> None:
    message = refused(_encrypted_docx(), "bai.docx").message_vi
    assert "mật khẩu" in message and ".doc," not in message


def test_every_code_is_declared() -> None:
    assert {code for _data, _name, code in BAD_FILES.values()} <= set(ERROR_CODES)


def test_odt_content_helper_is_well_formed() -> None:
    assert odt_content("<text:p>x</text:p>").startswith(b"<?xml")


# Measures


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("Chi bộ học tập", 4),
        ("Nghị quyết 35-NQ/TW – ngày 22/10/2018.", 5),
        ("- • … “ ”", 0),
        ("Một\u00a0hai\nba\r\nbốn", 4),
        ("(1) Nội dung", 3),
    ],
)
def test_report_words_counts_what_vietnamese_rules_call_chu(text: str, words: int) -> None:
    assert report_words(text) == words


@given(st.lists(st.sampled_from(["Đảng", "bộ", "35", "NQ/TW", "ưu", "x"]), max_size=50))
def test_report_words_counts_each_word_between_any_white_space(words: list[str]) -> None:
    assert report_words(" \n ".join(words)) == len(words)
    assert report_words("\t".join(words) + " – ") == len(words)


def test_text_digest_is_the_sha256_of_the_normalised_text() -> None:
    assert text_digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert len(text_digest(SAMPLE_VI)) == 64


@given(st.text(alphabet="aăâđeêoôơuưàảãạấầẩẫậ \t\nQ.-", max_size=80))
def test_text_digest_ignores_line_endings_trailing_white_space_and_unicode_forms(text: str) -> None:
    lines = [unicodedata.normalize("NFD", line) + "  \t" for line in text.split("\n")]
    variant = "\r\n".join(lines) + "\r\n\n"
    assert text_digest(variant) == text_digest(text)


def test_text_digest_tells_different_words_apart() -> None:
    assert text_digest("Đảng bộ") != text_digest("Đảng  bộ")
    assert text_digest("Đảng bộ") != text_digest("đảng bộ")
    assert text_digest("  Đảng") != text_digest("Đảng")
