"""Stage 2 of the copy check, global: which pairs of documents share enough material to be aligned.

Everything is done on flat NumPy arrays (one row per distinct n-gram per document), so the cost is a
few sorts of tens of millions of integers, not Python loops over documents or pairs.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.model import Options
from quantriet.copycheck.prepare import Prepared

__all__ = [
    "RARE_DF",
    "RING_MAX_SHARE",
    "Candidates",
    "chained_pairs",
    "common_threshold",
    "find_candidates",
    "mix",
    "rare_chained_pairs",
    "rare_rows",
    "ring_fingerprints",
    "ring_material",
    "search_candidates",
]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
T = TypeVar("T")

# A fingerprint in more than ``max_pair_df`` documents links each of them to this many of the others
# only: enough to keep a copy ring connected, without a quadratic number of pairs.
_STAR_LINKS = 3
# Shared fingerprints of one copied passage follow each other within this many tokens (sampling keeps
# one n-gram in two; heavy edits lose most of the rest) ...
_LINK = 50
# ... and a chain of them spans at least this many tokens. Only candidates: aligning decides, so these
# are set as loose as the speed allows (measured: PAN tune corpus and bench/copycheck/speed.py).
_MIN_SPAN = 10
_EMPTY_U64 = np.zeros(0, dtype=np.uint64)
# A passage held by more than this share of the documents is common material even when it is one long
# passage (a quotation all use); below it, one long passage shared by the same documents is a copy ring.
RING_MAX_SHARE = 0.5
# A fingerprint held by this many documents or fewer pairs them for the chain test (``_pairs_sharing_rare``).
# Two: at four, news reports filling in the same table template (a match's statistics: the same labels in
# the same order, other figures) were paired on the fresh held-out build of seed 4 (bench/README.md).
RARE_DF = 2
# Fingerprints that rare are chained more loosely (``rare_chained_pairs``): a short copy edited in a word
# in three keeps two or three of them, sometimes a little more than ``_LINK`` apart (a sentence moved
# between them) or only a few tokens apart (what is left of one sentence). Measured on the PAN tune build:
# two more heavily disguised short copies paired, six more pairs aligned for nothing, none reported. A
# span of 5 paired one more copy but also any two of 20,000 speed-bench reports sharing one fragment of
# nine words (16,500 pairs instead of 1,000: the aligning stage five times as long).
_RARE_LINK = 60
_RARE_MIN_SPAN = 7
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_EMPTY_I32 = np.zeros(0, dtype=np.int32)
_EMPTY_I64 = np.zeros(0, dtype=np.int64)
# ``_packed_runs`` of at least this many rows sorts in two threads (fewer: starting them costs more).
_SPLIT_ROWS = 1 << 20


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


def _partner_rows(starts: I64, lengths: I64, max_df: int) -> tuple[I64, I64]:
    """Row indices (left, right) of every two rows in one run (runs given by ``starts``, ``lengths``).

    A run longer than ``max_df`` pairs each of its rows with the first few only (a star, not a clique).
    """
    total = int(lengths.sum()) if len(lengths) else 0
    run_of = np.repeat(np.arange(len(starts)), lengths)
    position = np.arange(total) - starts[run_of]  # rank inside its run
    run_length = lengths[run_of]
    lefts: list[I64] = []
    rights: list[I64] = []
    # row at rank r pairs with the row `offset` later in its run; big runs only with the first few
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
        return _EMPTY_I64, _EMPTY_I64
    return np.concatenate(lefts), np.concatenate(rights)


def _by_key_then_position(keys: I64, positions: I64) -> I64:
    """The order of rows by (key, position). One sort of packed integers when they fit in 63 bits (three
    to four times faster than ``np.lexsort`` on tens of millions of rows), ``lexsort`` otherwise."""
    position_bits = int(positions.max()).bit_length() if len(positions) else 0
    key_bits = int(keys.max()).bit_length() if len(keys) else 0
    if key_bits + position_bits <= 63 and int(positions.min()) >= 0:
        order: I64 = np.argsort((keys << position_bits) | positions)
        return order
    return np.lexsort((positions, keys))


def chained_pairs(
    keys: I64, pos_a: I64, pos_b: I64, options: Options, *, link: int = _LINK, min_span: int = _MIN_SPAN
) -> I64:
    """Pair keys with a *chain* of shared fingerprints: one long passage, not scattered phrases.

    A chain links shared fingerprints of one pair that follow each other within ``link`` tokens on the
    first document and ``2 * link`` on the second (sentences of a copied passage may be reordered). A
    pair is a candidate when one chain has at least ``options.min_shared`` fingerprints spanning at least
    ``min_span`` tokens. Two reports that share a few stock phrases here and there form no such chain,
    which keeps the number of pairs to align near-linear in the cohort's size.
    """
    if len(keys) == 0:
        return keys
    order = _by_key_then_position(keys, pos_a)
    keys, pos_a, pos_b = keys[order], pos_a[order], pos_b[order]
    linked = (
        (keys[1:] == keys[:-1])
        & (pos_a[1:] - pos_a[:-1] <= link)
        & (np.abs(pos_b[1:] - pos_b[:-1]) <= 2 * link)
    )
    starts = np.flatnonzero(np.concatenate(([True], ~linked)))
    ends = np.append(starts[1:], len(keys)) - 1
    good = (ends - starts + 1 >= options.min_shared) & (pos_a[ends] - pos_a[starts] >= min_span)
    result: I64 = np.unique(keys[starts[good]])
    return result


def rare_chained_pairs(keys: I64, pos_a: I64, pos_b: I64, options: Options) -> I64:
    """``chained_pairs`` for fingerprints held by ``RARE_DF`` documents or fewer: such a fingerprint is
    strong evidence already, so their chains may be looser (``_RARE_LINK``, ``_RARE_MIN_SPAN``)."""
    return chained_pairs(keys, pos_a, pos_b, options, link=_RARE_LINK, min_span=_RARE_MIN_SPAN)


def _packed_runs(
    hashes: U64, owners: I64, owner_bits: int, *, shared_only: bool = False
) -> tuple[U64, I64, I64, I64]:
    """(hash, owner) rows sorted by hash then owner, as runs of one hash.

    Rows are packed into one integer (the hash's high bits, then the owner) and sorted with ``np.sort``,
    several times faster than an arg-sort of tens of millions of rows. The hash keeps ``64 - owner_bits``
    bits: two different fingerprints agreeing on those bits (a few in a national run) cost at most a
    useless candidate, which aligning then discards.

    Args:
        shared_only: leave out the runs of one row (a hash only one document holds), which pair nothing.

    Returns:
        the runs' hashes (high bits only), the sorted owners, each run's start and length.
    """
    return _runs(_pack(hashes, owners, owner_bits), owner_bits, shared_only=shared_only)


def _pack(hashes: U64, owners: I64, owner_bits: int) -> U64:
    """Each row as one integer: the hash's high bits, then the owner in the low ``owner_bits``."""
    packed = hashes & _high_bits(owner_bits)
    packed |= owners.view(np.uint64)
    return packed


def _high_bits(owner_bits: int) -> np.uint64:
    """The bits of a hash that ``_pack`` keeps (all but the low ``owner_bits``)."""
    return np.uint64(((1 << 64) - 1) ^ ((1 << owner_bits) - 1))


def _runs(packed: U64, owner_bits: int, *, shared_only: bool = False) -> tuple[U64, I64, I64, I64]:
    """``_packed_runs`` of rows packed already (``_pack``); ``packed`` is sorted in place and reused."""
    shift = np.uint64(owner_bits)
    _sort(packed)
    if len(packed) == 0:
        return packed, packed.view(np.int64), _EMPTY_I64, _EMPTY_I64
    # Row k + 1 against row k, on the packed rows themselves: equal (a document holding one hash twice, a
    # repeated sentence: it counts once), or the same hash (below the owner bits). Few passes over the
    # rows, and the runs of one row are left out before anything else is computed on them.
    differ = packed[1:] ^ packed[:-1]
    if not differ.all():
        packed = packed[np.concatenate(([True], differ != 0))]
        differ = packed[1:] ^ packed[:-1]
    same = differ < np.uint64(1 << owner_bits)
    del differ
    first = np.concatenate(([True], ~same))  # the first row of each run
    if shared_only:
        shared = np.concatenate((same, [False]))  # a row with the one after it in its run ...
        shared[1:] |= same  # ... or the one before it
        packed, first = packed[shared], first[shared]
        del shared
    del same
    high = packed >> shift
    packed &= np.uint64((1 << owner_bits) - 1)
    sorted_owners = packed.view(np.int64)
    starts = np.flatnonzero(first)
    lengths = np.diff(starts, append=len(high))
    return high[starts], sorted_owners, starts, lengths


def _sort(packed: U64) -> None:
    """Sort ``packed`` in place. Many rows: split in place around their median (``ndarray.partition``, one
    linear pass) and the two halves sorted in two threads (NumPy's sort lets go of the GIL and allocates
    nothing): about the same CPU time as one sort, and the candidate search, which runs while the workers
    wait, uses both cores."""
    if len(packed) < _SPLIT_ROWS:
        packed.sort()
        return
    middle = len(packed) // 2
    packed.partition(middle)  # nothing before ``middle`` is larger than anything after it
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(np.ndarray.sort, (packed[:middle], packed[middle:])))


def _member(values: U64, sorted_set: U64) -> npt.NDArray[np.bool_]:
    """``np.isin`` for a small sorted set: one binary search per value, no sort of ``values``."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    where = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    found: npt.NDArray[np.bool_] = sorted_set[where] == values
    return found


def search_candidates(
    prepared: Sequence[Prepared], options: Options | None = None, base: U64 | None = None
) -> Candidates:
    """Candidate pairs and common n-grams among ``prepared`` (base documents in it are ignored).

    Two documents are a candidate pair when they share a link (``prepare.link_hashes``) or a chain of
    fingerprints that no other document holds (``_pairs_sharing_rare``), neither resting on base text
    or common material.

    Args:
        prepared: the cohort and reference documents.
        options: thresholds; the defaults when omitted.
        base: sorted n-gram hashes of base text; they never make two documents candidates.
    """
    options = options or Options()
    roles = np.array([p.role == "cohort" for p in prepared], dtype=bool)
    compared = [p if p.role != "base" else None for p in prepared]
    documents = sum(p is not None for p in compared)
    owner_bits = max(1, len(prepared).bit_length())
    lengths = np.array([0 if p is None else len(p.grams) for p in compared], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    # The link search gathers its rows, and later searches them, in a second thread while this one works
    # on the fingerprints: NumPy's sorts and array passes let go of the GIL, so the candidate search, which
    # runs while the workers wait, keeps both cores busy (alone it used 1.1 on average at 20,000 reports,
    # bench/README.md). Small searches stay in this thread: a thread would cost more than it saves.
    with _helper(int(offsets[-1]) >= _SPLIT_ROWS) as helper:
        link_rows = helper.submit(_link_rows, compared, owner_bits)
        grams = np.concatenate([p.grams for p in compared if p is not None] or [_EMPTY_U64])
        every_document = np.arange(len(prepared), dtype=np.uint64)
        # ``_pack`` without an array of every fingerprint's owner (``_or_owners``).
        packed = grams & _high_bits(owner_bits)
        _or_owners(packed, lengths, every_document)
        excluded, common, two_hash, two_owners = _shared_fingerprints(
            grams, packed, owner_bits, documents, base, options
        )
        del packed
        # (The helper runs one task at a time: the rows are gathered when this one starts.)
        linked = helper.submit(
            _pairs_sharing_links, link_rows, compared, offsets, excluded, roles, owner_bits, options
        )
        # Each document's fingerprints are sorted and documents follow each other, so (document, hash) as
        # one integer is sorted too: one binary search finds where a document holds a fingerprint.
        table = grams >> np.uint64(owner_bits)
        del grams
        _or_owners(table, lengths, every_document, 64 - owner_bits)
        rare = _pairs_sharing_rare(
            compared, table, excluded, two_hash, two_owners, roles, owner_bits, options
        )
        del table, two_hash, two_owners
        keys = np.union1d(linked.result(), rare)
    first, second = keys >> 32, keys & ((1 << 32) - 1)
    return Candidates(list(zip(first.tolist(), second.tolist(), strict=True)), common)


def _shared_fingerprints(
    grams: U64, packed: U64, owner_bits: int, documents: int, base: U64 | None, options: Options
) -> tuple[npt.NDArray[np.bool_], U64, U64, I64]:
    """What the documents' fingerprints (``grams``, end to end; ``packed`` with their owners, sorted here
    in place) share.

    Returns:
        which fingerprints no pair may rest on (common material, base text), the common ones' hashes
        (sorted), and the rare ones (``rare_rows``): their hashes (high bits) and two owners each.
    """
    # Document frequency of each fingerprint: the length of its run (a document holds a hash once).
    # (Fingerprints held by one document are neither common nor rare shared material.)
    run_hash, run_owners, run_start, run_length = _runs(packed, owner_bits, shared_only=True)
    frequent = run_length >= common_threshold(documents, options)
    if frequent.any():
        minority = frequent & (run_length <= RING_MAX_SHARE * documents)
        frequent &= ~ring_material(minority, np.add.reduceat(mix(run_owners), run_start), options)
    left, right = rare_rows(run_start, run_length)
    run_of = np.repeat(np.arange(len(run_start)), run_length)
    two_hash = run_hash[run_of[left]]
    two_owners = np.stack((run_owners[left], run_owners[right]), axis=1)
    del run_owners, run_of, left, right
    # Flags in the documents' own order of fingerprints, where their links point.
    excluded = _member(grams >> np.uint64(owner_bits), run_hash[frequent])
    common = np.unique(grams[excluded])
    if base is not None and len(base):
        excluded |= _member(grams, base)
    return excluded, common, two_hash, two_owners


class _Inline:
    """``ThreadPoolExecutor``'s ``submit`` run at once in the calling thread (a small search)."""

    def submit(self, func: Callable[..., T], /, *args: object) -> concurrent.futures.Future[T]:
        done: concurrent.futures.Future[T] = concurrent.futures.Future()
        done.set_result(func(*args))
        return done

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _helper(threaded: bool) -> concurrent.futures.ThreadPoolExecutor | _Inline:
    """One helper thread (tasks run in order), or the calling thread itself."""
    return concurrent.futures.ThreadPoolExecutor(1) if threaded else _Inline()


def rare_rows(run_start: I64, run_length: I64) -> tuple[I64, I64]:
    """Row indices (left, right) of every two documents in a run of at most ``RARE_DF`` rows (the
    documents holding a rare fingerprint), one pair per row, the left row first in its run."""
    lefts: list[I64] = []
    rights: list[I64] = []
    for first in range(RARE_DF - 1):
        for second in range(first + 1, RARE_DF):
            chosen = (run_length > second) & (run_length <= RARE_DF)
            lefts.append(run_start[chosen] + first)
            rights.append(run_start[chosen] + second)
    return np.concatenate(lefts), np.concatenate(rights)


def _rows_of(table: U64, owners: I64, high: U64, owner_bits: int) -> I64:
    """Rows of ``table`` (see ``search_candidates``) where documents ``owners`` hold fingerprints ``high``."""
    query = owners.view(np.uint64) << np.uint64(64 - owner_bits)
    query |= high
    # Queries in order find their rows in order: the binary searches stay in cache.
    order = np.argsort(query)
    rows = np.empty(len(query), dtype=np.int64)
    rows[order] = np.searchsorted(table, query[order])
    return rows


def _pairs_sharing_rare(
    compared: Sequence[Prepared | None],
    table: U64,
    excluded: npt.NDArray[np.bool_],
    hashes: U64,
    owners: I64,
    roles: npt.NDArray[np.bool_],
    owner_bits: int,
    options: Options,
) -> I64:
    """Pair keys of documents sharing a chain of rare fingerprints (held by ``RARE_DF`` documents or fewer).

    Heavy edits of a short passage (a word in four changed) leave it a few fingerprints in common with
    its source but rarely two at the same distance, so no link. A fingerprint held by a few documents
    (``hashes``, high bits, with two of its ``owners`` per row) is strong evidence, and such fingerprints
    are a small share of all, so they are chained as the index does (``chained_pairs``) at a cost
    proportional to them. Independent reports share some too (a phrase both happen to write), but one
    phrase spans a few tokens, not a chain.
    """
    if len(hashes) == 0:
        return _EMPTY_I64
    left, right = owners[:, 0], owners[:, 1]
    keys = left * (1 << 32) + right
    # A pair sharing one such fingerprint makes no chain: only pairs sharing two or more go on.
    order = np.argsort(keys)
    keys = keys[order]
    repeated = np.zeros(len(keys), dtype=bool)
    same = keys[1:] == keys[:-1]
    repeated[1:] |= same
    repeated[:-1] |= same
    chosen = order[repeated]
    left, right, hashes, keys = left[chosen], right[chosen], hashes[chosen], keys[repeated]
    row_left = _rows_of(table, left, hashes, owner_bits)
    row_right = _rows_of(table, right, hashes, owner_bits)
    useful = ~(excluded[row_left] | excluded[row_right]) & (roles[left] | roles[right])
    positions = np.concatenate([p.positions for p in compared if p is not None] or [_EMPTY_I32])
    return rare_chained_pairs(
        keys[useful],
        positions[row_left[useful]].astype(np.int64),
        positions[row_right[useful]].astype(np.int64),
        options,
    )


@dataclass
class _LinkRows:
    """Every document's links end to end, packed with their owners (``_pack``), and where each
    document's come from. Mutable: the search takes the rows out, so they are freed as it goes."""

    packed: U64
    present: list[int]  # the documents with links
    counts: I64  # how many each has


def _link_rows(compared: Sequence[Prepared | None], owner_bits: int) -> _LinkRows:
    present = [k for k, p in enumerate(compared) if p is not None and len(p.links)]
    counts = np.array([len(cast(Prepared, compared[k]).links) for k in present], dtype=np.int64)
    # ``_pack``ed in the concatenated array itself: no second array of all the links (350 MB at 100,000
    # reports, held while the fingerprints' own arrays are).
    packed = np.concatenate([cast(Prepared, compared[k]).links for k in present] or [_EMPTY_U64])
    packed &= _high_bits(owner_bits)
    _or_owners(packed, counts, np.array(present, dtype=np.uint64))
    return _LinkRows(packed, present, counts)


def _or_owners(rows: U64, counts: I64, owners: U64, shift: int = 0) -> None:
    """``rows |= owner << shift`` for rows given end to end, ``counts[k]`` of them held by ``owners[k]``:
    a few thousand owners at a time, so no array of every row's owner is made (at 100,000 reports one
    is 230 MB for the fingerprints, 350 MB for the links)."""
    ends = np.cumsum(counts)
    for first in range(0, len(owners), _OWNERS_AT_ONCE):
        last = min(first + _OWNERS_AT_ONCE, len(owners))
        start = int(ends[first] - counts[first])
        shifted = owners[first:last] << np.uint64(shift)
        rows[start : int(ends[last - 1])] |= np.repeat(shifted, counts[first:last])


_OWNERS_AT_ONCE = 4096


def _pairs_sharing_links(
    gathered: concurrent.futures.Future[_LinkRows],
    compared: Sequence[Prepared | None],
    offsets: I64,
    excluded: npt.NDArray[np.bool_],
    roles: npt.NDArray[np.bool_],
    owner_bits: int,
    options: Options,
) -> I64:
    """Pair keys of documents sharing a link none of whose fingerprints is excluded (common or base)."""
    rows = gathered.result()
    packed, present, counts = rows.packed, rows.present, rows.counts
    rows.packed = _EMPTY_U64
    if not present:
        return _EMPTY_I64
    if excluded.any():  # links resting on common material or base text are left out
        parts = np.concatenate([cast(Prepared, compared[k]).link_parts for k in present]).astype(np.int64)
        parts += np.repeat(offsets[present], counts)[:, None]
        keep = ~(excluded[parts[:, 0]] | excluded[parts[:, 1]])
        del parts
        packed = packed[keep]
        del keep
    # Only links held by two documents or more pair anything: most are held by one.
    _, run_owners, run_start, run_length = _runs(packed, owner_bits, shared_only=True)
    del packed
    left, right = _partner_rows(run_start, run_length, options.max_pair_df)
    left_owner, right_owner = run_owners[left], run_owners[right]
    with_cohort = roles[left_owner] | roles[right_owner]  # references are never compared together
    keys: I64 = np.unique(left_owner[with_cohort] * (1 << 32) + right_owner[with_cohort])
    return keys


def find_candidates(prepared: Sequence[Prepared], options: Options | None = None) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of indices into ``prepared`` worth aligning; see ``search_candidates``."""
    return search_candidates(prepared, options).pairs
