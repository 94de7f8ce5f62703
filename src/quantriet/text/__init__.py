"""Vietnamese text handling shared by the platform, the citation parser and the copy-check engine.

Pure: no Django, no app imports.
"""

from __future__ import annotations

from quantriet.text.collation import person_sort_key, sort_key
from quantriet.text.encoding import decode_text, decode_text_converting, detect_legacy_encoding
from quantriet.text.errors import ExtractionError
from quantriet.text.extract import ExtractedText, extract_text
from quantriet.text.garbled import LegacySuggestion, suggest_unicode
from quantriet.text.legacy import LEGACY_ENCODINGS, decode_legacy
from quantriet.text.measure import report_words, text_digest
from quantriet.text.normalize import clean_name, fold, normalize

__all__ = [
    "LEGACY_ENCODINGS",
    "ExtractedText",
    "ExtractionError",
    "LegacySuggestion",
    "clean_name",
    "decode_legacy",
    "decode_text",
    "decode_text_converting",
    "detect_legacy_encoding",
    "extract_text",
    "fold",
    "normalize",
    "person_sort_key",
    "report_words",
    "sort_key",
    "suggest_unicode",
    "text_digest",
]
