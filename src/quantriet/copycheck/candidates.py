"""Stage 2 of the copy check, global: which pairs of documents share enough material to be aligned.

Everything is done on flat NumPy arrays (one row per distinct n-gram per document), so the cost is a
few sorts of tens of millions of integers, not Python loops over documents or pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.model import Options
from quantriet.copycheck.prepare import Prepared

__all__ = ["Candidates", "common_threshold", "find_candidates", "search_candidates"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# A fingerprint in more than ``max_pair_df`` documents links each of them to this many of the others
# only: enough to keep a copy ring connected, without a quadratic number of pairs.
_STAR_LINKS = 3


@dataclass(frozen=True)
class Candidates:
    """The candidate search's result: pairs to align, and n-grams no passage may be built on.

    Attributes:
        pairs: (i, j) indices into the prepared documents, i < j, sorted.
        common: sorted n-gram hashes found in too many documents to be evidence (see ``Options``).
    """

    pairs: list[tuple[int, int]]
    common: U64


def common_threshold(documents: int, options: Options) -> int:
    """The document frequency above which an n-gram is common material."""
    return max(options.common_min_docs, int(options.common_share * documents)) + 1


def _common(grams: U64, documents: int, options: Options) -> U64:
    limit = common_threshold(documents, options)
    if limit > documents or len(grams) == 0:
        return np.zeros(0, dtype=np.uint64)
    ordered = np.sort(grams)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(starts, len(ordered)))
    return ordered[starts[counts >= limit]]


def _pair_keys(hashes: U64, owners: I64, max_df: int) -> I64:
    """``owner_a * 2**32 + owner_b`` (a < b) for each pair of owners sharing a hash."""
    order = np.lexsort((owners, hashes))
    hashes, owners = hashes[order], owners[order]
    run_start = np.concatenate(([True], hashes[1:] != hashes[:-1]))
    starts = np.flatnonzero(run_start)
    lengths = np.diff(np.append(starts, len(hashes)))
    run_of = np.repeat(np.arange(len(starts)), lengths)
    position = np.arange(len(hashes)) - starts[run_of]  # rank inside its run
    run_length = lengths[run_of]
    keys: list[I64] = []
    # element at rank r pairs with the element `offset` later in its run; big runs only with the first few
    active = np.flatnonzero(run_length > 1)
    offset = 1
    while len(active):
        partner = active + offset
        keep = position[active] + offset < run_length[active]
        big = run_length[active] > max_df
        keep &= ~big | (position[active] < _STAR_LINKS)
        left, right = owners[active[keep]], owners[partner[keep]]
        keys.append(np.minimum(left, right) * (1 << 32) + np.maximum(left, right))
        still = position[active] + offset + 1 < run_length[active]
        active = active[still]
        offset += 1
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


def search_candidates(
    prepared: Sequence[Prepared], options: Options | None = None, base: U64 | None = None
) -> Candidates:
    """Candidate pairs and common n-grams among ``prepared`` (base documents in it are ignored).

    Args:
        prepared: the cohort and reference documents.
        options: thresholds; the defaults when omitted.
        base: sorted n-gram hashes of base text; they never make two documents candidates.
    """
    options = options or Options()
    roles = np.array([p.role == "cohort" for p in prepared], dtype=bool)
    counted = [p.grams for p in prepared if p.role != "base"]
    everything = np.concatenate(counted) if counted else np.zeros(0, dtype=np.uint64)
    common = _common(everything, len(counted), options)
    del everything
    sampled = [
        p.grams[p.grams % np.uint64(options.sample_mod) == 0] if p.role != "base" else None for p in prepared
    ]
    lengths = np.array([0 if s is None else len(s) for s in sampled], dtype=np.int64)
    present = [s for s in sampled if s is not None]
    hashes = np.concatenate(present) if present else np.zeros(0, dtype=np.uint64)
    owners = np.repeat(np.arange(len(prepared), dtype=np.int64), lengths)
    excluded = common if base is None or len(base) == 0 else np.union1d(common, base)
    if len(excluded):
        keep = ~np.isin(hashes, excluded, assume_unique=False)
        hashes, owners = hashes[keep], owners[keep]
    keys = _pair_keys(hashes, owners, options.max_pair_df)
    unique, counts = np.unique(keys, return_counts=True)
    unique = unique[counts >= options.min_shared]
    first, second = unique >> 32, unique & ((1 << 32) - 1)
    with_cohort = roles[first] | roles[second]  # reference–reference pairs are never compared
    pairs = list(zip(first[with_cohort].tolist(), second[with_cohort].tolist(), strict=True))
    return Candidates(pairs, common)


def find_candidates(prepared: Sequence[Prepared], options: Options | None = None) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of indices into ``prepared`` worth aligning; see ``search_candidates``."""
    return search_candidates(prepared, options).pairs
