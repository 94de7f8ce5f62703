"""Vietnamese syllables as stable 64-bit ids, with their offsets in the original text.

A token is a run of letters, digits and combining marks inside a whitespace-separated word, so
punctuation, quotes and dashes only separate tokens. Each token's *canonical* form makes look-alike
spellings equal: NFC, Ð/ð typed for Đ/đ, zero-width characters dropped, lower case, and the tone mark
taken off the vowel and put at the end ("hoá", "hóa" and "HOÁ" are one token, as are "thuỷ" and
"thủy"). Its id is a BLAKE2b hash of that form, identical in every process and on every machine.

Speed: tokens are computed per distinct whitespace-separated word, once per process (a cache), and a
document is turned into ids with C-level ``str.split`` and ``map``; per-token Python work only happens
for the few documents whose passages are located (``token_spans``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from itertools import chain

import numpy as np
import numpy.typing as npt

__all__ = ["canonical", "token_ids", "token_spans", "token_words", "tokens"]

U64 = npt.NDArray[np.uint64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

_PIECE = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff])+")
_WORD = re.compile(r"\S+")
_TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0111",
        "\u00f0": "\u0111",
        "\u0189": "\u0111",
        "\u0110": "\u0111",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u0340": "\u0300",  # the deprecated tone-mark duplicates some keyboards still emit
        "\u0341": "\u0301",
    }
)
# Distinct words seen by this process. Bounded: a corpus with millions of distinct words (numbers,
# codes) must not grow a worker without limit; clearing costs only recomputation.
_CACHE_LIMIT = 2_000_000
_single: dict[str, int] = {}  # the words that make exactly one token: the fast path
_multi: dict[str, tuple[int, ...]] = {}  # the words that make none or several
_spans: dict[str, tuple[int, ...]] = {}  # word -> start, end, start, end... within it
_piece_ids: dict[str, int] = {}  # a token as written -> its id (0: no token, only marks)


def canonical(token: str) -> str:
    """The form two spellings of one syllable share: ``canonical("HOÁ") == canonical("hóa")``."""
    text = unicodedata.normalize("NFD", token.lower().translate(_LOOKALIKES))
    tone = ""
    for mark in _TONES:
        if mark in text:
            tone = mark  # a syllable has one tone; a second one is a typo and is dropped with it
            text = text.replace(mark, "")
    return unicodedata.normalize("NFC", text) + tone


def _hash(form: str) -> int:
    value = int.from_bytes(hashlib.blake2b(form.encode("utf-8"), digest_size=8).digest(), "little")
    return value or 1  # 0 marks a masked token


def _word_ids(word: str) -> tuple[int, ...]:
    ids: list[int] = []
    for match in _PIECE.finditer(word):
        piece = match.group()
        value = _piece_ids.get(piece)
        if value is None:
            # A new word is mostly a known syllable with punctuation around it ("quyết," "(Đảng"): its
            # pieces are canonicalised and hashed once, not once per word they occur in.
            if len(_piece_ids) >= _CACHE_LIMIT:
                _piece_ids.clear()
            form = canonical(piece)
            value = _piece_ids[piece] = _hash(form) if form else 0
        if value:
            ids.append(value)
    return tuple(ids)


def _learn(words: set[str]) -> None:
    """Put each of ``words`` in ``_single`` (one token) or ``_multi`` (none, or several)."""
    if len(_single) + len(words) > _CACHE_LIMIT:
        _single.clear()
    if len(_multi) + len(words) > _CACHE_LIMIT:
        _multi.clear()
    for word in words:
        ids = _word_ids(word)
        if len(ids) == 1:
            _single[word] = ids[0]
        else:
            _multi[word] = ids


def token_ids(text: str) -> U64:
    """The canonical ids of ``text``'s tokens, in order (uint64)."""
    # Lower case first (ids ignore case anyway): fewer distinct words to learn and keep.
    words = text.lower().split()
    # Fast path: nearly every word is one syllable seen before, so one dict lookup per word in C.
    found = list(map(_single.get, words))
    if None not in found:
        return np.fromiter(found, dtype=np.uint64, count=len(found))
    # Words not learned yet, and words of no or several tokens ("–", "15/2023/NĐ-CP"): spliced in where
    # ``found`` has None, found by list.index (a search in C), not by a Python loop over every word.
    ids: list[int] = []
    start = 0
    while True:
        try:
            at = found.index(None, start)
        except ValueError:
            ids += found[start:]  # type: ignore[arg-type]  # no None left
            break
        ids += found[start:at]  # type: ignore[arg-type]
        ids += _ids_of(words[at])
        start = at + 1
    return np.fromiter(ids, dtype=np.uint64, count=len(ids))


def _ids_of(word: str) -> tuple[int, ...]:
    """The ids of a word ``_single`` does not hold: one of no or several tokens, or one not learned yet."""
    ids = _multi.get(word)
    if ids is None:
        single = _single.get(word)  # learned since (the word occurs twice in the text)
        if single is not None:
            return (single,)
        _learn({word})
        ids = _multi.get(word)
        if ids is None:
            return (_single[word],)
    return ids


def _word_spans(word: str) -> tuple[int, ...]:
    spans: list[int] = []
    for piece in _PIECE.finditer(word):
        if canonical(piece.group()):
            spans += (piece.start(), piece.end())
    if len(_spans) >= _CACHE_LIMIT:
        _spans.clear()
    result = _spans[word] = tuple(spans)
    return result


def _space_table() -> npt.NDArray[np.bool_]:
    return np.array([chr(code).isspace() for code in range(0x10000)], dtype=bool)


_SPACE = _space_table()


def _word_bounds(text: str) -> tuple[I64, I64]:
    """Offsets where ``text.split()``'s words start and end (code points), without a Python loop per word."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    space = np.zeros(len(codes), dtype=bool)
    small = codes < 0x10000
    space[small] = _SPACE[codes[small]]  # nothing beyond the first plane is white space
    solid = ~space
    begins: I64 = np.flatnonzero(solid & np.concatenate(([True], space[:-1])))
    ends: I64 = np.flatnonzero(solid & np.concatenate((space[1:], [True]))) + 1
    return begins, ends


def _word_starts(text: str) -> I64:
    """Offsets where ``text.split()``'s words start (code points)."""
    return _word_bounds(text)[0]


def token_spans(text: str) -> tuple[I32, I32]:
    """Start and end offsets of ``text``'s tokens (the same tokens as ``token_ids``)."""
    words = text.split()
    if not all(map(_spans.__contains__, words)):
        for word in set(words).difference(_spans):
            _word_spans(word)
    found: list[tuple[int, ...]] = list(map(_spans.__getitem__, words))
    counts = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=int(counts.sum()))
    flat += np.repeat(_word_starts(text), counts)
    return flat[0::2].astype(np.int32), flat[1::2].astype(np.int32)


def token_words(text: str) -> tuple[I64, I64, I64]:
    """For each token, the whitespace-separated word it is in; and each word's start and end offsets.

    What a passage's evidence needs (passages begin and end at whole words), at the cost of a split and
    a few NumPy passes: most words are one syllable, whose token is the word itself.
    """
    lowered = text.lower().split()
    found = list(map(_single.get, lowered))
    word_of_token = np.arange(len(lowered), dtype=np.int64)
    if None in found:
        # The few words that are not one token: their number of tokens, found by list.index (in C).
        counts = np.ones(len(lowered), dtype=np.int64)
        at = 0
        while True:
            try:
                at = found.index(None, at)
            except ValueError:
                break
            counts[at] = len(_ids_of(lowered[at]))
            at += 1
        word_of_token = np.repeat(word_of_token, counts)
    starts, ends = _word_bounds(text)
    return word_of_token, starts, ends


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` as written (for tests and explanations)."""
    starts, ends = token_spans(text)
    return [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
