"""Where sentences start: a token after a word ending in a full stop (or ! ? … ; :), counted on any text."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.copycheck.align.sentences import _STOPS, _sentence_starts
from quantriet.copycheck.tokens import token_words

ALPHABET = "aăđê ĐHOÁ.!?…;:,–\n\t\u00a0\u200b\u0301İΣ😀\udcff"


def _by_definition(text: str, word_of_token: np.ndarray, word_ends: np.ndarray) -> list[int]:
    if len(word_of_token) == 0:
        return [0]
    stops = [text[end - 1 : end] in _STOPS for end in word_ends.tolist()]
    starts = [0]
    for token in range(1, len(word_of_token)):
        word, before = int(word_of_token[token]), int(word_of_token[token - 1])
        if word != before and stops[before]:
            starts.append(token)
    return [*starts, len(word_of_token)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_sentence_starts_follow_the_words_ending_in_a_stop(text: str) -> None:
    word_of_token, _, word_ends = token_words(text)
    assert _sentence_starts(text, word_of_token, word_ends).tolist() == _by_definition(
        text, word_of_token, word_ends
    )


def test_a_report_of_three_sentences() -> None:
    text = "Đảng bộ họp. Chi bộ học tập… Đảng viên viết bài thu hoạch!"
    word_of_token, _, word_ends = token_words(text)
    assert _sentence_starts(text, word_of_token, word_ends).tolist() == [0, 3, 7, 13]
