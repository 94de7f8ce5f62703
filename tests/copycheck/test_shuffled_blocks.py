"""Issue 12, fifth round: a long passage copied with its sentences shuffled over the whole of it, a word
in three of each replaced and every third sentence rewritten whole, is found as one passage; what only
looks like one is not."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.copycheck import Document, Passage, check_cohort, matched_sentences
from quantriet.copycheck.align.shuffled import sentence_runs, shuffled_blocks
from tests.copycheck.clitools import prose
from tests.copycheck.shuffled import sentences as _sentences
from tests.copycheck.shuffled import shuffled_edited as _shuffled_edited
from tests.copycheck.shuffled import text as _text


def test_a_long_copy_with_its_sentences_shuffled_and_edited_is_one_passage() -> None:
    copied = _sentences(0, 10, size=16)
    source = f"{_text(_sentences(160, 3, size=16))} {_text(copied)}"
    copy = _shuffled_edited(copied, 77)
    before, after = prose(78, 120), prose(79, 120)
    text = f"{before} {copy} {after}"
    result = check_cohort([Document("a", text)], [Document("src", source)])
    [pair] = result.pairs
    [passage] = pair.passages
    start, end = len(before) + 1, len(before) + 1 + len(copy)
    # Nearly all of the copy on the report's side (a rewritten sentence at an end may be left out) ...
    found = min(passage.a_end, end) - max(passage.a_start, start)
    assert found >= 0.9 * len(copy)
    assert passage.a_start >= start - 2 and passage.a_end <= end + 2
    # ... and on the source's side, the copied stretch, not the sentences before it.
    assert passage.b_start >= source.index(copied[0][0]) - 2
    assert passage.b_end - passage.b_start >= 0.8 * (len(source) - source.index(copied[0][0]))


def _run(a: int, b: int, length: int = 20, step: int = 2) -> list[tuple[int, int]]:
    """Word seeds of one edited sentence: one place in ``step`` along the diagonal at (a, b)."""
    return [(a + k, b + k) for k in range(0, length, step)]


def _seeds(*runs: list[tuple[int, int]]) -> np.ndarray:
    return np.array([seed for run in runs for seed in run], dtype=np.int64)


def test_runs_are_cut_where_the_diagonal_jumps() -> None:
    words = _seeds(_run(100, 500), _run(124, 300), _run(148, 700))
    assert sentence_runs(words) == [(100, 119, 500, 519), (124, 143, 300, 319), (148, 167, 700, 719)]


def test_a_word_or_two_on_a_diagonal_is_no_run() -> None:
    words = _seeds(_run(100, 500, length=8, step=2))  # four seeds: fewer than a sentence keeps
    assert sentence_runs(words) == []


def test_sentences_shuffled_inside_one_stretch_are_one_block() -> None:
    # Six sentences of 24 tokens at a 100..244, put in another order at b 400..544.
    order = [3, 0, 5, 1, 4, 2]
    words = _seeds(*(_run(100 + 24 * k, 400 + 24 * order[k]) for k in range(6)))
    assert shuffled_blocks(words, 30) == [(100, 239, 400, 539)]


def test_four_sentences_are_not_enough() -> None:
    order = [3, 0, 2, 1]
    words = _seeds(*(_run(100 + 24 * k, 400 + 24 * order[k]) for k in range(4)))
    assert shuffled_blocks(words, 30) == []


def test_sentences_taken_from_all_over_the_other_document_are_no_block() -> None:
    # Six sentences side by side in a, matched 100 tokens apart each in b: the stretch of b between them
    # holds nothing of a (two reports of one event that word some of their sentences alike).
    words = _seeds(*(_run(100 + 24 * k, 400 + 100 * k) for k in range(6)))
    assert shuffled_blocks(words, 30) == []


def test_a_sentence_matched_far_away_is_left_out_of_the_block() -> None:
    order = [3, 0, 5, 1, 4, 2]
    runs = [_run(100 + 24 * k, 400 + 24 * order[k]) for k in range(6)]
    stray = _run(244, 2000)  # like one of the copy's, somewhere else in the source
    assert shuffled_blocks(_seeds(*runs, stray), 30) == [(100, 239, 400, 539)]


def test_two_reports_quoting_the_studied_document_in_shuffled_sentences_are_not_paired() -> None:
    # Both reports take the campaign's document sentence by sentence, shuffled and edited each their own
    # way: what they share is the base text, given as such, so nothing is reported.
    studied = _sentences(0, 10, size=16)
    base = Document("nghi-quyet.txt", _text(studied), "base")
    first = Document("a", f"{prose(80, 100)} {_shuffled_edited(studied, 81)} {prose(82, 100)}")
    second = Document("b", f"{prose(83, 100)} {_shuffled_edited(studied, 84)} {prose(85, 100)}")
    assert check_cohort([first, second], base=[base]).pairs == ()


def test_the_sentences_of_a_shuffled_passage_are_matched_one_by_one_for_the_reader() -> None:
    copied = _sentences(0, 10, size=16)
    source = f"{_text(_sentences(160, 3, size=16))} {_text(copied)}"
    text = f"{prose(78, 120)} {_shuffled_edited(copied, 77)} {prose(79, 120)}"
    [pair] = check_cohort([Document("a", text)], [Document("src", source)]).pairs
    [matches] = matched_sentences(text, source, pair.passages)
    # Every sentence the copy kept something of (seven of ten: every third was rewritten whole) ...
    assert len(matches) == 7
    for match in matches:
        mine = [w.strip(".") for w in text[match.a_start : match.a_end].split()]
        theirs = [w.strip(".") for w in source[match.b_start : match.b_end].split()]
        # ... is matched to the sentence it came from: two words in three are that sentence's own.
        origin = max(copied, key=lambda sentence: len(set(mine) & set(sentence)))
        assert set(theirs) <= set(origin)
        assert len(set(mine) & set(origin)) >= 0.6 * len(mine)
    # In the order of the report; the source's order differs (that is why they are listed).
    assert [m.a_start for m in matches] == sorted(m.a_start for m in matches)
    assert [m.b_start for m in matches] != sorted(m.b_start for m in matches)


def test_a_passage_kept_in_order_needs_no_sentence_list() -> None:
    copied = _sentences(0, 10, size=16)
    source = _text(copied)
    text = f"{prose(86, 120)} {source} {prose(87, 120)}"
    [pair] = check_cohort([Document("a", text)], [Document("src", source)]).pairs
    assert matched_sentences(text, source, pair.passages) == ((),)


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=400),
    st.text(max_size=400),
    st.lists(st.tuples(*[st.integers(0, 450)] * 4), max_size=4),
)
def test_matched_sentences_take_any_text_and_stay_inside_each_passage(
    a_text: str, b_text: str, ranges: list[tuple[int, int, int, int]]
) -> None:
    passages = [
        Passage(min(p[0], p[1]), max(p[0], p[1]), min(p[2], p[3]), max(p[2], p[3]))
        for p in ranges
        if max(p[0], p[1]) <= len(a_text) and max(p[2], p[3]) <= len(b_text)
    ]
    found = matched_sentences(a_text, b_text, passages)
    assert len(found) == len(passages)
    for passage, matches in zip(passages, found, strict=True):
        for match in matches:
            assert passage.a_start <= match.a_start < match.a_end <= passage.a_end
            assert passage.b_start <= match.b_start < match.b_end <= passage.b_end


def test_matched_sentences_of_a_shuffled_copy_stay_inside_a_smaller_passage() -> None:
    copied = _sentences(0, 10, size=16)
    source = _text(copied)
    text = _shuffled_edited(copied, 77)
    half = Passage(0, len(text) // 2, 0, len(source))
    [matches] = matched_sentences(text, source, [half])
    assert matches and all(m.a_end <= half.a_end for m in matches)
