"""Passages as boxes of token ranges on both sides: how far apart, overlapping, joined."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.model import Options

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Box = tuple[int, int, int, int]  # token ranges: a_lo, a_hi, b_lo, b_hi (hi exclusive)

# Passages this many ``max_gap`` apart (or less) on both sides are pieces of one copied passage.
_MERGE_GAP = 3


# ... or follow each other on one side and lie within a stretch at most this much longer on the other.
_REORDER_SPREAD = 1.5


def _coverage(positions: I64, n: int) -> int:
    """How many tokens the ``n``-token runs starting at ``positions`` cover together.

    The runs are all ``n`` long, so in order of start each adds what lies before the next start, at most
    ``n``, and the last adds ``n``: one sort of the starts instead of a sort of every covered token.
    """
    if len(positions) == 0:
        return 0
    return int(np.minimum(np.diff(np.sort(positions)), n).sum()) + n


def _covered(ranges: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for lo, hi in sorted(ranges):
        if hi > reach:
            total += hi - max(lo, reach)
            reach = hi
    return total


def _bounds(group: I64, n: int) -> Box:
    return (
        int(group[:, 0].min()),
        int(group[:, 0].max()) + n,
        int(group[:, 1].min()),
        int(group[:, 1].max()) + n,
    )


def _union(one: Box, two: Box) -> Box:
    return (min(one[0], two[0]), max(one[1], two[1]), min(one[2], two[2]), max(one[3], two[3]))


def _clear_of(box: Box, others: list[Box]) -> bool:
    """``box`` overlaps none of ``others`` on either side."""
    return all((box[1] <= o[0] or o[1] <= box[0]) and (box[3] <= o[2] or o[3] <= box[2]) for o in others)


def _dense(group: I64, box: Box, n: int, density: float) -> bool:
    """Seeds cover at least ``density`` of the box on both sides."""
    return _coverage(group[:, 0], n) >= density * (box[1] - box[0]) and _coverage(
        group[:, 1], n
    ) >= density * (box[3] - box[2])


def _mostly_base(
    box: Box, skip_a: npt.NDArray[np.bool_], skip_b: npt.NDArray[np.bool_], options: Options
) -> bool:
    return bool(
        skip_a[box[0] : box[1]].mean() > options.max_base_share
        or skip_b[box[2] : box[3]].mean() > options.max_base_share
    )


def _continues(box: Box, piece: Box) -> bool:
    """``piece`` goes on from ``box`` forwards on both sides, or backwards on both sides."""
    forwards = piece[0] >= box[0] and piece[2] >= box[2] and piece[1] > box[1] and piece[3] > box[3]
    backwards = piece[1] <= box[1] and piece[3] <= box[3] and piece[0] < box[0] and piece[2] < box[2]
    return forwards or backwards


def _apart(lo1: int, hi1: int, lo2: int, hi2: int) -> int:
    """Tokens between two ranges (0 when they touch or overlap)."""
    return max(0, max(lo1, lo2) - min(hi1, hi2))


def _neighbours(boxes: list[Box], reach: int) -> list[list[int]]:
    """For each box, the indices of the others within ``reach`` tokens of it on either side: all a step
    that moves each box's edges by less than half of ``reach`` can run into. (Every box against every
    other in Python took seconds for a report of a thousand copied pieces; this is one array comparison
    per box.)"""
    table = np.array(boxes, dtype=np.int64).reshape(-1, 4)
    near = []
    for k, (lo_a, hi_a, lo_b, hi_b) in enumerate(boxes):
        apart_a = np.maximum(table[:, 0], lo_a) - np.minimum(table[:, 1], hi_a)
        apart_b = np.maximum(table[:, 2], lo_b) - np.minimum(table[:, 3], hi_b)
        close = (apart_a <= reach) | (apart_b <= reach)
        close[k] = False
        near.append(np.flatnonzero(close).tolist())
    return near


def _near_groups(boxes: list[Box], gap: int) -> list[list[Box]]:
    """``boxes`` joined into groups, in order of their first member, wherever two lie within ``gap``
    tokens of each other on either side.

    Found by sweeping each side in order (boxes close on one side follow each other there, so a box
    joins the group before it when it starts within ``gap`` of the furthest end so far), not by
    comparing every two boxes: a long report copied with its sentences shuffled has thousands of
    sentence runs, and the pairwise comparison took seconds on one 300 KB pair.
    """
    parent = list(range(len(boxes)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for lo, hi in ((0, 1), (2, 3)):
        order = sorted(range(len(boxes)), key=lambda k: boxes[k][lo])
        reach = -gap - 1
        for previous, k in zip([-1, *order], order, strict=False):
            if previous >= 0 and boxes[k][lo] - reach <= gap:
                parent[root(k)] = root(previous)
                reach = max(reach, boxes[k][hi])
            else:
                reach = boxes[k][hi]
    groups: dict[int, list[Box]] = {}
    for k, box in enumerate(boxes):
        groups.setdefault(root(k), []).append(box)
    return list(groups.values())


def _joinable(one: Box, two: Box, gap: int) -> bool:
    """Two passages that are pieces of one: close on both sides, or close on one side and lying within
    a stretch of about the same length on the other (sentences reordered across a long passage)."""
    box = _union(one, two)
    near_a = _apart(one[0], one[1], two[0], two[1]) <= gap
    near_b = _apart(one[2], one[3], two[2], two[3]) <= gap
    similar = max(box[1] - box[0], box[3] - box[2]) <= _REORDER_SPREAD * min(box[1] - box[0], box[3] - box[2])
    return (near_a and near_b) or ((near_a or near_b) and similar)


def _merge_neighbours(boxes: list[Box], gap: int) -> list[Box]:
    """Passages close together on both sides joined into one.

    Heavy editing can break one copied passage into pieces a little more than ``max_gap`` apart; each
    piece is already evidence on its own, and the reviewer (and PAN's granularity) wants one passage.
    A join that would overlap another passage is not made.
    """
    merged = list(boxes)
    joined = True
    while joined and len(merged) > 1:
        joined = False
        for k in range(len(merged) - 1):
            one, two = merged[k], merged[k + 1]
            if not _joinable(one, two, gap):
                continue
            box = _union(one, two)
            others = merged[:k] + merged[k + 2 :]
            if any(box[2] < o[3] and o[2] < box[3] for o in others):
                continue
            merged[k : k + 2] = [box]
            joined = True
            break
    return merged
