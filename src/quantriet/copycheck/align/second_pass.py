"""The second pass, for what heavy editing left with too few shared n-grams: word seeds from stretches
of the two documents that share many of their rarer words, trimmed and gathered into passages."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.align.geometry import (
    _REORDER_SPREAD,
    I64,
    U64,
    Box,
    _clear_of,
    _covered,
    _near_groups,
    _union,
)
from quantriet.copycheck.align.seeds import _MAX_REPEAT
from quantriet.copycheck.model import Options

Mask = npt.NDArray[np.bool_]

# Word seeds (``_window_seeds``): windows of this many tokens match when they share this many rarer words.
_WINDOW = 20


_WINDOW_SHARED = 4


# ... and a word seed must have another within this many tokens, this far off its diagonal.
_DIAGONAL_REACH = 4


_DIAGONAL_SLACK = 2


# A word seed this far off the diagonal of its window's seeds is left out.
_OFF_DIAGONAL = 8


# A second-pass passage's outermost seeds must lie within this many tokens of the next ones.
_TRIM_GAP = 6


# ... in a run of at least this many seeds so spaced (a shared phrase of three words is not one).
_TRIM_SEEDS = 5


# Blocks of this many tokens, on each side of a second-pass passage: at least this share holds a seed.
_BLOCK = 8


_BLOCKS_SEEDED = 0.8


# The second pass joins seeds this far apart and asks this much of a passage covered by them.
_SECOND_GAP = 30


_SECOND_DENSITY = 0.25


# ... and runs only when at least this many first-pass seeds lie outside what the first pass found.
_SECOND_MIN_SEEDS = 4


# Window pairs are counted in a table of every pair of windows up to this many cells (two documents of
# about 12,000 tokens each); longer documents count only the window pairs holding a seed.
_DENSE_CELLS = 1 << 21


# Pieces of a passage whose sentences were shuffled (``_gather``): this close on one side, covering this
# share of the joined stretch on both.
_GATHER_GAP = 40


_GATHER_COVER = 0.5


def _gather(boxes: list[Box]) -> list[Box]:
    """Passages that are the sentences of one copied passage put in another order, joined into one.

    Passages follow each other closely on one side (``_GATHER_GAP`` tokens) and are gathered with their
    neighbours; a group becomes one passage when its pieces cover most of the group's stretch on both
    sides and the two stretches have about the same length: a passage whose sentences were shuffled.
    Two passages copied from distant places of a source cover little of the stretch between them on
    that side and stay apart, and so does any group whose joined passage would overlap another.
    """
    if len(boxes) < 2:
        return boxes
    result: list[Box] = []
    for members in _near_groups(boxes, _GATHER_GAP):
        if len(members) == 1:
            result.extend(members)
            continue
        joined = members[0]
        for box in members[1:]:
            joined = _union(joined, box)
        len_a, len_b = joined[1] - joined[0], joined[3] - joined[2]
        cover_a = _covered([(m[0], m[1]) for m in members])
        cover_b = _covered([(m[2], m[3]) for m in members])
        if (
            cover_a >= _GATHER_COVER * len_a
            and cover_b >= _GATHER_COVER * len_b
            and max(len_a, len_b) <= _REORDER_SPREAD * min(len_a, len_b)
        ):
            result.append(joined)
        else:
            result.extend(members)
    result.sort()
    if any(not _clear_of(box, result[:k] + result[k + 1 :]) for k, box in enumerate(result)):
        return boxes
    return result


def _trim(box: Box, seeds: I64, options: Options) -> Box | None:
    """``box`` without the seeds at its ends that stand apart from the rest on either side.

    The second pass joins seeds far apart (reordered, heavily edited sentences); a phrase shared by
    chance just beside a copied passage would join it too and stretch it over text nobody copied. Its
    seeds are few and apart from the passage's: they are cut off, and what is left must still be long.
    """
    lo_a, hi_a, lo_b, hi_b = box
    inside = seeds[
        (seeds[:, 0] >= lo_a) & (seeds[:, 0] < hi_a) & (seeds[:, 1] >= lo_b) & (seeds[:, 1] < hi_b)
    ]
    changed = True
    while changed and len(inside):
        changed = False
        for axis in (0, 1):
            order = np.sort(inside[:, axis])
            runs = np.split(order, np.flatnonzero(order[1:] - order[:-1] > _TRIM_GAP) + 1)
            solid = [k for k, run in enumerate(runs) if len(run) >= _TRIM_SEEDS]
            if not solid:
                return None
            start, end = runs[solid[0]][0], runs[solid[-1]][-1]
            if start > order[0] or end < order[-1]:
                inside = inside[(inside[:, axis] >= start) & (inside[:, axis] <= end)]
                changed = True
    if len(inside) == 0:
        return None
    trimmed = (
        int(inside[:, 0].min()),
        int(inside[:, 0].max()) + 1,
        int(inside[:, 1].min()),
        int(inside[:, 1].max()) + 1,
    )
    if min(trimmed[1] - trimmed[0], trimmed[3] - trimmed[2]) < options.min_passage_words:
        return None
    # Seeds all along it on both sides: what heavy editing leaves of a copy is spread over the whole of
    # it, while stock phrases written in the same order with other words between them leave stretches
    # with no seed at all.
    # Only seeds with a neighbour on their diagonal count: a word both texts use by chance has none.
    supported = _on_a_diagonal(inside)
    for axis, lo in ((0, trimmed[0]), (1, trimmed[2])):
        blocks = (supported[:, axis] - lo) // _BLOCK
        spanned = (trimmed[2 * axis + 1] - lo + _BLOCK - 1) // _BLOCK
        if len(np.unique(blocks)) < _BLOCKS_SEEDED * spanned:
            return None
    return trimmed


def _window_seeds(a: U64, b: U64, skip_a: Mask, skip_b: Mask, grams: I64, n: int, at_least: int = 0) -> I64:
    """Word seeds (i, j): words shared inside pairs of windows that share many of their rarer words,
    and the words of the shared ``n``-grams ``grams`` inside a window's best partner.

    A window is ``_WINDOW`` tokens (a sentence, about), taken every ``_WINDOW // 2``. A word counts when
    it occurs at most ``_MAX_REPEAT`` times in each document (filler words do not); two windows match
    when at least ``_WINDOW_SHARED`` of such words are shared, and each is the other's best partner.
    Heavy editing leaves most of a copied sentence's words, out of order and seldom three in a row;
    two independent sentences on one subject share a few words, rarely half of them.

    No seeds at all when no run of them (``_longest_run``) holds ``at_least`` places of ``a``: no
    passage of the second pass that long could rest on them (most candidate pairs that are no copy stop
    here, cheaply).
    """
    step = _WINDOW // 2
    ids_a, ids_b = a.copy(), b.copy()
    ids_a[skip_a] = 0
    ids_b[skip_b] = 0
    values_a, inverse_a, counts_a = np.unique(ids_a, return_inverse=True, return_counts=True)
    values_b, inverse_b, counts_b = np.unique(ids_b, return_inverse=True, return_counts=True)
    where = np.searchsorted(values_b, values_a)
    where = np.minimum(where, len(values_b) - 1)
    shared = (values_b[where] == values_a) & (values_a != 0)
    rare = shared & (counts_a <= _MAX_REPEAT) & (counts_b[where] <= _MAX_REPEAT)
    use_a = np.flatnonzero(rare[inverse_a])
    if len(use_a) < _WINDOW_SHARED or len(use_a) + n * len(grams) < at_least:
        return np.zeros((0, 2), dtype=np.int64)
    rare_b = np.zeros(len(values_b), dtype=bool)
    rare_b[where[rare]] = True
    use_b = np.flatnonzero(rare_b[inverse_b])
    # Every (i, j) of one word: sort both sides by word and pair the equal runs.
    order_b = use_b[np.argsort(ids_b[use_b], kind="stable")]
    sorted_b = ids_b[order_b]
    left = np.searchsorted(sorted_b, ids_a[use_a], side="left")
    right = np.searchsorted(sorted_b, ids_a[use_a], side="right")
    counts = right - left
    rows = np.repeat(use_a, counts)
    first = np.repeat(left, counts)
    rank = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = order_b[first + rank]
    pairs = np.stack((rows, cols), axis=1).astype(np.int64)
    is_gram = np.zeros(len(pairs), dtype=bool)
    if len(grams):
        expanded = (grams[:, None, :] + np.arange(n)[None, :, None]).reshape(-1, 2)
        pairs = np.concatenate((pairs, expanded))
        is_gram = np.concatenate((is_gram, np.ones(len(expanded), dtype=bool)))
    if len(pairs) == 0:
        return pairs
    windows_a, windows_b = len(a) // step + 2, len(b) // step + 2
    dense = windows_a * windows_b <= _DENSE_CELLS
    matched = np.zeros(len(pairs), dtype=bool)
    for shift_a in (0, step):
        for shift_b in (0, step):
            wa = (pairs[:, 0] + shift_a) // _WINDOW
            wb = (pairs[:, 1] + shift_b) // _WINDOW
            key = wa * windows_b + wb
            # A window matches its best partner only (ties kept): a name or a term the source repeats
            # further on would otherwise match the windows around the copied one as well.
            if dense:
                best, enough = _best_windows_dense(key, is_gram, windows_a, windows_b)
            else:
                best, enough = _best_windows_sparse(key, is_gram, windows_b)
            matched |= (best & enough) | (best & is_gram)
    found = pairs[matched]
    if _longest_run(found[:, 0]) < at_least:
        return np.zeros((0, 2), dtype=np.int64)
    words = _nearest_the_diagonal(_nearest_the_diagonal(found, 0), 1)
    return words if _longest_run(words[:, 0]) >= at_least else np.zeros((0, 2), dtype=np.int64)


def _longest_run(places: I64) -> int:
    """The most distinct ``places`` in one run of them with gaps of at most ``_SECOND_GAP`` tokens.

    A passage of the second pass rests on seeds that close on both sides (``seeds._clusters``), so all
    its places of ``a`` lie in one such run: a run shorter than a passage must be means no passage.
    """
    if len(places) == 0:
        return 0
    distinct = np.unique(places)
    breaks = np.flatnonzero(distinct[1:] - distinct[:-1] > _SECOND_GAP + 1)
    return int(np.diff(np.concatenate(([0], breaks + 1, [len(distinct)]))).max())


def _best_windows_dense(key: I64, is_gram: Mask, windows_a: int, windows_b: int) -> tuple[Mask, Mask]:
    """For each seed of window pair ``key``: whether the pair is each window's best partner, and
    whether it shares ``_WINDOW_SHARED`` rarer words; counted in a table of every window pair."""
    cells = windows_a * windows_b
    tally = np.bincount(key, minlength=cells)
    table = tally.reshape(windows_a, windows_b)
    # Compared at the seeds' window pairs only: the table is mostly empty cells.
    count = tally[key]
    best = (count == table.max(axis=1)[key // windows_b]) & (count == table.max(axis=0)[key % windows_b])
    rare = np.bincount(key[~is_gram], minlength=cells)
    return best, (rare >= _WINDOW_SHARED)[key]


def _best_windows_sparse(key: I64, is_gram: Mask, windows_b: int) -> tuple[Mask, Mask]:
    """``_best_windows_dense`` over the window pairs that hold a seed only (long documents)."""
    keys, back, tally = np.unique(key, return_inverse=True, return_counts=True)
    key_a, key_b = keys // windows_b, keys % windows_b
    best_a = np.zeros(int(key_a.max()) + 1, dtype=np.int64)
    np.maximum.at(best_a, key_a, tally)
    best_b = np.zeros(int(key_b.max()) + 1, dtype=np.int64)
    np.maximum.at(best_b, key_b, tally)
    best = (tally == best_a[key_a]) & (tally == best_b[key_b])
    rare = np.zeros(len(keys), dtype=np.int64)
    np.add.at(rare, back, ~is_gram)
    return best[back], (rare >= _WINDOW_SHARED)[back]


def _nearest_the_diagonal(seeds: I64, axis: int) -> I64:
    """Of the seeds of one word (same position on ``axis``), the one nearest its windows' diagonal.

    A word repeated in the other document matches each of its places there; only one is the copy's.
    """
    if len(seeds) == 0:
        return seeds
    diagonal = seeds[:, 1] - seeds[:, 0]
    # Windows on both sides: a window holding the end of one sentence and the start of another, moved
    # elsewhere, has two diagonals, one per window of the other side.
    window = (seeds[:, 0] // _WINDOW) * (int(seeds[:, 1].max()) // _WINDOW + 1) + seeds[:, 1] // _WINDOW
    order = np.lexsort((diagonal, window))
    starts = np.flatnonzero(np.concatenate(([True], window[order][1:] != window[order][:-1])))
    sizes = np.diff(np.concatenate((starts, [len(order)])))
    medians = diagonal[order][starts + sizes // 2]
    typical = np.repeat(medians, sizes)[np.argsort(order)]
    off = np.abs(diagonal - typical)
    best = np.lexsort((off, seeds[:, axis]))
    first = np.concatenate(([True], seeds[best, axis][1:] != seeds[best, axis][:-1]))
    chosen = best[first]
    # A word far off its window's diagonal is one both texts happen to use, not one of the copy.
    return _distinct_rows(seeds[chosen[off[chosen] <= _OFF_DIAGONAL]])


def _distinct_rows(seeds: I64) -> I64:
    """``np.unique(seeds, axis=0)`` for seeds of places (non-negative, below 2**31): each row packed in
    one integer, so one plain sort instead of the generic one over rows."""
    packed = np.unique((seeds[:, 0] << 32) | seeds[:, 1])
    return np.stack((packed >> 32, packed & 0xFFFFFFFF), axis=1)


def _on_a_diagonal(seeds: I64) -> I64:
    """The seeds with another one a few tokens before or after them on about the same diagonal.

    Words of a copied sentence keep their neighbours through edits (a word inserted or deleted moves
    the diagonal by one); a word two texts share by chance beside a copied passage has none.
    """
    if len(seeds) == 0:
        return seeds
    span = int(seeds[:, 1].max()) + 2 * _DIAGONAL_REACH + 8
    keys = np.unique(seeds[:, 0] * span + (seeds[:, 1] - seeds[:, 0] + span // 2))
    keep = np.zeros(len(seeds), dtype=bool)
    for step in range(1, _DIAGONAL_REACH + 1):
        for drift in range(-_DIAGONAL_SLACK, _DIAGONAL_SLACK + 1):
            for sign in (1, -1):
                i = seeds[:, 0] + sign * step
                d = seeds[:, 1] - seeds[:, 0] + sign * drift + span // 2
                query = i * span + d
                where = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
                keep |= keys[where] == query
    return seeds[keep]
