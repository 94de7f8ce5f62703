"""JSON from a request body: the one parser every JSON endpoint uses.

``json.loads`` recurses once per nesting level, so a body of 100,000 "[" raises RecursionError (a 500)
instead of ValueError; later code that walks the value would recurse as deeply. The depth is checked on
the raw text first, so nothing deeper than ``max_depth`` is ever built. Lone surrogates ("\\ud800") are
refused too: they cannot be stored in PostgreSQL nor written to a spreadsheet.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_DEPTH", "JsonBodyError", "loads"]

MAX_DEPTH = 32

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class JsonBodyError(ValueError):
    """The body is not JSON this platform accepts; ``reason`` is "malformed", "too_deep" or "encoding"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _depth(raw: bytes) -> int:
    deepest = depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_surrogates(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise JsonBodyError("encoding")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in ``raw``; raises JsonBodyError, never RecursionError or UnicodeDecodeError."""
    if isinstance(raw, str):
        try:
            raw = raw.encode("utf-8")
        except UnicodeEncodeError:
            raise JsonBodyError("encoding") from None
    if _depth(raw) > max_depth:
        raise JsonBodyError("too_deep")
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise JsonBodyError("encoding") from None
    except (ValueError, RecursionError):
        raise JsonBodyError("malformed") from None
    _no_surrogates(value)
    return value
