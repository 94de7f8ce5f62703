"""The candidate search on a local Dask cluster of worker processes, beside the single-process search.

    .venv/bin/python bench/copycheck/dask_cluster.py                        # 20,000 and 100,000 reports
    .venv/bin/python bench/copycheck/dask_cluster.py --sizes 20000 --shards 8 --workers 2

Reports come from ``reports.py`` (real Vietnamese text of ../shared/corpora, 5% near-copies; nothing is
written to disk). Each size: the reports are fingerprinted in 2 processes, then the candidate search runs
(1) in this process (``candidates.search_candidates``) and (2) split by hash on a ``LocalCluster`` of
worker processes (``copycheck.sharded``), and the two results are compared (pairs and common n-grams must
be equal). Memory: (1) the peak of Python-tracked allocations during the search (``tracemalloc``, which
sees NumPy's arrays); (2) each worker process's resident memory sampled every 0.05 s, peak minus its
resident memory before the search. Time (2) includes sending the fingerprints from this process to the
workers, which a national run avoids (its workers fingerprint the files themselves).
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import psutil  # noqa: E402

import reports as generator  # noqa: E402 (a sibling script)
from quantriet.copycheck import Document, Options  # noqa: E402
from quantriet.copycheck.candidates import search_candidates  # noqa: E402
from quantriet.copycheck.prepare import Prepared, prepare  # noqa: E402
from quantriet.copycheck.runners import ProcessRunner  # noqa: E402
from quantriet.copycheck.sharded import search_candidates_sharded  # noqa: E402

NATIONAL = 1_900_000


def _prepare(item: tuple[int, str], options: Options) -> Prepared:
    k, text = item
    return prepare(Document(f"r{k:07d}.txt", text), options)


def _worker_pids(client: Any) -> list[int]:
    found: dict[str, int] = client.run(lambda: __import__("os").getpid())
    return list(found.values())


class _Sampler:
    """Peak resident memory of each given process, sampled in a thread."""

    def __init__(self, pids: list[int]) -> None:
        self.processes = [psutil.Process(pid) for pid in pids]
        self.start_rss = [p.memory_info().rss for p in self.processes]
        self.peak = list(self.start_rss)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            for k, process in enumerate(self.processes):
                self.peak[k] = max(self.peak[k], process.memory_info().rss)

    def __enter__(self) -> _Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(count: int, shards: int, workers: int, block_size: int) -> dict[str, Any]:
    from dask.distributed import Client, LocalCluster

    options = Options()
    pool = generator.load_pool()
    texts = [(k, text) for k, text, _ in generator.reports(pool, count)]
    del pool
    with ProcessRunner(2) as runner:
        prepared = runner.map(functools.partial(_prepare, options=options), texts)
    del texts

    tracemalloc.start()
    started = time.perf_counter()
    cpu = time.process_time()
    one = search_candidates(prepared, options)
    single_s, single_cpu = time.perf_counter() - started, time.process_time() - cpu
    single_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            memory_limit=0,
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = _worker_pids(client)
        cpu_before = sum(sum(psutil.Process(pid).cpu_times()[:2]) for pid in pids)
        with _Sampler(pids) as sampler:
            started = time.perf_counter()
            many = search_candidates_sharded(
                prepared, options, client=client, shards=shards, block_size=block_size
            )
            sharded_s = time.perf_counter() - started
        cpu_after = sum(sum(psutil.Process(pid).cpu_times()[:2]) for pid in pids)
        grown = [peak - start for peak, start in zip(sampler.peak, sampler.start_rss, strict=True)]
    same = many.pairs == one.pairs and np.array_equal(many.common, one.common)
    return {
        "reports": count,
        "pairs": len(one.pairs),
        "same": same,
        "single_s": single_s,
        "single_cpu_s": single_cpu,
        "single_peak_mb": single_peak / 2**20,
        "sharded_s": sharded_s,
        "sharded_worker_cpu_s": cpu_after - cpu_before,
        "worker_peak_mb": max(grown) / 2**20,
        "workers": workers,
        "shards": shards,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--block-size", type=int, default=5_000)
    args = parser.parse_args()
    print(
        "| reports | pairs | same result | single s | single CPU s | single peak MB | cluster s "
        "| workers' CPU s | peak MB per worker |"
    )
    print("|---:|---:|:---:|---:|---:|---:|---:|---:|---:|")
    last: dict[str, Any] = {}
    for count in args.sizes:
        row = measure(count, args.shards, args.workers, args.block_size)
        last = row
        print(
            f"| {row['reports']:,} | {row['pairs']:,} | {'yes' if row['same'] else 'NO'} "
            f"| {row['single_s']:.1f} "
            f"| {row['single_cpu_s']:.1f} | {row['single_peak_mb']:,.0f} | {row['sharded_s']:.1f} "
            f"| {row['sharded_worker_cpu_s']:.1f} | {row['worker_peak_mb']:,.0f} |",
            flush=True,
        )
    if last:
        scale = NATIONAL / last["reports"]
        for workers in (16, 32, 64):
            memory = last["worker_peak_mb"] * last["workers"] * scale / workers / 1024
            seconds = last["sharded_worker_cpu_s"] * scale / workers
            print(
                f"1.9 million on {workers} workers (from {last['reports']:,}, linear): about {memory:.1f} GB "
                f"and {seconds / 60:.1f} CPU minutes per worker; single process: "
                f"{last['single_peak_mb'] * scale / 1024:.0f} GB, {last['single_cpu_s'] * scale / 60:.1f} min"
            )


if __name__ == "__main__":
    main()
