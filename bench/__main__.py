"""``python -m bench [NAME ...]`` (``make bench``): run every benchmark listed below, or the named ones.

Each benchmark runs in its own process, so Django settings chosen by one (database, data directory)
cannot leak into the next. A benchmark whose module or script is not in the tree yet is skipped with a
notice. To add one, add a line to ``BENCHMARKS``: a name and the arguments given to Python.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name → arguments after ``python``: ``-m package.module ...`` or ``path/to/script.py ...``.
BENCHMARKS: dict[str, list[str]] = {
    "orgs_pages": ["-m", "bench.orgs_pages"],
    "orgs_import": ["-m", "bench.orgs_import"],
    "orgs_tree_pickers": ["-m", "bench.orgs_tree_pickers"],
    "home_pages": ["-m", "bench.home_pages"],
    "importers_fuzz": ["-m", "bench.importers_fuzz"],
    "campaigns_checkin": ["-m", "bench.campaigns_checkin"],
    "campaigns_plans_board": ["-m", "bench.campaigns_plans_board"],
    "docref_evaluate": ["bench/docref/evaluate.py"],
    "docref_speed": ["bench/docref/speed.py"],
    "copycheck_speed": ["bench/copycheck/speed.py"],
    "copycheck_quality": ["bench/copycheck/quality.py"],
    "copycheck_index": ["bench/copycheck/index_latency.py"],
    "reports_boards": ["-m", "bench.reports_boards"],
    "reports_submit": ["-m", "bench.reports_submit"],
    "reports_recheck": ["-m", "bench.reports_recheck"],
    "reports_faults": ["-m", "bench.reports_faults"],
    "rules_allowed": ["-m", "bench.rules_allowed"],
}


def _present(argv: list[str]) -> bool:
    if argv[0] == "-m":
        return importlib.util.find_spec(argv[1]) is not None
    return (ROOT / argv[0]).is_file()


def main(args: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of: {', '.join(BENCHMARKS)}")
    options = parser.parse_args(args)
    unknown = [n for n in options.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    failed: list[str] = []
    for name in options.names or list(BENCHMARKS):
        argv = BENCHMARKS[name]
        if not _present(argv):
            print(f"== {name}: skipped ({' '.join(argv)} is not in the tree yet)", flush=True)
            continue
        print(f"== {name}: python {' '.join(argv)}", flush=True)
        started = time.perf_counter()
        status = subprocess.call([sys.executable, *argv], cwd=ROOT)
        print(f"== {name}: exit {status} after {time.perf_counter() - started:.0f} s", flush=True)
        if status != 0:
            failed.append(name)
    if failed:
        print(f"== failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
