"""The one-place parsers and cleaner, through their public API."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quantriet.core import jsonbody
from quantriet.core.numbers import DB_INT_MAX, parse_int
from quantriet.core.textinput import clean_text


@pytest.mark.parametrize(
    "raw", ["²", "١٢", "+5", "-1", "1_000", "", " ", "1e3", "0x10", "9" * 20, None, True, 1.5]
)
def test_parse_int_refuses_anything_but_ascii_digits(raw: object) -> None:
    assert parse_int(raw) is None


def test_parse_int_keeps_bounds() -> None:
    assert parse_int(" 42 ") == 42
    assert parse_int("0", minimum=1) is None
    assert parse_int("10000", maximum=9999) is None
    assert parse_int(str(DB_INT_MAX)) == DB_INT_MAX
    assert parse_int(str(DB_INT_MAX + 1)) is None


@given(st.text())
def test_parse_int_never_raises(raw: str) -> None:
    value = parse_int(raw)
    assert value is None or (0 <= value <= DB_INT_MAX and raw.strip().isascii())


def test_json_depth_is_refused_before_parsing() -> None:
    with pytest.raises(jsonbody.JsonBodyError) as caught:
        jsonbody.loads(b"[" * 100_000 + b"]" * 100_000)
    assert caught.value.reason == "too_deep"
    assert jsonbody.loads(json.dumps({"a": "[" * 42}).encode()) == {"a": "[" * 42}


@pytest.mark.parametrize("raw", [b"{", b"\xff", b'{"a": "\\ud800"}', b"nul"])
def test_json_malformed_raises_one_error(raw: bytes) -> None:
    with pytest.raises(jsonbody.JsonBodyError):
        jsonbody.loads(raw)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), lambda c: st.lists(c, max_size=3)))
def test_json_round_trips_what_it_accepts(value: object) -> None:
    try:
        assert jsonbody.loads(json.dumps(value)) == value
    except jsonbody.JsonBodyError as error:
        assert error.reason in {"too_deep", "encoding"}


def test_clean_text_removes_controls_and_invisibles() -> None:
    assert clean_text("Nguyễn\x01 Văn\u200b A\x00") == "Nguyễn Văn A"
    assert clean_text("\u200b\u200c\ufeff") == ""
    assert clean_text("a\tb\nc") == "a b c"
    assert clean_text("a\r\nb\x0b", multiline=True) == "a\nb"
    assert clean_text("Nguye\u0302\u0303n") == "Nguyễn"


@given(st.text())
def test_clean_text_output_is_storable(value: str) -> None:
    for multiline in (False, True):
        cleaned = clean_text(value, multiline=multiline)
        cleaned.encode("utf-8")
        assert "\x00" not in cleaned
        assert all(ord(c) >= 32 or c in "\n\t" for c in cleaned)
        assert clean_text(cleaned, multiline=multiline) == cleaned


def test_an_upload_field_never_answers_false_for_a_posted_clear_box() -> None:
    from django import forms

    class Upload(forms.Form):
        file = forms.FileField(required=False)

    form = Upload(data={"file-clear": "on"}, files={})
    assert form.is_valid()
    assert form.cleaned_data["file"] is None
