"""Inside reported passages: which sentence matches which, for a person checking the evidence.

A passage whose sentences were put in another order is reported whole (``align.shuffled``), and a reader
comparing the two sides cannot see which sentence went where. Here the sentences of each passage that
still match one of the other side word for word along a diagonal (``align.shuffled.sentence_runs``) are
given as pairs of character ranges — only where they are out of order: a passage kept in order shows
its correspondence by itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from quantriet.copycheck.align.second_pass import _window_seeds
from quantriet.copycheck.align.seeds import _seeds
from quantriet.copycheck.align.shuffled import sentence_runs
from quantriet.copycheck.model import Options, Passage
from quantriet.copycheck.prepare import masked_ids
from quantriet.copycheck.tokens import token_words

__all__ = ["matched_sentences"]


def matched_sentences(
    a_text: str, b_text: str, passages: Sequence[Passage], options: Options | None = None
) -> tuple[tuple[Passage, ...], ...]:
    """For each of ``passages`` (of ``a_text`` against ``b_text``, as a ``Pair`` gives them), the stretches
    matched sentence by sentence, in the order of ``a_text``, as character ranges of the two texts; an
    empty tuple for a passage whose matches keep its order on both sides, or that has fewer than two.

    Example:
        >>> a = "Một hai ba bốn năm sáu bảy tám. Chín mười mươi một mươi hai mươi ba mươi bốn mươi lăm."
        >>> b = "Chín mười mươi một mươi hai mươi ba mươi bốn mươi lăm. Một hai ba bốn năm sáu bảy tám."
        >>> matched_sentences(a, b, [Passage(0, len(a), 0, len(b))])  # sentences too short to count
        ((),)
    """
    options = options or Options()
    a_ids, b_ids = masked_ids(a_text, options), masked_ids(b_text, options)
    a_word, a_starts, a_ends = token_words(a_text)
    b_word, b_starts, b_ends = token_words(b_text)
    a_first, a_last = a_starts[a_word], a_ends[a_word]  # each token's word, as character offsets
    b_first, b_last = b_starts[b_word], b_ends[b_word]
    result: list[tuple[Passage, ...]] = []
    for passage in passages:
        lo_a = int(np.searchsorted(a_first, passage.a_start, side="left"))
        hi_a = int(np.searchsorted(a_last, passage.a_end, side="right"))
        lo_b = int(np.searchsorted(b_first, passage.b_start, side="left"))
        hi_b = int(np.searchsorted(b_last, passage.b_end, side="right"))
        a, b = a_ids[lo_a:hi_a], b_ids[lo_b:hi_b]
        skip_a, skip_b = a == 0, b == 0
        seeds = _seeds(a, b, skip_a, skip_b, options.seed_ngram)
        runs = sentence_runs(_window_seeds(a, b, skip_a, skip_b, seeds, options.seed_ngram))
        b_order = [run[2] for run in runs]  # runs come in the order of ``a``
        if len(runs) < 2 or b_order == sorted(b_order):
            result.append(())
            continue
        result.append(
            tuple(
                Passage(
                    int(a_first[lo_a + run_lo_a]),
                    int(a_last[lo_a + run_hi_a - 1]),
                    int(b_first[lo_b + run_lo_b]),
                    int(b_last[lo_b + run_hi_b - 1]),
                )
                for run_lo_a, run_hi_a, run_lo_b, run_hi_b in runs
            )
        )
    return tuple(result)
