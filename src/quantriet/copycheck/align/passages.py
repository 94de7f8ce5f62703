"""The first pass: passages from clusters of seeds, with the short runs and edge words heavy editing
cut off them given back."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.align.geometry import (
    _MERGE_GAP,
    I64,
    U64,
    Box,
    _apart,
    _bounds,
    _clear_of,
    _continues,
    _coverage,
    _dense,
    _joinable,
    _merge_neighbours,
    _mostly_base,
    _union,
)
from quantriet.copycheck.align.seeds import _clusters
from quantriet.copycheck.model import Options

# A run of seeds too short to be a passage, beside one and continuing it on both sides, is part of it
# (``_absorb_pieces``) when it holds at least this many seeds: one shared n-gram is as likely chance.
_PIECE_SEEDS = 2


# A passage's edges move outwards over shared word pairs at most this many tokens beyond them, on
# about the same diagonal (``_extend_edges``) ...
_EDGE_REACH = 6


# ... give or take this many tokens (a word inserted or deleted at the edge).
_EDGE_SLACK = 2


def _passages(
    seeds: I64,
    n: int,
    a: U64,
    b: U64,
    skip_a: npt.NDArray[np.bool_],
    skip_b: npt.NDArray[np.bool_],
    options: Options,
) -> list[Box]:
    """Passages from ``seeds`` (shared runs of ``n`` tokens at (i, j))."""
    piece_seeds = _PIECE_SEEDS + 3 - n  # the same length of evidence whatever ``n``
    scored: list[tuple[int, Box, I64]] = []
    pieces: list[tuple[Box, I64]] = []
    for group in _clusters(seeds, n, options.max_gap):
        box = _bounds(group, n)
        if min(box[1] - box[0], box[3] - box[2]) < options.min_passage_words:
            if len(group) >= piece_seeds:
                pieces.append((box, group))
            continue
        cover_a, cover_b = _coverage(group[:, 0], n), _coverage(group[:, 1], n)
        if cover_a < options.min_density * (box[1] - box[0]) or cover_b < options.min_density * (
            box[3] - box[2]
        ):
            continue
        if cover_a < options.min_passage_words:
            if len(group) >= piece_seeds:
                pieces.append((box, group))
            continue
        if _mostly_base(box, skip_a, skip_b, options):
            continue
        scored.append((cover_a, box, group))
    scored.sort(key=lambda item: (-item[0], item[1]))
    gap = _MERGE_GAP * options.max_gap
    kept: list[tuple[Box, I64]] = []
    for _, box, group in scored:
        if _clear_of(box, [k for k, _ in kept]):
            kept.append((box, group))
            continue
        # A passage overlapping one already kept is usually its own continuation, cut off by a gap
        # just over ``max_gap`` on one side and overlapping a little on the other: joined under the
        # rule for neighbours, it is not lost.
        overlapped = [k for k, (other, _) in enumerate(kept) if not _clear_of(box, [other])]
        if len(overlapped) == 1:
            k = overlapped[0]
            other, other_seeds = kept[k]
            joined = _union(other, box)
            if _joinable(other, box, gap) and _clear_of(joined, [o for o, _ in kept[:k] + kept[k + 1 :]]):
                kept[k] = (joined, np.concatenate((other_seeds, group)))
    kept = _absorb_pieces(kept, pieces, skip_a, skip_b, n, options)
    boxes = _merge_neighbours(sorted(box for box, _ in kept), gap)
    for k, box in enumerate(boxes):  # one at a time: two passages' edges never grow into each other
        boxes[k] = _extend_edges(box, boxes[:k] + boxes[k + 1 :], a, b, skip_a, skip_b)
    return boxes


def _absorb_pieces(
    kept: list[tuple[Box, I64]],
    pieces: list[tuple[Box, I64]],
    skip_a: npt.NDArray[np.bool_],
    skip_b: npt.NDArray[np.bool_],
    n: int,
    options: Options,
) -> list[tuple[Box, I64]]:
    """Passages grown by the short runs of seeds just beside them.

    Heavy editing leaves a copied passage's first or last sentences as a short run of seeds cut off by
    a gap a little longer than ``max_gap``: too short to be evidence alone, but continuing a passage
    that is, on both sides and in the same direction, it is the rest of that passage. A piece joins
    only when the grown passage stays dense and overlaps no other passage; a shared phrase elsewhere,
    or one continuing the passage on one side only, never joins.
    """
    gap = _MERGE_GAP * options.max_gap
    pending = sorted(pieces, key=lambda item: (-len(item[1]), item[0]))
    grown = True
    while grown and pending and kept:
        grown = False
        for index, (piece, piece_seeds) in enumerate(pending):
            for k, (box, seeds) in enumerate(kept):
                if (
                    _apart(box[0], box[1], piece[0], piece[1]) > gap
                    or _apart(box[2], box[3], piece[2], piece[3]) > gap
                    or not _continues(box, piece)
                ):
                    continue
                joined = _union(box, piece)
                together = np.concatenate((seeds, piece_seeds))
                if (
                    not _clear_of(joined, [o for o, _ in kept[:k] + kept[k + 1 :]])
                    or not _dense(together, joined, n, options.min_density)
                    or _mostly_base(joined, skip_a, skip_b, options)
                ):
                    continue
                kept[k] = (joined, together)
                del pending[index]
                grown = True
                break
            if grown:
                break
    return kept


def _extend_edges(
    box: Box,
    others: list[Box],
    a: U64,
    b: U64,
    skip_a: npt.NDArray[np.bool_],
    skip_b: npt.NDArray[np.bool_],
) -> Box:
    """``box`` with its edges moved outwards over word pairs the two sides share just beyond them.

    A copied passage whose first or last words were edited starts (or ends) a few words late: no
    seed n-gram survives there, but shared word pairs on the passage's diagonal do. Text beside a
    passage is never the same on both sides by chance for long, so this stops within a few tokens.
    """
    a_lo, a_hi, b_lo, b_hi = box
    while True:  # backwards
        found = _edge_pair(a, b, skip_a, skip_b, range(max(0, a_lo - _EDGE_REACH), a_lo), a_lo, b_lo, -1)
        if found is None or not _clear_of((found[0], a_hi, found[1], b_hi), others):
            break
        a_lo, b_lo = found
    while True:  # forwards: a pair starting at ``i`` ends at ``i + 2``
        starts = range(a_hi - 1, min(len(a) - 1, a_hi + _EDGE_REACH))
        found = _edge_pair(a, b, skip_a, skip_b, starts, a_hi, b_hi, 1)
        if found is None or found[0] + 2 <= a_hi:
            break
        grown = (a_lo, found[0] + 2, b_lo, max(b_hi, found[1] + 2))
        if not _clear_of(grown, others):
            break
        a_hi, b_hi = grown[1], grown[3]
    return (a_lo, a_hi, b_lo, b_hi)


def _edge_pair(
    a: U64,
    b: U64,
    skip_a: npt.NDArray[np.bool_],
    skip_b: npt.NDArray[np.bool_],
    starts: range,
    a_edge: int,
    b_edge: int,
    direction: int,
) -> tuple[int, int] | None:
    """The farthest word pair (i in a, j in b) shared beyond an edge, on its diagonal."""
    best: tuple[int, int] | None = None
    for i in starts:
        if a[i] == 0 or skip_a[i] or skip_a[i + 1]:
            continue
        centre = b_edge + (i - a_edge)
        for j in range(max(0, centre - _EDGE_SLACK), min(len(b) - 1, centre + _EDGE_SLACK + 1)):
            if (direction < 0 and j >= b_edge) or (direction > 0 and j < b_edge - 1):
                continue
            shared = a[i] == b[j] and a[i + 1] == b[j + 1] and not (skip_b[j] or skip_b[j + 1])
            if shared and (best is None or (i - best[0]) * direction > 0):
                best = (i, j)
    return best
