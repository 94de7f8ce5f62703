"""Speed of quantriet.docref.extract over the whole news corpus, beside a plain re.finditer scan, in one run.

    python bench/docref/speed.py [--corpora ../shared/corpora] [--repeat 3] [--also OTHER/src] [--cpu]

Both are timed per document over the same texts in memory (decompression and JSON excluded); MB are the
UTF-8 bytes of the texts. The best of --repeat runs is kept for each, alternating the two. --also times
another copy of the package in the same run (e.g. the parser before a change: ``mkdir /tmp/docref-before
&& git archive 7157d9d src | tar -x -C /tmp/docref-before`` then ``--also /tmp/docref-before/src``), since
the shared cores make ratios from separate runs differ by more than the change being measured.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_CORPORA, iter_documents

from quantriet.docref import extract

BASELINE = re.compile(r"\d+-[A-ZĐ]+/[A-ZĐ]+")


def _baseline(texts: list[str]) -> int:
    return sum(1 for text in texts for _ in BASELINE.finditer(text))


def _extract(texts: list[str]) -> int:
    return sum(len(extract(text)) for text in texts)


def _other_extract(src: Path) -> Callable[[list[str]], int]:
    """``extract`` of another copy of the package, imported under its own module names."""
    ours = [k for k in sys.modules if k == "quantriet" or k.startswith("quantriet.")]
    mine = {k: sys.modules.pop(k) for k in ours}
    sys.path.insert(0, str(src))
    try:
        other = importlib.import_module("quantriet.docref").extract
    finally:
        sys.path.remove(str(src))
        for k in [k for k in sys.modules if k == "quantriet" or k.startswith("quantriet.")]:
            sys.modules["other_" + k] = sys.modules.pop(k)
        sys.modules.update(mine)
    return lambda texts: sum(len(other(text)) for text in texts)


def _timed(
    func: Callable[[list[str]], int], texts: list[str], clock: Callable[[], float]
) -> tuple[float, int]:
    start = clock()
    found = func(texts)
    return clock() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--also", type=Path, help="the src directory of another copy to time in the same run")
    parser.add_argument(
        "--cpu", action="store_true", help="time with the process's CPU clock (steadier on a loaded machine)"
    )
    args = parser.parse_args()
    texts = [text for _, text in iter_documents(args.corpora, ("news-dev.jsonl.gz",))]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    funcs: list[tuple[str, Callable[[list[str]], int]]] = [("baseline", _baseline), ("extract", _extract)]
    if args.also is not None:
        funcs.append(("also", _other_extract(args.also)))
    times: dict[str, list[float]] = {name: [] for name, _ in funcs}
    counts: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, func in funcs:
            seconds, found = _timed(func, texts, time.process_time if args.cpu else time.perf_counter)
            times[name].append(seconds)
            counts[name] = found
    base = megabytes / min(times["baseline"])
    ours = megabytes / min(times["extract"])
    print(f"news corpus: {len(texts)} documents, {megabytes:.1f} MB")
    print(f"plain re.finditer {BASELINE.pattern!r}: {base:.1f} MB/s ({counts['baseline']} matches)")
    print(f"docref.extract: {ours:.1f} MB/s ({counts['extract']} citations)")
    print(f"ratio: {ours / base:.2f}x (goal >= 0.5x)")
    if args.also is not None:
        also = megabytes / min(times["also"])
        print(f"{args.also}: {also:.1f} MB/s ({counts['also']} citations), ratio {also / base:.2f}x")


if __name__ == "__main__":
    main()
