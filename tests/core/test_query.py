"""``core.query``, the one reader of query-string parameters, through its public API: any text gives a
value the caller can use or a ``BadParameter`` with a Vietnamese sentence, never another exception."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from quantriet.core import query

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)


def params(**values: str) -> QueryDict:
    found = QueryDict(mutable=True)
    found.update(values)
    return found


@given(ANY_TEXT)
def test_integer_gives_a_number_in_range_or_a_sentence(raw: str) -> None:
    try:
        value = query.integer(params(year=raw), "year", minimum=1900, maximum=2199)
    except query.BadParameter as bad:
        assert bad.name == "year" and bad.message.startswith("Tham số year phải là số nguyên")
    else:
        assert value is None or 1900 <= value <= 2199
    assert query.integer(params(year=raw), "year", minimum=1900, maximum=2199, lenient=True) in (
        None,
        *range(1900, 2200),
    )


@given(ANY_TEXT)
def test_text_is_clean_trimmed_and_capped(raw: str) -> None:
    value = query.text(params(q=raw), "q", max_length=50)
    assert len(value) <= 50 and value == value.strip()
    assert not any(ch in value for ch in "\x00\x01\u200b\ufeff")


@given(ANY_TEXT)
def test_choice_and_flag_give_a_known_value_or_a_sentence(raw: str) -> None:
    try:
        assert query.choice(params(status=raw), "status", ["full", "probationary"]) in (
            None,
            "full",
            "probationary",
        )
    except query.BadParameter as bad:
        assert "không hợp lệ" in bad.message and "\x00" not in bad.message
    try:
        assert query.flag(params(unconfirmed=raw), "unconfirmed") in (True, False)
    except query.BadParameter as bad:
        assert "chỉ nhận 1 (có) hoặc 0 (không)" in bad.message


@pytest.mark.parametrize("raw", ["²", "١٢", "５", "-1", "0", "+5", "1_000", "9" * 20])
def test_integer_refuses_what_is_not_ascii_digits_in_range(raw: str) -> None:
    with pytest.raises(query.BadParameter):
        query.integer(params(unit=raw), "unit")


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("on", True), ("0", False), ("", False)]
)
def test_flag_reads_links_scripts_and_checkboxes(raw: str, expected: bool) -> None:
    assert query.flag(params(x=raw), "x") is expected


def test_a_refused_value_is_echoed_short_and_clean() -> None:
    with pytest.raises(query.BadParameter) as caught:
        query.choice(params(type="\x00" + "x" * 500), "type", ["a"])
    assert "\x00" not in caught.value.message and "x" * 51 not in caught.value.message
