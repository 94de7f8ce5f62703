"""Fingerprints travel between processes in batches: one pickled object per few hundred documents.

Pickling a small NumPy array costs tens of microseconds, as much as hashing a report; a batch packs the
arrays of its documents end to end, so a run of 100,000 reports sends a few hundred objects back to the
main process instead of 400,000 arrays. The main process unpacks views into the batch's arrays (no copy).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.model import Document, Options
from quantriet.copycheck.prepare import Prepared, fingerprint

__all__ = ["BATCH_SIZE", "Batch", "fingerprint_batch", "in_batches", "unpack"]

S = TypeVar("S")
I64 = npt.NDArray[np.int64]
BATCH_SIZE = 256
_NO_TOKENS = np.zeros(0, dtype=np.uint64)


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


def in_batches(items: Sequence[S], size: int = BATCH_SIZE) -> list[Sequence[S]]:
    """``items`` cut into consecutive batches of ``size``."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def fingerprint_batch(batch: Sequence[S], load: Callable[[S], object], options: Options) -> Batch:
    """Load and fingerprint each source of ``batch`` (runs in a worker)."""
    done: list[Prepared] = []
    outcomes: list[object] = []
    for source in batch:
        document = load(source)
        if isinstance(document, Document):
            done.append(fingerprint(document, options))
            outcomes.append(None)
        else:
            outcomes.append(document)

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


def unpack(batch: Batch) -> list[Prepared | object]:
    """Per source of the batch: its Prepared (views into the batch's arrays) or the loader's skip object."""
    gram_ends = np.cumsum(batch.gram_counts).tolist()
    link_ends = np.cumsum(batch.link_counts).tolist()
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
                batch.grams[gram_start:gram_end],
                batch.positions[gram_start:gram_end],
                batch.links[link_start:link_end],
                batch.link_parts[link_start:link_end],
            )
        )
        gram_start, link_start = gram_end, link_end
        k += 1
    return result
