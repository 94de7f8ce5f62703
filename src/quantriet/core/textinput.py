"""Text typed or uploaded by users, made safe to store and to write anywhere: the one cleaner.

Every path text enters by goes through ``clean_text``: Django form fields (``quantriet.core.apps``
installs it under every CharField), the JSON API's text reader, the spreadsheet importers and JSON
check-in. It removes what no person means to type and what breaks a writer further on:
- C0/C1 control characters (U+0001 makes openpyxl and python-docx refuse the whole export; NUL makes
  PostgreSQL refuse the row), keeping tab and line breaks only where the field is multi-line;
- lone surrogates, which no UTF-8 encoder accepts;
- invisible format characters (zero-width spaces and joiners, bidi overrides, BOM, soft hyphen), so a
  name of only zero-width characters is empty and "required" says so, and "Nguyễn\u200b" is "Nguyễn".
It composes to NFC, so "Nguyễn" typed with combining marks equals the stored one.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "has_unsafe_characters"]

_FORMAT = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_FORMAT}]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_FORMAT}]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` in NFC without control, surrogate or invisible format characters.

    In a single-line value tabs and line breaks become spaces (a name pasted from a spreadsheet keeps its
    words apart); in a multi-line one CRLF and CR become LF.
    """
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = _MULTI_LINE.sub("", value)
    else:
        value = _SINGLE_LINE.sub(lambda m: " " if m.group() in "\t\n\r" else "", value)
    return unicodedata.normalize("NFC", value)


def has_unsafe_characters(value: str, *, multiline: bool = False) -> bool:
    """Whether ``clean_text`` would remove anything (other than normalising to NFC)."""
    pattern = _MULTI_LINE if multiline else _SINGLE_LINE
    return pattern.search(value) is not None
