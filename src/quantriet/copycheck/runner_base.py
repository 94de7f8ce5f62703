"""The contract between the engine and whatever runs its parallel stages.

The engine needs only an order-preserving ``map``; ``quantriet.copycheck.runners`` has runners for
worker processes and Dask. ``InProcess`` here keeps the engine usable on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

__all__ = ["InProcess", "Runner"]

T = TypeVar("T")
R = TypeVar("R")


class Runner(Protocol):
    """Anything that applies ``func`` to every item and returns the results in the items' order."""

    def map(self, func: Callable[[T], R], items: Sequence[T], chunksize: int | None = None) -> list[R]: ...


class InProcess:
    """Applies ``func`` in the calling process: the reference behaviour every runner must reproduce."""

    # A runner whose work all runs on this machine says so: the engine may then keep the documents' token
    # ids for the aligning stage in a temporary directory instead of reading and tokenising them again.
    shares_disk = True

    def map(self, func: Callable[[T], R], items: Sequence[T], chunksize: int | None = None) -> list[R]:
        return [func(item) for item in items]
