"""Code tables of the legacy Vietnamese 8-bit encodings still found in old office files.

Before Unicode, Vietnamese documents were typed in font-based encodings. Three are common enough to
meet in uploads today:

* **TCVN3 (ABC)**, TCVN 5712:1993 VN3, the ".VnTime" fonts: one byte per precomposed lower-case
  letter (capitals came from a second font, ".VnTimeH", with the same codes). "Cộng hoà" is stored
  as the bytes that Latin-1 shows as "Céng hoµ".
* **VNI (VNI-Windows)**, the "VNI-Times" fonts: an ASCII base letter followed by one byte carrying
  the marks, so "Cộng hòa" shows in Latin-1 as "Coäng hoøa".
* **Windows-1258**, Microsoft's code page: precomposed base letters (â, ê, ô, ơ, ư, ă, đ) followed by
  a combining tone byte; Python ships it as ``cp1258``.

The tables below are written from the published code charts and checked in the tests against text
as it is seen in the wild. They are used to *recognise* an encoding so the user can be told what to
do; :func:`decode_legacy` is offered for an explicit, user-confirmed conversion, never applied
silently.
"""

from __future__ import annotations

import unicodedata

TCVN3 = "TCVN3 (ABC)"
VNI = "VNI"
CP1258 = "Windows-1258"
LEGACY_ENCODINGS: tuple[str, ...] = (TCVN3, VNI, CP1258)

# TCVN3 (VN3): byte → lower-case precomposed letter (and the capitals without tone marks).
_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI-Windows: bytes after a base letter that carry its marks (lower-case font; the capitals' font
# uses the same marks 0x20 lower, handled below), as Unicode combining sequences.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    0xF9: _ACUTE, 0xF8: _GRAVE, 0xFB: _HOOK, 0xF5: _TILDE, 0xEF: _DOT,
    0xE2: _CIRC, 0xE1: _CIRC + _ACUTE, 0xE0: _CIRC + _GRAVE, 0xE5: _CIRC + _HOOK,
    0xE3: _CIRC + _TILDE, 0xE4: _CIRC + _DOT,
    0xEA: _BREVE, 0xE9: _BREVE + _ACUTE, 0xE8: _BREVE + _GRAVE, 0xFA: _BREVE + _HOOK,
    0xFC: _BREVE + _TILDE, 0xEB: _BREVE + _DOT,
}  # fmt: skip
# VNI letters that are one byte of their own: ơ, ư, đ and the i with its tones.
_VNI_LETTERS = {0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xEC: "ì", 0xED: "í", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị"}


def _vni_table() -> dict[int, str]:
    table = dict(_VNI_MARKS)
    table.update(_VNI_LETTERS)
    # The capitals' font (VNI-Times in upper case) puts the same things 0x20 lower.
    for code, marks in _VNI_MARKS.items():
        table[code - 0x20] = marks
    for code, letter in _VNI_LETTERS.items():
        table[code - 0x20] = letter.upper()
    return table


_VNI_TABLE = _vni_table()


def _decode_with(data: bytes, table: dict[int, str]) -> str:
    # Bytes outside the table are shown as Windows-1252 shows them (the fonts were used on Windows,
    # so curly quotes and dashes at 0x91-0x97 are what they look like); bytes cp1252 leaves undefined
    # become U+FFFD so they can never pass for letters.
    out = []
    for byte in data:
        mapped = table.get(byte)
        if mapped is None:
            mapped = bytes((byte,)).decode("cp1252", errors="replace")
        out.append(mapped)
    return unicodedata.normalize("NFC", "".join(out))


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode ``data`` from a legacy Vietnamese encoding named as in :data:`LEGACY_ENCODINGS` (NFC result).

    For an explicit conversion the user asked for; never call it on a guess.

    Raises:
        ValueError: ``encoding`` is not one of :data:`LEGACY_ENCODINGS`.
    """
    if encoding == TCVN3:
        return _decode_with(data, _TCVN3_LETTERS)
    if encoding == VNI:
        return _decode_with(data, _VNI_TABLE)
    if encoding == CP1258:
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {LEGACY_ENCODINGS}")
