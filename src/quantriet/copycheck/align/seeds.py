"""Seeds of a candidate pair: the short n-grams both documents share, clear of base text and common
material (except inside long runs of their own text), and their clusters."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.align.geometry import I64, U64
from quantriet.copycheck.prepare import gram_hashes

# A seed n-gram repeated more often than this inside one document is filler ("của các", "và các"
# listings) and would only multiply seeds.
_MAX_REPEAT = 4


# Common material inside a run of at least this many tokens shared word for word, this many (and this
# share) of whose tokens are not common, is part of a copy (``_own_runs``).
_OWN_RUN = 12


_OWN_WORDS = 8


_OWN_SHARE = 0.15


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
        # Runs opened minus runs closed at each token (``np.bincount``: ``np.add.at`` is many times slower).
        cover = np.bincount(starts, minlength=len(tokens) + 1) - np.bincount(ends, minlength=len(tokens) + 1)
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
