"""The public API of quantriet.docref on small hand-written fixtures."""

from __future__ import annotations

import unicodedata

import pytest

from quantriet.docref import Citation, canonical_symbol, extract


def only(text: str) -> Citation:
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


def ids(text: str) -> list[str | None]:
    return [c.id for c in extract(text)]


def test_it_reads_a_party_resolution_with_its_date() -> None:
    text = "Thực hiện Nghị quyết số 35-NQ/TW, ngày 20/10/2018 của Bộ Chính trị."
    c = only(text)
    assert (c.id, c.type, c.number, c.issuer, c.year, c.date, c.system) == (
        "35-NQ/TW",
        "Nghị quyết",
        "35",
        "TW",
        2018,
        "2018-10-20",
        "party",
    )
    assert c.text == "Nghị quyết số 35-NQ/TW, ngày 20/10/2018"
    assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("text", "expected_id", "expected_type"),
    [
        ("Quy định 08-QĐi/TW", "08-QĐi/TW", "Quy định"),
        ("Hướng dẫn 21-HD/BTCTW", "21-HD/BTCTW", "Hướng dẫn"),
        ("Quy định số 01-QĐ/TU", "01-QĐ/TU", "Quy định"),
        ("Quyết định số 01-QĐ/TU", "01-QĐ/TU", "Quyết định"),
        ("Kế hoạch 147-CTHĐ/TU", "147-CTHĐ/TU", "Kế hoạch"),
        ("Nghị định 13/2023/NĐ-CP", "13/2023/NĐ-CP", "Nghị định"),
        ("Luật số 100/2015/QH13", "100/2015/QH13", "Luật"),
        ("Quyết định số 1206/QĐ-BTP", "1206/QĐ-BTP", "Quyết định"),
        ("Quyết định 3463/QĐ-UBND", "3463/QĐ-UBND", "Quyết định"),
        ("Chỉ thị 05-CT/TW", "05-CT/TW", "Chỉ thị"),
        ("Kết luận 21-KL/TW", "21-KL/TW", "Kết luận"),
        ("Thông tư 32/2011/TT-BTC", "32/2011/TT-BTC", "Thông tư"),
        ("Công văn 10072-CV/BTCTW", "10072-CV/BTCTW", "Công văn"),
    ],
)
def test_it_reads_party_and_state_forms(text: str, expected_id: str, expected_type: str) -> None:
    c = only(text)
    assert (c.id, c.type) == (expected_id, expected_type)


def test_the_type_of_qd_comes_only_from_words() -> None:
    assert only("theo 01-QĐ/TU").type is None
    assert only("theo 08-QĐi/TW").type == "Quy định"
    assert only("theo 13/2023/NĐ-CP").type == "Nghị định"
    assert only("theo 1206/QĐ-BTP").type == "Quyết định"  # in state symbols QĐ is always Quyết định


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Nghị quyết 22-NQ/TW ngày 2-2-2008", "2008-02-02"),
        ("Kết luận 21-KL/TW ngày 25 tháng 10 năm 2021", "2021-10-25"),
        ("Nghị quyết 35-NQ/TW ngày 20.10.2018", "2018-10-20"),
        ("Chỉ thị 05-CT/TW của Bộ Chính trị ngày 15-5-2016", "2016-05-15"),
        ("Nghị quyết 35-NQ/TW (20/10/2018)", "2018-10-20"),
    ],
)
def test_it_reads_dates_in_every_form(text: str, date: str) -> None:
    c = only(text)
    assert c.date == date
    assert c.year == int(date[:4])
    assert c.end == len(text)


def test_an_impossible_date_gives_no_date_and_no_year() -> None:
    c = only("Nghị quyết số 1-NQ/TW ngày 31/02/2020")
    assert (c.date, c.year) == (None, None)
    assert only("Nghị định 13/2023/NĐ-CP ngày 31/02/2023").year == 2023  # the symbol's year stays


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết số 36 - NQ/TW",
        "Nghị quyết số 36 -NQ/ TW",
        "Nghị quyết Số 36-NQ/TW",
        "NGHỊ QUYẾT SỐ 36-NQ/TW",
        "Nghị\u00a0quyết\u00a0số\u00a036-NQ/TW",
        "Nghị quyết số 36-NQ/T\u00d0",  # not a real issuer, but the eth must not break anything
        "Nghị quyết số\n36-NQ/TW",
        "Nghị quyết số 36-NQ/TƯ",
    ],
)
def test_it_tolerates_noise(text: str) -> None:
    c = extract(text)[0]
    assert c.type == "Nghị quyết"
    assert c.id in ("36-NQ/TW", "36-NQ/TĐ", "36-NQ/TƯ")  # the id keeps the issuer as written
    assert text[c.start : c.end] == c.text


def test_eth_and_lowercase_d_are_read_as_d() -> None:
    assert only("Quy \u00f0ịnh 08-Q\u00d0i/TW").id == "08-QĐi/TW"
    assert only("Quy \u00f0ịnh 08-Q\u00d0i/TW").type == "Quy định"
    assert only("Nghị định 13/2023/N\u00d0-CP").id == "13/2023/NĐ-CP"
    assert only("Quyết định 1206/Qđ-BTP").id == "1206/QĐ-BTP"


def test_a_doubled_word_is_tolerated() -> None:
    c = only("theo Quy định định 08-QĐi/TW của")
    assert (c.id, c.type, c.text) == ("08-QĐi/TW", "Quy định", "Quy định định 08-QĐi/TW")


def test_offsets_refer_to_decomposed_input() -> None:
    text = unicodedata.normalize(
        "NFD", "Thực hiện Nghị quyết số 35-NQ/TW ngày 20/10/2018 và Quy định 08-QĐi/TW."
    )
    found = extract(text)
    assert [c.id for c in found] == ["35-NQ/TW", "08-QĐi/TW"]
    for c in found:
        assert text[c.start : c.end] == c.text
        assert unicodedata.is_normalized("NFC", c.id or "")
    assert found[0].type == "Nghị quyết"
    assert unicodedata.normalize("NFC", found[0].text) == "Nghị quyết số 35-NQ/TW ngày 20/10/2018"


def test_old_tone_placement_in_a_plenum_name() -> None:
    for word in ("khóa", "khoá"):
        c = only(f"Nghị quyết Trung ương 4 {word} XII về xây dựng Đảng")
        assert (c.id, c.type, c.system) == (None, "Nghị quyết", "party")
        assert c.text.endswith("XII")


def test_a_bare_number_list_gets_the_symbol() -> None:
    found = extract("Nghị quyết số 18, 19-NQ/TW ngày 25/10/2017")
    assert [(c.id, c.type) for c in found] == [("18-NQ/TW", "Nghị quyết"), ("19-NQ/TW", "Nghị quyết")]
    assert found[0].text == "Nghị quyết số 18"
    assert found[1].date == "2017-10-25"


def test_a_list_of_full_symbols_shares_the_type_word() -> None:
    found = extract("các Quy định số 22-QĐ/TW, 24-QĐ/TW và 37-QĐ/TW")
    assert [(c.id, c.type) for c in found] == [
        ("22-QĐ/TW", "Quy định"),
        ("24-QĐ/TW", "Quy định"),
        ("37-QĐ/TW", "Quy định"),
    ]


def test_partial_citations_have_no_id() -> None:
    c = only("Thực hiện Nghị quyết 18 của Ban Chấp hành")
    assert (c.id, c.type, c.number, c.text) == (None, "Nghị quyết", "18", "Nghị quyết 18")
    c = only("theo Kết luận 21 ngày 25-10-2021")
    assert (c.id, c.number, c.date, c.year) == (None, "21", "2021-10-25", 2021)
    c = only("Nghị quyết Trung ương 8, khóa XII")
    assert (c.id, c.text) == (None, "Nghị quyết Trung ương 8, khóa XII")


@pytest.mark.parametrize(
    "text",
    [
        "Gọi 0912-345-678 hoặc 024-3825-1234 để được hỗ trợ.",
        "Việt Nam thắng 2-1 trong trận chung kết.",
        "Xổ số điện toán 6x36 mở thưởng ngày 20/10/2018.",
        "Ngày 20-10-2018, ngày 2/2/2008.",
        "Giá 5.000.000 đồng, tăng 2,5%.",
        "Chứng nhận ISO 9001:2015 và ISO 639-2/RA; ISBN 0-7007-1457-X.",
        "xe tăng T-34/T-85, Galaxy S8/S8+, chuẩn MP3/WMA",
        "Ban Chấp hành quyết định 5 năm một lần; kế hoạch 2 tỷ đồng.",
        "Đội CSGT số 3 - Phòng CSGT; lớp 5-Trường Tiểu học; 1/ Căng thẳng",
    ],
)
def test_it_does_not_invent_citations(text: str) -> None:
    assert extract(text) == []


def test_canonical_symbol() -> None:
    assert canonical_symbol("36 - NQ/TƯ") == "36-NQ/TƯ"
    assert canonical_symbol(unicodedata.normalize("NFD", "13/2023/NÐ-CP")) == "13/2023/NĐ-CP"
    assert canonical_symbol("08-QĐi/TW") == "08-QĐi/TW"
    assert canonical_symbol("Nghị quyết 35-NQ/TW") is None
    assert canonical_symbol("hello") is None
    with pytest.raises(TypeError):
        canonical_symbol(35)  # type: ignore[arg-type]


def test_extract_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        extract(b"35-NQ/TW")  # type: ignore[arg-type]
