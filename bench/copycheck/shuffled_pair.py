"""Time of the copy check on one long pair whose copy has every sentence shuffled and heavily edited.

    .venv/bin/python bench/copycheck/shuffled_pair.py --sentences 4000 --runs 3

The source is ``--sentences`` sentences of 12 invented syllables (about 290 KB at 4,000); the copy puts
them in another order, replaces a syllable in three and rewrites every third sentence whole, keeping one
sentence in fifty as written so the two are a candidate pair. Every sentence the copy kept is a run of
word seeds of its own (``align/shuffled.py``): thousands of runs in one pair, the most the aligning
stage is asked to group. Prints the seconds of each run and the passages found, and the seconds the
finding's page spends listing the matched sentences (``matched_sentences``).
"""

from __future__ import annotations

import argparse
import itertools
import random
import time

from quantriet.copycheck import Document, check_cohort, matched_sentences

_CONSONANTS = "bcdghklmnpqrstvx"
_VOWELS = "aeiouy"
# Other syllables the copy puts in place of the source's (none of them one of the source's).
_OWN = ("mới", "các", "được", "trong", "những", "người", "cũng", "đã", "sẽ", "này", "đó", "khi")


def texts(sentences: int, seed: int = 1) -> tuple[str, str]:
    syllables = [
        "".join(p) for p in itertools.product(_CONSONANTS, _VOWELS, _CONSONANTS, _VOWELS, _CONSONANTS)
    ]
    rng = random.Random(seed)
    rng.shuffle(syllables)
    source = [syllables[k * 12 : (k + 1) * 12] for k in range(sentences)]
    copy = []
    for n, sentence in enumerate(source):
        words = list(sentence)
        if n % 50:
            for k in range(1, len(words), 3):
                words[k] = rng.choice(_OWN)
            if n % 3 == 2:
                words = [rng.choice(_OWN) for _ in words]
        copy.append(words)
    rng.shuffle(copy)
    return (
        " ".join(" ".join(s) + "." for s in copy),
        " ".join(" ".join(s) + "." for s in source),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sentences", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    copy, source = texts(args.sentences)
    print(f"copy {len(copy.encode()) // 1024} KB, source {len(source.encode()) // 1024} KB")
    for _ in range(args.runs):
        started = time.perf_counter()
        result = check_cohort([Document("copy", copy)], [Document("source", source)])
        seconds = time.perf_counter() - started
        passages = [len(pair.passages) for pair in result.pairs]
        print(f"{seconds:.2f} s, pairs {len(result.pairs)}, passages {passages}")
    # What the finding's page adds to show it (``matched_sentences``, on each view).
    for pair in result.pairs:
        started = time.perf_counter()
        matches = matched_sentences(copy, source, pair.passages)
        seconds = time.perf_counter() - started
        print(f"sentences matched for the evidence page: {[len(m) for m in matches]} in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
