"""Passages stretched to whole sentences when both sides left out the same first or last words."""

from __future__ import annotations

import numpy as np

from quantriet.copycheck.align.geometry import I64, Box, _neighbours
from quantriet.copycheck.align.passages import _EDGE_SLACK

# A passage starting or ending this many tokens into a sentence (or fewer) takes in the whole sentence.
_SNAP = 8


_STOPS = frozenset(".!?…;:")
# Whether a code point is one of ``_STOPS``: a table up to the largest of them, and False after it (where
# ``take`` clips every larger code point).
_IS_STOP = np.zeros(max(map(ord, _STOPS)) + 2, dtype=bool)
_IS_STOP[[ord(stop) for stop in _STOPS]] = True


def _sentence_starts(text: str, word_of_token: I64, word_ends: I64) -> I64:
    """Token indices where a sentence starts (the first token, and each after a full stop), and the
    number of tokens at the end."""
    if len(word_of_token) == 0:
        return np.zeros(1, dtype=np.int64)
    # The last character of each word (words are never empty), looked up on the text's code points.
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    stops = _IS_STOP.take(codes[word_ends - 1], mode="clip")
    new_word = np.concatenate(([True], word_of_token[1:] != word_of_token[:-1]))
    after_stop = np.concatenate(([True], stops[word_of_token[:-1]])) & new_word
    return np.append(np.flatnonzero(after_stop), len(word_of_token)).astype(np.int64)


def _to_sentences(boxes: list[Box], starts_a: I64, starts_b: I64) -> list[Box]:
    """Passages stretched to the sentence they start or end a few tokens into, on both sides alike.

    Heavy editing of a copied sentence's first or last words leaves no seed there, so a passage found
    starts (or ends) a few words into the sentence on both sides; copying is done sentence by sentence,
    and the reviewer reads whole sentences. An edge moves only when it moves on both sides by about the
    same number of tokens (the same words left out of the passage); a passage never grows over another.
    """
    result = list(boxes)
    # A box's edges move by ``_SNAP`` tokens at most: boxes further apart than twice that cannot meet.
    for k, near in enumerate(_neighbours(boxes, 2 * _SNAP + 1)):
        box = result[k]
        others = [result[j] for j in near]
        lo_a, hi_a = _snapped(box[0], box[1], starts_a, [(o[0], o[1]) for o in others])
        lo_b, hi_b = _snapped(box[2], box[3], starts_b, [(o[2], o[3]) for o in others])
        if not _alike(box[0] - lo_a, box[2] - lo_b):
            lo_a, lo_b = box[0], box[2]
        if not _alike(hi_a - box[1], hi_b - box[3]):
            hi_a, hi_b = box[1], box[3]
        result[k] = (lo_a, hi_a, lo_b, hi_b)
    return result


def _alike(moved_a: int, moved_b: int) -> bool:
    return moved_a > 0 and moved_b > 0 and abs(moved_a - moved_b) <= _EDGE_SLACK


def _snapped(lo: int, hi: int, starts: I64, others: list[tuple[int, int]]) -> tuple[int, int]:
    """``lo``..``hi`` stretched to the starts of sentences at most ``_SNAP`` tokens away, when it
    already covers more than half of the sentence it would take in."""
    first = int(np.searchsorted(starts, lo, side="right")) - 1
    before, following = int(starts[first]), int(starts[min(first + 1, len(starts) - 1)])
    last = int(np.searchsorted(starts, hi, side="left"))
    after, previous = int(starts[min(last, len(starts) - 1)]), int(starts[max(last - 1, 0)])
    new_lo = before if 0 < lo - before <= min(_SNAP, (following - before) / 2) else lo
    new_hi = after if 0 < after - hi <= min(_SNAP, (after - previous) / 2) else hi
    if any(o_lo < lo and o_hi > new_lo for o_lo, o_hi in others):
        new_lo = lo
    if any(o_hi > hi and o_lo < new_hi for o_lo, o_hi in others):
        new_hi = hi
    return new_lo, new_hi
