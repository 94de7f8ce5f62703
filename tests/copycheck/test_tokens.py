"""Tokens: the ids and the offsets describe the same tokens, whatever the text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.copycheck.tokens import token_ids, token_spans, token_words, tokens

ALPHABET = "aăâbcdđeêghiklmnoôơuưyÀÁẢĐđ .,;:–-“”\"'()\n\t\u00a0\u2003\u200b\u00ad09\u0301\u0300İ😀𝔸"


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
