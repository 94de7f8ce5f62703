"""Copy-check speed: the whole ``quantriet copycheck`` job beside rensa's and datasketch's MinHash-LSH passes.

    .venv/bin/python bench/copycheck/speed.py                      # 10,000, 30,000 and 100,000 reports
    .venv/bin/python bench/copycheck/speed.py --sizes 10000        # one size
    .venv/bin/pip install -e '.[bench]' rensa                      # datasketch, psutil, rensa: for this only

For each size, reports are generated into a temporary directory (``reports.py``: real sentence fragments
from ../shared/corpora, 5% near-copies; removed afterwards unless --keep), then in the same run over the same
files: (1) ``quantriet copycheck --workers W DIR --out FILE`` (the whole job: reading, candidates, passages,
JSON), (2) the baseline candidate pass: datasketch MinHash with 128 permutations over word 5-gram shingles,
computed in W processes, then MinHashLSH (threshold 0.5): insert all, query all; (3) the same with rensa
(Rust; RMinHash.from_token_sets per chunk of 500 in W processes, RMinHashLSH in datasketch's 25 x 5 bands,
insert_many, query_all). Each runs as a child process;
wall time, CPU time (children's user+system) and peak memory (the sum of the resident memory of the process
and its workers, sampled every 0.1 s) are recorded, and both are scored against the planted near-copies.
Figures go to bench/out/copycheck-speed.json and the console; bench/README.md holds the recorded ones.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reports  # a sibling script, not a package

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
NATIONAL = 5_600_000
_NUMBER = re.compile(r"r(\d{6})\.txt$")
_WORD = re.compile(r"\w+")


def _tree_rss(process: Any) -> tuple[int, int]:
    """The summed RSS of ``process`` and its workers, and the largest one's, in bytes."""
    total = largest = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            rss = member.memory_info().rss
        except Exception:  # noqa: S112 (a worker that just ended)
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest


def measure(argv: list[str], stdout: Path) -> dict[str, Any]:
    """Run ``argv``; wall seconds, CPU seconds of it and its workers, peak summed RSS in MB."""
    try:
        import psutil
    except ImportError:
        psutil = None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdout, "wb") as out, open(stdout.with_suffix(".stderr"), "wb") as err:
        child = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        peak = peak_one = 0
        watched = psutil.Process(child.pid) if psutil is not None else None
        while child.poll() is None:
            if watched is not None:
                with contextlib.suppress(Exception):  # ended between poll and sample
                    total, one = _tree_rss(watched)
                    peak, peak_one = max(peak, total), max(peak_one, one)
            time.sleep(0.1)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    messages = stdout.with_suffix(".stderr").read_text(encoding="utf-8", errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {child.returncode}:\n{messages[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The largest single process: sampled. (``ru_maxrss`` of the children is the largest of every child
    # this script ever waited for, so a pass measured after the engine showed the engine's peak as its
    # own; it is only the fallback without psutil, and then right for the first command measured only.)
    largest = peak_one / 2**20 if watched is not None else after.ru_maxrss / 1024
    stages = [line for line in messages.splitlines() if line.startswith("Thời gian từng bước")]
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_mb": max(peak / 2**20, largest),
        "largest_process_mb": largest,
        "stages": stages[-1] if stages else "",
    }


def _minhash(path: str) -> Any:
    from datasketch import LeanMinHash, MinHash

    with open(path, encoding="utf-8") as handle:
        words = _WORD.findall(handle.read().lower())
    shingles = {" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))}
    signature = MinHash(num_perm=128, seed=1)
    signature.update_batch(list(shingles))
    return LeanMinHash(signature)  # compact and picklable: what an index would keep


def baseline(directory: Path, workers: int) -> None:
    """The datasketch candidate pass; prints its candidate pairs as JSON (numbers of the reports)."""
    from multiprocessing import Pool

    from datasketch import MinHashLSH

    paths = sorted(str(path) for path in directory.rglob("r*.txt"))
    with Pool(workers) as pool:
        lean = pool.map(_minhash, paths, chunksize=200)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for key, signature in enumerate(lean):
        lsh.insert(key, signature)
    pairs = set()
    for key, signature in enumerate(lean):
        for other in lsh.query(signature):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    numbers = [int(_NUMBER.search(path).group(1)) for path in paths]  # type: ignore[union-attr]
    json.dump(sorted([numbers[a], numbers[b]] for a, b in pairs), sys.stdout)


def _shingles(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        words = _WORD.findall(handle.read().lower())
    return list({" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))})


# datasketch's MinHashLSH at threshold 0.5 and 128 permutations bands them 25 x 5 (its optimum): rensa gets
# the same layout (its bands must divide the permutations, so 125 of them).
_RENSA_PERM, _RENSA_BANDS = 125, 25


def _rensa_chunk(paths: list[str]) -> list[Any]:
    from rensa import RMinHash  # type: ignore[import-untyped]

    # The library's batch form: one call hashes a chunk of documents in Rust.
    return list(RMinHash.from_token_sets([_shingles(path) for path in paths], num_perm=_RENSA_PERM, seed=1))


def rensa_baseline(directory: Path, workers: int) -> None:
    """The rensa (Rust MinHash-LSH) candidate pass, like ``baseline``: the same shingles and LSH layout;
    signatures in ``workers`` processes, then insert all and query all in one process."""
    from multiprocessing import Pool

    from rensa import RMinHashLSH

    paths = sorted(str(path) for path in directory.rglob("r*.txt"))
    chunks = [paths[k : k + 500] for k in range(0, len(paths), 500)]
    with Pool(workers) as pool:
        signatures = [m for chunk in pool.map(_rensa_chunk, chunks) for m in chunk]
    lsh = RMinHashLSH(threshold=0.5, num_perm=_RENSA_PERM, num_bands=_RENSA_BANDS)
    lsh.insert_many(signatures)
    pairs = set()
    for key, found in enumerate(lsh.query_all(signatures)):
        for other in found:
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    numbers = [int(_NUMBER.search(path).group(1)) for path in paths]  # type: ignore[union-attr]
    json.dump(sorted([numbers[a], numbers[b]] for a, b in pairs), sys.stdout)


def _truth(directory: Path) -> set[tuple[int, int]]:
    with open(directory / "truth.jsonl", encoding="utf-8") as lines:
        return {tuple(sorted((row["copy"], row["source"]))) for row in map(json.loads, lines)}  # type: ignore[misc]


def _engine_pairs(output: Path) -> set[tuple[int, int]]:
    data = json.loads(output.read_text(encoding="utf-8"))
    found = set()
    for pair in data["pairs"]:
        a, b = (int(_NUMBER.search(pair[key]).group(1)) for key in ("a", "b"))  # type: ignore[union-attr]
        found.add((min(a, b), max(a, b)))
    return found


def _score(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict[str, float]:
    hits = len(found & truth)
    return {
        "pairs": len(found),
        "recall": hits / len(truth) if truth else 1.0,
        "extra_pairs": len(found - truth),
    }


def run_size(count: int, workers: int, pool: reports.Pool, keep: bool, extra: list[str]) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"copycheck-speed-{count}-"))
    try:
        started = time.perf_counter()
        reports.write_reports(work / "reports", count, pool)
        generated = time.perf_counter() - started
        truth = _truth(work / "reports")
        python = sys.executable
        engine_cmd = [
            python, "-m", "quantriet", "copycheck", "--workers", str(workers), "--no-progress", "--timings",
            *extra, str(work / "reports"), "--out", str(work / "engine.json"),
        ]  # fmt: skip
        engine = measure(engine_cmd, work / "engine.stdout")
        engine.update(_score(_engine_pairs(work / "engine.json"), truth))
        base_cmd = [python, __file__, "--baseline", str(work / "reports"), "--workers", str(workers)]
        base = measure(base_cmd, work / "baseline.json")
        base.update(_score({tuple(p) for p in json.loads((work / "baseline.json").read_text())}, truth))  # type: ignore[misc]
        rensa_cmd = [python, __file__, "--rensa", str(work / "reports"), "--workers", str(workers)]
        rensa = measure(rensa_cmd, work / "rensa.json")
        rensa.update(_score({tuple(p) for p in json.loads((work / "rensa.json").read_text())}, truth))
        return {
            "reports": count,
            "near_copies": len(truth),
            "generate_s": generated,
            "engine": engine,
            "baseline": base,
            "rensa": rensa,
        }
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def summarise(results: list[dict[str, Any]], workers: int) -> list[str]:
    lines = ["| reports | job wall s | job CPU s | peak MB | recall | rensa wall s | rensa CPU s | "
             "rensa peak MB | rensa recall | datasketch wall s | datasketch peak MB | datasketch recall | "
             "job vs rensa | job vs datasketch |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in results:
        e, b, q = r["engine"], r["baseline"], r["rensa"]
        lines.append(
            f"| {r['reports']:,} | {e['wall_s']:.1f} | {e['cpu_s']:.1f} | {e['peak_mb']:,.0f} | "
            f"{e['recall']:.3f} | "
            f"{q['wall_s']:.1f} | {q['cpu_s']:.1f} | {q['peak_mb']:,.0f} | {q['recall']:.3f} | "
            f"{b['wall_s']:.1f} | {b['peak_mb']:,.0f} | {b['recall']:.3f} | "
            f"{q['wall_s'] / e['wall_s']:.2f}× | {b['wall_s'] / e['wall_s']:.2f}× |"
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        ratio = large["reports"] / small["reports"]
        exponent = math.log(large["engine"]["wall_s"] / small["engine"]["wall_s"]) / math.log(ratio)
        cpu_exp = math.log(large["engine"]["cpu_s"] / small["engine"]["cpu_s"]) / math.log(ratio)
        sizes = f"{small['reports']:,} → {large['reports']:,}"
        lines.append(f"\nGrowth {sizes}: wall ∝ n^{exponent:.2f}, CPU ∝ n^{cpu_exp:.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Copy-check speed against rensa and datasketch.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpora", type=Path, default=reports.CORPORA)
    parser.add_argument("--keep", action="store_true", help="keep the generated reports and outputs")
    parser.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)  # internal: the baseline child
    parser.add_argument("--rensa", type=Path, help=argparse.SUPPRESS)  # internal: the rensa child
    parser.add_argument("--engine-arg", action="append", default=[], help="extra argument for copycheck")
    args = parser.parse_args()
    if args.baseline is not None:
        baseline(args.baseline, args.workers)
        return
    if args.rensa is not None:
        rensa_baseline(args.rensa, args.workers)
        return
    if not (args.corpora / reports.FILES[0]).exists():
        raise SystemExit(f"corpora not found in {args.corpora}; give --corpora PATH")
    pool = reports.load_pool(args.corpora)
    results = []
    for size in args.sizes:
        result = run_size(size, args.workers, pool, args.keep, args.engine_arg)
        results.append(result)
        print(json.dumps(result), flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "copycheck-speed.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("\n".join(summarise(results, args.workers)))


if __name__ == "__main__":
    main()
