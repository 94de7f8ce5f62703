"""Decoding CSV files as Vietnamese offices save them.

Excel saves "CSV UTF-8" (with a byte-order mark), plain "CSV" in the machine's legacy code page
(Windows-1258 on a Vietnamese Windows), and "Unicode text" in UTF-16 with tabs. Older offices still
type in TCVN3 (ABC) or VNI fonts. We decode UTF-8 and UTF-16 ourselves; legacy files are refused
with a message naming the encoding they look like (``quantriet.text.detect_legacy_encoding``),
because a wrong guess would silently store mangled names in the party register.
"""

from __future__ import annotations

import codecs

from django.utils.translation import gettext as _

from quantriet.core.sheets.errors import ImportRejected, RowError
from quantriet.text import detect_legacy_encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no byte-order mark: ASCII text has a zero in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > half * 0.3 and even_zeros < half * 0.05:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros < half * 0.05:
        return "utf-16-be"
    return None


def _save_as_utf8_hint() -> str:
    return _(
        "Mở tệp bằng Excel, chọn Lưu thành (Save As) → kiểu “CSV UTF-8 (Comma delimited)”, rồi tải lên lại. "
        "Nếu tệp gõ bằng phông TCVN3 (.VnTime), hãy chuyển mã sang Unicode (ví dụ bằng Unikey) trước."
    )


def decode_csv(data: bytes) -> str:
    """The text of a CSV file, or ``ImportRejected`` naming the legacy encoding it appears to use."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_bom(data) or "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    legacy = None if encoding.startswith("utf-16") else detect_legacy_encoding(data)
    if encoding.startswith("utf-16"):
        message = _("Tệp có vẻ là văn bản Unicode (UTF-16) nhưng bị hỏng nên không đọc được.")
    elif legacy is not None:
        message = _(
            "Tệp CSV có vẻ được lưu theo bảng mã %(encoding)s, không phải Unicode UTF-8, "
            "nên chữ tiếng Việt sẽ bị sai."
        ) % {"encoding": legacy}
    else:
        message = _("Tệp CSV không được lưu theo bảng mã UTF-8 nên chữ tiếng Việt sẽ bị sai.")
    raise ImportRejected([RowError(row=None, column="", message=message, hint=_save_as_utf8_hint())])
