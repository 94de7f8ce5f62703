"""Never accuse independent reports of one event: news articles on the same story that share no passage.

    .venv/bin/python bench/copycheck/same_event.py                  # news-dev, every group found
    .venv/bin/python bench/copycheck/same_event.py --limit 300      # the first 300 groups

The news corpus of ../shared/corpora holds the same event told by several outlets. Articles are grouped
by their titles (two titles sharing 40% of their words or more, three at least, are one event);
every group is checked as one cohort (every article against every other, as the platform would), and
each reported pair is looked at: two articles that share no run of ``SHINGLE`` words (corpus_text's
near-duplicate test: six) share no passage, so a pair of them reported is a false accusation. Pairs that
do share runs may be real copying (one outlet took the other's text) and are counted apart. The goal: no
false accusation. Nothing is written into the repository; the figures go to the console and to
bench/out/copycheck-same-event.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_text import clean, shingle_set, word_count  # noqa: E402 (a sibling script, not a package)

from quantriet.copycheck import Document, Options, check_cohort  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "bench" / "out"
_TITLE_WORD = re.compile(r"\w+")
# A title word in more titles than this says nothing of the event ("ngày", "Việt Nam").
_TITLE_DF = 200


def title_words(title: str) -> set[str]:
    return {w for w in _TITLE_WORD.findall(title.lower()) if not w.isdigit()}


def same_event_groups(records: list[dict[str, str]]) -> list[list[int]]:
    """Groups (connected, at most 8 articles) of articles whose titles share 40% of their words or more."""
    words = [title_words(r["title"]) for r in records]
    postings: dict[str, list[int]] = defaultdict(list)
    for k, found in enumerate(words):
        for word in found:
            postings[word].append(k)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > _TITLE_DF:
            continue
        for i, j in combinations(members, 2):
            shared[i, j] += 1
    parent = list(range(len(records)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for (i, j), count in shared.items():
        if count >= 3 and count >= 0.4 * max(len(words[i]), len(words[j])):
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(records)):
        groups[root(k)].append(k)
    return [members[:8] for members in groups.values() if len(members) > 1]


def load(corpora: Path) -> list[dict[str, str]]:
    records = []
    with gzip.open(corpora / "news-dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = clean(record["text"])
            if word_count(text) >= 150:
                records.append({"id": record["id"], "title": record["title"], "text": text})
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--limit", type=int, default=0, help="check only the first N groups (0: all)")
    parser.add_argument("--out", type=Path, default=OUT / "copycheck-same-event.json")
    args = parser.parse_args(argv)
    if not (args.corpora / "news-dev.jsonl.gz").exists():
        print(f"skipped: {args.corpora} is not here")
        return 0
    records = load(args.corpora)
    groups = same_event_groups(records)
    if args.limit:
        groups = groups[: args.limit]
    options = Options()
    independent = copying = false_pairs = shared_pairs = found_shared = 0
    examples: list[dict[str, Any]] = []
    started = time.perf_counter()
    for group in groups:
        members = [records[k] for k in group]
        shingles = [shingle_set(m["text"]) for m in members]
        by_id = {m["id"]: k for k, m in enumerate(members)}
        for i, j in combinations(range(len(members)), 2):
            if shingles[i] & shingles[j]:
                shared_pairs += 1
            else:
                independent += 1
        result = check_cohort([Document(m["id"], m["text"]) for m in members], options=options)
        for pair in result.pairs:
            i, j = by_id[pair.a], by_id[pair.b]
            if shingles[i] & shingles[j]:
                found_shared += 1
                continue
            false_pairs += 1
            if len(examples) < 10:
                first = pair.passages[0]
                examples.append(
                    {
                        "a": pair.a,
                        "b": pair.b,
                        "titles": [members[i]["title"], members[j]["title"]],
                        "a_text": members[i]["text"][first.a_start : first.a_end][:300],
                        "b_text": members[j]["text"][first.b_start : first.b_end][:300],
                    }
                )
    copying = found_shared
    seconds = time.perf_counter() - started
    report = {
        "groups": len(groups),
        "articles": sum(map(len, groups)),
        "pairs_sharing_no_6_word_run": independent,
        "of_them_reported": false_pairs,
        "pairs_sharing_runs": shared_pairs,
        "of_them_reported_as_copying": copying,
        "seconds": round(seconds, 1),
        "false_examples": examples,
    }
    print(
        f"{len(groups)} same-event groups, {report['articles']} articles: {independent} pairs share no"
        f" 6-word run, {false_pairs} of them reported (false accusations); {shared_pairs} pairs share runs,"
        f" {copying} reported as copying; {seconds:.1f} s"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if false_pairs else 0


if __name__ == "__main__":
    sys.exit(main())
