"""Copied passages whose sentences were shuffled and heavily edited: each sentence is a short run of
word seeds on a diagonal of its own, too short to be a passage alone, while together the runs fill one
stretch of each document."""

from __future__ import annotations

import numpy as np

from quantriet.copycheck.align.geometry import _REORDER_SPREAD, I64, Box, _covered, _near_groups

# A sentence's run: word seeds in the order of ``a`` at most this many tokens apart, their diagonals
# this close (a word inserted or deleted moves the diagonal by one) ...
_RUN_GAP = 6
_RUN_DRIFT = 2
# ... holding this many seeds, on at least this share of the tokens it spans in ``a``.
_RUN_SEEDS = 6
_RUN_DENSITY = 0.4
# Runs this close on either side are sentences of one passage (a sentence or two between them may have
# kept no run) ...
_BLOCK_GAP = 60
# ... except a run further than this from the rest on one side: a sentence of the copy matched to a like
# one elsewhere in the other document, left out before the block is measured (``_solid``) ...
_SOLID_GAP = 120
# ... and a block needs this many sentences, whose runs cover this share of its stretch on both sides:
# sentences taken from all over a source, or a few sentences two reports of one event word alike, do
# not. Measured on the PAN tune build and the validation builds with ``same_event.py`` read pair by pair
# (bench/README.md, "fifth round"): three runs paired two police reports of different arrests written in
# the same stock sentences, and two outlets' own accounts of one helicopter crash; five pair none.
_BLOCK_RUNS = 5
_BLOCK_COVER = 0.5
# A copy's stray runs are left out in a round or two (``_solid``; each round sorts the group's runs twice).
_SOLID_ROUNDS = 8


def sentence_runs(words: I64) -> list[Box]:
    """The runs of word seeds ``words`` (pairs of places, any order) along one diagonal, as boxes."""
    if len(words) == 0:
        return []
    order = np.lexsort((words[:, 1], words[:, 0]))
    open_runs: list[list[int]] = []  # each: a_lo, a_last, b_lo, b_hi, last diagonal, seeds
    done: list[list[int]] = []
    for i, j in words[order].tolist():
        diagonal = j - i
        best = -1
        for k, run in enumerate(open_runs):
            drift = abs(diagonal - run[4])
            if (
                i - run[1] <= _RUN_GAP
                and drift <= _RUN_DRIFT
                and (best < 0 or drift < abs(diagonal - open_runs[best][4]))
            ):
                best = k
        if best < 0:
            open_runs.append([i, i, j, j + 1, diagonal, 1])
        else:
            run = open_runs[best]
            run[1], run[2], run[3], run[4], run[5] = (
                i,
                min(run[2], j),
                max(run[3], j + 1),
                diagonal,
                run[5] + 1,
            )
        still: list[list[int]] = []
        for run in open_runs:
            (still if i - run[1] <= _RUN_GAP else done).append(run)
        open_runs = still
    done.extend(open_runs)
    return sorted(
        (lo, last + 1, b_lo, b_hi)
        for lo, last, b_lo, b_hi, _, seeds in done
        if seeds >= _RUN_SEEDS and seeds >= _RUN_DENSITY * (last + 1 - lo)
    )


def shuffled_blocks(words: I64, min_tokens: int) -> list[Box]:
    """Stretches made of several sentence runs (``sentence_runs``) close together on either side whose
    places on both sides fill one stretch of about the same length: a passage copied with its
    sentences put in another order."""
    blocks = []
    for group in _near_groups(sentence_runs(words), _BLOCK_GAP):
        # ``_solid`` only ever leaves runs out: a group already too small is no block (most groups are
        # a run or two, in most pairs the aligning stage sees).
        if len(group) < _BLOCK_RUNS or len(group := _solid(group)) < _BLOCK_RUNS:
            continue
        box = (
            min(r[0] for r in group),
            max(r[1] for r in group),
            min(r[2] for r in group),
            max(r[3] for r in group),
        )
        len_a, len_b = box[1] - box[0], box[3] - box[2]
        if min(len_a, len_b) < min_tokens or max(len_a, len_b) > _REORDER_SPREAD * min(len_a, len_b):
            continue
        if (
            _covered([(r[0], r[1]) for r in group]) >= _BLOCK_COVER * len_a
            and _covered([(r[2], r[3]) for r in group]) >= _BLOCK_COVER * len_b
        ):
            blocks.append(box)
    return blocks


def _solid(group: list[Box]) -> list[Box]:
    """``group`` without runs set apart from the rest on one side (a sentence of the copy matched to a
    like one elsewhere in the other document): on each side in turn, only the part of the runs with no
    gap over ``_SOLID_GAP`` between them that covers the most is kept, until neither side has such a
    gap. Runs laid out so that this keeps cutting (two texts written to make it so) are no block."""
    for _round in range(_SOLID_ROUNDS):
        changed = False
        for lo, hi in ((0, 1), (2, 3)):
            ordered = sorted(group, key=lambda r: r[lo])
            parts: list[list[Box]] = [[ordered[0]]]
            reach = ordered[0][hi]
            for run in ordered[1:]:
                if run[lo] - reach > _SOLID_GAP:
                    parts.append([run])
                    reach = run[hi]
                else:
                    parts[-1].append(run)
                    reach = max(reach, run[hi])
            if len(parts) > 1:
                group = max(parts, key=lambda part: _covered([(r[lo], r[hi]) for r in part]))
                changed = True
        if not changed:
            return group
    return []
