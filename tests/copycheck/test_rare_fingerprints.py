"""Short passages with a word in five rewritten: paired by fingerprints only they and their source hold."""

from __future__ import annotations

import random

import numpy as np
import pytest

from quantriet.copycheck import Document, check_cohort
from quantriet.copycheck.candidates import search_candidates
from quantriet.copycheck.prepare import fingerprint, prepare
from tests.copycheck.clitools import prose
from tests.copycheck.test_heavy_edits import FILLER


def rewritten(text: str, seed: int, rate: float = 0.2) -> str:
    """``text`` with about ``rate`` of its words replaced by words found nowhere else."""
    rng = random.Random(seed)
    return " ".join(rng.choice(FILLER) if rng.random() < rate else word for word in text.split())


# Copies the candidate search used to miss: no two of their surviving fingerprints at the same distance.
@pytest.mark.parametrize("seed", [2, 3, 16])
def test_a_short_passage_with_a_word_in_five_rewritten_is_still_found(seed: int) -> None:
    source = prose(seed, 70)
    copy = rewritten(source, seed=seed)
    before, after = prose(500 + seed, 100), prose(600 + seed, 100)
    report = f"{before} {copy} {after}"
    others = [Document(f"khac-{k}.txt", prose(900 + k, 300), "reference") for k in range(5)]

    result = check_cohort([Document("bao-cao.txt", report)], [Document("nguon.txt", source), *others])

    assert [(p.a, p.b) for p in result.pairs] == [("bao-cao.txt", "nguon.txt")]
    [passage] = result.pairs[0].passages
    start, end = len(before) + 1, len(before) + 1 + len(copy)
    assert start <= passage.a_start and passage.a_end <= end
    assert passage.a_end - passage.a_start >= 0.8 * len(copy)


def test_two_reports_quoting_the_base_text_each_with_their_own_edits_are_not_candidates() -> None:
    base = prose(701, 80)
    reports = [
        Document(
            f"bao-cao-{k}.txt", f"{prose(10 + k, 100)} {rewritten(base, seed=10 + k)} {prose(15 + k, 100)}"
        )
        for k in range(2)
    ]
    prepared = [fingerprint(report) for report in reports]
    # What they share is the base text: paired when it is not given, never when it is.
    assert search_candidates(prepared).pairs == [(0, 1)]
    base_grams = prepare(Document("nghi-quyet.txt", base, "base")).grams
    assert search_candidates(prepared, base=base_grams).pairs == []


def test_two_short_phrases_far_apart_held_by_only_two_reports_do_not_pair_them() -> None:
    first, second = prose(43, 9).rstrip(".").split(), prose(143, 9).rstrip(".").split()
    reports = []
    for k in range(2):
        words = prose(40 + k, 160).split()
        words[20:20] = first
        words[120:120] = second  # about a hundred words after the first phrase: no chain
        reports.append(Document(f"bao-cao-{k}.txt", " ".join(words)))
    shared = np.intersect1d(prepare(reports[0]).grams, prepare(reports[1]).grams)
    assert len(shared) >= 3  # fingerprints no other document holds, but in two short phrases

    assert search_candidates([fingerprint(report) for report in reports]).pairs == []
    assert check_cohort(reports).pairs == ()
