"""Tokens: the ids and the offsets describe the same tokens, whatever the text."""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.copycheck.tokens import batch_token_ids, token_ids, token_spans, token_words, tokens

ALPHABET = "aăâbcdđeêghiklmnoôơuưyÀÁẢĐđ .,;:–-“”\"'()\n\t\u00a0\u2003\u200b\u00ad09\u0301\u0300İ😀𝔸\udcff"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.booleans())
def test_ids_and_spans_agree_on_any_text(text: str, decomposed: bool) -> None:
    if decomposed:
        text = unicodedata.normalize("NFD", text)
    starts, ends = token_spans(text)
    assert len(token_ids(text)) == len(starts) == len(ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts.tolist(), ends.tolist(), strict=True))
    assert all(e <= s for e, s in zip(ends.tolist(), starts.tolist()[1:], strict=False))


def test_tokens_are_syllables_without_punctuation() -> None:
    assert tokens("“Đảng” – 15/2023/NĐ-CP, hoá\u00a0học.") == ["Đảng", "15", "2023", "NĐ", "CP", "hoá", "học"]


def test_spelling_variants_share_ids() -> None:
    plain = token_ids("Hoá học thuỷ lợi Đảng")
    variant = token_ids(unicodedata.normalize("NFD", "HÓA HỌC THỦY LỢI \u00d0ẢNG"))
    assert plain.tolist() == variant.tolist()
    assert token_ids("ô")[0] != token_ids("o")[0] != token_ids("ó")[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.booleans())
def test_each_token_lies_in_the_word_it_is_said_to_be_in(text: str, decomposed: bool) -> None:
    if decomposed:
        text = unicodedata.normalize("NFD", text)
    starts, ends = token_spans(text)
    word, word_starts, word_ends = token_words(text)
    assert len(word) == len(starts)
    for k in range(len(starts)):
        w = int(word[k])
        assert word_starts[w] <= starts[k] < ends[k] <= word_ends[w]
        assert not any(ch.isspace() for ch in text[word_starts[w] : word_ends[w]])


def test_batch_token_ids_are_token_ids() -> None:
    # Words the table learns in one batch are looked up in the next; odd spaces, marks, words of no
    # or several tokens, text beyond the first plane and empty texts come out as ``token_ids`` has them.
    texts = [
        "Xây dựng Đảng trong sạch, vững mạnh. HOÁ hóa hoá thuỷ thủy Ðảng",
        "",
        "   \t\n ",
        "15/2023/NĐ-CP – «trích» “dẫn” x\u00a0y\u2003z\u3000w\x1cv\x85u",
        "a\u0301 e\u0340 zero\u200bwidth İstanbul ǅ \U0001f600vui \U00020000 \uffff",
        "một",
        "lone \udcff surrogate x\ud800y",  # what a file decoded with surrogateescape may hold
    ]
    expected = [token_ids(text) for text in texts]
    for _ in range(2):
        got = batch_token_ids(texts)
        assert len(got) == len(texts)
        for ids, want in zip(got, expected, strict=True):
            assert ids.dtype == want.dtype and ids.tolist() == want.tolist()
    assert batch_token_ids([]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=60), max_size=6))
def test_batch_token_ids_on_any_texts(texts: list[str]) -> None:
    got = batch_token_ids(texts)
    assert [ids.tolist() for ids in got] == [token_ids(text).tolist() for text in texts]


def test_batch_token_ids_in_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    import quantriet.copycheck.tokens as module

    monkeypatch.setattr(module, "_GROUP_CHARS", 40)
    texts = ["Xây dựng Đảng trong sạch", "một " * 20, "", "hoá học, 15/2023", "vững mạnh " * 3]
    got = batch_token_ids(texts)
    assert [ids.tolist() for ids in got] == [token_ids(text).tolist() for text in texts]


def test_the_table_of_white_space_is_what_str_isspace_says() -> None:
    from quantriet.copycheck import tokens as tokens_module

    assert tokens_module._SPACE.tolist() == [chr(code).isspace() for code in range(0x10000)]


def test_the_characters_whose_lower_case_changes_pieces_are_those_python_has() -> None:
    """What lower-casing could change besides one character for another of the same kind, derived from
    the Unicode tables of this Python (a newer one may add some: then the table must say so)."""
    from quantriet.copycheck import tokens as tokens_module

    inside = tokens_module._PIECE_CHARS
    changing = []
    for code in range(0x10000):
        lower = chr(code).lower()
        if lower != chr(code) and (len(lower) != 1 or inside[ord(lower)] != inside[code] or code == 0x3A3):
            changing.append(code)
    assert tuple(changing) == tokens_module._CASE_CHANGING
    kinds = tokens_module._CHAR_KINDS
    assert np.flatnonzero(kinds == tokens_module._CASE_CHANGES).tolist() == [*changing, 0x10000]


def test_the_table_of_piece_characters_is_what_the_piece_pattern_takes() -> None:
    from quantriet.copycheck import tokens as tokens_module

    by_pattern = [
        tokens_module._PIECE.fullmatch(chr(code)) is not None and not chr(code).isspace()
        for code in range(0x10000)
    ]
    assert tokens_module._piece_table().tolist() == [*by_pattern, False]


def _token_words_by_word(text: str) -> list[int]:
    """The word of each token, found word by word: the number of ``token_ids`` of each lower-cased word."""
    return [k for k, word in enumerate(text.lower().split()) for _ in token_ids(word).tolist()]


ODD_TEXTS = [
    "",
    " ",
    "a",
    "\u200b",
    "\u200b\u00ad x \ufeffy",
    "zero\u200bwidth soft\u00adhyphen \u2060",
    "a\u0301 \u0301 e\u0340 \u0300\u0301",
    "İstanbul İİ ǅ ẞ",
    "\U0001f600vui \U00020000 \uffff \U0001d400x",
    "15/2023/NĐ-CP – «trích» “dẫn” x\u00a0y\u2003z\u3000w\x1cv\x85u",
    "Xây dựng Đảng trong sạch, vững mạnh. HOÁ hóa hoá thuỷ thủy Ðảng",
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_token_words_gives_each_token_the_word_it_is_in(text: str) -> None:
    word, starts, ends = token_words(text)
    assert word.tolist() == _token_words_by_word(text)
    assert len(starts) == len(ends) == len(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.booleans())
def test_token_words_counts_the_tokens_of_each_word(text: str, decomposed: bool) -> None:
    if decomposed:
        text = unicodedata.normalize("NFD", text)
    assert token_words(text)[0].tolist() == _token_words_by_word(text)


def test_pieces_whose_keys_collide_are_told_apart_by_their_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every piece given one key: the table still gives each its own id, since no two of these pieces
    have the same length, first and last character (the check)."""
    import numpy as np

    import quantriet.copycheck.tokens as module

    real_keys = module._piece_keys

    def colliding(codes: np.ndarray, begins: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keys, checks = real_keys(codes, begins, ends)
        return np.full_like(keys, 0x5EED), checks

    for name, empty in (("keys", 0), ("checks", 0), ("ids", 0)):
        monkeypatch.setitem(module._table, name, np.full(1 << 16, empty, dtype=np.uint64))
    monkeypatch.setattr(module, "_table_used", [0])
    monkeypatch.setattr(module, "_piece_keys", colliding)
    texts = ["một hai ba bốn năm", "sáu bảy tám chín mười", "năm bốn ba hai một mười"]
    for _ in range(2):  # learnt in the first round, looked up in the second
        assert [ids.tolist() for ids in module.batch_token_ids(texts)] == [
            module.token_ids(text).tolist() for text in texts
        ]


@pytest.mark.parametrize(
    ("texts", "lowered_first"),
    [
        (["ĐẢNG BỘ Tỉnh Sơn La", "HOÁ Học, Thuỷ Lợi – 15/2023/NĐ-CP", "Ðảng viên ÐOÀN"], False),
        (["ĐẢNG BỘ", "İstanbul"], True),  # İ lower-cases to two characters
        (["ΟΔΟΣ Σ ΣΑ", "Đảng"], True),  # Σ lower-cases by its neighbours
        (["Đảng \U00010400"], True),  # beyond the first plane
    ],
)
def test_capitals_are_tokenised_without_lower_casing_unless_a_character_needs_it(
    monkeypatch: pytest.MonkeyPatch, texts: list[str], lowered_first: bool
) -> None:
    import quantriet.copycheck.tokens as module

    told: list[bool] = []
    real_bounds = module._piece_bounds

    def bounds(codes: Any, inside: Any = None) -> Any:
        told.append(inside is None)
        return real_bounds(codes, inside)

    monkeypatch.setattr(module, "_piece_bounds", bounds)
    assert [ids.tolist() for ids in module.batch_token_ids(texts)] == [
        module.token_ids(text).tolist() for text in texts
    ]
    assert told == [lowered_first]


def _canonical_the_long_way(token: str) -> str:
    from quantriet.copycheck import tokens as module

    text = unicodedata.normalize("NFD", token.lower().translate(module._LOOKALIKES))
    tone = ""
    for mark in module._TONES:
        if mark in text:
            tone = mark
            text = text.replace(mark, "")
    return unicodedata.normalize("NFC", text) + tone


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(alphabet=ALPHABET, max_size=12), st.text(st.characters(max_codepoint=127), max_size=12))
)
def test_the_quick_canonical_form_of_plain_ascii_is_the_long_one(token: str) -> None:
    from quantriet.copycheck.tokens import canonical

    assert canonical(token) == _canonical_the_long_way(token)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_token_words_read_from_one_lookup_are_those_of_the_lower_cased_text(text: str) -> None:
    from quantriet.copycheck import tokens as module

    quick = module.token_words(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_WORD_KINDS", module._WORD_KINDS | np.uint8(module._CASE_CHANGES))
        slow = module.token_words(text)
    assert [part.tolist() for part in quick] == [part.tolist() for part in slow]
