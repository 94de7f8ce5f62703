"""The candidate search split by hash over the workers of a Dask cluster, with the single process's result.

``candidates.search_candidates`` holds every fingerprint of the cohort in one process: about 23 KB per
report, so 44 GB for the national 1.9 million. Here no process holds them all. Every rule of the search
is a rule about one fingerprint (how many documents hold it, whether it is base text) or about one pair
(a chain of shared fingerprints), so the work splits exactly:

1. blocks of documents (where they were fingerprinted) send each fingerprint to the shard of its hash;
2. a fingerprint shard counts each fingerprint's documents (common material, copy rings, fingerprints
   held by exactly two documents). Rings need one global figure, how many fingerprints each *set* of
   documents holds: shards send those counts up, the sum comes back down;
3. the common fingerprints go back to the blocks, which drop the links resting on them and send each
   link to the shard of its hash; a link shard pairs the documents holding one link;
4. the fingerprints held by two documents go to the shard of their pair, which looks for a chain.

The pairs and common n-grams are those of ``search_candidates`` on the same documents, whatever the
number of shards or blocks (the tests and ``bench/copycheck/dask_cluster.py`` compare them).

Without a client the same steps run in this process, shard by shard: the reference behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.candidates import (
    RING_MAX_SHARE,
    Candidates,
    common_threshold,
    mix,
    rare_chained_pairs,
    rare_rows,
    ring_fingerprints,
)

# One rule, one implementation: these two helpers of the single-process search are used as they are.
from quantriet.copycheck.candidates import _packed_runs as packed_runs
from quantriet.copycheck.candidates import _partner_rows as partner_rows
from quantriet.copycheck.model import Options
from quantriet.copycheck.prepare import Prepared

__all__ = ["search_candidates_sharded"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
_EMPTY_U64 = np.zeros(0, dtype=np.uint64)
_EMPTY_I64 = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class _Block:
    """Documents ``first``, ``first + 1``... (indices into the whole list), as flat arrays.

    A few large arrays, not thousands of small ones: they travel to a worker at the speed of memory.
    Document ``k`` of the block holds ``grams[gram_bounds[k]:gram_bounds[k + 1]]`` (a base document
    holds none here) and the links likewise; ``link_parts`` index into the whole block's grams.
    """

    first: int
    gram_bounds: I64
    grams: U64
    positions: I64
    link_bounds: I64
    links: U64
    link_parts: I64


def _block(prepared: Sequence[Prepared], first: int) -> _Block:
    kept = [p.role != "base" for p in prepared]
    gram_counts = np.array([len(p.grams) if keep else 0 for p, keep in zip(prepared, kept, strict=True)])
    link_counts = np.array([len(p.links) if keep else 0 for p, keep in zip(prepared, kept, strict=True)])
    gram_bounds = np.concatenate(([0], np.cumsum(gram_counts))).astype(np.int64)
    chosen = [p for p, keep in zip(prepared, kept, strict=True) if keep]
    parts = [p.link_parts.astype(np.int64).reshape(-1, 2) for p in chosen]
    starts = gram_bounds[:-1][np.array(kept, dtype=bool)]
    return _Block(
        first,
        gram_bounds,
        np.concatenate([*(p.grams for p in chosen), _EMPTY_U64]),
        np.concatenate([*(p.positions.astype(np.int64) for p in chosen), _EMPTY_I64]),
        np.concatenate(([0], np.cumsum(link_counts))).astype(np.int64),
        np.concatenate([*(p.links for p in chosen), _EMPTY_U64]),
        np.concatenate(
            [*(part + start for part, start in zip(parts, starts, strict=True)), np.zeros((0, 2), np.int64)]
        ),
    )


def _shard_of(high: U64, shards: int) -> I64:
    return (high % np.uint64(shards)).astype(np.int64)


def _split(
    columns: dict[str, npt.NDArray[Any]], shard: I64, shards: int
) -> list[dict[str, npt.NDArray[Any]]]:
    order = np.argsort(shard, kind="stable")
    bounds = np.searchsorted(shard[order], np.arange(shards + 1))
    return [
        {name: column[order[bounds[s] : bounds[s + 1]]] for name, column in columns.items()}
        for s in range(shards)
    ]


def _concat(pieces: Sequence[dict[str, npt.NDArray[Any]]]) -> dict[str, npt.NDArray[Any]]:
    return {name: np.concatenate([piece[name] for piece in pieces]) for name in pieces[0]}


# -- step 1 and 2: fingerprints by hash ------------------------------------------------------------------


def _grams_out(block: _Block, owner_bits: int, shards: int) -> list[dict[str, npt.NDArray[Any]]]:
    """The block's fingerprints, one table per fingerprint shard (rows in document, then hash order)."""
    count = len(block.gram_bounds) - 1
    owners = np.arange(block.first, block.first + count, dtype=np.int64)
    columns = {
        "gram": block.grams,
        "owner": np.repeat(owners, np.diff(block.gram_bounds)),
        "position": block.positions,
    }
    return _split(columns, _shard_of(block.grams >> np.uint64(owner_bits), shards), shards)


@dataclass
class _GramShard:
    """One fingerprint shard after counting: its distinct (hash, document) rows and each hash's run."""

    rows: dict[str, npt.NDArray[Any]]  # gram, owner, position, high: first row of each (high, owner)
    all_grams: U64  # every fingerprint row (common n-grams are reported in full, not by high bits)
    all_high: U64
    run_high: U64
    run_start: I64
    run_length: I64
    signatures: U64


def _count_grams(pieces: Sequence[dict[str, npt.NDArray[Any]]], owner_bits: int) -> _GramShard:
    rows = _concat(pieces)
    high = rows["gram"] >> np.uint64(owner_bits)
    # The single search finds a document's row of a hash by binary search: its smallest full fingerprint.
    order = np.lexsort((rows["gram"], rows["owner"], high))
    high = high[order]
    owner = rows["owner"][order]
    first = np.concatenate(([True], (high[1:] != high[:-1]) | (owner[1:] != owner[:-1])))
    distinct = {name: column[order][first] for name, column in rows.items()}
    distinct["high"] = high[first]
    _, run_owners, run_start, run_length = packed_runs(
        distinct["high"] << np.uint64(owner_bits), distinct["owner"], owner_bits
    )
    run_high = distinct["high"][run_start] if len(run_start) else _EMPTY_U64
    signatures = np.add.reduceat(mix(run_owners), run_start) if len(run_start) else _EMPTY_U64
    all_high = rows["gram"] >> np.uint64(owner_bits)
    return _GramShard(distinct, rows["gram"], all_high, run_high, run_start, run_length, signatures)


def _minority(shard: _GramShard, threshold: int, documents: int) -> npt.NDArray[np.bool_]:
    return (shard.run_length >= threshold) & (shard.run_length <= RING_MAX_SHARE * documents)


def _ring_counts(shard: _GramShard, threshold: int, documents: int) -> tuple[U64, I64]:
    """How many minority-frequent fingerprints each set of documents holds in this shard."""
    values, counts = np.unique(shard.signatures[_minority(shard, threshold, documents)], return_counts=True)
    return values, counts.astype(np.int64)


@dataclass
class _Counted:
    frequent_high: U64
    common: U64
    two: list[dict[str, npt.NDArray[Any]]]  # fingerprints held by two documents, by pair shard


def _decide_grams(
    shard: _GramShard,
    ring_sets: U64,
    threshold: int,
    documents: int,
    base: U64,
    cohort: npt.NDArray[np.bool_],
    shards: int,
) -> _Counted:
    frequent = shard.run_length >= threshold
    ring = _minority(shard, threshold, documents) & np.isin(shard.signatures, ring_sets)
    frequent &= ~ring
    frequent_high = shard.run_high[frequent]
    common = np.unique(shard.all_grams[np.isin(shard.all_high, frequent_high)])
    rows = shard.rows
    excluded = np.isin(rows["high"], frequent_high)
    if len(base):
        excluded |= np.isin(rows["gram"], base)
    left, right = rare_rows(shard.run_start, shard.run_length)
    owner_left, owner_right = rows["owner"][left], rows["owner"][right]
    keys = owner_left * (1 << 32) + owner_right
    columns = {
        "key": keys,
        "pos_a": rows["position"][left],
        "pos_b": rows["position"][right],
        "useful": ~(excluded[left] | excluded[right]) & (cohort[owner_left] | cohort[owner_right]),
    }
    return _Counted(frequent_high, common, _split(columns, (keys % shards).astype(np.int64), shards))


# -- step 3: links by hash --------------------------------------------------------------------------------


def _links_out(
    block: _Block, frequent_high: U64, base: U64, owner_bits: int, shards: int
) -> list[dict[str, npt.NDArray[Any]]]:
    excluded = np.isin(block.grams >> np.uint64(owner_bits), frequent_high)
    if len(base):
        excluded |= np.isin(block.grams, base)
    keep = ~(excluded[block.link_parts[:, 0]] | excluded[block.link_parts[:, 1]])
    count = len(block.link_bounds) - 1
    owners = np.repeat(
        np.arange(block.first, block.first + count, dtype=np.int64), np.diff(block.link_bounds)
    )
    link = block.links[keep]
    columns = {"link": link, "owner": owners[keep]}
    return _split(columns, _shard_of(link >> np.uint64(owner_bits), shards), shards)


def _link_pairs(
    pieces: Sequence[dict[str, npt.NDArray[Any]]], cohort: npt.NDArray[np.bool_], owner_bits: int, max_df: int
) -> I64:
    rows = _concat(pieces)
    _, run_owners, run_start, run_length = packed_runs(rows["link"], rows["owner"], owner_bits)
    left, right = partner_rows(run_start, run_length, max_df)
    left_owner, right_owner = run_owners[left], run_owners[right]
    with_cohort = cohort[left_owner] | cohort[right_owner]  # references are never compared together
    keys: I64 = np.unique(left_owner[with_cohort] * (1 << 32) + right_owner[with_cohort])
    return keys


# -- step 4: chains, by pair ------------------------------------------------------------------------------


def _chained(pieces: Sequence[dict[str, npt.NDArray[Any]]], options: Options) -> I64:
    rows = _concat(pieces)
    keys, counts = np.unique(rows["key"], return_counts=True)
    # as the single search: only pairs holding two or more such fingerprints go on, useful or not
    repeated = np.isin(rows["key"], keys[counts >= 2]) & rows["useful"]
    return rare_chained_pairs(
        rows["key"][repeated], rows["pos_a"][repeated], rows["pos_b"][repeated], options
    )


# -- driving the steps ------------------------------------------------------------------------------------


class _InProcess:
    """``submit``/``gather`` in this process: the steps run at once, in order."""

    def submit(self, func: Callable[..., Any], *args: Any) -> Any:
        return func(*args)

    def gather(self, values: list[Any]) -> list[Any]:
        return values

    def scatter(self, value: Any) -> Any:
        return value

    def place(self, value: Any) -> Any:
        return value


class _OnCluster:
    """``submit``/``gather`` on a ``distributed.Client``: results stay on the workers until gathered."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, func: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(func, *args, pure=False)

    def gather(self, values: list[Any]) -> list[Any]:
        return list(self.client.gather(values))

    def scatter(self, value: Any) -> Any:
        return self.client.scatter(value, broadcast=True)

    def place(self, value: Any) -> Any:
        return self.client.scatter(value)


def _item(values: Sequence[Any], k: int) -> Any:
    return values[k]


def search_candidates_sharded(
    prepared: Sequence[Prepared],
    options: Options | None = None,
    base: U64 | None = None,
    *,
    client: Any = None,
    shards: int = 4,
    block_size: int = 2000,
) -> Candidates:
    """``search_candidates(prepared, options, base)``, computed shard by shard.

    Args:
        prepared: the documents (sent to the workers in blocks).
        options: thresholds; the defaults when omitted.
        base: sorted n-gram hashes of base text.
        client: a ``distributed.Client``; the steps run on its workers. ``None``: in this process.
        shards: how many fingerprint, link and pair shards (several per worker balances the load).
        block_size: documents per block.
    """
    options = options or Options()
    base = base if base is not None else _EMPTY_U64
    run: _InProcess | _OnCluster = _InProcess() if client is None else _OnCluster(client)
    documents_all = len(prepared)
    cohort = np.array([p.role == "cohort" for p in prepared], dtype=bool)
    documents = int(sum(p.role != "base" for p in prepared))
    owner_bits = max(1, documents_all.bit_length())
    threshold = common_threshold(documents, options)
    # Only what the search reads travels (not texts or token ids), each block to one worker.
    blocks = [
        run.place(_block(prepared[start : start + block_size], start))
        for start in range(0, documents_all, block_size)
    ]
    cohort_ref = run.scatter(cohort)
    base_ref = run.scatter(base)

    grams_out = [run.submit(_grams_out, block, owner_bits, shards) for block in blocks]
    counted = [
        run.submit(_count_grams, [run.submit(_item, out, s) for out in grams_out], owner_bits)
        for s in range(shards)
    ]
    ring_parts = run.gather([run.submit(_ring_counts, shard, threshold, documents) for shard in counted])
    values = np.concatenate([part[0] for part in ring_parts] + [_EMPTY_U64])
    counts = np.concatenate([part[1] for part in ring_parts] + [_EMPTY_I64])
    summed_values, inverse = np.unique(values, return_inverse=True)
    summed = np.bincount(inverse, weights=counts, minlength=len(summed_values))
    ring_sets = summed_values[summed >= ring_fingerprints(options)]
    decided = [
        run.submit(_decide_grams, shard, ring_sets, threshold, documents, base_ref, cohort_ref, shards)
        for shard in counted
    ]
    frequent_high = np.unique(
        np.concatenate([*run.gather([run.submit(getattr, d, "frequent_high") for d in decided]), _EMPTY_U64])
    )
    common = np.unique(
        np.concatenate([*run.gather([run.submit(getattr, d, "common") for d in decided]), _EMPTY_U64])
    )
    frequent_ref = run.scatter(frequent_high)

    links_out = [
        run.submit(_links_out, block, frequent_ref, base_ref, owner_bits, shards) for block in blocks
    ]
    link_keys = [
        run.submit(
            _link_pairs,
            [run.submit(_item, out, s) for out in links_out],
            cohort_ref,
            owner_bits,
            options.max_pair_df,
        )
        for s in range(shards)
    ]
    twos = [run.submit(getattr, d, "two") for d in decided]
    rare_keys = [
        run.submit(_chained, [run.submit(_item, two, s) for two in twos], options) for s in range(shards)
    ]
    keys = np.unique(np.concatenate([*run.gather(link_keys), *run.gather(rare_keys), _EMPTY_I64]))
    first, second = keys >> 32, keys & ((1 << 32) - 1)
    return Candidates(list(zip(first.tolist(), second.tolist(), strict=True)), common)
