"""Word documents: paragraphs and tables in reading order; damaged files and zip bombs refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from quantriet.text import ExtractionError, extract_text
from tests.text.files import SAMPLE_VI, make_docx, rezip


def refused(data: bytes, filename: str = "bai.docx") -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, filename)
    return caught.value


def test_paragraphs_and_table_cells_come_out_in_reading_order() -> None:
    data = make_docx(
        ["Mở đầu: " + SAMPLE_VI, "Đoạn hai."],
        table=[["Họ và tên", "Chi bộ"], ["Trần Thị Mẫu", "Thôn 1"]],
        after_table=["Kết luận: thực hiện Nghị quyết 35-NQ/TW."],
    )
    result = extract_text(data, "bai-thu-hoach.docx")
    assert result.kind == "docx" and result.pages is None and result.warnings == ()
    assert result.text.split("\n") == [
        "Mở đầu: " + SAMPLE_VI,
        "Đoạn hai.",
        "Họ và tên",
        "Chi bộ",
        "Trần Thị Mẫu",
        "Thôn 1",
        "Kết luận: thực hiện Nghị quyết 35-NQ/TW.",
    ]


def test_headers_and_footers_are_left_out() -> None:
    result = extract_text(make_docx(["Nội dung"], header="Đảng bộ xã An Hòa"), "a.docx")
    assert result.text == "Nội dung"


def test_merged_table_cells_are_read_once() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Ô gộp"
    table.cell(1, 0).text = "Trái"
    table.cell(1, 1).text = "Phải"
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract_text(buffer.getvalue(), "a.docx").text.split("\n") == ["Ô gộp", "Trái", "Phải"]


def test_line_breaks_and_tabs_inside_a_paragraph_are_kept() -> None:
    import docx

    document = docx.Document()
    run = document.add_paragraph().add_run("Dòng một")
    run.add_break()
    run.add_text("Dòng hai\tcột")
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract_text(buffer.getvalue(), "a.docx").text == "Dòng một\nDòng hai\tcột"


@pytest.mark.parametrize(
    "data",
    [
        b"This is not a zip archive at all, just text named .docx",
        b"PK\x03\x04" + b"\x00" * 200,  # a zip header and nothing behind it
    ],
    ids=["not-a-zip", "broken-zip"],
)
def test_a_docx_that_is_not_a_readable_zip_is_corrupt(data: bytes) -> None:
    error = refused(data)
    assert error.code == "corrupt_docx"
    assert "bị hỏng" in error.message_vi and ".docx" in error.message_vi


def test_a_truncated_docx_is_corrupt() -> None:
    data = make_docx([SAMPLE_VI])
    assert refused(data[: len(data) // 2]).code == "corrupt_docx"


def test_a_docx_without_its_document_part_is_corrupt() -> None:
    data = rezip(make_docx([SAMPLE_VI]), drop="word/document.xml")
    assert refused(data).code == "corrupt_docx"


def test_a_docx_with_broken_xml_is_corrupt() -> None:
    source = make_docx([SAMPLE_VI])
    data = rezip(source, drop="word/document.xml", add={"word/document.xml": b"<w:document><w:body><w:p>"})
    assert refused(data).code == "corrupt_docx"


def test_a_zip_bomb_is_refused_without_being_unpacked() -> None:
    # 201 MB of zeros compresses to about 200 KB.
    buffer = io.BytesIO(make_docx(["Bình thường"]))
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/x.bin", "w") as f,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(201):
            f.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    error = refused(data)
    assert error.code == "archive_too_large"
    assert "200 MB" in error.message_vi


def test_a_docx_with_too_many_parts_is_refused() -> None:
    buffer = io.BytesIO(make_docx(["Bình thường"]))
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(10_001):
            archive.writestr(f"extra/item{number}.xml", b"")
    assert refused(buffer.getvalue()).code == "archive_too_large"


def test_content_controls_and_text_boxes_are_read_once() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    body = (
        f'<w:document xmlns:w="{w}" xmlns:mc="{mc}" xmlns:wps="{wps}" mc:Ignorable="wps"><w:body>'
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Trong ô nhập liệu</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:r><w:t xml:space="preserve">Trước hộp </w:t></w:r><w:r><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        "<w:p><w:r><w:t>Trong hộp chữ</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Trong hộp chữ</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t>sau hộp</w:t></w:r></w:p>"
        "<w:p><w:ins><w:r><w:t>Chèn</w:t></w:r></w:ins><w:del><w:r><w:delText>Xoá</w:delText></w:r></w:del></w:p>"
        "</w:body></w:document>"
    )
    data = rezip(make_docx([]), drop="word/document.xml", add={"word/document.xml": body.encode()})
    assert extract_text(data, "a.docx").text.split("\n") == [
        "Trong ô nhập liệu",
        "Trước hộp ",
        "Trong hộp chữ",
        "sau hộp",
        "Chèn",
    ]
