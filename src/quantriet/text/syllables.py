"""Is a word a well-formed Vietnamese syllable? Used to recognise legacy encodings by their output.

Text in one encoding read through another's table gives accented letters in impossible places
("Coọng", "hoứa", a tone on the wrong vowel as in "bơị"), so spelling rules tell the encodings apart.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_syllable"]

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# The vowel groups Vietnamese spelling has (tone marks removed).
_NUCLEI_TEXT = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
)
_NUCLEI = _NUCLEI_TEXT.split()
_SYLLABLE = re.compile(
    r"(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
    rf"(?P<nucleus>{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
    r"(?P<coda>ch|nh|ng|[cmnpt])?"
)
# Groups that end in a glide or in the a of ia/ua/ưa take no final consonant ("oic" is no word);
# others need one ("ăn", "tiên", "muốn").
_OPEN_ONLY_TEXT = (
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu iêu oai oao oay oeo uây uôi uya uyu ươi ươu yêu"
)
_OPEN_ONLY = frozenset(_OPEN_ONLY_TEXT.split())
_CLOSED_ONLY_TEXT = "ă â iê oă uâ uô ươ yê uyê"
_CLOSED_ONLY = frozenset(_CLOSED_ONLY_TEXT.split())
_MARKED_VOWELS = frozenset("ăâêôơư")
# Groups whose tone both spellings in use place differently: "hòa"/"hoà", "thủy"/"thuỷ".
_EITHER_STYLE = frozenset({"oa", "oe", "uy"})


def _tone_position_is_valid(nucleus: str, position: int, has_coda: bool) -> bool:
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        return position == marked[-1]  # "người": on ơ; "muốn": on ô
    if len(nucleus) == 1:
        return position == 0
    if len(nucleus) == 3:
        return position == 1  # "ngoài", "khuỷu"
    if has_coda:
        return position == 1  # "toán", "huỳnh"
    return position == 0 or (nucleus in _EITHER_STYLE and position == 1)


def is_syllable(word: str) -> bool:
    """Whether ``word`` (letters only, any case) is spelled as a Vietnamese syllable, tone included."""
    letters = unicodedata.normalize("NFC", word.lower())
    bare: list[str] = []
    tone_at: int | None = None
    for index, ch in enumerate(letters):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = sum(mark in _TONES for mark in decomposed)
        if tones:
            if tone_at is not None or tones > 1:
                return False
            tone_at = index
        stripped = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        if len(stripped) != 1:  # a stray combining mark that composes with nothing
            return False
        bare.append(stripped)
    match = _SYLLABLE.fullmatch("".join(bare))
    if match is None:
        return False
    nucleus, has_coda = match["nucleus"], match["coda"] is not None
    if (nucleus in _OPEN_ONLY and has_coda) or (nucleus in _CLOSED_ONLY and not has_coda):
        return False
    if tone_at is None:
        return True
    start, end = match.span("nucleus")
    return start <= tone_at < end and _tone_position_is_valid(nucleus, tone_at - start, has_coda)
