"""Stage 3 of the copy check, per candidate pair: the copied passages, as character offsets.

Seeds are short n-grams the two documents share, minus those that touch base text or common material.
Seeds close to each other on *both* sides form one passage (their bounding boxes), so a copied passage
whose sentences were reordered, merged or split, or had words inserted, deleted or replaced, is still
one passage, while two unrelated shared phrases far apart stay apart. A passage must be long on both
sides and densely covered by seeds: a stock phrase or two do not make one. What heavy editing cut off a
passage found is then given back to it: short runs of seeds that continue it on both sides, and word
pairs shared just beyond its edges on its diagonal; alone, neither would be evidence.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.model import Options, Pair, Passage
from quantriet.copycheck.prepare import Prepared, gram_hashes
from quantriet.copycheck.tokens import token_words

__all__ = ["align", "excluded_tokens", "token_passages"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Box = tuple[int, int, int, int]  # token ranges: a_lo, a_hi, b_lo, b_hi (hi exclusive)

# A seed n-gram repeated more often than this inside one document is filler ("của các", "và các"
# listings) and would only multiply seeds.
_MAX_REPEAT = 4
# Passages this many ``max_gap`` apart (or less) on both sides are pieces of one copied passage.
_MERGE_GAP = 3
# ... or follow each other on one side and lie within a stretch at most this much longer on the other.
_REORDER_SPREAD = 1.5
# A run of seeds too short to be a passage, beside one and continuing it on both sides, is part of it
# (``_absorb_pieces``) when it holds at least this many seeds: one shared n-gram is as likely chance.
_PIECE_SEEDS = 2
# A passage's edges move outwards over shared word pairs at most this many tokens beyond them, on
# about the same diagonal (``_extend_edges``) ...
_EDGE_REACH = 6
# ... give or take this many tokens (a word inserted or deleted at the edge).
_EDGE_SLACK = 2
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
# Common material inside a run of at least this many tokens shared word for word, this many (and this
# share) of whose tokens are not common, is part of a copy (``_own_runs``).
_OWN_RUN = 12
_OWN_WORDS = 8
_OWN_SHARE = 0.15
# A passage starting or ending this many tokens into a sentence (or fewer) takes in the whole sentence.
_SNAP = 8
_STOPS = frozenset(".!?…;:")
# Pieces of a passage whose sentences were shuffled (``_gather``): this close on one side, covering this
# share of the joined stretch on both.
_GATHER_GAP = 40
_GATHER_COVER = 0.5


def excluded_tokens(tokens: U64, excluded: U64, n: int) -> npt.NDArray[np.bool_]:
    """Tokens covered by an ``n``-gram whose hash is in the sorted array ``excluded``."""
    result = np.zeros(len(tokens), dtype=bool)
    if len(excluded) == 0 or len(tokens) < n:
        return result
    grams = gram_hashes(tokens, n)
    where = np.searchsorted(excluded, grams)
    hit = (where < len(excluded)) & (excluded[np.minimum(where, len(excluded) - 1)] == grams) & (grams != 0)
    if hit.any():
        starts = np.flatnonzero(hit)
        # Common material is known by sampled fingerprints (about one n-gram in two): two hits close
        # together lie in one common passage, so the n-grams between them are common too.
        ends = starts + n
        close = np.flatnonzero(starts[1:] - starts[:-1] <= 2 * n)
        ends[close] = starts[close + 1] + n
        cover = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.add.at(cover, starts, 1)
        np.add.at(cover, ends, -1)
        result = np.cumsum(cover[:-1]) > 0
    return result


def _own_runs(
    a: U64,
    b: U64,
    skip_a: npt.NDArray[np.bool_],
    skip_b: npt.NDArray[np.bool_],
    common_a: npt.NDArray[np.bool_],
    common_b: npt.NDArray[np.bool_],
    n: int,
) -> None:
    """Clear ``common_a`` and ``common_b`` (in place) over the runs of text the two documents share word
    for word that are long and mostly not common material.

    Common material is a phrase or a quotation many documents use, each in its own text: the run two of
    them share stops where the phrase does. A copy shares the text around the phrases too, so its run
    goes on through them; the phrases inside it are part of the copy, not evidence against it (a copy
    ring written in stock phrases would otherwise fall apart into pieces too short to report).
    """
    seeds = _seeds(a, b, skip_a, skip_b, n)
    if len(seeds) == 0:
        return
    diagonal = seeds[:, 1] - seeds[:, 0]
    order = np.lexsort((seeds[:, 0], diagonal))
    seeds, diagonal = seeds[order], diagonal[order]
    breaks = (diagonal[1:] != diagonal[:-1]) | (seeds[1:, 0] != seeds[:-1, 0] + 1)
    starts = np.flatnonzero(np.concatenate(([True], breaks)))
    ends = np.append(starts[1:], len(seeds)) - 1
    lengths = seeds[ends, 0] - seeds[starts, 0] + n
    own_a = np.concatenate(([0], np.cumsum(~common_a, dtype=np.int64)))
    own_b = np.concatenate(([0], np.cumsum(~common_b, dtype=np.int64)))
    for k in np.flatnonzero(lengths >= _OWN_RUN).tolist():
        lo_a, lo_b, length = int(seeds[starts[k], 0]), int(seeds[starts[k], 1]), int(lengths[k])
        own = min(own_a[lo_a + length] - own_a[lo_a], own_b[lo_b + length] - own_b[lo_b])
        if own >= max(_OWN_WORDS, _OWN_SHARE * length):
            common_a[lo_a : lo_a + length] = False
            common_b[lo_b : lo_b + length] = False


def _seeds(a: U64, b: U64, skip_a: npt.NDArray[np.bool_], skip_b: npt.NDArray[np.bool_], n: int) -> I64:
    """Seed positions as an (k, 2) array of (i in a, j in b), sorted."""
    ga, gb = gram_hashes(a, n), gram_hashes(b, n)
    if len(ga) == 0 or len(gb) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    for grams, skip in ((ga, skip_a), (gb, skip_b)):
        if skip.any():
            inside = np.concatenate(([0], np.cumsum(skip, dtype=np.int64)))
            grams[(inside[n : n + len(grams)] - inside[: len(grams)]) > 0] = 0
    order = np.argsort(gb, kind="stable")
    sorted_b = gb[order]
    left = np.searchsorted(sorted_b, ga, side="left")
    right = np.searchsorted(sorted_b, ga, side="right")
    counts = right - left
    counts[(ga == 0) | (counts > _MAX_REPEAT)] = 0
    rows = np.repeat(np.arange(len(ga)), counts)
    if len(rows) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    first = np.repeat(left, counts)
    rank = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = order[first + rank]
    return np.stack((rows, cols), axis=1).astype(np.int64)


def _split(seeds: I64, axis: int, n: int, gap: int) -> list[I64]:
    ordered = seeds[np.argsort(seeds[:, axis], kind="stable")]
    positions = ordered[:, axis]
    reach = np.maximum.accumulate(positions + n)  # end of the run so far
    breaks = np.flatnonzero(positions[1:] - reach[:-1] > gap) + 1
    return np.split(ordered, breaks)


def _clusters(seeds: I64, n: int, gap: int) -> list[I64]:
    """Groups of seeds within ``gap`` tokens of each other on both sides (split until stable)."""
    pending = [seeds]
    done: list[I64] = []
    axis = 0
    while pending:
        following: list[I64] = []
        for group in pending:
            parts = _split(group, axis, n, gap)
            if len(parts) == 1:
                other = _split(group, 1 - axis, n, gap)
                if len(other) == 1:
                    done.append(group)
                else:
                    following.extend(other)
            else:
                following.extend(parts)
        pending = following
        axis = 1 - axis
    return done


def _coverage(positions: I64, n: int) -> int:
    covered = np.unique((positions[:, None] + np.arange(n)[None, :]).ravel())
    return len(covered)


def token_passages(
    a: U64, b: U64, skip_a: npt.NDArray[np.bool_], skip_b: npt.NDArray[np.bool_], options: Options
) -> list[Box]:
    """Copied passages between token sequences ``a`` and ``b`` as token ranges, non-overlapping.

    Two passes: seeds of ``options.seed_ngram`` shared n-grams first; then, for what heavy editing left
    with too few shared n-grams, word seeds from stretches of the two documents that share many of
    their rarer words (``_window_seeds``), under the same rules of length, density and base text. A
    passage of the second pass is kept only clear of those of the first.
    """
    n = options.seed_ngram
    seeds = _seeds(a, b, skip_a, skip_b, n)
    boxes = _passages(seeds, n, a, b, skip_a, skip_b, options) if len(seeds) else []
    if not options.word_seeds:
        return boxes
    if boxes and len(seeds):
        # Nothing left for a second pass when (nearly) every seed lies in a passage found already: the
        # common case of a copy kept word for word, and the cheap one.
        outside = np.ones(len(seeds), dtype=bool)
        for lo_a, hi_a, lo_b, hi_b in boxes:
            outside &= ~(
                (seeds[:, 0] >= lo_a) & (seeds[:, 0] < hi_a) & (seeds[:, 1] >= lo_b) & (seeds[:, 1] < hi_b)
            )
        if outside.sum() < _SECOND_MIN_SEEDS:
            return boxes
    words = _window_seeds(a, b, skip_a, skip_b, seeds, n)
    if len(words) == 0:
        return boxes
    second = replace(options, min_density=_SECOND_DENSITY, max_gap=_SECOND_GAP)
    more = _passages(words, 1, a, b, skip_a, skip_b, second)
    more = [trimmed for box in more if (trimmed := _trim(box, words, options)) is not None]
    # A passage of the second pass overlapping passages of the first is the same passage, less cut up:
    # it takes them in.
    grown: list[Box] = []
    for box in more:
        for other in boxes:
            if not _clear_of(box, [other]):
                box = _union(box, other)
        grown.append(box)
    if any(not _clear_of(box, grown[:k] + grown[k + 1 :]) for k, box in enumerate(grown)):
        grown = [box for box in more if _clear_of(box, boxes)]
    found = [box for box in boxes if _clear_of(box, grown)] + grown
    if any(not _clear_of(box, found[:k] + found[k + 1 :]) for k, box in enumerate(found)):
        found = boxes + [box for box in more if _clear_of(box, boxes)]
    if sorted(found) == sorted(boxes):
        return boxes
    return _gather(_merge_neighbours(sorted(found), _MERGE_GAP * options.max_gap))


def _covered(ranges: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for lo, hi in sorted(ranges):
        if hi > reach:
            total += hi - max(lo, reach)
            reach = hi
    return total


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
    parent = list(range(len(boxes)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            one, two = boxes[i], boxes[j]
            if (
                _apart(one[0], one[1], two[0], two[1]) <= _GATHER_GAP
                or _apart(one[2], one[3], two[2], two[3]) <= _GATHER_GAP
            ):
                parent[root(j)] = root(i)
    groups: dict[int, list[Box]] = {}
    for k, box in enumerate(boxes):
        groups.setdefault(root(k), []).append(box)
    result: list[Box] = []
    for members in groups.values():
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


def _window_seeds(
    a: U64, b: U64, skip_a: npt.NDArray[np.bool_], skip_b: npt.NDArray[np.bool_], grams: I64, n: int
) -> I64:
    """Word seeds (i, j): words shared inside pairs of windows that share many of their rarer words,
    and the words of the shared ``n``-grams ``grams`` inside a window's best partner.

    A window is ``_WINDOW`` tokens (a sentence, about), taken every ``_WINDOW // 2``. A word counts when
    it occurs at most ``_MAX_REPEAT`` times in each document (filler words do not); two windows match
    when at least ``_WINDOW_SHARED`` of such words are shared, and each is the other's best partner.
    Heavy editing leaves most of a copied sentence's words, out of order and seldom three in a row;
    two independent sentences on one subject share a few words, rarely half of them.
    """
    step = _WINDOW // 2
    ids_a, ids_b = a.copy(), b.copy()
    ids_a[skip_a] = 0
    ids_b[skip_b] = 0
    values_a, inverse_a, counts_a = np.unique(ids_a, return_inverse=True, return_counts=True)
    values_b, counts_b = np.unique(ids_b, return_counts=True)
    where = np.searchsorted(values_b, values_a)
    where = np.minimum(where, len(values_b) - 1)
    shared = (values_b[where] == values_a) & (values_a != 0)
    rare = shared & (counts_a <= _MAX_REPEAT) & (counts_b[where] <= _MAX_REPEAT)
    use_a = np.flatnonzero(rare[inverse_a])
    if len(use_a) < _WINDOW_SHARED:
        return np.zeros((0, 2), dtype=np.int64)
    rare_values = values_a[rare]
    use_b = np.flatnonzero(np.isin(ids_b, rare_values))
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
    windows_b = len(b) // step + 2
    matched = np.zeros(len(pairs), dtype=bool)
    for shift_a in (0, step):
        for shift_b in (0, step):
            wa = (pairs[:, 0] + shift_a) // _WINDOW
            wb = (pairs[:, 1] + shift_b) // _WINDOW
            key = wa * windows_b + wb
            keys, back, tally = np.unique(key, return_inverse=True, return_counts=True)
            # A window matches its best partner only (ties kept): a name or a term the source repeats
            # further on would otherwise match the windows around the copied one as well.
            key_a, key_b = keys // windows_b, keys % windows_b
            best_a = np.zeros(int(key_a.max()) + 1, dtype=np.int64)
            np.maximum.at(best_a, key_a, tally)
            best_b = np.zeros(int(key_b.max()) + 1, dtype=np.int64)
            np.maximum.at(best_b, key_b, tally)
            best = (tally == best_a[key_a]) & (tally == best_b[key_b])
            rare = np.zeros(len(keys), dtype=np.int64)
            np.add.at(rare, back, ~is_gram)
            matched |= (best & (rare >= _WINDOW_SHARED))[back] | (best[back] & is_gram)
    found = pairs[matched]
    return _nearest_the_diagonal(_nearest_the_diagonal(found, 0), 1)


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
    return np.unique(seeds[chosen[off[chosen] <= _OFF_DIAGONAL]], axis=0)


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


def _sentence_starts(text: str, word_of_token: I64, word_ends: I64) -> I64:
    """Token indices where a sentence starts (the first token, and each after a full stop), and the
    number of tokens at the end."""
    if len(word_of_token) == 0:
        return np.zeros(1, dtype=np.int64)
    stops = np.array([text[end - 1 : end] in _STOPS for end in word_ends.tolist()], dtype=bool)
    new_word = np.concatenate(([True], word_of_token[1:] != word_of_token[:-1]))
    after_stop = np.concatenate(([True], stops[word_of_token[:-1]])) & new_word
    return np.append(np.flatnonzero(after_stop), len(word_of_token)).astype(np.int64)


def _to_sentences(boxes: list[Box], starts_a: I64, starts_b: I64) -> list[Box]:
    """Passages stretched to the sentence they start or end a few tokens into, on both sides alike.

    Heavy editing of a copied sentence's first or last words leaves no seed there, so a passage found
    starts (or ends) a few words into the sentence on both sides; copying is done sentence by sentence,
    and the reviewer reads whole sentences. An edge moves only when it moves on both sides by about the
    same number of tokens (the same words left out of the passage); a passage never grows over another.
    """
    result = list(boxes)
    for k, box in enumerate(result):
        others = result[:k] + result[k + 1 :]
        lo_a, hi_a = _snapped(box[0], box[1], starts_a, [(o[0], o[1]) for o in others])
        lo_b, hi_b = _snapped(box[2], box[3], starts_b, [(o[2], o[3]) for o in others])
        if not _alike(box[0] - lo_a, box[2] - lo_b):
            lo_a, lo_b = box[0], box[2]
        if not _alike(hi_a - box[1], hi_b - box[3]):
            hi_a, hi_b = box[1], box[3]
        result[k] = (lo_a, hi_a, lo_b, hi_b)
    return result


def _alike(moved_a: int, moved_b: int) -> bool:
    return moved_a > 0 and moved_b > 0 and abs(moved_a - moved_b) <= _EDGE_SLACK


def _snapped(lo: int, hi: int, starts: I64, others: list[tuple[int, int]]) -> tuple[int, int]:
    """``lo``..``hi`` stretched to the starts of sentences at most ``_SNAP`` tokens away, when it
    already covers more than half of the sentence it would take in."""
    first = int(np.searchsorted(starts, lo, side="right")) - 1
    before, following = int(starts[first]), int(starts[min(first + 1, len(starts) - 1)])
    last = int(np.searchsorted(starts, hi, side="left"))
    after, previous = int(starts[min(last, len(starts) - 1)]), int(starts[max(last - 1, 0)])
    new_lo = before if 0 < lo - before <= min(_SNAP, (following - before) / 2) else lo
    new_hi = after if 0 < after - hi <= min(_SNAP, (after - previous) / 2) else hi
    if any(o_lo < lo and o_hi > new_lo for o_lo, o_hi in others):
        new_lo = lo
    if any(o_hi > hi and o_lo < new_hi for o_lo, o_hi in others):
        new_hi = hi
    return new_lo, new_hi


def _apart(lo1: int, hi1: int, lo2: int, hi2: int) -> int:
    """Tokens between two ranges (0 when they touch or overlap)."""
    return max(0, max(lo1, lo2) - min(hi1, hi2))


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


def align(
    a: Prepared,
    b: Prepared,
    base_hashes: U64 | None = None,
    options: Options | None = None,
    *,
    common: U64 | None = None,
) -> Pair | None:
    """The passages copied between ``a`` and ``b``, or None when there are none.

    Args:
        a: a cohort document (the pair's ``a``; similarity is the share of its text covered).
        b: another cohort document or a reference.
        base_hashes: sorted ``options.ngram``-gram hashes no passage may rest on (base text, and common
            material too when given here).
        options: thresholds; the defaults when omitted.
        common: sorted ``options.ngram``-gram hashes of common material (``candidates.common``): no
            passage rests on them either, except where ``a`` and ``b`` share them inside one long run
            of their own text (``_own_runs``): a copy of a text written in stock phrases.
    """
    options = options or Options()
    excluded = base_hashes if base_hashes is not None else np.zeros(0, dtype=np.uint64)
    skip_a = excluded_tokens(a.tokens, excluded, options.ngram)
    skip_b = excluded_tokens(b.tokens, excluded, options.ngram)
    if common is not None and len(common):
        common_a = excluded_tokens(a.tokens, common, options.ngram) & ~skip_a
        common_b = excluded_tokens(b.tokens, common, options.ngram) & ~skip_b
        if common_a.any() or common_b.any():
            _own_runs(a.tokens, b.tokens, skip_a, skip_b, common_a, common_b, options.seed_ngram)
            skip_a |= common_a
            skip_b |= common_b
    boxes = token_passages(a.tokens, b.tokens, skip_a, skip_b, options)
    if not boxes:
        return None
    # Passages are reported as whole whitespace-separated words: the quote before the first syllable and
    # the full stop after the last belong to the passage a reviewer reads.
    a_word, a_starts, a_ends = token_words(a.text)
    b_word, b_starts, b_ends = token_words(b.text)
    if _SNAP:
        boxes = _to_sentences(
            boxes, _sentence_starts(a.text, a_word, a_ends), _sentence_starts(b.text, b_word, b_ends)
        )
    passages = tuple(
        Passage(
            int(a_starts[a_word[lo_a]]),
            int(a_ends[a_word[hi_a - 1]]),
            int(b_starts[b_word[lo_b]]),
            int(b_ends[b_word[hi_b - 1]]),
        )
        for lo_a, hi_a, lo_b, hi_b in boxes
    )
    covered = sum(p.a_end - p.a_start for p in passages)
    return Pair(a.id, b.id, min(1.0, covered / a.chars) if a.chars else 0.0, passages)
