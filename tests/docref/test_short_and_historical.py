"""Short references, named plenum resolutions, historical symbols and ids kept as written (issue 12).

Through the public API and the command line; the numbers are invented or common knowledge, no corpus text.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.docref import Citation, canonical_symbol, extract, symbol_key
from quantriet.docref.cli import extract_files


def only(text: str) -> Citation:
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


# --- short references ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "type_", "number"),
    [
        ("Các chi bộ thực hiện Chỉ thị 05 trong năm 2024.", "Chỉ thị 05", "Chỉ thị", "05"),
        ("Theo Quy định 22 thì đảng viên phải", "Quy định 22", "Quy định", "22"),
        ("Nghị quyết 35 đã đi vào cuộc sống", "Nghị quyết 35", "Nghị quyết", "35"),
        ("gắn với Kết luận 01 nhằm nâng cao", "Kết luận 01", "Kết luận", "01"),
        ("Chỉ thị số 05 ngày 15/5/2016 của Bộ Chính trị", "Chỉ thị số 05 ngày 15/5/2016", "Chỉ thị", "05"),
    ],
)
def test_a_short_reference_is_a_partial_citation(text: str, written: str, type_: str, number: str) -> None:
    c = only(text)
    assert (c.text, c.id, c.type, c.number, c.issuer) == (written, None, type_, number, None)
    assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("text", "written", "number", "year"),
    [
        ("xử phạt theo Nghị định 155/2016 sẽ khả thi", "Nghị định 155/2016", "155", 2016),
        ("nộp phí theo Nghị định 154 năm 2016, có hiệu lực", "Nghị định 154 năm 2016", "154", 2016),
        ("đã triển khai nghị định 49 nhưng rất khó", "nghị định 49", "49", None),
        ("đóng mới theo Nghị định 67. Từ ngày 6/6", "Nghị định 67", "67", None),
    ],
)
def test_a_number_with_its_year_or_at_a_sentence_end_is_a_partial_citation(
    text: str, written: str, number: str, year: int | None
) -> None:
    c = only(text)
    assert (c.text, c.id, c.number, c.year) == (written, None, number, year)


def test_numbers_listed_after_a_short_reference_are_citations_of_its_type() -> None:
    found = extract("Hiệp hội đề nghị thay thế Quyết định 09, 80, 86 về việc sử dụng đất.")
    assert [(c.text, c.type, c.number) for c in found] == [
        ("Quyết định 09", "Quyết định", "09"),
        ("80", "Quyết định", "80"),
        ("86", "Quyết định", "86"),
    ]
    assert [c.text for c in extract("đóng theo Nghị định 67, 2 tàu vỏ thép")] == ["Nghị định 67"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Thủ tướng đã ra Quyết định 65 ban hành danh mục", "Quyết định 65"),
        ("Cục đã có công văn số 561 thông báo sự việc", "công văn số 561"),
    ],
)
def test_a_decision_or_letter_number_followed_by_a_verb_is_a_short_reference(text: str, written: str) -> None:
    assert only(text).text == written


def test_an_issue_date_after_cap_is_attached_and_an_effective_date_is_not() -> None:
    c = only("theo giấy phép số 55/GP-TTĐT cấp ngày 02/10/2014 của Cục")
    assert (c.id, c.date) == ("55/GP-TTĐT", "2014-10-02")
    c = only("Nghị quyết số 109/2013 của Quốc hội về thi hành Bộ luật thì từ ngày 1-7-2016, hành vi")
    assert (c.text, c.date, c.year) == ("Nghị quyết số 109/2013", None, 2013)


@pytest.mark.parametrize(
    ("text", "expected_id"),
    [
        ("Nghị định số187/2004/NĐ-CP ngày 16/11/2004", "187/2004/NĐ-CP"),  # "số" typed against the number
        ("đóng theo Nghị định 67/CPvừa hạ thủy", "67/CP"),  # the next word typed against the symbol
        ("quyết định số 468 - QĐ/VC- ĐT phê duyệt", "468-QĐ/VC-ĐT"),  # a hyphen typed against the issuer
    ],
)
def test_symbols_typed_against_their_neighbours_are_read(text: str, expected_id: str) -> None:
    assert only(text).id == expected_id


def test_a_credit_line_after_a_symbol_is_not_part_of_it() -> None:
    assert only("Nghị quyết 35-NQ/TW - TTXVN").id == "35-NQ/TW"


@pytest.mark.parametrize(
    ("text", "written", "type_"),
    [
        ("đóng tàu theo NĐ 67.", "NĐ 67", "Nghị định"),
        ("chia theo NQ 181), còn", "NQ 181", "Nghị quyết"),
        ("thực hiện Công điện 156 của Thủ tướng", "Công điện 156", "Công điện"),
        ("Chủ tịch ký sắc lệnh số 50 đổi tên trường", "sắc lệnh số 50", "Sắc lệnh"),
    ],
)
def test_abbreviated_types_telegrams_and_decrees_make_short_references(
    text: str, written: str, type_: str
) -> None:
    c = only(text)
    assert (c.text, c.type, c.id) == (written, type_, None)


def test_a_capital_against_the_number_a_colon_before_so_and_the_qd_abbreviation() -> None:
    assert only("Lữ đoàn có thông báo số 961A/TB-LĐ trả lời").id == "961A/TB-LĐ"
    c = only("thực hiện các quyết định: số 113/TTg ngày 14/4/1980 của Thủ tướng")
    assert (c.id, c.date) == ("113/TTg", "1980-04-14")
    c = only("nhà hình thành trước ngày QĐ 33 có hiệu lực")
    assert (c.text, c.type, c.number) == ("QĐ 33", None, "33")  # quyết định or quy định: no type
    assert extract("căn hộ 12A/3 đường") == [] and extract("theo QĐ 5 năm") == []


def test_a_date_opening_the_next_line_is_not_attached() -> None:
    c = only("Thông tin về Công văn số 2383/BVHTTDL-TCDL\nNgày 02/6/2017, Bộ đã")
    assert (c.id, c.date) == ("2383/BVHTTDL-TCDL", None)
    assert only("Nghị quyết số 35-NQ/TW,\r\nngày 20/10/2018.").date == "2018-10-20"


def test_a_technical_regulation_with_a_sub_code_is_read_whole() -> None:
    c = only("theo QCVN 10-MT:2015/BTNMT về nước biển")
    assert (c.id, c.number, c.year, c.issuer) == ("10-MT:2015/BTNMT", "10", 2015, "BTNMT")


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định 5 năm một lần",
        "Nghị quyết 3 điểm quan trọng",
        "Kế hoạch 2 tỷ đồng",
        "các chỉ thị 12 tháng",
        "nghị quyết 5 năm",
        "Nghị định 154 năm 2016 - 2020",
        "quyết định xử phạt ông 35 triệu đồng",
    ],
)
def test_a_quantity_after_a_type_word_is_not_a_reference(text: str) -> None:
    assert extract(text) == []


# --- named plenum resolutions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Nghị quyết Hội nghị 5 Ban Chấp hành Trung ương khóa XII",
        "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XII",
        "NGHỊ QUYẾT HỘI NGHỊ LẦN THỨ NĂM BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XII",
        "Nghị quyết Trung ương 4 (khóa XII)",
        "Nghị quyết Hội nghị Trung ương lần thứ tư khoá XII",
        "nghị quyết Trung ương 8",
    ],
)
def test_a_plenum_resolution_is_read_whole_in_every_spelling(name: str) -> None:
    text = f"Quán triệt {name} về công tác xây dựng Đảng."
    c = only(text)
    assert c.text == name
    assert (c.id, c.type, c.number, c.system) == (None, "Nghị quyết", None, "party")


@pytest.mark.parametrize(
    "name",
    [
        "Nghị quyết Đại hội XII của Đảng",
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV",
    ],
)
def test_a_congress_resolution_is_read_like_a_plenum(name: str) -> None:
    c = only(f"Thực hiện {name}, các cấp ủy")
    assert (c.text, c.id, c.type, c.system) == (name, None, "Nghị quyết", "party")


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết Đại hội đề ra 3 đột phá",
        "Nghị quyết Đại hội đồng cổ đông thường niên lần thứ 5",
        "Nghị quyết đại hội Đảng các cấp",
    ],
)
def test_a_congress_without_its_number_is_not_a_citation(text: str) -> None:
    assert extract(text) == []


def test_the_central_committee_without_a_plenum_number_is_not_a_citation() -> None:
    assert extract("Nghị quyết Trung ương đã chỉ rõ") == []


# --- historical and irregular symbols --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two-digit year after the type code
        ("Quyết định số 12/QĐ-77 ngày 1/2/1977 của", ("12/QĐ-77", "12", None, 1977, "1977-02-01")),
        ("theo Nghị định số 08/NĐ-80 của Hội đồng", ("08/NĐ-80", "08", None, 1980, None)),
        # old government code, date after "ngày"
        ("Nghị định 27-CP ngày 3/2/1995 quy định", ("27-CP", "27", "CP", 1995, "1995-02-03")),
        # letter suffix, spaced letter suffix
        ("Chỉ thị số 45a/CT của Chủ tịch", ("45a/CT", "45a", "CT", None, None)),
        ("Sắc lệnh số 27 B-SL ngày 5/4/1946", ("27B-SL", "27B", "SL", 1946, "1946-04-05")),
        # a bracketed part ending the symbol
        ("Quyết định số 11/QĐ-BNV(A12) ngày 2/3/1990", ("11/QĐ-BNV(A12)", "11", "BNV", 1990, "1990-03-02")),
        # number and first part run together
        ("Công văn số 612BNV/TCCB ngày", ("612BNV/TCCB", "612", "TCCB", None, None)),
        # odd and mixed-case issuer codes
        ("Nghị định số 12-Cab/Ml ngày 1/6/1955", ("12-Cab/Ml", "12", "Ml", 1955, "1955-06-01")),
        ("văn bản số 47/CV-HoREA kiến nghị", ("47/CV-HoREA", "47", "HoREA", None, None)),
        # a space typed for a separator, after a type word
        ("nghị định số 17/2003 NĐ-CP thành lập", ("17/2003/NĐ-CP", "17", "CP", 2003, None)),
        ("Nghị quyết số 244 NQ/HĐNN8, đổi tên", ("244-NQ/HĐNN8", "244", "HĐNN8", None, None)),
    ],
)
def test_historical_symbols_are_read(text: str, expected: tuple[object, ...]) -> None:
    c = only(text)
    assert (c.id, c.number, c.issuer, c.year, c.date) == expected
    assert text[c.start : c.end] == c.text


def test_the_old_government_code_is_a_state_document() -> None:
    assert only("Nghị định 27-CP ngày 3/2/1995").system == "state"


def test_an_odd_code_needs_a_type_word() -> None:
    assert extract("đội 12-Cab/Ml thắng") == []
    assert extract("mã 612BNV/TCCB") == []


def test_the_date_after_the_issuer_and_a_comma_or_an_aside_is_attached() -> None:
    c = only("Nghị quyết 08-NQ/TW của Bộ Chính trị, ngày 16/1/2017 về du lịch")
    assert c.date == "2017-01-16"
    c = only("Quyết định 190-HĐBT của Hội đồng Bộ trưởng (nay là Chính phủ) ngày 1 tháng 6 năm 1990")
    assert c.date == "1990-06-01"


# --- ids keep what is written ----------------------------------------------------------------------------


def test_the_id_keeps_the_issuer_as_written_and_linking_maps_it() -> None:
    c = only("Nghị quyết số 35-NQ/TƯ ngày 22/10/2018")
    assert (c.id, c.issuer, c.system) == ("35-NQ/TƯ", "TƯ", "party")
    assert canonical_symbol("35 - NQ/TƯ") == "35-NQ/TƯ"
    assert symbol_key("35-NQ/TƯ") == "35-NQ/TW"
    assert symbol_key("35-NQ/TW") == "35-NQ/TW"
    assert symbol_key("9/CĐ-T.Ư") == "9/CĐ-TW"
    assert symbol_key("12/TƯỚNG-X") == "12/TƯỚNG-X"


def test_the_command_line_gives_the_contract_fields_for_the_new_classes() -> None:
    text = "Chỉ thị 05 trong năm; Nghị quyết Trung ương 4 (khóa XII); Quyết định số 12/QĐ-77; 35-NQ/TƯ."
    out = io.StringIO()
    status = extract_files(["-"], stdin=io.BytesIO(text.encode()), stdout=out, stderr=io.StringIO())
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 0
    fields = ["file", "start", "end", "text", "id", "type", "number", "issuer", "year", "date", "system"]
    assert all(list(row) == fields for row in rows)
    assert [row["id"] for row in rows] == [None, None, "12/QĐ-77", "35-NQ/TƯ"]
    assert [row["text"] for row in rows][:2] == ["Chỉ thị 05", "Nghị quyết Trung ương 4 (khóa XII)"]
    assert all(text[row["start"] : row["end"]] == row["text"] for row in rows)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_a_plenum_name_survives_arbitrary_surroundings(before: str, after: str) -> None:
    name = "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa XII"
    text = f"{before} {name} {after}"
    found = extract(text)
    assert all(text[c.start : c.end] == c.text for c in found)
    assert any(c.text.startswith(name) and c.id is None for c in found)
