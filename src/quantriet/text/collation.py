"""Vietnamese alphabetical order as a plain digit string that any database sorts correctly.

Databases sort Vietnamese poorly (PostgreSQL's collations differ by machine, SQLite compares bytes),
so we store a sort key made only of ASCII digits: every letter of the Vietnamese alphabet becomes a
two-digit code in alphabet order (a < ă < â < b < ... < đ < e < ê ...), words are separated by "00"
(so "An" sorts before "Anh"), and tones come last as a tie-breaker, in the traditional order
(none, huyền, hỏi, ngã, sắc, nặng). Digits compare the same way under every collation.

People are listed by given name first, as party registers are: "Trần Văn Bình" sorts under B.
"""

from __future__ import annotations

import unicodedata

from quantriet.text.normalize import normalize

_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_CODES = {ch: f"{i + 10:02d}" for i, ch in enumerate(_ALPHABET)}
_WORD_SEPARATOR = "00"
# Combining marks that carry a tone, in traditional order; the rest (breve, circumflex, horn) are letters.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _letters_and_tones(word: str) -> tuple[str, str]:
    letters: list[str] = []
    tone = "0"
    for cluster in unicodedata.normalize("NFD", word.lower()):
        if cluster in _TONES:
            tone = _TONES[cluster]
            continue
        letters.append(cluster)
    base = unicodedata.normalize("NFC", "".join(letters))
    return "".join(_CODES.get(ch, "") for ch in base), tone


def _key(words: list[str]) -> str:
    primary: list[str] = []
    tones: list[str] = []
    for word in words:
        letters, tone = _letters_and_tones(word)
        if letters:
            primary.append(letters)
            tones.append(tone)
    return _WORD_SEPARATOR.join(primary) + _WORD_SEPARATOR + _WORD_SEPARATOR + "".join(tones)


def sort_key(text: str) -> str:
    """Sort key for a name read left to right (units, documents)."""
    return _key(normalize(text).split())


def person_sort_key(full_name: str) -> str:
    """Sort key for a Vietnamese personal name: given name, then family name, then middle names."""
    words = normalize(full_name).split()
    if len(words) < 2:
        return _key(words)
    return _key([words[-1], words[0], *words[1:-1]])
