"""Measures of a report's text: its length in words ("chữ") and the digest printed on its receipt."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["report_words", "text_digest"]

_LINE_ENDINGS = re.compile(r"\r\n?")


def report_words(text: str) -> int:
    """The length of a text in words, as Vietnamese length rules count "chữ" (one per syllable).

    A word is a run of characters between white space that holds at least one letter or digit:
    "Nghị quyết 35-NQ/TW" is 3, a lone dash or bullet is none. Vietnamese writes each syllable
    apart, so this counts syllables, which is what "bài viết tối thiểu 1.500 chữ" means.

    Example:
        >>> report_words("Chi bộ  học tập – quán triệt Nghị quyết 35-NQ/TW.")
        9
    """
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def text_digest(text: str) -> str:
    """The receipt digest of a submitted text: SHA-256, 64 lower-case hexadecimal digits.

    Computed on the text normalised so that the same words give the same digest whichever
    browser, system or editor they came through:

    - Unicode NFC (precomposed "ộ" and "o" + combining marks are the same letter);
    - line endings "\\r\\n" and "\\r" as "\\n";
    - white space at the end of every line, and blank lines at the end, removed.

    Everything else (letters' case, inner spacing, punctuation, leading white space) counts, so two
    texts with the same digest are the same text as a reader sees it. The digest is of UTF-8 bytes.

    Example:
        >>> text_digest("Đảng\\r\\n") == text_digest("Đảng")
        True
    """
    normalised = _LINE_ENDINGS.sub("\n", unicodedata.normalize("NFC", text))
    lines = "\n".join(line.rstrip() for line in normalised.split("\n")).rstrip()
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()
