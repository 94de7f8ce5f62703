"""How ``corpus.py`` draws documents: in a seeded order, never two telling the same story in the same words.

A sibling script of ``corpus.py`` (not a package); ``corpus.py`` documents the builds it makes.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from corpus_text import shingle_set

# Two documents sharing NEAR_DUPLICATE runs of SHINGLE words (one run of 8 words, or a few shorter runs
# of a reworded story) tell the same story in the same words: only the first drawn is kept.
NEAR_DUPLICATE = 3
# A fresh build drawn after the party-themed documents had all been drawn once (seed 6) may, as its very last
# resort for the base cohort, take a document sharing up to this many such runs with one document of an
# EARLIER build (stock phrases of party news: "Ban Chấp hành Trung ương Đảng khóa …"), never with one of its
# own build. Builds that never get that far are drawn exactly as before.
NEAR_EARLIER_RELAXED = 5

# A rule for drawing a document: what it asks for, and the test of a document's (title, text).
Rule = tuple[str, Callable[[str, str], bool]]


class Picker:
    """Draws documents in a seeded order, refusing any that shares text with one drawn before."""

    def __init__(self, documents: list[tuple[str, str, str]], rng: random.Random) -> None:
        self.order = list(documents)
        rng.shuffle(self.order)
        self.taken: set[str] = set()
        self.owner: dict[bytes, int] = {}  # shingle -> the first kept document holding it
        self.kept = 0
        self.refused = 0
        self.relaxations: list[dict[str, Any]] = []  # the relaxed rules a pick fell back on (``pick``)
        # Refused only for a few runs shared with an earlier build's document (``NEAR_EARLIER_RELAXED``).
        self.held_back: list[tuple[str, str, str]] = []

    def avoid(self, documents: list[tuple[str, str, str]]) -> None:
        """Never draw these documents, nor one telling the same story in the same words."""
        for number, (identifier, _, text) in enumerate(documents, 1):
            self.taken.add(identifier)
            for shingle in shingle_set(text):
                self.owner.setdefault(shingle, -number)

    def pick(
        self, count: int, accept: Callable[[str, str], bool], relaxed: tuple[Rule, ...] = (), what: str = ""
    ) -> list[tuple[str, str, str]]:
        """``count`` documents that ``accept`` takes, in the seeded order. Only if the split holds too few
        are the rest drawn under the ``relaxed`` rules, in turn; each one used is noted in ``relaxations``
        (for ``what``)."""
        chosen: list[tuple[str, str, str]] = []
        self._fill(chosen, count, accept)
        self._relax(chosen, count, relaxed, self._fill, what, "")
        every_rule = (("the first rule", accept), *relaxed)
        shared = f"; sharing up to {NEAR_EARLIER_RELAXED} runs with one earlier build's document"
        self._relax(chosen, count, every_rule, self._fill_held_back, what, shared)
        if len(chosen) < count:
            raise SystemExit(f"only {len(chosen)} of {count} documents available in this split")
        return chosen

    def _relax(
        self,
        chosen: list[tuple[str, str, str]],
        count: int,
        rules: tuple[Rule, ...],
        fill: Callable[[list[tuple[str, str, str]], int, Callable[[str, str], bool]], None],
        what: str,
        note: str,
    ) -> None:
        """The rest of ``count`` drawn by ``fill`` under ``rules`` in turn, each rule used noted."""
        for label, rule in rules:
            if len(chosen) == count:
                break
            strict = len(chosen)
            fill(chosen, count, rule)
            if len(chosen) > strict:
                ids = [identifier for identifier, _, _ in chosen[strict:]]
                self.relaxations.append(
                    {"for": what, "rule": label + note, "count": len(ids), "documents": ids}
                )

    def _fill(
        self, chosen: list[tuple[str, str, str]], count: int, accept: Callable[[str, str], bool]
    ) -> None:
        for document in self.order:
            if len(chosen) == count:
                break
            identifier, title, text = document
            if identifier in self.taken or not accept(title, text):
                continue
            shingles = shingle_set(text)
            self.taken.add(identifier)
            shared = Counter(self.owner[s] for s in shingles if s in self.owner)
            if shared and shared.most_common(1)[0][1] >= NEAR_DUPLICATE:
                self.refused += 1
                if self._earlier_only(shared):
                    self.held_back.append(document)
                continue
            self._keep(chosen, document, shingles)

    def _keep(
        self, chosen: list[tuple[str, str, str]], document: tuple[str, str, str], shingles: set[bytes]
    ) -> None:
        for shingle in shingles:
            self.owner.setdefault(shingle, self.kept)
        self.kept += 1
        chosen.append(document)

    @staticmethod
    def _earlier_only(shared: Counter[int]) -> bool:
        """The shared runs are few and all with earlier builds' documents (negative owners)."""
        return all(
            owner < 0 and runs <= NEAR_EARLIER_RELAXED
            for owner, runs in shared.items()
            if runs >= NEAR_DUPLICATE
        )

    def _fill_held_back(
        self, chosen: list[tuple[str, str, str]], count: int, accept: Callable[[str, str], bool]
    ) -> None:
        """As ``_fill``, from the documents held back, checked again against this build's documents."""
        for document in list(self.held_back):
            if len(chosen) == count:
                break
            if not accept(document[1], document[2]):
                continue
            self.held_back.remove(document)
            shingles = shingle_set(document[2])
            if self._earlier_only(Counter(self.owner[s] for s in shingles if s in self.owner)):
                self._keep(chosen, document, shingles)
