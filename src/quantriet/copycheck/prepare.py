"""Stage 1 of the copy check, per document: token ids and n-gram fingerprints.

Independent per document, so runners spread it over processes or a cluster; the result is small
(NumPy arrays) and picklable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.model import Document, Options
from quantriet.copycheck.tokens import token_ids, token_spans

__all__ = [
    "LINK_FANOUT",
    "LINK_MAX",
    "LINK_MIN",
    "Prepared",
    "fingerprint",
    "gram_hashes",
    "link_hashes",
    "link_value",
    "masked_ids",
    "prepare",
    "quoted_ranges",
]

U64 = npt.NDArray[np.uint64]
I32 = npt.NDArray[np.int32]

_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_NO_TOKENS = np.zeros(0, dtype=np.uint64)
_NO_PARTS = np.zeros((0, 2), dtype=np.int32)
# Links join fingerprints this many tokens apart (see ``link_hashes``) ...
LINK_MIN, LINK_MAX = 6, 50
# ... each fingerprint with this many of the next ones: edits that add or lose a fingerprint in between
# still leave a link in common.
LINK_FANOUT = 3
# One link in this many is kept.
LINK_SAMPLE = 2
_QUOTED = re.compile(r"“[^”]{1,3000}”|\"[^\"]{1,3000}\"|«[^»]{1,3000}»|„[^“”]{1,3000}[“”]")


@dataclass(frozen=True)
class Prepared:
    """A document ready for comparison.

    Attributes:
        id: the document's id.
        role: ``"cohort"``, ``"reference"`` or ``"base"``.
        chars: length of the original text in code points.
        text: the original text (offsets of passages are computed from it); may be empty when a runner
            ships the result back and the caller still holds the text.
        tokens: canonical token ids; 0 marks a token left out (inside quotation marks).
        grams: the document's fingerprints, sorted: the distinct ``options.ngram``-gram hashes whose value
            is a multiple of ``options.sample_mod`` (all of them for base text).
        positions: where each of ``grams`` first occurs (token index); the candidate search uses them
            to tell one long shared passage from a few short phrases scattered over two documents.
    """

    id: str
    role: str
    chars: int
    text: str
    tokens: U64
    grams: U64
    positions: I32
    links: U64 = field(default_factory=lambda: _NO_TOKENS)
    link_parts: I32 = field(default_factory=lambda: _NO_PARTS)


def link_value(first: U64, second: U64) -> U64:
    """The hash of links from fingerprints ``first`` to ``second`` (element-wise)."""
    with np.errstate(over="ignore"):
        value = first * _MULT
        value ^= second
        value ^= value >> np.uint64(31)
        value *= _MIX1
        value ^= value >> np.uint64(29)
    return value


def link_hashes(grams: U64, positions: I32) -> tuple[U64, I32]:
    """Hashes of *links*: two fingerprints ``LINK_MIN``..``LINK_MAX`` tokens apart (each with the next
    ``LINK_FANOUT`` such partners), and the indices into ``grams`` of the two parts of each link.

    Two documents sharing a link share two fingerprints at about the same distance: a stretch of at
    least ``LINK_MIN`` tokens in common, longer than the short phrases everyone writes. The candidate
    search needs nothing else, and a link is one hash, so finding the pairs that share one is a sort of
    a flat array, not a sort of every pair of documents that share some phrase.
    """
    if len(grams) < 2:
        return _NO_TOKENS, _NO_PARTS
    order = np.argsort(positions, kind="stable")
    places = positions[order].astype(np.int64)
    first = np.searchsorted(places, places + LINK_MIN, side="left")
    rows: list[npt.NDArray[np.int64]] = []
    partners: list[npt.NDArray[np.int64]] = []
    for step in range(LINK_FANOUT):
        other = first + step
        ok = other < len(places)
        ok[ok] &= places[other[ok]] - places[ok] <= LINK_MAX
        rows.append(np.flatnonzero(ok))
        partners.append(other[ok])
    left, right = order[np.concatenate(rows)], order[np.concatenate(partners)]
    value = link_value(grams[left], grams[right])
    # Links are sampled like fingerprints (a hash decides, so the same links in every document): a
    # copied passage has dozens of links, and the candidate search sorts a quarter as many.
    kept = value % np.uint64(LINK_SAMPLE) == 0
    parts = np.stack((left[kept], right[kept]), axis=1).astype(np.int32)
    return value[kept], parts


def gram_hashes(tokens: U64, n: int) -> U64:
    """Hashes of every run of ``n`` tokens (position k covers tokens k..k+n-1); 0 where a token is masked."""
    count = len(tokens) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        value = tokens[:count].copy()
        for offset in range(1, n):
            value *= _MULT
            value ^= tokens[offset : offset + count]
        value ^= value >> np.uint64(31)
        value *= _MIX1
        value ^= value >> np.uint64(29)
        value *= _MIX2
        value ^= value >> np.uint64(32)
    value[value == 0] = 1  # 0 is reserved for "masked"
    masked = tokens == 0
    if masked.any():
        inside = np.concatenate(([0], np.cumsum(masked, dtype=np.int64)))
        value[(inside[n : n + count] - inside[:count]) > 0] = 0
    return value


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of text inside quotation marks, the marks included."""
    return [match.span() for match in _QUOTED.finditer(text)]


def masked_ids(text: str, options: Options, ids: U64 | None = None) -> U64:
    """Token ids of ``text``, with 0 for the tokens left out (quoted text, when ``ignore_quotes``).

    ``ids``: ``token_ids(text)`` when the caller has it already (``batch_token_ids``).
    """
    if ids is None:
        ids = token_ids(text)
    if options.ignore_quotes:
        ranges = quoted_ranges(text)
        if ranges:
            starts, _ = token_spans(text)
            bounds = np.array(ranges, dtype=np.int64)
            # a token is quoted when it starts inside a quoted range
            where = np.searchsorted(bounds[:, 0], starts, side="right") - 1
            inside = (where >= 0) & (starts < bounds[np.maximum(where, 0), 1])
            ids = ids.copy()
            ids[inside] = 0
    return ids


def prepare(document: Document, options: Options | None = None) -> Prepared:
    """Tokens and fingerprints of ``document``.

    Example:
        >>> p = prepare(Document("a", "Xây dựng Đảng trong sạch, vững mạnh."), Options(ngram=3, seed_ngram=3))
        >>> len(p.tokens), len(p.grams) < 5  # 5 three-grams, about one in two kept as fingerprints
        (7, True)
    """
    options = options or Options()
    ids = masked_ids(document.text, options)
    every = gram_hashes(ids, options.ngram)
    places = np.arange(len(every), dtype=np.int32)
    if document.role != "base":
        # Fingerprints are a sample, the same in every document (a hash decides), so two documents
        # sharing a passage share about one n-gram in ``sample_mod`` of it; base text keeps all of its
        # n-grams because it is subtracted wherever it occurs.
        kept = every % np.uint64(options.sample_mod) == 0
        every, places = every[kept], places[kept]
    grams, first = np.unique(every, return_index=True)
    if len(grams) and grams[0] == 0:  # masked n-grams (quoted text) are no fingerprint
        grams, first = grams[1:], first[1:]
    return Prepared(document.id, document.role, len(document.text), document.text, ids, grams, places[first])


def fingerprint(document: Document, options: Options | None = None) -> Prepared:
    """``prepare`` without the text and tokens: what the candidate search needs, small enough to gather
    for millions of documents in one process (the aligning stage prepares the few candidates again)."""
    prepared = prepare(document, options)
    if document.role == "base":
        return replace(prepared, text="", tokens=_NO_TOKENS)
    links, parts = link_hashes(prepared.grams, prepared.positions)
    return replace(prepared, text="", tokens=_NO_TOKENS, links=links, link_parts=parts)
