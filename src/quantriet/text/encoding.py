"""Bytes of a plain-text file to Unicode: UTF-8 or UTF-16/32 with a byte-order mark, nothing guessed.

Anything else is refused with a sentence the user can act on. Old Vietnamese files in TCVN3 (ABC),
VNI or Windows-1258 are recognised and named, because "save it as UTF-8" is only useful advice when
the user knows which font encoding their file is in. ``decode_text`` never converts on a guess: a
wrong guess silently corrupts every accented letter of a text that is then judged on it.
``decode_text_converting`` does convert, for callers that show the result to the person who sent
the file and tell them it was converted (the learning reports' confirmation step).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from quantriet.text.errors import ExtractionError
from quantriet.text.legacy import CP1258, TCVN3, VNI, decode_legacy
from quantriet.text.syllables import is_syllable

__all__ = ["decode_text", "decode_text_converting", "detect_legacy_encoding"]

_BOMS = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Enough of a file to judge its encoding; detection on 100 MB would add nothing but time.
_SAMPLE = 256 * 1024
# Control characters that text files do not contain (tab, line feed, vertical tab, form feed,
# carriage return and the DOS end-of-file mark are allowed).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
# Every byte but those of the control characters above (each is one byte in UTF-8, and no byte of a longer
# sequence is below 0x80): ``bytes.translate`` deleting these leaves the control bytes, in one pass in C,
# so the usual file, which has none, skips counting them with the regular expression.
_NOT_CONTROL_BYTES = bytes(code for code in range(0x100) if code >= 0x80 or not _CONTROLS.match(chr(code)))

# A run of bytes that may form a word in any of the legacy encodings (all high bytes included,
# since each encoding puts letters somewhere up there).
_BYTE_WORD = re.compile(rb"[A-Za-z\x80-\xff]+")
# Share of words with legacy bytes that must read as Vietnamese syllables to name an encoding.
_MIN_SYLLABLE_SHARE = 0.6


def _error_binary() -> ExtractionError:
    return ExtractionError(
        "binary",
        "Tệp này không phải văn bản thuần (có vẻ là tệp nhị phân: ảnh, chương trình hoặc tệp nén); "
        "hãy gửi tệp .txt, .docx hoặc .pdf có chữ.",
        "This file is not plain text (it looks like a binary file: an image, a program or an archive); "
        "please send a .txt, .docx or .pdf file with text.",
    )


def _error_legacy(encoding: str | None) -> ExtractionError:
    if encoding is None:
        return ExtractionError(
            "legacy_encoding",
            "Tệp văn bản không được mã hoá theo UTF-8 nên không đọc đúng được chữ tiếng Việt; "
            "hãy mở tệp và lưu lại với bảng mã Unicode (UTF-8) rồi gửi lại.",
            "The text file is not encoded in UTF-8, so its Vietnamese letters cannot be read reliably; "
            "please open it, save it again as Unicode (UTF-8) and send it again.",
        )
    return ExtractionError(
        "legacy_encoding",
        f"Tệp văn bản dùng bảng mã cũ {encoding}, không phải Unicode; hãy chuyển sang Unicode "
        "(ví dụ bằng chức năng chuyển mã của Unikey) và lưu lại với bảng mã UTF-8 rồi gửi lại.",
        f"The text file uses the legacy Vietnamese encoding {encoding}, not Unicode; please convert it "
        "to Unicode (for example with Unikey's converter), save it as UTF-8 and send it again.",
    )


def _strip_non_letters(word: str) -> str:
    # Quotes and dashes that an encoding maps into the high half stick to words; they are not
    # evidence for or against it.
    start, end = 0, len(word)
    while start < end and not unicodedata.category(word[start]).startswith(("L", "M")):
        start += 1
    while end > start and not unicodedata.category(word[end - 1]).startswith(("L", "M")):
        end -= 1
    return word[start:end]


def detect_legacy_encoding(data: bytes) -> str | None:
    """Name the legacy Vietnamese encoding ``data`` is written in, or None.

    Each candidate encoding (TCVN3 (ABC), VNI, Windows-1258) decodes every word that contains
    non-ASCII bytes; the encoding under which most of those words are well-formed Vietnamese
    syllables wins, provided it explains at least 60% of them. Valid UTF-8 is never legacy.

    Returns:
        "TCVN3 (ABC)", "VNI", "Windows-1258", or None when the bytes are UTF-8, plain ASCII or no
        Vietnamese encoding explains them.
    """
    sample = data[:_SAMPLE]
    try:
        # A cut in the middle of a UTF-8 sequence at the end of the sample is not evidence.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(data) <= _SAMPLE)
    except UnicodeDecodeError:
        pass
    else:
        return None
    words = [w for w in _BYTE_WORD.findall(sample) if max(w) >= 0x80]
    if not words:
        return None
    best: tuple[int, str] | None = None
    for encoding in (TCVN3, VNI, CP1258):
        valid = sum(
            1
            for word in words
            if (letters := _strip_non_letters(decode_legacy(word, encoding))) and is_syllable(letters)
        )
        if best is None or valid > best[0]:
            best = (valid, encoding)
    assert best is not None  # the loop ran
    valid, encoding = best
    return encoding if valid >= _MIN_SYLLABLE_SHARE * len(words) else None


def _check_not_binary(text: str) -> None:
    sample = text[:_SAMPLE]
    if "\x00" in sample or len(_CONTROLS.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise _error_binary()


def decode_text(data: bytes) -> str:
    """Decode the bytes of a plain-text file.

    UTF-8 (a leading byte-order mark is dropped) and UTF-16 or UTF-32 with a byte-order mark are
    accepted. Line endings and everything else are kept exactly as decoded, so character offsets
    into the result are offsets into the file's text.

    Raises:
        ExtractionError: ``binary`` for content that is not text (NUL bytes, control characters,
            undecodable UTF-16), ``legacy_encoding`` for anything else that is not UTF-8 (naming
            the encoding when it is a known Vietnamese one).
    """
    return _decode(data, convert_legacy=False)[0]


def decode_text_converting(data: bytes) -> tuple[str, str | None]:
    """Like :func:`decode_text`, but text in a recognised legacy encoding is converted to Unicode.

    Returns:
        The text and the name of the legacy encoding it was converted from (one of
        :data:`quantriet.text.legacy.LEGACY_ENCODINGS`), or None when the file was Unicode.

    Raises:
        ExtractionError: ``binary`` as for :func:`decode_text`; ``legacy_encoding`` only for bytes
            that are neither UTF-8 nor any known Vietnamese encoding.
    """
    return _decode(data, convert_legacy=True)


def _decode(data: bytes, *, convert_legacy: bool) -> tuple[str, str | None]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                # A byte-order mark on bytes that do not decode: not a text file at all (UTF-8
                # with a BOM is the exception: it is a text file in some other encoding).
                if codec != "utf-8":
                    raise _error_binary() from None
                break
            _check_not_binary(text)
            return text, None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in data[:_SAMPLE]:
            raise _error_binary() from None
        encoding = detect_legacy_encoding(data)
        if encoding is None:
            # Bytes that no text encoding explains, with control characters: binary after all.
            latin = data[:_SAMPLE].decode("latin-1")
            if len(_CONTROLS.findall(latin)) > _MAX_CONTROL_SHARE * len(latin):
                raise _error_binary() from None
        elif convert_legacy:
            # A UTF-8 byte-order mark in front of legacy bytes (an editor's "Save as UTF-8" that
            # changed nothing else) is not part of the text.
            converted = decode_legacy(data.removeprefix(codecs.BOM_UTF8), encoding)
            _check_not_binary(converted)
            return converted, encoding
        raise _error_legacy(encoding) from None
    if data.translate(None, _NOT_CONTROL_BYTES):  # no control byte anywhere: nothing to count
        _check_not_binary(text)
    return text, None
