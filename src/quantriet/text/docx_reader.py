"""The text of a Word (.docx) document: body paragraphs in reading order, tables and text boxes included.

Headers and footers are left out on purpose: they repeat the same unit name and page numbers on
every report, which is noise for citation search and would look like copying to the copy check.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from quantriet.archives import ZIP_ERRORS, ArchiveRefused, ZipLimits, check_zip
from quantriet.text.errors import ExtractionError

# A .docx is a zip archive; a small upload can unpack to gigabytes (a "zip bomb"). Real reports,
# even with photographs, stay far below these.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 10_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAIN_CONTENT_TYPE = b"wordprocessingml.document.main"


def is_docx(data: bytes) -> bool:
    """Whether ``data`` is a zip archive holding a Word document (by content, not by name)."""
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return True
            # The main part may have another name; [Content_Types].xml says which type it is.
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= 1024 * 1024:
                    return _MAIN_CONTENT_TYPE in archive.read(info)
    except ZIP_ERRORS:  # an encrypted part raises RuntimeError, bad data zlib.error
        return False
    return False


def corrupt_docx() -> ExtractionError:
    return ExtractionError(
        "corrupt_docx",
        "Tệp Word (.docx) bị hỏng hoặc không phải tệp Word thật nên không đọc được; hãy mở tệp bằng "
        "Word, lưu lại thành .docx (hoặc xuất ra PDF) rồi gửi lại.",
        "The Word (.docx) file is damaged or is not really a Word file, so it cannot be read; please "
        "open it in Word, save it again as .docx (or export it to PDF) and send it again.",
    )


def _check_not_a_bomb(data: bytes) -> None:
    try:
        check_zip(io.BytesIO(data), ZipLimits(max_total=MAX_UNCOMPRESSED_BYTES, max_entries=MAX_ENTRIES))
    except ArchiveRefused as refused:
        if refused.reason == "corrupt":
            raise corrupt_docx() from refused
        raise ExtractionError(
            "corrupt_docx",
            "Tệp Word (.docx) khi giải nén lớn bất thường (quá 200 MB hoặc quá nhiều thành phần) nên "
            "không được mở; hãy lưu lại văn bản thành tệp .docx mới, bỏ bớt ảnh, rồi gửi lại.",
            "The Word (.docx) file unpacks to an abnormal size (over 200 MB or too many parts), so it "
            "was not opened; please save the text as a new .docx file without large images and send "
            "it again.",
        ) from refused


def _body_text(body: Any) -> str:
    """Walk the body XML in document order: one line per paragraph, wherever the paragraph sits.

    Written as an explicit walk rather than python-docx's paragraph/table objects because those
    skip content controls and text boxes, and repeat merged table cells.
    """
    lines: list[str] = []
    current: list[str] = []
    # (element, entering) pairs; iterative, so deeply nested tables cannot exhaust the stack.
    stack: list[tuple[Any, bool]] = [(body, True)]
    while stack:
        element, entering = stack.pop()
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        if not entering:
            # Leaving a paragraph ends its line (a text box's paragraphs sit inside another one).
            lines.append("".join(current))
            current = []
            continue
        if tag == _MC_FALLBACK:
            # Alternate content repeats the same text box for older Word versions; read it once.
            continue
        if tag == f"{_W}p":
            if current:
                lines.append("".join(current))
                current = []
            stack.append((element, False))
        elif tag == f"{_W}t":
            current.append(element.text or "")
            continue
        elif tag == f"{_W}tab":
            current.append("\t")
            continue
        elif tag in (f"{_W}br", f"{_W}cr"):
            current.append("\n")
            continue
        elif tag == f"{_W}noBreakHyphen":
            current.append("-")
            continue
        stack.extend((child, True) for child in reversed(element))
    if current:
        lines.append("".join(current))
    return "\n".join(lines)


def docx_text(data: bytes) -> str:
    """The text of the main body of a .docx file given as bytes.

    Raises:
        ExtractionError: ``corrupt_docx`` for a damaged archive, a missing document part or an
            archive that unpacks to more than :data:`MAX_UNCOMPRESSED_BYTES`.
    """
    import docx  # python-docx; imported here so plain-text callers do not pay for lxml

    _check_not_a_bomb(data)
    try:
        document = docx.Document(io.BytesIO(data))
        return _body_text(document.element.body)
    except ExtractionError:
        raise
    except Exception as error:
        # python-docx reports damage with whatever the layer below raised (KeyError for a missing
        # part, lxml's XMLSyntaxError, zipfile errors, ValueError for a foreign content type).
        raise corrupt_docx() from error
