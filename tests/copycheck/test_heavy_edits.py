"""Heavily edited copies: a passage's pieces and edges that seeds alone would leave out."""

from __future__ import annotations

from quantriet.copycheck import CheckResult, Document, Pair, check_cohort
from tests.copycheck.clitools import VOCAB, prose

# Invented words found nowhere in ``prose``: what an editor types in place of the copied ones.
FILLER = (  # noqa: SIM905 (a sentence reads better than quoted words)
    "chiều mai trời nắng nhẹ gió thổi qua sông dài lúa chín vàng đồng quê êm ả bên bờ tre xanh mát rượi"
).split()
assert not set(FILLER) & set(VOCAB)


def words(seed: int, count: int) -> list[str]:
    return prose(seed, count).split()


def filler(count: int) -> list[str]:
    return [FILLER[k % len(FILLER)] for k in range(count)]


def only_pair(result: CheckResult) -> Pair:
    assert len(result.pairs) == 1, result.pairs
    return result.pairs[0]


def check(copy: list[str], source: list[str], seed: int) -> tuple[Pair, str, int, int]:
    """``copy`` put between two paragraphs of a report and checked against ``source``."""
    before, after = prose(seed, 120), prose(seed + 1, 120)
    copied = " ".join(copy)
    text = f"{before} {copied} {after}"
    start = len(before) + 1
    pair = only_pair(check_cohort([Document("a", text)], [Document("src", " ".join(source))]))
    return pair, text, start, start + len(copied)


def test_the_first_sentence_of_a_copy_cut_off_by_a_rewritten_stretch_is_part_of_the_passage() -> None:
    source = words(101, 160)
    # 20 copied words, 12 rewritten (a gap longer than ``max_gap``), the rest copied as it is.
    copy = source[:20] + filler(12) + source[32:]
    pair, _text, start, end = check(copy, source, seed=110)
    [passage] = pair.passages
    assert passage.a_start == start
    assert passage.a_end == end
    assert passage.b_start == 0


def test_a_copy_whose_first_and_last_words_were_edited_is_reported_to_its_edges() -> None:
    source = words(102, 120)
    copy = source[:2] + filler(1) + source[3:-3] + filler(1) + source[-2:]
    pair, text, start, end = check(copy, source, seed=120)
    [passage] = pair.passages
    assert text[passage.a_start : passage.a_end] == " ".join(copy)
    assert (passage.a_start, passage.a_end) == (start, end)


def test_two_copied_stretches_overlapping_in_the_source_are_one_passage() -> None:
    source = words(103, 90)
    # A stretch copied, a rewritten bit, then the stretch's last words again and what follows them.
    copy = source[:45] + filler(12) + source[40:90]
    pair, _text, start, end = check(copy, source, seed=130)
    [passage] = pair.passages
    assert (passage.a_start, passage.a_end) == (start, end)
    assert passage.b_start == 0


def test_a_shared_phrase_out_of_order_beyond_the_reach_of_a_reordered_copy_is_not_taken_in() -> None:
    source = words(104, 100)
    # It follows the copied stretch in the source and precedes it in the report, farther than a heavily
    # edited copy's shuffled sentences lie apart (closer, it would be one of them: see align's second
    # pass, which takes in sentences of a copy put in another order).
    phrase = source[72:80]
    copy = [*phrase, *filler(40), *source[:60]]
    pair, _text, start, _end = check(copy, source, seed=140)
    [passage] = pair.passages
    copied_from = start + len(" ".join([*phrase, *filler(40)])) + 1
    assert passage.a_start == copied_from
    assert passage.b_end <= len(" ".join(source[:60]))
