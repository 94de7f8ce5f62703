"""Copy index latency: checking one new report against an index of N reports (the platform's path).

    .venv/bin/python bench/copycheck/index_latency.py                 # N = 100,000, 400 new reports
    .venv/bin/python bench/copycheck/index_latency.py --size 10000 --queries 200

Reports come from ``reports.py`` (real sentence fragments from ../shared/corpora, 5% near-copies). The
first N are added to a new index in a temporary directory and flushed; the index is then opened again (as
a new process of the platform would) and each of the next Q reports is checked against it, one call
``CopyIndex.check(id, text)`` at a time; the wall time of each call is recorded. Reports among the Q that
copy an indexed report must be flagged (recall); the others must not be paired with anything planted.
Figures: build rate, open time, size on disk, median / p95 / max check latency, recall.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reports  # a sibling script, not a package
from quantriet.copycheck import CopyIndex

OUT = Path(__file__).resolve().parents[1] / "out"


def run(size: int, queries: int, corpora: Path) -> dict[str, float]:
    pool = reports.load_pool(corpora)
    generated = list(reports.reports(pool, size + queries))
    directory = Path(tempfile.mkdtemp(prefix="copyindex-")) / "idx"
    try:
        start = time.perf_counter()
        with CopyIndex.create(directory) as index:
            for number, text, _ in generated[:size]:
                index.add(f"r{number:06d}", text)
        build = time.perf_counter() - start
        disk = sum(f.stat().st_size for f in directory.iterdir())
        start = time.perf_counter()
        index = CopyIndex.open(directory)
        opened = time.perf_counter() - start
        latencies: list[float] = []
        expected = flagged = extra = 0
        for number, text, source in generated[size:]:
            start = time.perf_counter()
            pairs = index.check(f"r{number:06d}", text)
            latencies.append(time.perf_counter() - start)
            found = {pair.b for pair in pairs}
            if source is not None and source < size:
                expected += 1
                flagged += f"r{source:06d}" in found
            elif found:
                extra += 1
        latencies.sort()
        return {
            "size": size,
            "queries": queries,
            "build_s": build,
            "build_reports_per_s": size / build,
            "open_s": opened,
            "disk_mb": disk / 1e6,
            "median_ms": statistics.median(latencies) * 1000,
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
            "max_ms": latencies[-1] * 1000,
            "copies": expected,
            "recall": flagged / expected if expected else 1.0,
            "originals_paired": extra,
        }
    finally:
        shutil.rmtree(directory.parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Copy index check latency.")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--corpora", type=Path, default=reports.CORPORA)
    args = parser.parse_args()
    figures = run(args.size, args.queries, args.corpora)
    OUT.mkdir(exist_ok=True)
    (OUT / "copycheck-index.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
