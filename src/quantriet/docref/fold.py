"""Bringing text to the form the patterns expect, while keeping a way back to the original offsets."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Icelandic eth (Ð U+00D0, ð U+00F0) is typed for Vietnamese Đ/đ: the glyphs look the same. One code point
# for one, so offsets do not move.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def fold_eth(text: str) -> str:
    """Replace Ð/ð (eth) by Đ/đ."""
    if "\u00d0" in text or "\u00f0" in text:
        return text.translate(_ETH)
    return text


@dataclass(frozen=True, slots=True)
class Folded:
    """Text in NFC with eth folded, plus offset maps back to the original when lengths differ.

    ``starts[i]``/``ends[i]`` are the original offsets of the first code point and one past the last code
    point of the cluster that produced ``text[i]``. Both are ``None`` when offsets are identical.
    """

    text: str
    starts: list[int] | None
    ends: list[int] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of ``text[start:end]`` (``end > start``)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold(text: str) -> Folded:
    """Fold eth and compose decomposed diacritics (NFD input) without losing original offsets."""
    text = fold_eth(text)
    if unicodedata.is_normalized("NFC", text):  # the usual case: one fast C pass, no copy
        return Folded(text, None, None)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        # A cluster is a base character with the combining marks after it; composing cluster by cluster
        # keeps each output character tied to a known stretch of the input.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        parts.append(composed)
        starts.extend([i] * len(composed))
        ends.extend([j] * len(composed))
        i = j
    return Folded("".join(parts), starts, ends)
