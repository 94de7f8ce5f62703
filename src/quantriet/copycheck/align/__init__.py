"""Stage 3 of the copy check, per candidate pair: the copied passages, as character offsets.

Seeds are short n-grams the two documents share, minus those that touch base text or common material.
Seeds close to each other on *both* sides form one passage (their bounding boxes), so a copied passage
whose sentences were reordered, merged or split, or had words inserted, deleted or replaced, is still
one passage, while two unrelated shared phrases far apart stay apart. A passage must be long on both
sides and densely covered by seeds: a stock phrase or two do not make one. What heavy editing cut off a
passage found is then given back to it: short runs of seeds that continue it on both sides, and word
pairs shared just beyond its edges on its diagonal; alone, neither would be evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.align.bags import _grow_by_bags
from quantriet.copycheck.align.geometry import (
    _MERGE_GAP,
    U64,
    Box,
    _clear_of,
    _coverage,
    _merge_neighbours,
    _mostly_base,
    _union,
)
from quantriet.copycheck.align.passages import _passages
from quantriet.copycheck.align.second_pass import (
    _SECOND_DENSITY,
    _SECOND_GAP,
    _SECOND_MIN_SEEDS,
    _gather,
    _trim,
    _window_seeds,
)
from quantriet.copycheck.align.seeds import _own_runs, _seeds, excluded_tokens
from quantriet.copycheck.align.sentences import _SNAP, _sentence_starts, _to_sentences
from quantriet.copycheck.align.shuffled import shuffled_blocks
from quantriet.copycheck.model import Options, Pair, Passage
from quantriet.copycheck.prepare import Prepared
from quantriet.copycheck.tokens import token_words

__all__ = ["Found", "align", "excluded_tokens", "find", "token_passages"]


def token_passages(
    a: U64, b: U64, skip_a: npt.NDArray[np.bool_], skip_b: npt.NDArray[np.bool_], options: Options
) -> list[Box]:
    """Copied passages between token sequences ``a`` and ``b`` as token ranges, non-overlapping.

    Two passes: seeds of ``options.seed_ngram`` shared n-grams first; then, for what heavy editing left
    with too few shared n-grams, word seeds from stretches of the two documents that share many of
    their rarer words (``_window_seeds``), under the same rules of length, density and base text. A
    passage of the second pass is kept only clear of those of the first.
    """
    n = options.seed_ngram
    seeds = _seeds(a, b, skip_a, skip_b, n)
    # A passage needs ``min_passage_words`` tokens of ``a`` covered by its seeds: with fewer covered by
    # all of them (a pair sharing a phrase or two, most candidates that are no copy), there is none.
    long_enough = _covers(seeds, n, options.min_passage_words)
    boxes = _passages(seeds, n, a, b, skip_a, skip_b, options) if long_enough else []
    if not options.word_seeds:
        return boxes
    if boxes and len(seeds):
        # Nothing left for a second pass when (nearly) every seed lies in a passage found already: the
        # common case of a copy kept word for word, and the cheap one.
        outside = np.ones(len(seeds), dtype=bool)
        for lo_a, hi_a, lo_b, hi_b in boxes:
            outside &= ~(
                (seeds[:, 0] >= lo_a) & (seeds[:, 0] < hi_a) & (seeds[:, 1] >= lo_b) & (seeds[:, 1] < hi_b)
            )
        if outside.sum() < _SECOND_MIN_SEEDS:
            return boxes
    words = _window_seeds(a, b, skip_a, skip_b, seeds, n, options.min_passage_words)
    if len(words) == 0:
        return boxes
    # Blocks rest on word seeds, which are never base text, but may span some between their sentences:
    # held to the passages' rule on base text too.
    blocks = [
        block
        for block in shuffled_blocks(words, options.min_passage_words)
        if not _mostly_base(block, skip_a, skip_b, options)
    ]
    if blocks:
        return _with_blocks(_second_pass(boxes, words, a, b, skip_a, skip_b, options), blocks)
    return _second_pass(boxes, words, a, b, skip_a, skip_b, options)


def _with_blocks(boxes: list[Box], blocks: list[Box]) -> list[Box]:
    """``boxes`` with each shuffled block (``shuffled_blocks``) taking in the passages it overlaps."""
    for block in blocks:
        inside = [box for box in boxes if not _clear_of(box, [block])]
        for box in inside:
            block = _union(block, box)
        rest = [box for box in boxes if box not in inside]
        if _clear_of(block, rest):
            boxes = sorted([*rest, block])
    return boxes


def _second_pass(
    boxes: list[Box],
    words: npt.NDArray[np.int64],
    a: U64,
    b: U64,
    skip_a: npt.NDArray[np.bool_],
    skip_b: npt.NDArray[np.bool_],
    options: Options,
) -> list[Box]:
    second = replace(options, min_density=_SECOND_DENSITY, max_gap=_SECOND_GAP)
    more = _passages(words, 1, a, b, skip_a, skip_b, second)
    more = [trimmed for box in more if (trimmed := _trim(box, words, options)) is not None]
    # A passage of the second pass overlapping passages of the first is the same passage, less cut up:
    # it takes them in.
    grown: list[Box] = []
    for box in more:
        for other in boxes:
            if not _clear_of(box, [other]):
                box = _union(box, other)
        grown.append(box)
    if any(not _clear_of(box, grown[:k] + grown[k + 1 :]) for k, box in enumerate(grown)):
        grown = [box for box in more if _clear_of(box, boxes)]
    found = [box for box in boxes if _clear_of(box, grown)] + grown
    if any(not _clear_of(box, found[:k] + found[k + 1 :]) for k, box in enumerate(found)):
        found = boxes + [box for box in more if _clear_of(box, boxes)]
    if sorted(found) == sorted(boxes):
        return boxes
    return _gather(_merge_neighbours(sorted(found), _MERGE_GAP * options.max_gap))


def _covers(seeds: npt.NDArray[np.int64], n: int, tokens: int) -> bool:
    """Whether the ``n``-gram seeds cover at least ``tokens`` tokens of ``a`` in all."""
    return len(seeds) * n >= tokens and _coverage(seeds[:, 0], n) >= tokens


@dataclass(frozen=True)
class Found:
    """What ``find`` found between two token sequences: passages as token ranges (non-empty), and the
    tokens left out on each side (base text, common material)."""

    boxes: list[Box]
    skip_a: npt.NDArray[np.bool_]
    skip_b: npt.NDArray[np.bool_]


def find(
    a: U64,
    b: U64,
    base_hashes: U64 | None = None,
    options: Options | None = None,
    *,
    common: U64 | None = None,
) -> Found | None:
    """The passages copied between the token ids ``a`` and ``b`` (``Prepared.tokens``) as token ranges,
    or None when there are none: all ``align`` needs of the documents but their text, so a pair that is
    no copy (most candidates) is decided without reading the files again. Arguments as for ``align``."""
    options = options or Options()
    excluded = base_hashes if base_hashes is not None else np.zeros(0, dtype=np.uint64)
    skip_a = excluded_tokens(a, excluded, options.ngram)
    skip_b = excluded_tokens(b, excluded, options.ngram)
    if common is not None and len(common):
        common_a = excluded_tokens(a, common, options.ngram) & ~skip_a
        common_b = excluded_tokens(b, common, options.ngram) & ~skip_b
        if common_a.any() or common_b.any():
            _own_runs(a, b, skip_a, skip_b, common_a, common_b, options.seed_ngram)
            skip_a |= common_a
            skip_b |= common_b
    boxes = token_passages(a, b, skip_a, skip_b, options)
    return Found(boxes, skip_a, skip_b) if boxes else None


def align(
    a: Prepared,
    b: Prepared,
    base_hashes: U64 | None = None,
    options: Options | None = None,
    *,
    common: U64 | None = None,
    found: Found | None = None,
) -> Pair | None:
    """The passages copied between ``a`` and ``b``, or None when there are none.

    Args:
        a: a cohort document (the pair's ``a``; similarity is the share of its text covered).
        b: another cohort document or a reference.
        base_hashes: sorted ``options.ngram``-gram hashes no passage may rest on (base text, and common
            material too when given here).
        options: thresholds; the defaults when omitted.
        common: sorted ``options.ngram``-gram hashes of common material (``candidates.common``): no
            passage rests on them either, except where ``a`` and ``b`` share them inside one long run
            of their own text (``_own_runs``): a copy of a text written in stock phrases.
        found: ``find``'s result for these documents' tokens and the same arguments, when the caller
            has it already.
    """
    if found is None:
        found = find(a.tokens, b.tokens, base_hashes, options, common=common)
        if found is None:
            return None
    boxes = _grow_by_bags(found.boxes, a.tokens, b.tokens, found.skip_a, found.skip_b)
    # Passages are reported as whole whitespace-separated words: the quote before the first syllable and
    # the full stop after the last belong to the passage a reviewer reads.
    a_word, a_starts, a_ends = token_words(a.text)
    b_word, b_starts, b_ends = token_words(b.text)
    if _SNAP:
        boxes = _to_sentences(
            boxes, _sentence_starts(a.text, a_word, a_ends), _sentence_starts(b.text, b_word, b_ends)
        )
    passages = tuple(
        Passage(
            int(a_starts[a_word[lo_a]]),
            int(a_ends[a_word[hi_a - 1]]),
            int(b_starts[b_word[lo_b]]),
            int(b_ends[b_word[hi_b - 1]]),
        )
        for lo_a, hi_a, lo_b, hi_b in boxes
    )
    covered = sum(p.a_end - p.a_start for p in passages)
    return Pair(a.id, b.id, min(1.0, covered / a.chars) if a.chars else 0.0, passages)
