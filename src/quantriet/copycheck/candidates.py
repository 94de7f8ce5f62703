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

__all__ = [
    "RING_MAX_SHARE",
    "Candidates",
    "chained_pairs",
    "common_threshold",
    "find_candidates",
    "mix",
    "ring_fingerprints",
    "ring_material",
    "search_candidates",
]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# A fingerprint in more than ``max_pair_df`` documents links each of them to this many of the others
# only: enough to keep a copy ring connected, without a quadratic number of pairs.
_STAR_LINKS = 3
# Shared fingerprints of one copied passage follow each other within this many tokens (sampling keeps
# one n-gram in four; heavy edits lose most of the rest) ...
_LINK = 50
# ... and a chain of them spans at least this many tokens. Only candidates: aligning decides, so these
# are set as loose as the speed allows (measured: PAN tune corpus and bench/copycheck/speed.py).
_MIN_SPAN = 10
_EMPTY_U64 = np.zeros(0, dtype=np.uint64)
# A passage held by more than this share of the documents is common material even when it is one long
# passage (a quotation all use); below it, one long passage shared by the same documents is a copy ring.
RING_MAX_SHARE = 0.5
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_EMPTY_I32 = np.zeros(0, dtype=np.int32)
_EMPTY_I64 = np.zeros(0, dtype=np.int64)


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


def mix(values: I64) -> U64:
    """A well-spread 64-bit hash of each value; sums of them identify sets of documents."""
    with np.errstate(over="ignore"):
        mixed = values.astype(np.uint64) * _GOLDEN
        mixed ^= mixed >> np.uint64(29)
        mixed *= _MIX
        mixed ^= mixed >> np.uint64(32)
    return mixed


def ring_material(
    frequent: npt.NDArray[np.bool_], signatures: U64, options: Options
) -> npt.NDArray[np.bool_]:
    """Which ``frequent`` fingerprints belong to a copy ring rather than to common material.

    A stock phrase or a favourite quotation is used by many writers, each in their own text: the set of
    documents holding one phrase differs from the set holding the next. A copy ring shares a long passage:
    many fingerprints held by exactly the same documents. So a set of documents (``signatures``: one
    order-free hash of each fingerprint's documents) that holds more fingerprints than a stock phrase
    yields (``ring_fingerprints``) is a ring, and its fingerprints stay evidence however large it is.
    """
    ring = np.zeros(len(frequent), dtype=bool)
    chosen = np.flatnonzero(frequent)
    _, inverse, counts = np.unique(signatures[chosen], return_inverse=True, return_counts=True)
    ring[chosen] = counts[inverse] >= ring_fingerprints(options)
    return ring


def ring_fingerprints(options: Options) -> int:
    """Fingerprints one set of documents must share to be a ring: what a passage of twice the minimum
    length yields on average, more than any stock phrase does."""
    per_passage = (options.min_passage_words - options.ngram + 1) / options.sample_mod
    return max(4, round(2 * per_passage))


def _partners(hashes: U64, owners: I64, max_df: int) -> tuple[I64, I64]:
    """Element indices (left, right) of every two elements sharing a hash, in (hash, owner) order.

    ``hashes`` and ``owners`` must already be sorted by (hash, owner). A hash held by more than ``max_df``
    documents pairs each of them with the first few only (a star, not a clique).
    """
    run_start = np.concatenate(([True], hashes[1:] != hashes[:-1]))
    starts = np.flatnonzero(run_start)
    lengths = np.diff(np.append(starts, len(hashes)))
    run_of = np.repeat(np.arange(len(starts)), lengths)
    position = np.arange(len(hashes)) - starts[run_of]  # rank inside its run
    run_length = lengths[run_of]
    lefts: list[I64] = []
    rights: list[I64] = []
    # element at rank r pairs with the element `offset` later in its run; big runs only with the first few
    active = np.flatnonzero(run_length > 1)
    offset = 1
    while len(active):
        keep = position[active] + offset < run_length[active]
        big = run_length[active] > max_df
        keep &= ~big | (position[active] < _STAR_LINKS)
        lefts.append(active[keep])
        rights.append(active[keep] + offset)
        still = position[active] + offset + 1 < run_length[active]
        active = active[still]
        offset += 1
    if not lefts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def chained_pairs(keys: I64, pos_a: I64, pos_b: I64, options: Options) -> I64:
    """Pair keys with a *chain* of shared fingerprints: one long passage, not scattered phrases.

    A chain links shared fingerprints of one pair that follow each other within ``_LINK`` tokens on the
    first document and ``2 * _LINK`` on the second (sentences of a copied passage may be reordered). A
    pair is a candidate when one chain has at least ``options.min_shared`` fingerprints spanning at least
    ``_MIN_SPAN`` tokens. Two reports that share a few stock phrases here and there form no such chain,
    which keeps the number of pairs to align near-linear in the cohort's size.
    """
    if len(keys) == 0:
        return keys
    order = np.lexsort((pos_a, keys))
    keys, pos_a, pos_b = keys[order], pos_a[order], pos_b[order]
    linked = (
        (keys[1:] == keys[:-1])
        & (pos_a[1:] - pos_a[:-1] <= _LINK)
        & (np.abs(pos_b[1:] - pos_b[:-1]) <= 2 * _LINK)
    )
    starts = np.flatnonzero(np.concatenate(([True], ~linked)))
    ends = np.append(starts[1:], len(keys)) - 1
    good = (ends - starts + 1 >= options.min_shared) & (pos_a[ends] - pos_a[starts] >= _MIN_SPAN)
    result: I64 = np.unique(keys[starts[good]])
    return result


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
    compared = [p if p.role != "base" else None for p in prepared]
    lengths = np.array([0 if p is None else len(p.grams) for p in compared], dtype=np.int64)
    hashes = np.concatenate([p.grams for p in compared if p is not None] or [_EMPTY_U64])
    places = np.concatenate([p.positions for p in compared if p is not None] or [_EMPTY_I32])
    owners = np.repeat(np.arange(len(prepared), dtype=np.int64), lengths)
    order = np.lexsort((owners, hashes))
    hashes, owners, places = hashes[order], owners[order], places[order].astype(np.int64)
    del order
    # Document frequency of each fingerprint: the length of its run (a document holds a hash once).
    run_start = (
        np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1]))) if len(hashes) else _EMPTY_I64
    )
    run_length = np.diff(np.append(run_start, len(hashes)))
    limit = common_threshold(sum(p is not None for p in compared), options)
    frequent = run_length >= limit
    if frequent.any():
        documents = sum(p is not None for p in compared)
        minority = frequent & (run_length <= RING_MAX_SHARE * documents)
        frequent &= ~ring_material(minority, np.add.reduceat(mix(owners), run_start), options)
    common = hashes[run_start[frequent]]
    drop = np.repeat(frequent, run_length)
    if base is not None and len(base):
        drop |= np.isin(hashes, base)
    if drop.any():
        hashes, owners, places = hashes[~drop], owners[~drop], places[~drop]
    left, right = _partners(hashes, owners, options.max_pair_df)
    with_cohort = roles[owners[left]] | roles[owners[right]]  # references are never compared together
    left, right = left[with_cohort], right[with_cohort]
    # owners are sorted inside a run of one hash, so owners[left] < owners[right]
    keys = owners[left] * (1 << 32) + owners[right]
    unique = chained_pairs(keys, places[left], places[right], options)
    first, second = unique >> 32, unique & ((1 << 32) - 1)
    return Candidates(list(zip(first.tolist(), second.tolist(), strict=True)), common)


def find_candidates(prepared: Sequence[Prepared], options: Options | None = None) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of indices into ``prepared`` worth aligning; see ``search_candidates``."""
    return search_candidates(prepared, options).pairs
