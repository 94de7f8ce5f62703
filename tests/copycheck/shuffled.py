"""Copies with their sentences shuffled and heavily edited, made of invented syllables (each used once, like
the names and terms of a real text): shared by the engine's tests and the reviewers' pages' tests."""

from __future__ import annotations

import random

from tests.copycheck.clitools import VOCAB

# None of them in ``VOCAB`` (the reports' own words).
_ONSETS = "b c ch d g gh h kh l m n nh ph qu r s t th tr v x".split()  # noqa: SIM905 (reads as the letters)
_RIMES = ("am", "anh", "ao", "ăng", "ấp", "êu", "im", "inh", "oan", "ôm", "ơi", "uân", "ưng", "ươc", "yên")
_UNIQUE = [word for onset in _ONSETS for rime in _RIMES if (word := onset + rime) not in VOCAB]
assert len(_UNIQUE) >= 210


def sentences(start: int, count: int, size: int = 14) -> list[list[str]]:
    """``count`` sentences of ``size`` invented syllables, from the ``start``-th one on."""
    return [_UNIQUE[start + k * size : start + (k + 1) * size] for k in range(count)]


def text(sentences: list[list[str]]) -> str:
    """The sentences written out, each ending in a full stop."""
    return " ".join(" ".join(s) + "." for s in sentences)


def shuffled_edited(sentences: list[list[str]], seed: int) -> str:
    """``sentences`` as a copy puts them: the first as written (what makes the two a candidate pair),
    then a word in three replaced by one of the report's own and every third sentence rewritten whole,
    all in another order."""
    rng = random.Random(seed)
    edited = []
    for n, sentence in enumerate(sentences):
        words = list(sentence)
        if n:
            for k in range(1, len(words), 3):
                words[k] = rng.choice(VOCAB)
        if n % 3 == 2:
            words = [rng.choice(VOCAB) for _ in words]
        edited.append(words)
    rng.shuffle(edited)
    return text(edited)
