"""Normalisation of Vietnamese text as people actually type it.

Real input mixes composed and decomposed diacritics (NFC/NFD), the Icelandic eth Ð (U+00D0) typed
for Đ (U+0110), non-breaking and zero-width spaces. ``normalize`` fixes those without changing what
the text says; ``fold`` goes further and removes diacritics and case, for accent-insensitive search
("nguyen van a" finds "Nguyễn Văn A").
"""

from __future__ import annotations

import re
import unicodedata

# Characters that look alike in Vietnamese text but are different code points.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð (eth) typed for Đ
        "\u00f0": "\u0111",  # ð typed for đ
        "\u0189": "\u0110",  # Ɖ (African D) typed for Đ
        "\u00a0": " ",  # non-breaking space
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": "",  # zero-width space
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
    }
)
_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def normalize(text: str) -> str:
    """Return ``text`` in NFC with look-alike letters and odd spaces replaced; length may change."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).translate(_LOOKALIKES))


def clean_name(text: str) -> str:
    """A person's or a unit's name as it should be stored: normalised, single spaces, trimmed."""
    return _SPACES.sub(" ", normalize(text)).strip()


def fold(text: str) -> str:
    """Lower-case ASCII-ish form for accent-insensitive matching: "Nguyễn Văn Ả" → "nguyen van a"."""
    decomposed = unicodedata.normalize("NFD", normalize(text).translate(_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
