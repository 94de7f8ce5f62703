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

__all__ = ["batch_token_ids", "canonical", "token_ids", "token_spans", "token_words", "tokens"]

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
    if token.isascii():  # no look-alike, mark or tone to move (most new words: names, numbers)
        return token.lower()
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
        value = _piece_id(match.group())
        if value:
            ids.append(value)
    return tuple(ids)


def _piece_id(piece: str) -> int:
    """The id of one run of ``_PIECE`` (0 when it holds only marks)."""
    value = _piece_ids.get(piece)
    if value is None:
        # A new word is mostly a known syllable with punctuation around it ("quyết," "(Đảng"): its
        # pieces are canonicalised and hashed once, not once per word they occur in.
        if len(_piece_ids) >= _CACHE_LIMIT:
            _piece_ids.clear()
        form = canonical(piece)
        value = _piece_ids[piece] = _hash(form) if form else 0
    return value


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


# Every code point of the first plane, in order, in one string (decoded in C, no loop per code point):
# the tables of characters below are read off it with one regular-expression scan each, when this module
# is imported (a Python test per code point cost about 35 ms of every start).
_PLANE = np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _plane_table(pattern: re.Pattern[str]) -> npt.NDArray[np.bool_]:
    """Which code points of the first plane ``pattern`` (a class of characters, repeated) takes."""
    table = np.zeros(0x10000, dtype=bool)
    for run in pattern.finditer(_PLANE):
        table[run.start() : run.end()] = True
    return table


def _space_table() -> npt.NDArray[np.bool_]:
    """``str.isspace`` of every code point of the first plane (``\\s`` is that test; tested)."""
    return _plane_table(re.compile(r"\s+"))


_SPACE = _space_table()


def _word_bounds(text: str) -> tuple[I64, I64]:
    """Offsets where ``text.split()``'s words start and end (code points), without a Python loop per word."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
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

    What a passage's evidence needs (passages begin and end at whole words), found on code points in a few
    NumPy passes: the tokens of a word are the runs of ``_PIECE`` in it (``_piece_bounds``, on the lower-
    cased text as ``token_ids`` takes them) that hold a character ``canonical`` keeps — anything but the
    invisible characters it drops — so no word needs looking up.
    """
    # A line feed in front: no piece starts at 0 (``_piece_bounds``); offsets below are one too far.
    codes = np.frombuffer(("\n" + text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _WORD_KINDS.take(codes, mode="clip")
    if not (kinds & _CASE_CHANGES).any():
        # No character whose lower case changes where pieces are (nearly every text): everything is
        # read from one lookup of the text's own code points, as they are.
        space = (kinds & _SPACE_BIT) != 0
        solid = ~space[1:]
        starts: I64 = np.flatnonzero(solid & space[:-1])
        ends: I64 = np.flatnonzero(solid & np.append(space[2:], True)) + 1
        begins, piece_ends = _piece_bounds(codes, (kinds & _IN_PIECE) != 0)
        dropped = (kinds & _DROPPED_BIT) != 0
        word_begins = starts
    else:
        lowered = text.lower()
        codes = np.frombuffer(("\n" + lowered).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        starts, ends = _word_bounds(text)
        # Lower case never adds or removes white space, but may change a word's length ("İ" is "i̇"):
        # the words' order is the same, their offsets in ``text`` are taken from ``text``.
        word_begins = starts if len(lowered) == len(text) else _word_bounds(lowered)[0]
        begins, piece_ends = _piece_bounds(codes)
        dropped = _DROPPED.take(codes, mode="clip")
    kept = np.concatenate(([0], np.cumsum(~dropped, dtype=np.int64)))
    real = kept[piece_ends] > kept[begins]  # a piece of invisible characters only is no token
    word_of_token: I64 = np.searchsorted(word_begins, begins[real] - 1, side="right") - 1
    return word_of_token, starts, ends


def _dropped_table() -> npt.NDArray[np.bool_]:
    """The characters of the first plane ``canonical`` drops (``_LOOKALIKES`` maps them to nothing), and
    False after them (no character beyond the plane is dropped)."""
    table = np.zeros(0x10001, dtype=bool)
    table[[code for code, value in _LOOKALIKES.items() if value is None]] = True
    return table


_DROPPED = _dropped_table()


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` as written (for tests and explanations)."""
    starts, ends = token_spans(text)
    return [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]


# Known pieces (runs of ``_PIECE``, as written or lower-cased) keyed by a 64-bit hash of their code
# points, checked by their length and first and last code points (``_piece_keys``), for
# ``batch_token_ids``: an open-addressing table (a slot from the key's high bits, then the next slots),
# with the check and the piece's id alongside. A piece is found only when its key and its check both
# match: two pieces of ordinary text are confused only if they agree on 64 hashed bits and on those three
# (about one chance in 2**64; the table holds at most ``_CACHE_LIMIT``). Two long pieces crafted to
# collide, as a polynomial hash modulo 2**64 allows, would only share an id with each other: no text
# without them is affected. A piece not found goes the slow way, through ``_piece_id``, which gives the
# same id.
_KEY_P1 = np.uint64(0xD6E8FEB86659FD93)
_KEY_P2 = np.uint64(0x9E3779B97F4A7C15)
_table = {
    "keys": np.zeros(1 << 16, dtype=np.uint64),  # 0: an empty slot
    "checks": np.zeros(1 << 16, dtype=np.uint64),
    "ids": np.zeros(1 << 16, dtype=np.uint64),
}
_table_used = [0]
_INVERSE = np.uint64(pow(int(_KEY_P1), -1, 2**64))
_powers: list[U64] = [np.ones(1, dtype=np.uint64) for _ in range(2)]


def _power_tables(length: int) -> list[U64]:
    """``P1**k`` and its inverse's powers (mod 2**64), for k below ``length`` at least."""
    if len(_powers[0]) < length:
        size = max(length, min(2 * len(_powers[0]), _GROUP_CHARS + 1), 1024)  # a group at most
        for k, base in enumerate((_KEY_P1, _INVERSE)):
            table = np.full(size, base, dtype=np.uint64)
            table[0] = 1
            _powers[k] = np.cumprod(table, dtype=np.uint64)  # wraps modulo 2**64, as wanted
    return _powers


def _piece_keys(codes: npt.NDArray[np.uint32], begins: I64, ends: I64) -> tuple[U64, U64]:
    """A polynomial hash of each piece ``codes[begins[k]:ends[k]]`` (none empty, none at 0), mixed with
    its length: prefix sums of ``code * P**place`` over all of ``codes``, one difference per piece; and
    its check, the piece's length, first and last code points in one integer (no second pass)."""
    n = len(codes)
    powers, inverses = (table[:n] for table in _power_tables(n))
    lengths = (ends - begins).astype(np.uint64)
    last, before = ends - 1, begins - 1
    with np.errstate(over="ignore"):
        sums = np.multiply(codes, powers, dtype=np.uint64)
        np.cumsum(sums, out=sums)
        key = (sums[last] - sums[before]) * inverses[begins]
        key ^= lengths * _KEY_P2
        key ^= key >> np.uint64(29)  # high bits mixed (they choose a slot); a bijection: no new collisions
        key *= _KEY_P1
        key ^= key >> np.uint64(32)
    key[key == 0] = 1  # 0 marks an empty slot of the table
    # Code points take 21 bits; a group's pieces are shorter than 2**22.
    check = codes[begins].astype(np.uint64)
    check |= codes[last].astype(np.uint64) << np.uint64(21)
    check |= lengths << np.uint64(42)
    return key, check


def _slots(keys: U64, size: int) -> I64:
    return (keys >> np.uint64(64 - size.bit_length() + 1)).astype(np.int64)


def _insert(keys: U64, checks: U64, ids: U64) -> None:
    """Put pieces in the table, each in the first free slot from its own on (linear probing); a piece
    found on the way is there already and left as it is. All pieces probe at once: of those reaching
    one free slot in a round the first takes it and the others probe on, so every piece lies past
    occupied slots only, as when they went in one by one, and ``_look_up`` finds it the same way."""
    table_keys, table_checks, table_ids = _table["keys"], _table["checks"], _table["ids"]
    mask = len(table_keys) - 1
    slots = _slots(keys, len(table_keys))
    pending = np.arange(len(keys), dtype=np.int64)
    while len(pending):
        at = slots[pending]
        free = np.flatnonzero(table_keys[at] == 0)
        _, first = np.unique(at[free], return_index=True)
        takers = free[first]
        rows = pending[takers]
        table_keys[at[takers]], table_checks[at[takers]], table_ids[at[takers]] = (
            keys[rows],
            checks[rows],
            ids[rows],
        )
        _table_used[0] += len(rows)
        placed = (table_keys[at] == keys[pending]) & (table_checks[at] == checks[pending])
        pending = pending[~placed]
        slots[pending] = (slots[pending] + 1) & mask


def _remember(keys: U64, checks: U64, ids: U64) -> None:
    """Add pieces (their keys, checks and ids) to the table of known pieces."""
    size = len(_table["keys"])
    if _table_used[0] + len(ids) > _CACHE_LIMIT:
        for name in _table:
            _table[name][:] = 0
        _table_used[0] = 0
    while 2 * (_table_used[0] + len(ids)) > size:  # at most half full: short probes
        size *= 2
    if size != len(_table["keys"]):
        old = _table["keys"] != 0
        moved = [_table[name][old] for name in ("keys", "checks", "ids")]
        for name in _table:
            _table[name] = np.zeros(size, dtype=np.uint64)
        _table_used[0] = 0
        _insert(*moved)
    _insert(keys, checks, ids)


def _look_up(keys: U64, checks: U64) -> tuple[npt.NDArray[np.bool_], U64]:
    """Which of the pieces with ``keys`` and ``checks`` the table knows, and their ids (0 if not)."""
    table_keys, table_checks, table_ids = _table["keys"], _table["checks"], _table["ids"]
    mask = len(table_keys) - 1
    slots = _slots(keys, len(table_keys))
    # The first probe, of every piece (most are found there: the table is at most half full), on whole
    # arrays; the few that go on probe the next slots.
    there = table_keys[slots]
    known = (there == keys) & (table_checks[slots] == checks)
    ids = table_ids[slots]
    ids[~known] = 0
    pending = np.flatnonzero(~known & (there != 0))
    while len(pending):
        at = slots[pending] = (slots[pending] + 1) & mask
        there = table_keys[at]
        hit = (there == keys[pending]) & (table_checks[at] == checks[pending])
        known[pending[hit]] = True
        ids[pending[hit]] = table_ids[at[hit]]
        pending = pending[~hit & (there != 0)]
    return known, ids


def batch_token_ids(texts: list[str]) -> list[U64]:
    """``[token_ids(text) for text in texts]``, identical, computed for many texts at once.

    The pieces of the texts (runs of ``_PIECE``: ``token_ids`` takes the same ones out of each word) are
    found and hashed on their code points in a few NumPy passes and looked up in a table of known pieces
    (one probe per piece, not a dictionary lookup of a new Python string); only pieces not in the table
    go through ``_piece_id`` one by one. Texts go in groups of at
    most ``_GROUP_CHARS`` code points (the tables of powers are that long); a longer text alone goes
    through ``token_ids``.
    """
    result: list[U64] = []
    group: list[str] = []
    size = 0
    for text in texts:
        if size + len(text) + 1 > _GROUP_CHARS and group:
            result += _group_token_ids(group)
            group, size = [], 0
        if len(text) + 1 >= _GROUP_CHARS:
            result.append(token_ids(text))
            continue
        group.append(text)
        size += len(text) + 1
    if group:
        result += _group_token_ids(group)
    return result


_GROUP_CHARS = 1 << 19


def _group_token_ids(texts: list[str]) -> list[U64]:
    # White space before and between the texts: no piece spans two texts, and none starts at 0.
    joined = "\n" + "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _CHAR_KINDS.take(codes, mode="clip")
    if kinds.max(initial=0) <= _IN_PIECE:
        # No character whose lower case changes where pieces are or what they hold (nearly every text):
        # the pieces are those of the lower-cased text, in their own case, and the table and
        # ``_piece_id`` (which lower-cases) give them the same ids; lower-casing is left out.
        lengths = [len(text) for text in texts]
        begins, ends = _piece_bounds(codes, kinds.view(np.bool_))
    else:
        lowered = [text.lower() for text in texts]
        lengths = [len(text) for text in lowered]
        joined = "\n" + "\n".join(lowered)
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        begins, ends = _piece_bounds(codes)
    if not len(begins):
        return [np.zeros(0, dtype=np.uint64) for _ in texts]
    keys, checks = _piece_keys(codes, begins, ends)
    known, ids = _look_up(keys, checks)
    others = np.flatnonzero(~known)
    if len(others):
        # Pieces the table does not know yet, each asked once (one may occur many times in a group);
        # two different pieces under one key (``same`` false) go their own way.
        _, first, back = np.unique(keys[others], return_index=True, return_inverse=True)
        same = checks[others[first]][back] == checks[others]
        new = np.concatenate((others[first], others[~same]))
        values = np.array(
            [_piece_id(joined[b:e]) for b, e in zip(begins[new].tolist(), ends[new].tolist(), strict=True)],
            dtype=np.uint64,
        )
        ids[others] = values[back]
        ids[others[~same]] = values[len(first) :]
        _remember(keys[new], checks[new], values)
    real = ids != 0  # pieces of marks only are no token
    text_starts = np.cumsum([1] + [length + 1 for length in lengths[:-1]], dtype=np.int64)
    token_starts = np.searchsorted(begins[real], text_starts, side="left").tolist()
    flat = ids[real]
    token_ends = [*token_starts[1:], len(flat)]
    return [flat[s:e] for s, e in zip(token_starts, token_ends, strict=True)]


def _piece_table() -> npt.NDArray[np.bool_]:
    """Which code points of the first plane ``_PIECE`` takes (never white space), and False after them:
    built once, when this module is imported, so worker processes forked afterwards have it."""
    inside = np.append(_plane_table(_PIECE) & ~_SPACE, False)
    return inside


_PIECE_CHARS = _piece_table()
_IN_PIECE, _CASE_CHANGES = 1, 2
# The code points whose lower case could move a piece's bounds or change a piece other than character by
# character: İ (its lower case is two characters) and Σ (its lower case depends on its neighbours). A
# test derives them from Python's Unicode tables (tests/copycheck/test_tokens.py), not every start.
_CASE_CHANGING = (0x130, 0x3A3)


def _char_kinds() -> npt.NDArray[np.uint8]:
    """Per code point of the first plane: ``_IN_PIECE`` when ``_PIECE`` takes it, ``_CASE_CHANGES`` for
    ``_CASE_CHANGING``; beyond the plane (the last entry), ``_CASE_CHANGES``."""
    kinds = _PIECE_CHARS.astype(np.uint8)
    kinds[list(_CASE_CHANGING)] = _CASE_CHANGES
    kinds[0x10000] = _CASE_CHANGES
    return kinds


_CHAR_KINDS = _char_kinds()
_SPACE_BIT, _DROPPED_BIT = 4, 8


def _word_kinds() -> npt.NDArray[np.uint8]:
    """``_char_kinds`` with ``_SPACE_BIT`` for white space and ``_DROPPED_BIT`` for the characters
    ``canonical`` drops: what ``token_words`` needs of a character, in one lookup."""
    kinds = _CHAR_KINDS.copy()
    kinds[:0x10000][_SPACE] |= _SPACE_BIT
    kinds[_DROPPED] |= _DROPPED_BIT
    return kinds


_WORD_KINDS = _word_kinds()


def _piece_bounds(
    codes: npt.NDArray[np.uint32], inside: npt.NDArray[np.bool_] | None = None
) -> tuple[I64, I64]:
    """Where the runs of ``_PIECE`` in the code points ``codes`` (the first not one) start and end;
    ``inside``: which of them ``_PIECE`` takes, when the caller knows already (no character beyond the
    first plane)."""
    if inside is None:
        inside = _PIECE_CHARS.take(codes, mode="clip")
        beyond = np.flatnonzero(codes > 0xFFFF)
        if len(beyond):  # beyond the first plane (rare): each such character asked of ``_PIECE`` itself
            inside[beyond] = [_PIECE.fullmatch(chr(code)) is not None for code in codes[beyond].tolist()]
    change = np.flatnonzero(inside[1:] != inside[:-1]) + 1  # the first of each run
    begins: I64 = change[inside[change]]
    ends: I64 = change[~inside[change]]
    if inside[-1]:
        ends = np.append(ends, len(codes))
    return begins, ends
