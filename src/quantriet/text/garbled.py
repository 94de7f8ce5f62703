"""Short text typed in a legacy Vietnamese font, as it arrives in a form or a spreadsheet cell.

A name typed with the ".VnTime" font in an old Excel file reaches us as Unicode that shows the
font's bytes as Windows-1252 letters: "NguyÔn V¨n Tr­êng" for "Nguyễn Văn Trường". Such text is
recognised by putting the characters back into their bytes and asking the same detector the text
files go through (:func:`quantriet.text.encoding.detect_legacy_encoding`). The result is only a
suggestion for a person to accept; it is never applied silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from quantriet.text.encoding import detect_legacy_encoding
from quantriet.text.legacy import decode_legacy
from quantriet.text.syllables import is_syllable

__all__ = ["LegacySuggestion", "suggest_unicode"]

_WORD = re.compile(r"\S+")
_ASCII_PUNCTUATION = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())
# Longer values are not names or short fields; they go through the file converters instead.
_MAX_LENGTH = 2000


@dataclass(frozen=True)
class LegacySuggestion:
    """What ``original`` reads as once converted from ``encoding`` (one of ``LEGACY_ENCODINGS``)."""

    original: str
    converted: str
    encoding: str


def _as_bytes(value: str) -> bytes | None:
    # Windows-1252 is how Excel and browsers turned the font's bytes into characters; the bytes it
    # leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come through as the C1 controls of Latin-1.
    out = bytearray()
    for ch in value:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if "\x80" <= ch <= "\x9f":
                out.append(ord(ch))
            else:
                return None  # a letter no legacy font produces (ư, ộ, đ…): Unicode text
    return bytes(out)


def _reads_as_vietnamese(value: str) -> bool:
    """Every word with a letter beyond ASCII is a well-formed syllable ("Lê Hà" is Unicode already)."""
    for word in _WORD.findall(value):
        # Only ASCII punctuation around a word is punctuation; "§", "¨", "¶" are a font's letters.
        word = word.strip(_ASCII_PUNCTUATION)
        if word.isascii():
            continue
        if not all(unicodedata.category(ch).startswith(("L", "M")) for ch in word) or not is_syllable(word):
            return False
    return True


def suggest_unicode(value: str) -> LegacySuggestion | None:
    """The Unicode text ``value`` stands for if it was typed in a legacy font, or None.

    None for ASCII, for text with letters no legacy font produces, for text that already reads as
    Vietnamese, and for text no legacy encoding explains.
    """
    if not value or len(value) > _MAX_LENGTH or value.isascii():
        return None
    data = _as_bytes(value)
    if data is None or _reads_as_vietnamese(value):
        return None
    encoding = detect_legacy_encoding(data)
    if encoding is None:
        return None
    converted = decode_legacy(data, encoding)
    if converted == unicodedata.normalize("NFC", value) or "\ufffd" in converted:
        return None
    if not _reads_as_vietnamese(converted):
        return None
    return LegacySuggestion(original=value, converted=converted, encoding=encoding)
