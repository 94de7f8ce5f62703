"""Synthetic learning reports for the copy-check speed benchmark, built from real Vietnamese text.

``python bench/copycheck/reports.py OUT_DIR --count 10000`` writes OUT_DIR/NNN/rNNNNNN.txt and
OUT_DIR/truth.jsonl (which report was copied from which). Nothing here is ever committed: the reports
are made of ../shared/corpora text and live in a temporary directory.

How a report is built: the corpora hold about 17 million syllables (600,000 sentences) while 100,000
reports of 450–700 syllables need 57 million, so whole sentences would recur three or four times across
independent reports, i.e. real copying by construction. Sentences are therefore cut into fragments of at
most ``FRAGMENT_MAX`` syllables at their own commas and semicolons (long clauses cut further), and a
report's sentences are 2–4 random fragments joined as one sentence. Independent reports then share only
short runs (a fragment recurs in about four reports out of 100,000, like stock phrases), below any
sensible minimum passage length; the real copies are the 5% near-copies: another report with light edits
(about 3% of words deleted, 3% replaced, 2% inserted, sometimes two sentences swapped or a paragraph of
its own added).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
FILES = ("news-dev.jsonl.gz", "viwiki-dev.jsonl.gz")
FRAGMENT_MIN, FRAGMENT_MAX = 3, 9
COPY_SHARE = 0.05
PER_DIRECTORY = 1000

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE = re.compile(r"[,;:()\"“”]+")
_WORD = re.compile(r"^[^\W\d_][\w-]*$")


@dataclass(frozen=True)
class Pool:
    fragments: list[str]
    words: list[str]


def load_pool(corpora: Path = CORPORA, limit: int | None = None) -> Pool:
    """Fragments of real sentences (letters only, 3–9 syllables) and a vocabulary for edits."""
    fragments: list[str] = []
    vocabulary: set[str] = set()
    for name in FILES:
        with gzip.open(corpora / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                text = json.loads(line)["text"]
                for sentence in _SENTENCE_END.split(text):
                    for clause in _CLAUSE.split(sentence.rstrip(".!?… ")):
                        words = clause.split()
                        if not words or not all(_WORD.match(word) for word in words):
                            continue  # numbers, URLs, lists of results: not report prose
                        vocabulary.update(word.lower() for word in words)
                        for start in range(0, len(words), FRAGMENT_MAX):
                            chunk = words[start : start + FRAGMENT_MAX]
                            if len(chunk) >= FRAGMENT_MIN:
                                fragments.append(" ".join(chunk))
                if limit is not None and len(fragments) >= limit:
                    return Pool(fragments, sorted(vocabulary))
    return Pool(fragments, sorted(vocabulary))


def _sentence(pool: Pool, rng: random.Random) -> str:
    parts = [rng.choice(pool.fragments) for _ in range(rng.randint(2, 4))]
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


def original(pool: Pool, rng: random.Random) -> list[list[str]]:
    """Paragraphs of sentences, 450–700 syllables in all."""
    target = rng.randint(450, 700)
    paragraphs: list[list[str]] = []
    count = 0
    while count < target:
        paragraph = []
        for _ in range(rng.randint(3, 6)):
            sentence = _sentence(pool, rng)
            paragraph.append(sentence)
            count += len(sentence.split())
            if count >= target:
                break
        paragraphs.append(paragraph)
    return paragraphs


def near_copy(source: list[list[str]], pool: Pool, rng: random.Random) -> list[list[str]]:
    """A lightly edited copy: words deleted, replaced, inserted; sometimes sentences swapped."""
    paragraphs = []
    for paragraph in source:
        edited = []
        for sentence in paragraph:
            words: list[str] = []
            for word in sentence.split():
                roll = rng.random()
                if roll < 0.03:
                    continue
                words.append(rng.choice(pool.words) if roll < 0.06 else word)
                if rng.random() < 0.02:
                    words.append(rng.choice(pool.words))
            if words:
                edited.append(" ".join(words))
        if len(edited) > 2 and rng.random() < 0.3:
            i = rng.randrange(len(edited) - 1)
            edited[i], edited[i + 1] = edited[i + 1], edited[i]
        paragraphs.append(edited)
    if rng.random() < 0.5:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), [_sentence(pool, rng) for _ in range(3)])
    return paragraphs


def reports(pool: Pool, count: int, seed: int = 2024) -> Iterator[tuple[int, str, int | None]]:
    """(number, text, number of the report it copies or None) for ``count`` reports."""
    rng = random.Random(seed)
    kept: dict[int, list[list[str]]] = {}
    for number in range(count):
        source = None
        if number >= 20 and rng.random() < COPY_SHARE:
            source = rng.choice(list(kept)) if kept else None
        paragraphs = near_copy(kept[source], pool, rng) if source is not None else original(pool, rng)
        if source is None and len(kept) < 5000:
            kept[number] = (
                paragraphs  # sources are drawn from the first reports: enough variety, bounded memory
            )
        elif source is None and rng.random() < 0.05:
            kept.pop(rng.choice(list(kept)))
            kept[number] = paragraphs
        yield number, "\n\n".join(" ".join(p) for p in paragraphs) + "\n", source


def write_reports(out: Path, count: int, pool: Pool, seed: int = 2024) -> list[Path]:
    """Write ``count`` reports under ``out`` and ``out/truth.jsonl``; the report paths in order."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth:
        for number, text, source in reports(pool, count, seed):
            path = out / f"{number // PER_DIRECTORY:03d}" / f"r{number:06d}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            if source is not None:
                truth.write(json.dumps({"copy": number, "source": source}) + "\n")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args()
    paths = write_reports(args.out, args.count, load_pool(args.corpora), args.seed)
    print(f"{len(paths)} reports in {args.out}")


if __name__ == "__main__":
    main()
