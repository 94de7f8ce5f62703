"""Symbol forms beyond the textbook ones, and writers' slips, on hand-written fixtures (numbers invented)."""

from __future__ import annotations

import pytest

from quantriet.docref import Citation, canonical_symbol, extract


def only(text: str) -> Citation:
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected_id"),
    [
        # Vietnamese capitals other than Đ inside a part.
        ("theo văn bản số 41/TTANM-ĐPƯC ngày 3/5/2019", "41/TTANM-ĐPƯC"),
        ("Công văn số 7/SỞ-ƠN", "7/SỞ-ƠN"),
        # More than four hyphenated parts: a joint circular of many issuers.
        (
            "Thông tư liên tịch số 07/2012/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC",
            "07/2012/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC",
        ),
        # "&" joining two abbreviations inside one part.
        ("Công văn số 318/TCMT-KSON&CTMT chấp thuận", "318/TCMT-KSON&CTMT"),
        ("Thông tư số 9/2014/TT-BGD&ĐT ngày 1-2-2014", "9/2014/TT-BGD&ĐT"),
        # A dotted letter or Roman numeral ending a part.
        ("văn bản số 52/TTCP-C.II ngày 2/4/2018", "52/TTCP-C.II"),
        ("Công điện số 9/CĐ-T.Ư", "9/CĐ-T.Ư"),
        # A state issuer in party order.
        ("Quyết định số 611-QĐ/TTg về việc", "611-QĐ/TTg"),
    ],
)
def test_it_reads_the_whole_symbol(text: str, expected_id: str) -> None:
    c = only(text)
    assert c.id == expected_id
    assert text[c.start : c.end] == c.text


def test_a_hyphen_typed_after_the_year_is_kept_as_written() -> None:
    c = only("Theo Điều 5, Nghị định 201/2019-NĐ-CP thì")
    assert (c.id, c.type, c.year, c.number) == ("201/2019-NĐ-CP", "Nghị định", 2019, "201")


def test_a_technical_regulation_in_colon_form() -> None:
    c = only("phù hợp với quy chuẩn (QCVN 27:2016/BXD), quy trình")
    assert (c.id, c.number, c.year, c.issuer) == ("27:2016/BXD", "27", 2016, "BXD")
    assert c.type == "Quy chuẩn kỹ thuật quốc gia"
    assert canonical_symbol("27:2016/BXD") == "27:2016/BXD"


def test_a_year_typed_last_is_read_after_a_type_word() -> None:
    c = only("Theo Nghị định 71/CP/2018 về an ninh")
    assert (c.id, c.year, c.type) == ("71/CP/2018", 2018, "Nghị định")
    assert extract("mẫu 71/CP/2018 về an ninh") == []


def test_an_issuer_written_out_in_words_is_read_as_its_abbreviation() -> None:
    c = only("kèm theo quyết định số 44/2011/QĐ-ủy ban nhân dân ngày 3/2/2011 của tỉnh")
    assert (c.id, c.issuer, c.date) == ("44/2011/QĐ-UBND", "UBND", "2011-02-03")
    assert c.text == "quyết định số 44/2011/QĐ-ủy ban nhân dân ngày 3/2/2011"


def test_a_symbol_that_runs_on_into_something_unreadable_gives_a_partial_citation() -> None:
    c = only("Quyết định số 44/2011/QĐ-ủy ban tỉnh ngày 3/2/2011")
    assert (c.id, c.type, c.number, c.year, c.date) == (None, "Quyết định", "44", 2011, None)
    assert c.text == "Quyết định số 44/2011/QĐ"
    # Without a type word or "số" nothing is said at all.
    assert extract("mã 44/2011/QĐ-ủy ban tỉnh") == []


def test_long_type_names_ending_in_another_type_word() -> None:
    assert only("theo Thông báo kết luận số 77-TB/TW").type == "Thông báo"
    assert only("Chương trình hành động 52-CTHĐ/TU của Tỉnh ủy").type == "Chương trình"
    c = only("Luật Cán bộ, công chức số 31/2010/QH12 quy định")
    assert (c.type, c.id) == ("Luật", "31/2010/QH12")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hướng dẫn số 05-HD/BTGDVTW ngày 2/3/2025", ("05-HD/BTGDVTW", "party", "2025-03-02")),
        ("Kế hoạch số 12-KH/ĐU ngày 3/4/2019 của Đảng ủy xã", ("12-KH/ĐU", "party", "2019-04-03")),
        ("nghị quyết số 7-NQ/HU của Huyện ủy", ("7-NQ/HU", "party", None)),
        ("theo Quyết định số\n903/QĐ-BTP ngày\n15/6/2020", ("903/QĐ-BTP", "state", "2020-06-15")),
    ],
)
def test_party_issuers_line_breaks_and_lower_case_type_words(
    text: str, expected: tuple[str, str, str | None]
) -> None:
    c = only(text)
    assert (c.id, c.system, c.date) == expected


def test_lists_of_bare_numbers_before_a_state_symbol() -> None:
    found = extract("các quyết định 406, 407/QĐ-TTg về việc")
    assert [(c.id, c.type) for c in found] == [("406/QĐ-TTg", "Quyết định"), ("407/QĐ-TTg", "Quyết định")]


@pytest.mark.parametrize(
    "text",
    [
        "tỷ số 2:2018/A trong hiệp phụ",
        "giai đoạn 2015-2016/NĐ chưa rõ",
        "đạt chuẩn ISO 9001:2015/TCVN",
        "kết quả 12/2017/Q của vòng loại",
        "tháng 5/2016-Đà Nẵng đón khách",
        "Hotline 1900-1234/ĐT, nhà số 12/3A-B Lê Lợi, phòng 5/Cục C47",
        "Kết quả 3-1/HT, máy S6R2-MPTA, tên lửa Kh-101/Kh-102, xe B1-B",
    ],
)
def test_shapes_that_are_not_citations(text: str) -> None:
    assert [c.id for c in extract(text) if c.id is not None] == []
