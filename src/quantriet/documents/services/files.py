"""Reading an uploaded document file (DOCX, PDF, TXT) before anything is stored.

The text is extracted first (``quantriet.text.extract``); only a file that can be kept reaches the
storage. A scanned PDF without a text layer is kept, flagged, so the page can say it has no text;
every other failure is a Vietnamese message on the ``file`` field and nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from quantriet.text import clean_name
from quantriet.text.errors import ExtractionError
from quantriet.text.extract import extract_text


@dataclass(frozen=True)
class ReadFile:
    """An upload whose text has been read (or which is kept without text)."""

    data: bytes
    original_name: str
    stored_name: str  # a fresh name: what the user called the file never becomes a path
    kind: str
    text: str
    without_text: bool
    warnings: tuple[str, ...] = ()


ACCEPTED = {".docx": "docx", ".pdf": "pdf", ".txt": "txt"}  # suffix → what the content must be


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 50 * 1024 * 1024))


def too_large_message(size: int | None = None) -> str:
    limit = f"{max_bytes() / 1048576:g}".replace(".", ",")
    if size is None:
        return _(
            "Tệp quá lớn: mỗi tệp văn bản tối đa %(limit)s MB. Hãy nén lại tệp PDF (giảm độ phân giải ảnh) "
            "hoặc chỉ tải lên phần văn bản, rồi gửi lại."
        ) % {"limit": limit}
    return _(
        "Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB cho mỗi tệp văn bản. Hãy nén lại tệp PDF "
        "(giảm độ phân giải ảnh) hoặc chỉ tải lên phần văn bản, rồi gửi lại."
    ) % {"size": f"{size / 1048576:.1f}".replace(".", ","), "limit": limit}


def read_upload(data: bytes, filename: str) -> ReadFile:
    """Extract the text of an uploaded file, or raise ``ValidationError({"file": ...})``."""
    original = clean_name(PurePath(filename.replace("\\", "/")).name)[:200] or "van-ban"
    if len(data) > max_bytes():
        raise ValidationError({"file": too_large_message(len(data))})
    suffix = PurePath(original).suffix.lower()[:10]
    stored = f"{uuid.uuid4().hex}{suffix}"
    try:
        extracted = extract_text(data, original, max_bytes=max_bytes())
    except ExtractionError as error:
        if error.code == "no_text_layer" and suffix == ".pdf":
            return ReadFile(data, original, stored, "pdf", "", without_text=True)
        raise ValidationError({"file": error.message(get_language() or "vi")}) from None
    # Only the types the forms name, and only when the content is of that type: anything else read as
    # plain text (an .svg, an .html) would be stored and handed out again as the user's document.
    if suffix not in ACCEPTED:
        raise ValidationError(
            {
                "file": _(
                    "Chỉ nhận tệp .docx, .pdf hoặc .txt; tệp “%(name)s” không thuộc các loại này. Hãy lưu"
                    " văn bản thành .docx hoặc .pdf rồi gửi lại."
                )
                % {"name": original}
            }
        )
    if ACCEPTED[suffix] != extracted.kind:
        raise ValidationError(
            {
                "file": _(
                    "Tệp “%(name)s” mang đuôi %(suffix)s nhưng nội dung là tệp .%(kind)s; hãy đặt lại đúng "
                    "đuôi hoặc lưu lại đúng định dạng rồi gửi lại."
                )
                % {"name": original, "suffix": suffix, "kind": extracted.kind}
            }
        )
    return ReadFile(
        data,
        original,
        stored,
        extracted.kind,
        extracted.text,
        without_text=not extracted.text.strip(),
        warnings=tuple(extracted.warnings),
    )
