"""Fingerprints travel between processes in batches: one pickled object per few hundred documents.

Pickling a small NumPy array costs tens of microseconds, as much as hashing a report; a batch packs the
arrays of its documents end to end, so a run of 100,000 reports sends a few hundred objects back to the
main process instead of 400,000 arrays. The main process unpacks views into the batch's arrays (no copy).
When the workers share the main process's disk (a token store), the arrays do not travel in the pickle at
all: they are written to the batch's file beside its token ids, and the main process maps it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import mmap
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.model import Document, Options
from quantriet.copycheck.prepare import (
    LINK_FANOUT,
    LINK_MAX,
    LINK_MIN,
    LINK_SAMPLE,
    Prepared,
    fingerprint,
    gram_hashes,
    link_value,
    masked_ids,
)
from quantriet.copycheck.tokens import batch_token_ids

__all__ = [
    "BATCH_SIZE",
    "Batch",
    "fingerprint_batch",
    "forget_stored",
    "in_batches",
    "stored",
    "text_key",
    "token_places",
    "unpack",
]

S = TypeVar("S")
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
BATCH_SIZE = 256
_NO_TOKENS = np.zeros(0, dtype=np.uint64)
_NO_POSITIONS = np.zeros(0, dtype=np.int32)
_NO_PARTS = np.zeros((0, 2), dtype=np.int32)


@dataclass(frozen=True)
class Batch:
    """Fingerprints of consecutive sources, packed; ``outcomes[k]`` is a Prepared's slot or a skip."""

    ids: list[str]
    roles: list[str]
    chars: list[int]
    outcomes: list[object]  # None where a document was fingerprinted; the loader's skip object otherwise
    grams: npt.NDArray[np.uint64]
    positions: npt.NDArray[np.int32]
    links: npt.NDArray[np.uint64]
    link_parts: npt.NDArray[np.int32]
    gram_counts: I64
    link_counts: I64
    # Where each fingerprinted document's token ids were written (``stored``), when a store was given.
    token_file: str = ""
    token_starts: I64 | None = None
    token_lengths: I64 | None = None
    text_keys: list[int] | None = None  # ``text_key`` of each document, with the store
    # With the store, the four fingerprint arrays above are empty here and written to ``token_file``
    # after the token ids, from this many 64-bit words on (``_in_store``, read back by ``unpack``).
    arrays_at: int = -1


def in_batches(items: Sequence[S], size: int = BATCH_SIZE) -> list[Sequence[S]]:
    """``items`` cut into consecutive batches of ``size``."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def fingerprint_batch(
    batch: Sequence[S], load: Callable[[S], object], options: Options, store: str | None = None
) -> Batch:
    """Load and fingerprint each source of ``batch`` (runs in a worker).

    The documents' n-grams, sampling, de-duplication and links are computed for the whole batch at once
    (a few NumPy passes over a few hundred thousand values instead of tens of small passes per
    document); the result is identical to ``fingerprint`` document by document (tested). With ``store``
    (a directory every worker can read), the documents' token ids are written there too, one file per
    batch, so the aligning stage reads them back (``stored``) instead of reading and tokenising the
    files again.
    """
    documents: list[Document] = []
    outcomes: list[object] = []
    for source in batch:
        document = load(source)
        if isinstance(document, Document):
            documents.append(document)
            outcomes.append(None)
        else:
            outcomes.append(document)
    if any(document.role == "base" for document in documents):
        # Base text keeps every n-gram (no sampling, no links): the few base documents go one by one.
        return _pack(documents, [fingerprint(document, options) for document in documents], outcomes)
    return _fingerprint_together(documents, outcomes, options, store)


def _pack(documents: list[Document], done: list[Prepared], outcomes: list[object]) -> Batch:
    def joined(
        arrays: list[npt.NDArray[np.generic]], dtype: type, shape: tuple[int, ...]
    ) -> npt.NDArray[np.generic]:
        return np.concatenate(arrays) if arrays else np.zeros(shape, dtype=dtype)

    return Batch(
        ids=[p.id for p in done],
        roles=[p.role for p in done],
        chars=[p.chars for p in done],
        outcomes=outcomes,
        grams=joined([p.grams for p in done], np.uint64, (0,)).astype(np.uint64),
        positions=joined([p.positions for p in done], np.int32, (0,)).astype(np.int32),
        links=joined([p.links for p in done], np.uint64, (0,)).astype(np.uint64),
        link_parts=joined([p.link_parts for p in done], np.int32, (0, 2)).astype(np.int32),
        gram_counts=np.array([len(p.grams) for p in done], dtype=np.int64),
        link_counts=np.array([len(p.links) for p in done], dtype=np.int64),
    )


def _fingerprint_together(
    documents: list[Document], outcomes: list[object], options: Options, store: str | None
) -> Batch:
    n = options.ngram
    count = len(documents)
    texts = [document.text for document in documents]
    token_lists = [
        masked_ids(text, options, ids) for text, ids in zip(texts, batch_token_ids(texts), strict=True)
    ]
    lengths = np.array([len(ids) for ids in token_lists], dtype=np.int64)
    # Documents end to end, ``n`` masked tokens apart, so no n-gram spans two of them.
    starts = np.concatenate(([0], np.cumsum(lengths + n)))[:-1]
    tokens = np.zeros(int(lengths.sum() + n * count), dtype=np.uint64)
    for start, ids in zip(starts.tolist(), token_lists, strict=True):
        tokens[start : start + len(ids)] = ids
    token_file = ""
    if store is not None and count:
        token_file = os.path.join(store, uuid.uuid4().hex)  # written with the arrays (``_in_store``)
        keys = [text_key(document.text) for document in documents]
    every = gram_hashes(tokens, n)
    place = np.flatnonzero(_multiple_of(every, options.sample_mod) & (every != 0))
    hashes = every[place]
    owner = np.searchsorted(starts, place, side="right") - 1
    # Each document's distinct fingerprints sorted by hash, each at its first position.
    order = _by_owner_then_hash(hashes, owner, count)
    sorted_hashes, sorted_owner = hashes[order], owner[order]
    first = np.concatenate(
        ([True], (sorted_hashes[1:] != sorted_hashes[:-1]) | (sorted_owner[1:] != sorted_owner[:-1]))
    )[: len(hashes)]
    # Equal hashes of one document may come in any order: each keeps its first place (the smallest row,
    # rows being in order of place), as a stable sort would have put first.
    kept = np.minimum.reduceat(order, np.flatnonzero(first)) if len(order) else order
    grams, place, owner = sorted_hashes[first], place[kept], owner[kept]
    gram_counts = np.bincount(owner, minlength=count).astype(np.int64)
    gram_start = np.concatenate(([0], np.cumsum(gram_counts)))[:-1]
    # Links, in each document's order of positions (document-major because positions are global).
    # (Positions are distinct, so ordering the kept rows by position is putting them back in the order
    # they had before sorting by hash: no second sort.)
    rank = np.empty(len(order), dtype=np.int64)
    rank[kept] = np.arange(len(kept))
    was_kept = np.zeros(len(order), dtype=bool)
    was_kept[kept] = True
    by_place = rank[was_kept]
    ordered = place[by_place]
    ordered_owner = owner[by_place]
    # The first row at least ``LINK_MIN`` tokens further on: the rows placed before each token, counted
    # once over the batch's tokens (a binary search per row cost half as much again).
    placed = np.zeros(len(tokens) + LINK_MIN + 1, dtype=np.int64)
    placed[ordered + 1] = 1
    reach = np.cumsum(placed)[ordered + LINK_MIN]
    last = len(ordered) - 1
    left_parts: list[npt.NDArray[np.int64]] = []
    right_parts: list[npt.NDArray[np.int64]] = []
    for step in range(LINK_FANOUT):
        other = reach + step
        ok = other <= last
        there = np.minimum(other, last)  # (rows past the end are not ok anyway)
        ok &= (ordered[there] - ordered <= LINK_MAX) & (ordered_owner[there] == ordered_owner)
        rows = np.flatnonzero(ok)
        left_parts.append(rows)
        right_parts.append(other[rows])
    left = by_place[np.concatenate(left_parts)] if left_parts else np.zeros(0, np.int64)
    right = by_place[np.concatenate(right_parts)] if right_parts else np.zeros(0, np.int64)
    values = link_value(grams[left], grams[right])
    # The sampled links only (one in ``LINK_SAMPLE``) go on, before they are ordered: taking rows out
    # keeps the others' order, so the stable order below is the same, at half the cost.
    sampled = np.flatnonzero(_multiple_of(values, LINK_SAMPLE))
    step_of = np.repeat(np.arange(len(left_parts)), [len(r) for r in left_parts])[sampled]
    left, right, values = left[sampled], right[sampled], values[sampled]
    # Per document: steps in order, as ``link_hashes`` makes them (rows sorted by document, stably).
    link_owner = owner[left]
    if count * LINK_FANOUT <= 1 << 16:  # one stable 16-bit key: a radix sort
        by_owner_step = (link_owner * LINK_FANOUT + step_of).astype(np.uint16)
        grouped = np.argsort(by_owner_step, kind="stable")  # rows of one step stay in order
    else:
        grouped = np.lexsort((step_of, link_owner))
    left, right, link_owner, links = left[grouped], right[grouped], link_owner[grouped], values[grouped]
    parts = np.stack((left - gram_start[link_owner], right - gram_start[link_owner]), axis=1).astype(np.int32)
    batch = Batch(
        ids=[document.id for document in documents],
        roles=[document.role for document in documents],
        chars=[len(document.text) for document in documents],
        outcomes=outcomes,
        grams=grams,
        positions=(place - starts[owner]).astype(np.int32),
        links=links,
        link_parts=parts,
        gram_counts=gram_counts,
        link_counts=np.bincount(link_owner, minlength=count).astype(np.int64),
        token_file=token_file,
        token_starts=starts.astype(np.int64) if token_file else None,
        token_lengths=lengths if token_file else None,
        text_keys=keys if token_file else None,
    )
    return _in_store(batch, tokens) if token_file else batch


def _in_store(batch: Batch, tokens: U64) -> Batch:
    """``batch`` with its token ids and fingerprint arrays written to its ``token_file`` and left out of it.

    The arrays are megabytes a batch; pickled and sent through the pool's pipe they cost both processes
    about as much CPU as the batch's n-gram hashing. Written to the run's store (the page cache) they are
    a copy, and the main process maps the file (``unpack``) as the aligning stage maps the token ids.

    A file that cannot be written (the disk full, the store removed) loses nothing: the batch keeps its
    arrays and has no file, and the aligning stage reads its documents again.
    """
    try:
        with open(batch.token_file, "wb") as out:
            for array in (tokens, batch.grams, batch.links, _whole_words(batch.positions), batch.link_parts):
                np.ascontiguousarray(array).tofile(out)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(batch.token_file)
        return dataclasses.replace(
            batch, token_file="", token_starts=None, token_lengths=None, text_keys=None
        )
    return dataclasses.replace(
        batch,
        grams=_NO_TOKENS,
        positions=_NO_POSITIONS,
        links=_NO_TOKENS,
        link_parts=_NO_PARTS,
        arrays_at=len(tokens),
    )


def _whole_words(values: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    """``values`` with a 0 after them when they are odd in number: the next array starts on a 64-bit word."""
    return np.append(values, np.int32(0)) if len(values) % 2 else values


def _from_store(batch: Batch) -> tuple[U64, npt.NDArray[np.int32], U64, npt.NDArray[np.int32]]:
    """The fingerprint arrays ``_in_store`` wrote: read-only views of the mapped file."""
    words = _mapped(batch.token_file)
    grams_count, links_count = int(batch.gram_counts.sum()), int(batch.link_counts.sum())
    at = batch.arrays_at
    grams = words[at : at + grams_count]
    at += grams_count
    links = words[at : at + links_count]
    at += links_count
    positions = words[at : at + (grams_count + 1) // 2].view(np.int32)[:grams_count]
    at += (grams_count + 1) // 2
    link_parts = words[at : at + links_count].view(np.int32).reshape(links_count, 2)
    return grams, positions, links, link_parts


def _multiple_of(values: npt.NDArray[np.uint64], modulus: int) -> npt.NDArray[np.bool_]:
    """``values % modulus == 0``, with a mask when ``modulus`` is a power of two (no division)."""
    if modulus > 0 and modulus & (modulus - 1) == 0:
        masked: npt.NDArray[np.bool_] = values & np.uint64(modulus - 1) == 0
        return masked
    divided: npt.NDArray[np.bool_] = values % np.uint64(modulus) == 0
    return divided


def _by_owner_then_hash(hashes: npt.NDArray[np.uint64], owner: I64, count: int) -> I64:
    """Rows ordered by owner, then hash (ties in any order): the hashes' arg-sort (NumPy's vectorised
    quicksort) and then a stable radix sort of the owners as 16-bit values, several times faster than
    ``np.lexsort`` on a batch's rows."""
    if count > 1 << 16:
        order: I64 = np.lexsort((hashes, owner))
        return order
    by_hash = np.argsort(hashes)
    by_owner: I64 = by_hash[np.argsort(owner[by_hash].astype(np.uint16), kind="stable")]
    return by_owner


# Token files this process has mapped (``stored``): those of one run's store, one per batch.
_MAPPED: dict[str, npt.NDArray[np.uint64]] = {}


def text_key(text: str) -> int:
    """A 64-bit key of ``text``: the stored token ids are those of a text read again when the keys match.

    Python's own string hash (SipHash, keyed once per interpreter): the workers of a process runner are
    forked from one process and share its key, so the key of a text read again in any of them matches the
    key taken when it was fingerprinted; a different text matches with a chance of 2**-64. A worker with
    a key of its own (a spawned process) finds no match and prepares the text again: slower, never wrong.
    It costs a tenth of a BLAKE2b digest of the text's bytes (which needed the text encoded first).
    """
    return hash(text)


def token_places(batch: Batch) -> list[tuple[str, int, int, int] | None]:
    """Per source of the batch (as ``unpack``): where its token ids were stored (file, first token,
    tokens) and its text's key (``text_key``), or None."""
    places: list[tuple[str, int, int, int] | None] = []
    starts = batch.token_starts.tolist() if batch.token_starts is not None else []
    lengths = batch.token_lengths.tolist() if batch.token_lengths is not None else []
    keys = batch.text_keys or []
    k = 0
    for outcome in batch.outcomes:
        if outcome is not None:
            places.append(None)
            continue
        places.append((batch.token_file, starts[k], lengths[k], keys[k]) if batch.token_file else None)
        k += 1
    return places


def stored(place: tuple[str, int, int, int]) -> npt.NDArray[np.uint64]:
    """The token ids stored at ``place`` (a read-only view of the mapped batch file)."""
    path, start, length, _ = place
    return _mapped(path)[start : start + length]


def _mapped(path: str) -> U64:
    """A batch file of the store as 64-bit words, mapped once per process."""
    words = _MAPPED.get(path)
    if words is None:
        if _MAPPED and os.path.dirname(next(iter(_MAPPED))) != os.path.dirname(path):
            _MAPPED.clear()  # a new run's store: the last run's files are deleted, let them go
        with open(path, "rb") as handle:
            words = _MAPPED[path] = np.frombuffer(
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ), dtype=np.uint64
            )
    return words


def forget_stored(store: str) -> None:
    """Unmap this process's token files of ``store`` (before the directory is removed)."""
    prefix = os.path.join(store, "")
    for path in [path for path in _MAPPED if path.startswith(prefix)]:
        del _MAPPED[path]


def unpack(batch: Batch) -> list[Prepared | object]:
    """Per source of the batch: its Prepared (views into the batch's arrays) or the loader's skip object."""
    gram_ends = np.cumsum(batch.gram_counts).tolist()
    link_ends = np.cumsum(batch.link_counts).tolist()
    if batch.arrays_at >= 0:
        all_grams, all_positions, all_links, all_parts = _from_store(batch)
    else:
        all_grams, all_positions, all_links, all_parts = (
            batch.grams,
            batch.positions,
            batch.links,
            batch.link_parts,
        )
    result: list[Prepared | object] = []
    k = 0
    gram_start = link_start = 0
    for outcome in batch.outcomes:
        if outcome is not None:
            result.append(outcome)
            continue
        gram_end, link_end = gram_ends[k], link_ends[k]
        result.append(
            Prepared(
                batch.ids[k],
                batch.roles[k],
                batch.chars[k],
                "",
                _NO_TOKENS,
                all_grams[gram_start:gram_end],
                all_positions[gram_start:gram_end],
                all_links[link_start:link_end],
                all_parts[link_start:link_end],
            )
        )
        gram_start, link_start = gram_end, link_end
        k += 1
    return result
