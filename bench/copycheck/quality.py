"""Copy-check quality on a PAN-layout corpus: plagdet, precision, recall, granularity, false pairs.

    .venv/bin/python bench/copycheck/quality.py                       # tune corpus, seed 1 (built if missing)
    .venv/bin/python bench/copycheck/quality.py --corpus /tmp/pan-heldout --baseline
    .venv/bin/python bench/copycheck/quality.py --set min_passage_words=15 --show 5

The corpus comes from ``corpus.py`` (real text of ../shared/corpora; see that script). The engine checks
every suspicious document as the cohort against every source document as a reference, as a platform check
would, and its passages of each (suspicious, source) pair become PAN detections. Scored with the PAN
character-level measures (``quantriet.copycheck.evaluation.pan``): overall, per obfuscation type and per
passage length. Also counted: pairs with no case (false pairs), copy-free suspicious documents in any pair,
and pairs reported among the base cohort when its base text is given as base (the goal is none).

``--baseline`` also runs ``baseline_pan2014.py`` (a re-implementation of Sanchez-Perez, Sidorov and
Gelbukh, PAN 2014) on the pairs listed in the corpus's ``pairs`` file (PAN's protocol: the pairs are
given); the engine is then also scored on those pairs only, side by side, and the baseline is run on every
pair of the base cohort. Figures go to the console and bench/out/copycheck-quality.json.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_builder  # noqa: E402 (a sibling script, not a package)

from quantriet.copycheck import Document, Options, check_cohort  # noqa: E402
from quantriet.copycheck.evaluation.pan import (  # noqa: E402
    Annotation,
    Scores,
    detects,
    read_annotations,
    score,
)

OUT = ROOT / "bench" / "out"
DEFAULT_CORPUS = OUT / "pan-tune-seed1"

Key = tuple[str, str]  # (suspicious document, source document)


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # line ends untouched: offsets count them as written


@dataclasses.dataclass
class Corpus:
    root: Path
    susp: dict[str, str]
    src: dict[str, str]
    cases: list[Annotation]
    pairs: list[Key]
    manifest: dict[str, Any]

    @classmethod
    def load(cls, root: Path) -> Corpus:
        susp = {p.name: read_text(p) for p in sorted((root / "susp").glob("*.txt"))}
        src = {p.name: read_text(p) for p in sorted((root / "src").glob("*.txt"))}
        pairs = [
            (a, b) for a, b in (line.split() for line in (root / "pairs").read_text().splitlines() if line)
        ]
        manifest_path = root / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        return cls(root, susp, src, read_annotations(root / "truth"), pairs, manifest)

    def copy_free(self) -> set[str]:
        with_cases = {case.this_reference for case in self.cases}
        return set(self.susp) - with_cases

    def case_details(self) -> dict[Key, dict[str, Any]]:
        return {(c["susp"], c["src"]): c for c in self.manifest.get("cases", [])}


def length_class(case: Annotation, details: dict[Key, dict[str, Any]]) -> str:
    detail = details.get((case.this_reference, case.source_reference))
    if detail is not None:
        return str(detail["length"])
    words = case.source_length / 6  # about six characters a Vietnamese syllable with its space
    return "short" if words < 150 else "medium" if words < 400 else "long"


def to_detections(pairs: Iterable[Any], susp: set[str]) -> list[Annotation]:
    """The engine's passages as PAN detections (``this`` = the suspicious document of the pair)."""
    detections = []
    for pair in pairs:
        a, b, passages = pair.a, pair.b, pair.passages
        if a not in susp:  # never happens by the contract (a is a cohort document); kept for safety
            a, b = b, a
            passages = [
                dataclasses.replace(p, a_start=p.b_start, a_end=p.b_end, b_start=p.a_start, b_end=p.a_end)
                for p in passages
            ]
        for p in passages:
            detections.append(
                Annotation(a, p.a_start, p.a_end - p.a_start, b, p.b_start, p.b_end - p.b_start)
            )
    return detections


def scores_dict(scores: Scores, cases: int, detections: int) -> dict[str, float | int]:
    return {**dataclasses.asdict(scores), "cases": cases, "detections": detections}


def grouped_scores(
    cases: list[Annotation], detections: list[Annotation], group: Callable[[Annotation], str]
) -> dict[str, dict[str, float | int]]:
    """Scores per group of cases; a detection belongs to the group of the case(s) of its document pair."""
    pair_group = {(c.this_reference, c.source_reference): group(c) for c in cases}
    by_group: dict[str, tuple[list[Annotation], list[Annotation]]] = defaultdict(lambda: ([], []))
    for case in cases:
        by_group[group(case)][0].append(case)
    for detection in detections:
        name = pair_group.get((detection.this_reference, detection.source_reference))
        if name is not None:
            by_group[name][1].append(detection)
    return {
        name: scores_dict(score(c, d), len(c), len(d))
        for name, (c, d) in sorted(by_group.items(), key=lambda item: item[0])
    }


def per_case(cases: list[Annotation], detections: list[Annotation]) -> list[dict[str, Any]]:
    """Each case's own recall, number of detections and their precision: what the diagnosis reads."""
    by_pair: dict[Key, list[Annotation]] = defaultdict(list)
    for detection in detections:
        by_pair[detection.this_reference, detection.source_reference].append(detection)
    rows = []
    for case in cases:
        hits = [d for d in by_pair.get((case.this_reference, case.source_reference), []) if detects(d, case)]
        single = score([case], hits)
        rows.append(
            {
                "case": case,
                "recall": single.recall,
                "detections": len(hits),
                "precision": single.precision if hits else 1.0,
                "spans": [(d.this_offset, d.this_end, d.source_offset, d.source_end) for d in hits],
            }
        )
    return rows


def false_pairs(found: Iterable[Key], corpus: Corpus) -> dict[str, Any]:
    truth = {(c.this_reference, c.source_reference) for c in corpus.cases}
    wrong = sorted(set(found) - truth)
    free = corpus.copy_free()
    in_pairs = {doc for pair in found for doc in pair}
    free_hit = sorted(free & in_pairs)
    return {
        "false_pairs": len(wrong),
        "false_susp_src": sum(b in corpus.src for _, b in wrong),
        "false_susp_susp": sum(b in corpus.susp for _, b in wrong),
        "copy_free_docs": len(free),
        "copy_free_in_pairs": len(free_hit),
        "copy_free_share": len(free_hit) / len(free) if free else 0.0,
        "examples": [list(pair) for pair in wrong[:20]],
        "copy_free_examples": free_hit[:20],
    }


@contextlib.contextmanager
def runner_for(workers: int) -> Iterator[Any]:
    if workers <= 1:
        yield None
        return
    from quantriet.copycheck.runners import ProcessRunner

    with ProcessRunner(workers) as runner:
        yield runner


def base_cohort(root: Path, options: Options, runner: Any) -> dict[str, Any]:
    folder = root / "base-cohort"
    if not (folder / "base.txt").exists():
        return {}
    reports = [Document(p.name, read_text(p)) for p in sorted(folder.glob("report-*.txt"))]
    base = Document("base.txt", read_text(folder / "base.txt"), "base")
    started = time.perf_counter()
    with_base = check_cohort(reports, base=[base], options=options, runner=runner)
    seconds = time.perf_counter() - started
    without = check_cohort(reports, options=options, runner=runner)
    texts = {d.id: d.text for d in reports}

    def shown(pair: Any) -> dict[str, Any]:
        first = pair.passages[0]
        return {
            "a": pair.a,
            "b": pair.b,
            "similarity": round(pair.similarity, 3),
            "passages": len(pair.passages),
            "a_text": texts[pair.a][first.a_start : first.a_end][:300],
            "b_text": texts[pair.b][first.b_start : first.b_end][:300],
        }

    return {
        "reports": len(reports),
        "pairs_with_base": len(with_base.pairs),
        "pairs_without_base": len(without.pairs),
        "seconds": round(seconds, 2),
        "false_pairs": [shown(pair) for pair in with_base.pairs[:10]],
    }


def strength(corpus: Corpus) -> dict[str, dict[str, float]]:
    """Per obfuscation, the share of the source's 8-word runs found whole in the copy (mean and the
    90th percentile over cases) and, for random edits, the share of words replaced, inserted or deleted."""
    found: dict[str, list[float]] = defaultdict(list)
    edited: dict[str, list[float]] = defaultdict(list)
    for case in corpus.manifest.get("cases", []):
        notes = case.get("notes") or {}
        if "survival8" in notes:
            found[case["obfuscation"]].append(notes["survival8"])
        steps = [notes, *notes.get("steps", [])]
        for step in steps:
            if "edited_share" in step:
                edited[case["obfuscation"]].append(step["edited_share"])
    table: dict[str, dict[str, float]] = {}
    for kind, rates in sorted(found.items()):
        ordered = sorted(rates)
        row = {
            "survival8_mean": round(sum(ordered) / len(ordered), 3),
            "survival8_p90": round(ordered[int(0.9 * (len(ordered) - 1))], 3),
        }
        if edited.get(kind):
            row["edited_share_mean"] = round(sum(edited[kind]) / len(edited[kind]), 3)
            row["edited_share_min"] = round(min(edited[kind]), 3)
        table[kind] = row
    return table


def evaluate(corpus: Corpus, detections: list[Annotation], found: Iterable[Key]) -> dict[str, Any]:
    details = corpus.case_details()
    cases = corpus.cases

    def random_level(case: Annotation) -> str:
        detail = details.get((case.this_reference, case.source_reference), {})
        rate = detail.get("notes", {}).get("edited_share", detail.get("notes", {}).get("rate", 0))
        return "random <0.25 edited" if rate < 0.25 else "random >=0.25 edited"

    def reorder_scope(case: Annotation) -> str:
        detail = details.get((case.this_reference, case.source_reference), {})
        return f"reorder-{detail.get('notes', {}).get('scope', '?')}"

    report = {
        "overall": scores_dict(score(cases, detections), len(cases), len(detections)),
        "by_obfuscation": grouped_scores(cases, detections, lambda c: c.obfuscation or "?"),
        "by_length": grouped_scores(cases, detections, lambda c: length_class(c, details)),
        "by_obfuscation_and_length": grouped_scores(
            cases, detections, lambda c: f"{c.obfuscation}/{length_class(c, details)}"
        ),
        "random_by_rate": grouped_scores(
            [c for c in cases if c.obfuscation == "random"], detections, random_level
        ),
        "reorder_by_scope": grouped_scores(
            [c for c in cases if c.obfuscation == "reorder"], detections, reorder_scope
        ),
        **false_pairs(found, corpus),
        "strength": strength(corpus),
    }
    return report


def diagnose(corpus: Corpus, detections: list[Annotation], show: int) -> dict[str, Any]:
    """Missed, partly found, split and over-long cases, with examples to read."""
    details = corpus.case_details()
    rows = per_case(corpus.cases, detections)

    def example(row: dict[str, Any]) -> dict[str, Any]:
        case: Annotation = row["case"]
        detail = details.get((case.this_reference, case.source_reference), {})
        return {
            "susp": case.this_reference,
            "src": case.source_reference,
            "obfuscation": case.obfuscation,
            "length": detail.get("length"),
            "source_words": detail.get("source_words"),
            "case": [case.this_offset, case.this_end, case.source_offset, case.source_end],
            "recall": round(row["recall"], 3),
            "precision": round(row["precision"], 3),
            "detections": row["spans"],
            "notes": detail.get("notes"),
        }

    groups = {
        "missed": [r for r in rows if r["detections"] == 0],
        "partly_found": [r for r in rows if r["detections"] and r["recall"] < 0.8],
        "split": [r for r in rows if r["detections"] > 1],
        "over_reported": [r for r in rows if r["detections"] and r["precision"] < 0.8],
    }
    summary: dict[str, Any] = {}
    for name, chosen in groups.items():
        summary[name] = {
            "count": len(chosen),
            "by_obfuscation": dict(Counter(r["case"].obfuscation for r in chosen).most_common()),
            "by_length": dict(Counter(length_class(r["case"], details) for r in chosen).most_common()),
            "examples": [example(r) for r in chosen[:show]],
        }
    return summary


def _table(title: str, rows: dict[str, dict[str, float | int]]) -> None:
    print(f"\n{title}")
    print(f"  {'':28} {'plagdet':>8} {'prec':>7} {'recall':>7} {'gran':>6} {'cases':>6} {'dets':>6}")
    for name, r in rows.items():
        print(
            f"  {name:28} {r['plagdet']:8.3f} {r['precision']:7.3f} {r['recall']:7.3f}"
            f" {r['granularity']:6.3f} {r['cases']:6d} {r['detections']:6d}"
        )


def print_report(name: str, report: dict[str, Any]) -> None:
    _table(f"== {name}", {"overall": report["overall"]} | report["by_obfuscation"])
    for kind, row in report.get("strength", {}).items():
        print(f"  strength {kind:10} " + ", ".join(f"{k} {v}" for k, v in row.items()))
    _table("   by passage length", report["by_length"])
    _table(
        "   random edits by rate, reordering by scope", report["random_by_rate"] | report["reorder_by_scope"]
    )
    print(
        f"  false pairs: {report['false_pairs']} (suspicious-source {report['false_susp_src']},"
        f" suspicious-suspicious {report['false_susp_susp']}); copy-free documents in any pair:"
        f" {report['copy_free_in_pairs']}/{report['copy_free_docs']} ({report['copy_free_share']:.1%})"
    )


def print_diagnosis(diagnosis: dict[str, Any]) -> None:
    for name, group in diagnosis.items():
        print(f"  {name}: {group['count']} {group['by_obfuscation']} {group['by_length']}")


def parse_overrides(items: list[str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for item in items:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value) if value not in ("True", "False") else value == "True"
    return overrides


def run_engine(corpus: Corpus, options: Options, workers: int) -> tuple[Any, float, Any]:
    cohort = [Document(name, text) for name, text in corpus.susp.items()]
    references = [Document(name, text, "reference") for name, text in corpus.src.items()]
    with runner_for(workers) as runner:
        started = time.perf_counter()
        result = check_cohort(cohort, references, options=options, runner=runner)
        seconds = time.perf_counter() - started
        cohort_report = base_cohort(corpus.root, options, runner)
    return result, seconds, cohort_report


def run_baseline(corpus: Corpus, negatives: int) -> dict[str, Any]:
    import baseline_pan2014 as baseline

    started = time.perf_counter()
    detections: list[Annotation] = []
    for susp, src in corpus.pairs:
        for a0, a1, b0, b1 in baseline.align(corpus.susp[susp], corpus.src[src]):
            detections.append(Annotation(susp, a0, a1 - a0, src, b0, b1 - b0))
    seconds = time.perf_counter() - started
    found = {(d.this_reference, d.source_reference) for d in detections}
    report = evaluate(corpus, detections, found)
    report["seconds"] = round(seconds, 2)
    report["pairs_compared"] = len(corpus.pairs)
    # The listed pairs give each copy-free document one source only, while the engine compares it with
    # every source: a few more random sources per copy-free document make the two counts comparable.
    rng = random.Random(0)
    sources = sorted(corpus.src)
    flagged_free = set()
    started = time.perf_counter()
    for susp in sorted(corpus.copy_free()):
        for src in rng.sample(sources, min(negatives, len(sources))):
            if baseline.align(corpus.susp[susp], corpus.src[src]):
                flagged_free.add(susp)
    report["copy_free_extra"] = {
        "sources_per_document": negatives,
        "documents_in_pairs": len(flagged_free | set(report["copy_free_examples"])),
        "documents": len(corpus.copy_free()),
        "seconds": round(time.perf_counter() - started, 2),
        "examples": sorted(flagged_free)[:20],
    }
    folder = corpus.root / "base-cohort"
    reports = {p.name: read_text(p) for p in sorted(folder.glob("report-*.txt"))}
    names = sorted(reports)
    started = time.perf_counter()
    flagged = [
        (a, b) for i, a in enumerate(names) for b in names[i + 1 :] if baseline.align(reports[a], reports[b])
    ]
    report["base_cohort"] = {
        "reports": len(names),
        "pairs_compared": len(names) * (len(names) - 1) // 2,
        "pairs_reported": len(flagged),
        "seconds": round(time.perf_counter() - started, 2),
        "examples": [list(pair) for pair in flagged[:10]],
    }
    return report


def engine_version() -> dict[str, str]:
    """The commit and a digest of the engine's files as they are: the engine changes while it is tuned."""
    package = ROOT / "src" / "quantriet" / "copycheck"
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        if path.name != "pan.py":  # the scorer is not the engine
            digest.update(path.name.encode() + path.read_bytes())
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src/quantriet/copycheck/"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit, dirty = "", ""
    return {
        "commit": commit,
        "engine_files_changed_since": "yes" if dirty else "no",
        "digest": digest.hexdigest()[:12],
    }


def ensure_corpus(path: Path, seed: int) -> bool:
    if (path / "pairs").exists():
        return True
    if not corpus_builder.CORPORA.exists():
        print(f"skipped: {corpus_builder.CORPORA} is not here and {path} does not exist")
        return False
    print(f"building the tune corpus in {path} (seed {seed}) ...", flush=True)
    corpus_builder.main(["--out", str(path), "--seed", str(seed), "--split", "tune"])
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="a corpus.py output directory")
    parser.add_argument("--seed", type=int, default=1, help="seed when the default corpus must be built")
    parser.add_argument("--workers", type=int, default=1, help="engine worker processes")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE", help="engine Options")
    parser.add_argument("--baseline", action="store_true", help="also run baseline_pan2014.py")
    parser.add_argument(
        "--baseline-negatives", type=int, default=10, help="random sources per copy-free document (baseline)"
    )
    parser.add_argument("--show", type=int, default=3, help="examples per diagnosis group in the JSON")
    parser.add_argument("--out", type=Path, default=OUT / "copycheck-quality.json")
    args = parser.parse_args(argv)
    if args.corpus == DEFAULT_CORPUS and not ensure_corpus(args.corpus, args.seed):
        return 0
    options = Options(**parse_overrides(args.set))
    corpus = Corpus.load(args.corpus)
    print(
        f"corpus {args.corpus}: {len(corpus.susp)} suspicious, {len(corpus.src)} sources,"
        f" {len(corpus.cases)} cases;"
        f" options {parse_overrides(args.set) or 'default'}",
        flush=True,
    )

    result, seconds, cohort_report = run_engine(corpus, options, args.workers)
    susp = set(corpus.susp)
    detections = to_detections(result.pairs, susp)
    found = [(p.a, p.b) if p.a in susp else (p.b, p.a) for p in result.pairs]
    chars = sum(map(len, corpus.susp.values())) + sum(map(len, corpus.src.values()))
    engine = evaluate(corpus, detections, found)
    engine["diagnosis"] = diagnose(corpus, detections, args.show)
    engine["timing"] = {
        "seconds": round(seconds, 2),
        "documents": len(corpus.susp) + len(corpus.src),
        "chars": chars,
        "chars_per_second": round(chars / seconds) if seconds else None,
        "pairs_reported": len(result.pairs),
        "workers": args.workers,
    }
    engine["base_cohort"] = cohort_report
    print_report("engine (quantriet.copycheck), every suspicious document against everything", engine)
    print_diagnosis(engine["diagnosis"])
    if cohort_report:
        print(
            f"  base cohort: {cohort_report['reports']} reports, pairs reported with base.txt as base:"
            f" {cohort_report['pairs_with_base']} (without the base: {cohort_report['pairs_without_base']})"
        )
    print(
        f"  time: {seconds:.1f} s for {engine['timing']['documents']} documents ({chars / 1e6:.1f} M chars)"
    )

    output: dict[str, Any] = {
        "engine_version": engine_version(),
        "corpus": str(args.corpus),
        "manifest_seed": corpus.manifest.get("seed"),
        "split": corpus.manifest.get("split"),
        "options": options.as_dict(),
        "engine": engine,
    }
    if args.baseline:
        listed = set(corpus.pairs)
        on_pairs = [d for d in detections if (d.this_reference, d.source_reference) in listed]
        output["engine_on_listed_pairs"] = evaluate(corpus, on_pairs, [p for p in found if p in listed])
        output["baseline_pan2014"] = run_baseline(corpus, args.baseline_negatives)
        print_report("engine, scored on the listed pairs only", output["engine_on_listed_pairs"])
        print_report("baseline (Sanchez-Perez et al. 2014), on the listed pairs", output["baseline_pan2014"])
        b = output["baseline_pan2014"]
        cohort = b["base_cohort"]
        print(
            f"  baseline base cohort: {cohort['pairs_reported']} of {cohort['pairs_compared']} pairs,"
            f" time {b['seconds']} s for {b['pairs_compared']} pairs"
        )
        extra = b["copy_free_extra"]
        print(
            f"  baseline, copy-free documents against {extra['sources_per_document']} more random sources:"
            f" {extra['documents_in_pairs']}/{extra['documents']} in a reported pair ({extra['seconds']} s)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(output, ensure_ascii=False, indent=1, default=_json_default), encoding="utf-8"
    )
    version = output["engine_version"]
    print(
        f"\nengine: commit {version['commit']}, files changed since: {version['engine_files_changed_since']},"
        f" digest {version['digest']}; written: {args.out}"
    )
    return 0


def _json_default(value: object) -> object:
    if isinstance(value, Annotation):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON: {type(value)}")


if __name__ == "__main__":
    sys.exit(main())
