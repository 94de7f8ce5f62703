"""The fast path for plain UTF-8 text files gives exactly what the full check gives, on every input.

``decode_text`` counts control characters with a regular expression only when the bytes hold one (one
pass of ``bytes.translate`` in C finds out); the usual .txt has none. Whatever the bytes, the text or the
refusal must be the one the count on every file gives (``always_counting``).
"""

from __future__ import annotations

import codecs
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.text import ExtractionError, decode_text, encoding
from quantriet.text.encoding import _SAMPLE
from tests.text.files import SAMPLE_VI


def outcome(decode: object, data: bytes) -> tuple[str, str]:
    """("text", the text) or ("refused", the error's code and message)."""
    assert callable(decode)
    try:
        return "text", decode(data)
    except ExtractionError as error:
        return "refused", f"{error.code}: {error.message_vi}"


def always_counting(data: bytes) -> str:
    """``decode_text`` as it was before the fast path: control characters counted in every file (no byte
    is taken as "not a control", so every non-empty file is counted)."""
    with mock.patch.object(encoding, "_NOT_CONTROL_BYTES", b""):
        return decode_text(data)


ODD_INPUTS = [
    b"",
    SAMPLE_VI.encode(),
    (SAMPLE_VI + "\r\nDòng hai.\r\n").encode(),  # CRLF kept
    codecs.BOM_UTF8 + SAMPLE_VI.encode(),
    codecs.BOM_UTF16_LE + SAMPLE_VI.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + SAMPLE_VI.encode("utf-16-be"),
    codecs.BOM_UTF32_LE + SAMPLE_VI.encode("utf-32-le"),
    codecs.BOM_UTF32_BE + SAMPLE_VI.encode("utf-32-be"),
    codecs.BOM_UTF16_LE + b"\x00\xd8",  # a lone surrogate after a BOM: binary
    SAMPLE_VI.encode() + b"\x00",  # NUL: binary
    b"\x00" + SAMPLE_VI.encode(),
    SAMPLE_VI.encode() + b"\x01",  # one control character in a long text: still text
    b"ab\x01\x02",  # mostly control characters: binary
    SAMPLE_VI.encode() + b"\x1a",  # the DOS end-of-file mark is allowed
    SAMPLE_VI.encode() + b"\x7f",
    SAMPLE_VI.encode() + "\u0085\u009f".encode(),  # C1 controls are not counted
    SAMPLE_VI.encode() + b"\xff",  # invalid UTF-8
    SAMPLE_VI.encode()[:-1],  # cut in the middle of a letter
    "Tôi tên là Lê Văn Đông, quê Tân An".encode("cp1258"),  # legacy encoding: named in the advice
    b"\xef\xbb",  # half a byte-order mark
    b"\xfe\xff",  # a UTF-16 BE mark and nothing else
    b"\xff\xfe\x00\x00",  # a UTF-32 LE mark and nothing else
    b"\t\n\x0b\x0c\r",  # allowed white space only
    ("ạ" * (_SAMPLE + 10)).encode(),  # more than the sample decode_text looks at
    ("ạ" * _SAMPLE + "\x00").encode(),  # NUL beyond the sample: decode_text does not see it
    ("ạ" * (_SAMPLE - 2) + "\x01\x02\x03").encode(),  # controls only at the end of the sample
]


@pytest.mark.parametrize("data", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_odd_inputs_give_what_decode_text_gives(data: bytes) -> None:
    assert outcome(decode_text, data) == outcome(always_counting, data)


_PIECES = st.sampled_from(
    [
        "Nghị quyết ",
        "hoá ",
        "\r\n",
        "\x00",
        "\x01",
        "\x1a",
        "\x7f",
        "\t",
        "\ufeff",
        "\u0085",
        "đ",
        "a",
        " ",
    ]
).map(str.encode) | st.binary(min_size=1, max_size=3)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(b"".join))
def test_any_bytes_give_what_decode_text_gives(data: bytes) -> None:
    assert outcome(decode_text, data) == outcome(always_counting, data)
