"""Text from an uploaded file (.txt, .docx, .odt, .pdf), or an error that tells the sender what to do.

The type is decided by the content (magic bytes), with the file name as a cross-check: people
rename files, and a ".docx" that is really an old ".doc" deserves advice, not a stack trace. The
text is returned as it is in the file; normalisation is a separate step (``quantriet.text.normalize``),
so offsets into ``ExtractedText.text`` stay offsets into the file's own text.
"""

from __future__ import annotations

from dataclasses import dataclass

from quantriet.text.docx_reader import corrupt_docx, encrypted_docx, is_docx, read_docx
from quantriet.text.encoding import decode_text, decode_text_converting
from quantriet.text.errors import ExtractionError
from quantriet.text.legacy import TCVN3
from quantriet.text.odt_reader import ODT_MIMETYPE, corrupt_odt, odt_text, opendocument_mimetype
from quantriet.text.pdf_reader import corrupt_pdf, pdf_text

__all__ = ["ExtractedText", "extract_text", "file_suffix"]


@dataclass(frozen=True)
class ExtractedText:
    """The text of a file.

    Attributes:
        text: the Unicode text as decoded; for .txt exactly the decoded file (BOM dropped, line
            endings untouched); for .docx one line per paragraph; for .pdf the pages' text layers
            separated by a blank line; for .odt one line per paragraph or heading.
        kind: "txt", "docx", "odt" or "pdf".
        pages: the number of pages of a PDF, else None.
        warnings: Vietnamese sentences about text that could not be read (e.g. PDF pages without
            text) or that was converted and should be checked.
        converted_from: the legacy Vietnamese encoding the text was converted from (one of
            :data:`quantriet.text.legacy.LEGACY_ENCODINGS`: "TCVN3 (ABC)", "VNI", and for .txt
            "Windows-1258"), or None when the file was in Unicode.
    """

    text: str
    kind: str
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    converted_from: str | None = None


_PDF_MAGIC = b"%PDF-"
# The PDF specification lets a header sit anywhere in the first kilobyte (after mail headers, say).
_PDF_HEADER_WINDOW = 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt before 2007
_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")

# Names that are never read as plain text even when their content decodes as text (a .doc saved
# as HTML, a CSV export of a spreadsheet): their markup would pass for the report's words.
_OFFICE_EXTENSIONS = frozenset(
    {".doc", ".dot", ".xls", ".xlsx", ".xlsm", ".ppt", ".pptx", ".rtf", ".wps", ".wpd"}
)
_OTHER_UNSUPPORTED = frozenset(
    {".ods", ".odp", ".pages", ".hwp", ".htm", ".html", ".xml", ".zip", ".rar", ".7z", ".gz", ".epub"}
    | {".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".webp"}
)


# Programs: Windows (MZ, checked with the NUL bytes every DOS header has, since a text may start with
# the letters "MZ"), Linux (ELF) and macOS (Mach-O, 32 and 64 bits).
_ELF_MACHO_MAGICS = (
    b"\x7fELF",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xfe\xed\xfa\xcf",
    b"\xfe\xed\xfa\xce",
)
# An Office file protected by a password is an OLE2 file holding the encrypted package (MS-OFFCRYPTO).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _is_executable(data: bytes) -> bool:
    return data.startswith(_ELF_MACHO_MAGICS) or (data.startswith(b"MZ") and b"\x00" in data[:64])


def _executable(extension: str) -> ExtractionError:
    shown = f" dù mang đuôi {extension}" if extension else ""
    shown_en = f" although it is named {extension}" if extension else ""
    return ExtractionError(
        "executable",
        f"Tệp này là một chương trình máy tính (tệp chạy được){shown}, không phải văn bản, nên không "
        "được mở; hãy kiểm tra lại và gửi đúng tệp bài viết (.docx, .odt, .pdf có chữ hoặc .txt).",
        f"This file is a computer program (an executable){shown_en}, not a document, so it was not "
        "opened; please check it and send the right file (.docx, .odt, .pdf with text or .txt).",
    )


def _converted_warning(encoding: str) -> str:
    return (
        f"Văn bản được viết bằng bảng mã cũ {encoding} và đã được tự động chuyển sang Unicode; hãy đọc "
        "lại, nhất là các chữ có dấu, trước khi nộp."
    )


def _legacy_docx(encoding: str) -> ExtractionError:
    font = ".VnTime" if encoding == TCVN3 else "VNI-Times"
    return ExtractionError(
        "legacy_encoding",
        f"Tệp Word được gõ bằng phông chữ cũ (bảng mã {encoding}, phông {font}…), không phải Unicode; "
        "hãy chuyển sang Unicode (ví dụ bằng chức năng chuyển mã của Unikey), lưu lại rồi gửi lại.",
        f"The Word file is typed in legacy fonts (the {encoding} encoding, {font}…), not Unicode; "
        "please convert it to Unicode (for example with Unikey's converter), save it and send it again.",
    )


def _megabytes(size: int) -> str:
    value = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return value.replace(".", ",")  # Vietnamese decimal comma


def _too_large(size: int, limit: int) -> ExtractionError:
    return ExtractionError(
        "too_large",
        f"Tệp có dung lượng {_megabytes(size)} MB, vượt quá giới hạn {_megabytes(limit)} MB; hãy chia "
        "nhỏ tệp hoặc bỏ bớt ảnh rồi gửi lại.",
        f"The file is {_megabytes(size).replace(',', '.')} MB, over the limit of "
        f"{_megabytes(limit).replace(',', '.')} MB; please split it or remove images and send it again.",
    )


def _empty() -> ExtractionError:
    return ExtractionError(
        "empty",
        "Tệp không có nội dung (trống hoặc chỉ có khoảng trắng); hãy kiểm tra lại và gửi tệp có nội dung.",
        "The file has no content (it is empty or holds only white space); please check it and send a "
        "file with content.",
    )


def _unsupported(kind: str, extension: str) -> ExtractionError:
    if kind == "office":
        return ExtractionError(
            "unsupported_type",
            "Tệp ở định dạng Office đời cũ hoặc khác Word (.doc, .xls, .rtf…) nên chưa đọc được; hãy mở "
            "bằng Word, chọn Lưu thành (Save As) định dạng .docx rồi gửi lại.",
            "The file is in an old or non-Word Office format (.doc, .xls, .rtf…) that cannot be read; "
            "please open it in Word, use Save As to save it as .docx and send it again.",
        )
    if kind == "image":
        return ExtractionError(
            "unsupported_type",
            "Tệp là ảnh, không có lớp chữ nên không lấy được nội dung; hãy gửi bản có chữ (.docx, .pdf, "
            ".txt) hoặc nhận dạng chữ (OCR) trước.",
            "The file is an image without a text layer, so its content cannot be read; please send a "
            "version with text (.docx, .pdf, .txt) or run text recognition (OCR) on it first.",
        )
    shown = f" {extension}" if extension else ""
    return ExtractionError(
        "unsupported_type",
        f"Chưa đọc được chữ từ loại tệp{shown} này; hãy lưu văn bản thành tệp .docx, .pdf (có chữ) "
        "hoặc .txt (UTF-8) rồi gửi lại.",
        f"Text cannot be read from this file type{shown}; please save the document as .docx, .pdf "
        "(with text) or .txt (UTF-8) and send it again.",
    )


def _sniff(data: bytes, extension: str) -> str:
    """What the content is: "pdf", "docx", "odt", "zip", "executable", "encrypted_office", "office",
    "image" or "text"."""
    if _is_executable(data):
        return "executable"
    # A header later in the first kilobyte counts only for a .pdf: a text file may quote "%PDF-".
    if data.startswith(_PDF_MAGIC) or (extension == ".pdf" and _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]):
        return "pdf"
    # Zip's local-file (or empty-archive) signature, not just "PK": a text file may begin with those letters.
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if is_docx(data):
            return "docx"
        mimetype = opendocument_mimetype(data)
        # A template (.ott) and a master document (.odm) hold their text the same way.
        return "odt" if mimetype and mimetype.startswith(ODT_MIMETYPE) else "zip"
    if data.startswith(_OLE2_MAGIC) and _ENCRYPTED_PACKAGE in data:
        return "encrypted_office"
    if data.startswith(_OLE2_MAGIC) or data.startswith(b"{\\rtf"):
        return "office"
    if data.startswith(_IMAGE_MAGICS):
        return "image"
    return "text"


def _page_warning(empty_pages: tuple[int, ...]) -> str:
    shown = ", ".join(str(page) for page in empty_pages[:20]) + (", …" if len(empty_pages) > 20 else "")
    noun, these = ("Trang", "trang này") if len(empty_pages) == 1 else ("Các trang", "các trang này")
    return (
        f"{noun} {shown} không có lớp chữ (có thể là trang scan) nên nội dung {these} không được lấy; "
        "nếu cần, hãy nhận dạng chữ (OCR) rồi gửi lại."
    )


def file_suffix(filename: str) -> str:
    """``PurePath(filename).suffix`` (the last component's extension, "" for none), found without building
    a path object: a few microseconds of every file a copy check of 100,000 reports reads."""
    for name in reversed(filename.split("/")):
        if name and name != ".":
            dot = name.rfind(".")
            return name[dot:] if 0 < dot < len(name) - 1 else ""
    return ""


def extract_text(
    data: bytes, filename: str, *, max_bytes: int | None = None, convert_legacy: bool = False
) -> ExtractedText:
    """Read the text of an uploaded file.

    Args:
        data: the file's bytes.
        filename: the name it was uploaded under; its extension is checked against the content.
        max_bytes: refuse larger files before parsing anything.
        convert_legacy: convert text in a legacy Vietnamese encoding (a .txt in TCVN3, VNI or
            Windows-1258; a .docx typed in the ".VnTime" or "VNI-Times" fonts) to Unicode, naming
            it in ``converted_from`` and in a warning. Only for callers that show the result to
            the sender before it counts (a wrong guess would change every accented letter);
            without it such a file is refused with ``legacy_encoding`` and advice.

    Returns:
        The text, the kind of file, the PDF page count, warnings about unreadable or converted
        parts and the legacy encoding converted from.

    Raises:
        ExtractionError: with ``code`` one of ``too_large``, ``empty``, ``unsupported_type``,
            ``binary``, ``executable``, ``legacy_encoding``, ``corrupt_docx``, ``encrypted_docx``,
            ``archive_too_large``, ``corrupt_odt``, ``encrypted_odt``, ``corrupt_pdf``,
            ``encrypted_pdf``, ``no_text_layer``, and a Vietnamese message for the sender.

    Example:
        >>> extract_text("Nghị quyết 35-NQ/TW\\r\\n".encode(), "bai.txt").text
        'Nghị quyết 35-NQ/TW\\r\\n'
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data.strip():
        raise _empty()
    extension = file_suffix(filename).lower()
    content = _sniff(data, extension)

    if content == "executable":
        raise _executable(extension)
    if content == "pdf":
        result = pdf_text(data)
        if not result.text.strip():
            raise _empty()  # a PDF without pages; pages without text raised no_text_layer
        warnings = (_page_warning(result.empty_pages),) if result.empty_pages else ()
        return ExtractedText(result.text, "pdf", result.pages, warnings)
    converted_from: str | None = None
    if content == "docx":
        docx = read_docx(data)
        text, kind, converted_from = docx.text, "docx", docx.converted_from
        if converted_from is not None and not convert_legacy:
            raise _legacy_docx(converted_from)
    elif content == "odt":
        text, kind = odt_text(data), "odt"
    elif content == "encrypted_office":
        raise encrypted_docx()
    elif extension == ".docx" and content in ("zip", "text"):
        raise corrupt_docx()
    elif extension == ".odt" and content in ("zip", "text"):
        raise corrupt_odt()
    elif extension == ".pdf" and content in ("zip", "text"):
        raise corrupt_pdf()
    elif content in ("office", "image"):
        raise _unsupported(content, extension)
    elif content == "zip" or extension in _OTHER_UNSUPPORTED:
        raise _unsupported("other", extension)
    elif extension in _OFFICE_EXTENSIONS:
        raise _unsupported("office", extension)
    elif convert_legacy:
        text, converted_from = decode_text_converting(data)
        kind = "txt"
    else:
        text, kind = decode_text(data), "txt"
    if not text.strip():
        raise _empty()
    warnings = (_converted_warning(converted_from),) if converted_from else ()
    return ExtractedText(text, kind, warnings=warnings, converted_from=converted_from)
