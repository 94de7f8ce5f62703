"""Where the copy check's parallel stages run: in this process, in worker processes, or on a Dask cluster.

The engine's stages (prepare each document, align each candidate pair) are independent per item, so a
runner only has to apply a picklable function to a list of items and give the results back *in the
order of the items*. That order is what makes the output identical whatever the execution mode: the
global stages (candidate search, assembly) then see exactly the same input.

Items travel in chunks: one task per item would spend more time in pickling and scheduling than in
work for documents of a few kilobytes.

Example:
    >>> with ProcessRunner(workers=2) as runner:
    ...     runner.map(abs, [-1, 2, -3])
    [1, 2, 3]
"""

from __future__ import annotations

import concurrent.futures
import functools
import importlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

__all__ = [
    "DaskRunner",
    "LocalRunner",
    "ProcessRunner",
    "Runner",
    "RunnerError",
    "default_chunksize",
]

T = TypeVar("T")
R = TypeVar("R")

# Called after each finished chunk with (items done, items in this map); the CLI draws its bar from it.
ItemProgress = Callable[[int, int], None]

# Enough chunks per worker that a slow chunk at the end does not leave the other workers idle for long,
# few enough that scheduling stays cheap.
_CHUNKS_PER_WORKER = 8
_MAX_CHUNK = 2000


class RunnerError(RuntimeError):
    """A runner could not start or reach its workers; ``str()`` is a Vietnamese sentence saying what to do."""


class Runner(Protocol):
    """Anything that applies ``func`` to every item and returns the results in the items' order."""

    def map(self, func: Callable[[T], R], items: Sequence[T], chunksize: int | None = None) -> list[R]: ...


def default_chunksize(count: int, workers: int) -> int:
    """A chunk size giving each worker several chunks (between 1 and 2,000 items each)."""
    if count <= 0:
        return 1
    return max(1, min(_MAX_CHUNK, -(-count // (max(1, workers) * _CHUNKS_PER_WORKER))))


def _apply_chunk(func: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [func(item) for item in chunk]


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


class LocalRunner:
    """Runs everything in the calling process, one item after another (the reference behaviour)."""

    # The engine may leave files for later stages in a temporary directory: this runner's work all
    # runs on this machine.
    shares_disk = True

    def __init__(self, *, progress: ItemProgress | None = None) -> None:
        self.progress = progress

    def map(self, func: Callable[[T], R], items: Sequence[T], chunksize: int | None = None) -> list[R]:
        results: list[R] = []
        step = chunksize or default_chunksize(len(items), 1)
        for chunk in _chunks(items, step):
            results.extend(_apply_chunk(func, chunk))
            if self.progress is not None:
                self.progress(len(results), len(items))
        return results

    def close(self) -> None:
        """Nothing to release; present so every runner can be closed the same way."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessRunner:
    """Runs chunks in ``workers`` processes of this machine (started on first use, reused until closed).

    Args:
        workers: how many processes; ``None`` means one per CPU core.
        progress: called with (items done, items in the current map) after each finished chunk.
    """

    shares_disk = True  # the workers are processes of this machine (see ``LocalRunner``)

    def __init__(self, workers: int | None = None, *, progress: ItemProgress | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers or os.cpu_count() or 1
        self.progress = progress
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            # fork where available: the workers inherit the loaded engine instead of importing it again;
            # the CLI's process holds no threads at this point.
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    def map(self, func: Callable[[T], R], items: Sequence[T], chunksize: int | None = None) -> list[R]:
        if not items:
            return []
        step = chunksize or default_chunksize(len(items), self.workers)
        chunks = _chunks(items, step)
        if len(chunks) == 1 and self.workers == 1:
            return _apply_chunk(func, chunks[0])
        pool = self._executor()
        futures = [pool.submit(_apply_chunk, func, chunk) for chunk in chunks]
        done = 0
        try:
            for future in concurrent.futures.as_completed(futures):
                done += len(future.result())
                if self.progress is not None:
                    self.progress(done, len(items))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [result for future in futures for result in future.result()]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class DaskRunner:
    """Runs chunks on a Dask cluster: the one at ``address``, or a local cluster started here.

    Needs ``dask[distributed]`` (the ``scale`` extra). The functions and items must be picklable; the
    engine's stage functions are module-level functions and its prepared documents are NumPy arrays.

    Args:
        address: the scheduler, e.g. ``tcp://10.0.0.5:8786``; ``None`` starts a LocalCluster.
        workers: workers of the local cluster (ignored with ``address``).
        processes: whether the local cluster's workers are processes (True) or threads in this process.
        timeout: seconds to wait for the scheduler before giving up.
        progress: called with (items done, items in the current map) after each finished chunk.
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        workers: int | None = None,
        processes: bool = True,
        timeout: float = 30.0,
        progress: ItemProgress | None = None,
    ) -> None:
        try:
            # Through importlib: Dask is optional and untyped, so it is handled as Any.
            distributed: Any = importlib.import_module("dask.distributed")
        except ImportError as error:  # the scale extra is optional
            raise RunnerError(
                "Chạy phân tán cần thư viện Dask; hãy cài bằng lệnh: pip install 'quantriet[scale]'."
            ) from error
        self.progress = progress
        self._cluster: Any = None
        try:
            if address is None:
                self._cluster = distributed.LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=processes,
                    # The scheduler always serves HTTP (health, metrics): on this machine only, on a free
                    # port (its default, 8787 on every interface, clashes with another cluster).
                    dashboard_address="127.0.0.1:0",
                )
                self._client: Any = distributed.Client(self._cluster, timeout=timeout)
            else:
                self._client = distributed.Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as error:
            if self._cluster is not None:
                self._cluster.close()
            where = address or "cụm Dask cục bộ"
            raise RunnerError(
                f"Không kết nối được bộ điều phối Dask {where} ({error}); hãy kiểm tra địa chỉ "
                "(dạng tcp://máy:8786) và chắc chắn bộ điều phối đang chạy."
            ) from error

    @property
    def client(self) -> Any:
        """The ``distributed.Client``: the check also splits its candidate search over the cluster."""
        return self._client

    @property
    def workers(self) -> int:
        """How many worker threads the cluster has now (at least 1)."""
        info = self._client.scheduler_info()
        return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def map(self, func: Callable[[T], R], items: Sequence[T], chunksize: int | None = None) -> list[R]:
        if not items:
            return []
        as_completed: Any = importlib.import_module("dask.distributed").as_completed
        step = chunksize or default_chunksize(len(items), self.workers)
        chunks = _chunks(items, step)
        # pure=False: hashing every chunk to name its task would cost as much as the work itself.
        futures = self._client.map(functools.partial(_apply_chunk, func), chunks, pure=False)
        position = {future.key: index for index, future in enumerate(futures)}
        gathered: list[list[R]] = [[] for _ in futures]
        done = 0
        for future, chunk_results in as_completed(futures, with_results=True):
            gathered[position[future.key]] = chunk_results
            done += len(chunk_results)
            if self.progress is not None:
                self.progress(done, len(items))
        return [result for chunk in gathered for result in chunk]

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
