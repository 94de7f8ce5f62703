"""Issue 12's combined disguises: short copies that keep only a few rare fingerprints, and passages whose
edges and moved sentences heavy editing left with no seed."""

from __future__ import annotations

import random

import numpy as np

from quantriet.copycheck import Document, check_cohort
from quantriet.copycheck.candidates import chained_pairs, rare_chained_pairs
from quantriet.copycheck.model import Options
from tests.copycheck.clitools import prose


def _keys(count: int) -> np.ndarray:
    return np.full(count, 7 * (1 << 32) + 9, dtype=np.int64)


def test_two_rare_fingerprints_a_few_tokens_apart_pair_their_documents() -> None:
    # What is left of one heavily edited sentence: two fingerprints seven tokens apart, no third document.
    keys, pos_a, pos_b = _keys(2), np.array([40, 47]), np.array([300, 306])
    assert chained_pairs(keys, pos_a, pos_b, Options()).tolist() == []
    assert rare_chained_pairs(keys, pos_a, pos_b, Options()).tolist() == [7 * (1 << 32) + 9]


def test_two_rare_fingerprints_a_moved_sentence_apart_pair_their_documents() -> None:
    keys, pos_a, pos_b = _keys(2), np.array([100, 156]), np.array([369, 325])
    assert chained_pairs(keys, pos_a, pos_b, Options()).tolist() == []
    assert rare_chained_pairs(keys, pos_a, pos_b, Options()).tolist() == [7 * (1 << 32) + 9]


def test_rare_fingerprints_of_one_phrase_or_far_apart_do_not_pair_their_documents() -> None:
    # One shared phrase (fingerprints overlapping), or two phrases a paragraph apart: no chain.
    assert rare_chained_pairs(_keys(3), np.array([40, 41, 42]), np.array([9, 10, 11]), Options()).size == 0
    assert rare_chained_pairs(_keys(2), np.array([40, 140]), np.array([9, 109]), Options()).size == 0


def _sentence_words(seed: int, count: int) -> list[str]:
    return prose(seed, count).split()


def test_a_copy_whose_first_words_were_shuffled_is_reported_from_its_start() -> None:
    source = _sentence_words(301, 120)
    # The copy's first sixteen words with each two swapped and every fifth replaced: no two of them still
    # side by side as in the source, so no seed there, but most of the source's first sixteen words.
    opening = [source[k ^ 1] for k in range(16)]
    for k in range(0, 16, 5):
        opening[k] = "chiều"
    copied = " ".join([*opening, *source[16:]])
    before, after = prose(302, 80), prose(303, 80)
    report = f"{before} {copied} {after}"
    result = check_cohort([Document("bai.txt", report)], [Document("nguon.txt", " ".join(source))])
    [pair] = result.pairs
    [passage] = pair.passages
    start = len(before) + 1
    assert start <= passage.a_start <= start + len(opening[0]) + 1 + len(opening[1]) + 1
    assert passage.b_start <= len(source[0]) + 1 + len(source[1]) + 1
    assert passage.a_end <= start + len(copied)


def test_reports_using_the_same_words_in_other_orders_are_never_paired() -> None:
    # Two reports on one resolution: every stretch of sixteen words of the second holds the same words
    # as the first's, in another order. Bags of words alone never make a passage.
    first = _sentence_words(401, 240)
    rng = random.Random(401)
    second: list[str] = []
    for start in range(0, len(first), 16):
        block = first[start : start + 16]
        rng.shuffle(block)
        second.extend(block)
    result = check_cohort([Document("a.txt", " ".join(first)), Document("b.txt", " ".join(second))])
    assert result.pairs == ()


def test_a_sentence_the_copy_moved_from_its_end_into_its_middle_is_part_of_the_passage() -> None:
    source = _sentence_words(501, 200)
    # Words 100-115 of the source, each two swapped (no seed left), put in the middle of a copy of words
    # 0-99: the passage found on the source ends at word 99 unless the moved words are taken in.
    moved = [source[100 + (k ^ 1)] for k in range(16)]
    copied = " ".join([*source[:50], *moved, *source[50:100]])
    before, after = prose(502, 80), prose(503, 80)
    result = check_cohort(
        [Document("bai.txt", f"{before} {copied} {after}")], [Document("nguon.txt", " ".join(source))]
    )
    [pair] = result.pairs
    [passage] = pair.passages
    end_of_moved = len(" ".join(source[:116]))
    assert end_of_moved - len(source[115]) - 1 <= passage.b_end <= end_of_moved + 1


def test_a_source_going_on_about_the_same_subject_is_not_taken_into_the_passage() -> None:
    # The source goes on after the copied part with the copied part's own words in another order (the
    # same subject, other sentences): they match stretches of the copy, but the copied part itself
    # matches those better, so the passage ends where the copy does.
    copied = _sentence_words(601, 100)
    rng = random.Random(601)
    going_on = [rng.choice(copied) for _ in range(80)]
    source = " ".join([*copied, *going_on])
    before, after = prose(602, 80), prose(603, 80)
    text = " ".join(copied)
    result = check_cohort([Document("bai.txt", f"{before} {text} {after}")], [Document("nguon.txt", source)])
    [pair] = result.pairs
    [passage] = pair.passages
    assert passage.b_start == 0
    assert passage.b_end == len(text)
