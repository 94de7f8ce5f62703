"""Properties that hold for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.docref import extract

# Pieces that make collisions with the grammar likely, mixed with arbitrary text.
PIECES = st.sampled_from(
    [
        "Nghị quyết",
        "số",
        " ",
        "-",
        "/",
        "35",
        "NQ",
        "TW",
        "QĐ",
        "\u00d0",
        "ngày",
        "20/10/2018",
        ",",
        "\n",
        "khóa XII",
        "Trung ương",
        "\u0301",
        "\u00a0",
        "2023",
        "CP",
        "và",
        "(",
        ")",
        # pieces of short references, plenum names and historical symbols
        "Chỉ thị",
        "05",
        "Hội nghị",
        "lần thứ",
        "năm",
        "tư",
        "Ban Chấp hành",
        "HỘI NGHỊ",
        "a",
        "B",
        "(A12)",
        "77",
        "BNV",
        "Cab",
        "Ml",
        "TƯ",
        "T.Ư",
        "HoREA",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=200), st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join)
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_spans_are_in_bounds_ordered_and_disjoint(text: str) -> None:
    found = extract(text)
    last_end = 0
    for c in found:
        assert 0 <= last_end <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
        last_end = c.end
        if c.id is not None:
            assert " " not in c.id and unicodedata.is_normalized("NFC", c.id) and "\u00d0" not in c.id


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_a_citation_survives_arbitrary_surroundings(before: str, after: str) -> None:
    text = f"{before} Nghị quyết số 35-NQ/TW ngày 20/10/2018 {after}"
    assert any(c.id == "35-NQ/TW" and c.date == "2018-10-20" for c in extract(text))
