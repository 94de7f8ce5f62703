"""Stage 3 of the copy check, per candidate pair: the copied passages, as character offsets.

Seeds are short n-grams the two documents share, minus those that touch base text or common material.
Seeds close to each other on *both* sides form one passage (their bounding boxes), so a copied passage
whose sentences were reordered, merged or split, or had words inserted, deleted or replaced, is still
one passage, while two unrelated shared phrases far apart stay apart. A passage must be long on both
sides and densely covered by seeds: a stock phrase or two do not make one.
"""

from __future__ import annotations

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
        # Common material is known by sampled fingerprints (about one n-gram in four): two hits close
        # together lie in one common passage, so the n-grams between them are common too.
        ends = starts + n
        close = np.flatnonzero(starts[1:] - starts[:-1] <= 2 * n)
        ends[close] = starts[close + 1] + n
        cover = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.add.at(cover, starts, 1)
        np.add.at(cover, ends, -1)
        result = np.cumsum(cover[:-1]) > 0
    return result


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
    """Copied passages between token sequences ``a`` and ``b`` as token ranges, non-overlapping."""
    n = options.seed_ngram
    seeds = _seeds(a, b, skip_a, skip_b, n)
    if len(seeds) == 0:
        return []
    scored: list[tuple[int, Box]] = []
    for group in _clusters(seeds, n, options.max_gap):
        a_lo, a_hi = int(group[:, 0].min()), int(group[:, 0].max()) + n
        b_lo, b_hi = int(group[:, 1].min()), int(group[:, 1].max()) + n
        if min(a_hi - a_lo, b_hi - b_lo) < options.min_passage_words:
            continue
        cover_a, cover_b = _coverage(group[:, 0], n), _coverage(group[:, 1], n)
        if cover_a < options.min_density * (a_hi - a_lo) or cover_b < options.min_density * (b_hi - b_lo):
            continue
        if cover_a < options.min_passage_words:
            continue
        if (
            skip_a[a_lo:a_hi].mean() > options.max_base_share
            or skip_b[b_lo:b_hi].mean() > options.max_base_share
        ):
            continue
        scored.append((cover_a, (a_lo, a_hi, b_lo, b_hi)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    kept: list[Box] = []
    for _, box in scored:
        if all(box[1] <= k[0] or k[1] <= box[0] for k in kept) and all(
            box[3] <= k[2] or k[3] <= box[2] for k in kept
        ):
            kept.append(box)
    kept.sort()
    return _merge_neighbours(kept, _MERGE_GAP * options.max_gap)


def _apart(lo1: int, hi1: int, lo2: int, hi2: int) -> int:
    """Tokens between two ranges (0 when they touch or overlap)."""
    return max(0, max(lo1, lo2) - min(hi1, hi2))


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
            box = (min(one[0], two[0]), max(one[1], two[1]), min(one[2], two[2]), max(one[3], two[3]))
            near_a = _apart(one[0], one[1], two[0], two[1]) <= gap
            near_b = _apart(one[2], one[3], two[2], two[3]) <= gap
            # Sentences reordered across a long passage: the pieces follow each other on one side and
            # are scattered on the other, but within a stretch of about the same length.
            similar = max(box[1] - box[0], box[3] - box[2]) <= _REORDER_SPREAD * min(
                box[1] - box[0], box[3] - box[2]
            )
            if not (near_a and near_b) and not ((near_a or near_b) and similar):
                continue
            others = merged[:k] + merged[k + 2 :]
            if any(box[2] < o[3] and o[2] < box[3] for o in others):
                continue
            merged[k : k + 2] = [box]
            joined = True
            break
    return merged


def align(
    a: Prepared, b: Prepared, base_hashes: U64 | None = None, options: Options | None = None
) -> Pair | None:
    """The passages copied between ``a`` and ``b``, or None when there are none.

    Args:
        a: a cohort document (the pair's ``a``; similarity is the share of its text covered).
        b: another cohort document or a reference.
        base_hashes: sorted ``options.ngram``-gram hashes no passage may rest on (base text and common
            material, e.g. ``np.union1d(base, candidates.common)``).
        options: thresholds; the defaults when omitted.
    """
    options = options or Options()
    excluded = base_hashes if base_hashes is not None else np.zeros(0, dtype=np.uint64)
    skip_a = excluded_tokens(a.tokens, excluded, options.ngram)
    skip_b = excluded_tokens(b.tokens, excluded, options.ngram)
    boxes = token_passages(a.tokens, b.tokens, skip_a, skip_b, options)
    if not boxes:
        return None
    # Passages are reported as whole whitespace-separated words: the quote before the first syllable and
    # the full stop after the last belong to the passage a reviewer reads.
    a_word, a_starts, a_ends = token_words(a.text)
    b_word, b_starts, b_ends = token_words(b.text)
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
