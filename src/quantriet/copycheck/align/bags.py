"""A found passage's edges moved outwards over text that shares most of its words with the text beside
the other side's edge, in any order: what heavy editing and shuffled words leave of a copy's first or
last sentence, with no seed left in it.

Only passages already found grow (they were accepted on their own seeds); text that matches as a bag
of words is never a passage by itself, so this can widen a report, never make one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.align.geometry import U64, Box, _clear_of, _neighbours

# Stretches of this many tokens beyond each edge are compared as bags of words ...
_BAG = 16


# ... and match when they share this many tokens (counted with repeats; two stretches of unrelated
# documents share five of sixteen about once in five thousand, measured on the PAN tune build) ...
_BAG_SHARED = 5


# ... this many of them words neither document uses more than ``_BAG_RARE_COUNT`` times.
_BAG_RARE = 1


_BAG_RARE_COUNT = 4


# An edge moves this many times at most (``_BAG`` tokens or fewer each time); when sixteen tokens do
# not match, eight sharing this many do (what is left of the copy's first or last sentence).
_BAG_STEPS = 4


_HALF_SHARED = 3


# A stretch beyond one side's edge may match a stretch inside the passage on the other side instead (a
# sentence the copy moved into its middle): then it must share this many distinct words with it, this
# many of them rare (tune: 2 gave combined recall 0.952, 1 gave 0.954), and more than any stretch of
# the passage's own side shares with that one.
_ONE_SHARED = 6


_ONE_RARE = 1


_ONE_STEP = 4  # the passage's stretches start every this many tokens


# The matching stretch on the other side may lie this many tokens beyond the passage there (tune: 32
# gave combined recall 0.949, 64 gave 0.952, 96 no more), and the passage grows this many times at most
# on each side.
_ONE_REACH = 64


_ONE_STEPS = 8


def _grow_by_bags(
    boxes: list[Box], a: U64, b: U64, skip_a: npt.NDArray[np.bool_], skip_b: npt.NDArray[np.bool_]
) -> list[Box]:
    """Each of ``boxes`` with its edges moved outwards while the stretches beyond them match as bags
    (``_bag_match``); one passage at a time, never into another."""
    if not boxes:
        return boxes
    ids_a, ids_b = a.copy(), b.copy()
    ids_a[skip_a] = 0
    ids_b[skip_b] = 0
    rare = _rare_ids(ids_a, ids_b)
    rare_set = set(rare.tolist())
    result = list(boxes)
    for k, near in enumerate(_neighbours(boxes, _NEIGHBOUR_REACH)):
        others = [result[j] for j in near]
        grown = _grown(result[k], others, ids_a, ids_b, rare)
        result[k] = _grown_one_side(grown, others, ids_a, ids_b, rare_set)
    return result


# How far one passage's edges can move here at most (``_grown``: two passes of ``_BAG_STEPS`` steps per
# edge; ``_grown_one_side``: ``_ONE_STEPS`` steps of up to ``_BAG`` tokens on the growing side, and of up
# to ``_ONE_REACH`` beyond the other side's edge) ...
_MAX_GROWTH = 2 * _BAG_STEPS * _BAG + 2 * _ONE_STEPS * (_ONE_REACH + _BAG)
# ... so a passage further than this from another on both sides can neither stop nor meet its growth.
_NEIGHBOUR_REACH = 2 * _MAX_GROWTH + _ONE_REACH + _BAG


def _rare_ids(ids_a: U64, ids_b: U64) -> U64:
    """Sorted token ids found in both documents, at most ``_BAG_RARE_COUNT`` times in each."""
    values_a, counts_a = np.unique(ids_a, return_counts=True)
    values_b, counts_b = np.unique(ids_b, return_counts=True)
    few_a = values_a[(counts_a <= _BAG_RARE_COUNT) & (values_a != 0)]
    few_b = values_b[(counts_b <= _BAG_RARE_COUNT) & (values_b != 0)]
    rare: U64 = np.intersect1d(few_a, few_b, assume_unique=True)  # both sorted and distinct already
    return rare


def _grown(box: Box, others: list[Box], ids_a: U64, ids_b: U64, rare: U64) -> Box:
    """``box`` grown at its edges: first the starts on both sides, then the ends, then a start on one
    side with the end on the other (a copy's first sentence moved to its end, or its last to its start)."""
    grown = box
    for side_a, side_b in ((-1, -1), (1, 1), (-1, 1), (1, -1)):
        for _ in range(_BAG_STEPS):
            lo_a, hi_a, lo_b, hi_b = grown
            edge_a, edge_b = (lo_a if side_a < 0 else hi_a), (lo_b if side_b < 0 else hi_b)
            found = None
            for window, needed in ((_BAG, _BAG_SHARED), (_BAG // 2, _HALF_SHARED)):
                stretch_a = _beyond(ids_a, edge_a, [o[:2] for o in others], window, side_a)
                stretch_b = _beyond(ids_b, edge_b, [o[2:] for o in others], window, side_b)
                found = _bag_match(stretch_a, stretch_b, rare, needed)
                if found is not None:
                    break
            if found is None:
                break
            moved_a, moved_b = found[0] * side_a, found[1] * side_b
            wider = (
                lo_a + min(moved_a, 0),
                hi_a + max(moved_a, 0),
                lo_b + min(moved_b, 0),
                hi_b + max(moved_b, 0),
            )
            if not _clear_of(wider, others):
                break
            grown = wider
    return grown


def _grown_one_side(box: Box, others: list[Box], ids_a: U64, ids_b: U64, rare_set: set[int]) -> Box:
    """``box`` grown over stretches beyond an edge on one side that match a stretch inside the passage
    on the other side, or just beside it (``_inside_match``): a sentence moved from the copy's edge into
    its middle, or the sentences of a copied passage put in another order."""
    grown = box
    for grow_a in (True, False):
        for side in (-1, 1):
            for _ in range(_ONE_STEPS):
                lo_a, hi_a, lo_b, hi_b = grown
                own, other = (ids_a, ids_b) if grow_a else (ids_b, ids_a)
                lo, hi, other_lo, other_hi = (lo_a, hi_a, lo_b, hi_b) if grow_a else (lo_b, hi_b, lo_a, hi_a)
                near = [(o[0], o[1]) if grow_a else (o[2], o[3]) for o in others]
                far = [(o[2], o[3]) if grow_a else (o[0], o[1]) for o in others]
                stretch = _beyond(own, lo if side < 0 else hi, near, _BAG, side)
                start = max([other_lo - _ONE_REACH, 0] + [o_hi for _, o_hi in far if o_hi <= other_lo])
                end = min([other_hi + _ONE_REACH, len(other)] + [o_lo for o_lo, _ in far if o_lo >= other_hi])
                found = _inside_match(stretch, own[lo:hi], other[start:end], rare_set)
                if found is None:
                    break
                reach, first, last = found
                lo, hi = (lo - reach, hi) if side < 0 else (lo, hi + reach)
                other_lo, other_hi = min(other_lo, start + first), max(other_hi, start + last + 1)
                wider = (lo, hi, other_lo, other_hi) if grow_a else (other_lo, other_hi, lo, hi)
                if not _clear_of(wider, others):
                    break
                grown = wider
    return grown


def _inside_match(stretch: U64, own: U64, other: U64, rare: set[int]) -> tuple[int, int, int] | None:
    """When ``stretch`` (ordered as ``_beyond`` gives it) matches a stretch of ``other`` (the passage on
    the other side, with what lies just beside it) better than any stretch of ``own`` (the passage on its
    own side) does: the tokens of ``stretch`` to take in, and the first and last places in ``other`` of
    the words matched; None otherwise. A sentence beyond a copy's edge on one side that matches one in
    it on the other is a sentence the copy moved; text that only goes on about the same subject matches
    its own side's sentences on the other side as well, and is not taken in."""
    words = set(stretch.tolist()) - {0}
    if len(words) < _ONE_SHARED:
        return None
    best, best_at = 0, -1
    other_list = other.tolist()
    for start in range(0, max(1, len(other_list) - _BAG + 1), _ONE_STEP):
        shared = len(words.intersection(other_list[start : start + _BAG]))
        if shared > best:
            best, best_at = shared, start
    if best < _ONE_SHARED:
        return None
    window = other_list[best_at : best_at + _BAG]
    common = words.intersection(window)
    if len(common & rare) < _ONE_RARE:
        return None
    target = set(window) - {0}
    own_list = own.tolist()
    rival = max(
        (
            len(target.intersection(own_list[start : start + _BAG]))
            for start in range(0, max(1, len(own_list) - _BAG + 1), _ONE_STEP)
        ),
        default=0,
    )
    if rival >= best:
        return None
    first = next(k for k, token in enumerate(stretch.tolist()) if token in common)
    places = [k for k, token in enumerate(window) if token in common]
    return len(stretch) - first, best_at + places[0], best_at + places[-1]


def _beyond(ids: U64, edge: int, others: Sequence[tuple[int, ...]], window: int, direction: int) -> U64:
    """The ``window`` tokens beyond ``edge`` (before it when ``direction`` is -1), stopping at other
    passages, ordered so the token next to the edge comes last."""
    if direction < 0:
        reach = max([0] + [hi for _, hi in others if hi <= edge])
        return ids[max(reach, edge - window) : edge]
    reach = min([len(ids)] + [lo for lo, _ in others if lo >= edge])
    return ids[edge : min(reach, edge + window)][::-1]


def _bag_match(stretch_a: U64, stretch_b: U64, rare: U64, needed: int) -> tuple[int, int] | None:
    """How many tokens each stretch's match reaches from its far end's opposite (the passage's edge),
    when the two stretches (read from the edge backwards: the token next to the edge last) share
    enough words, rare ones among them; None otherwise.

    The reach on each side ends at the shared word farthest from the edge, so text beside a copy that
    shares a word or two by chance is not taken in.
    """
    if len(stretch_a) == 0 or len(stretch_b) == 0:
        return None
    values_a, counts_a = np.unique(stretch_a[stretch_a != 0], return_counts=True)
    values_b, counts_b = np.unique(stretch_b[stretch_b != 0], return_counts=True)
    common, where_a, where_b = np.intersect1d(values_a, values_b, assume_unique=True, return_indices=True)
    shared = int(np.minimum(counts_a[where_a], counts_b[where_b]).sum())
    if shared < needed or int(np.isin(common, rare).sum()) < _BAG_RARE:
        return None
    in_a = np.flatnonzero(np.isin(stretch_a, common))
    in_b = np.flatnonzero(np.isin(stretch_b, common))
    return len(stretch_a) - int(in_a[0]), len(stretch_b) - int(in_b[0])
