"""The text layer of a PDF, page by page, with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from quantriet.text.errors import ExtractionError

# Pages are separated by a blank line rather than a form feed: the text goes on to databases,
# spreadsheets and XML exports, which refuse control characters.
PAGE_SEPARATOR = "\n\n"
# PDF text layers sometimes carry NUL and other control characters (glyphs without a Unicode
# mapping); PostgreSQL refuses NUL in text and XML refuses all of them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int
    empty_pages: tuple[int, ...]  # 1-based numbers of pages without text


def corrupt_pdf() -> ExtractionError:
    return ExtractionError(
        "corrupt_pdf",
        "Tệp PDF bị hỏng hoặc không phải tệp PDF thật nên không đọc được; hãy xuất lại tệp PDF từ văn "
        "bản gốc (hoặc gửi bản .docx) rồi gửi lại.",
        "The PDF file is damaged or is not really a PDF, so it cannot be read; please export the PDF "
        "again from the original document (or send the .docx) and send it again.",
    )


def _encrypted_pdf() -> ExtractionError:
    return ExtractionError(
        "encrypted_pdf",
        "Tệp PDF được đặt mật khẩu hoặc khoá bảo vệ nên không đọc được chữ; hãy gỡ mật khẩu (mở tệp "
        "rồi lưu hoặc in ra một tệp PDF mới không mật khẩu) rồi gửi lại.",
        "The PDF file is protected by a password, so its text cannot be read; please remove the "
        "password (open it and save or print it to a new PDF without one) and send it again.",
    )


def _no_text_layer() -> ExtractionError:
    return ExtractionError(
        "no_text_layer",
        "Tệp PDF không có lớp chữ (có vẻ là bản scan hoặc ảnh chụp) nên không lấy được nội dung; hãy "
        "mở văn bản gốc bằng Word và xuất ra PDF (Tệp › Lưu thành › PDF), hoặc gửi thẳng tệp .docx, "
        "hoặc nhận dạng chữ (OCR) cho bản scan rồi gửi lại.",
        "The PDF has no text layer (it looks like a scan or a photograph), so its content cannot be "
        "read; please open the original in Word and export it as PDF (File › Save As › PDF), or send "
        "the .docx itself, or run text recognition (OCR) on the scan and send it again.",
    )


def pdf_text(data: bytes) -> PdfText:
    """The text of every page of a PDF given as bytes, pages joined by :data:`PAGE_SEPARATOR`.

    Raises:
        ExtractionError: ``corrupt_pdf``, ``encrypted_pdf`` (a password other than the empty one
            is needed) or ``no_text_layer`` (no page has any text).
    """
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many "protected" PDFs only restrict printing or copying and open with an empty password.
            try:
                if not reader.decrypt(""):
                    raise _encrypted_pdf()
            except (DependencyError, NotImplementedError) as error:
                # AES needs the optional `cryptography` package; without it the file cannot be read.
                raise _encrypted_pdf() from error
        pages = list(reader.pages)
    except ExtractionError:
        raise
    except FileNotDecryptedError as error:
        raise _encrypted_pdf() from error
    except Exception as error:
        # pypdf reports damage with many exception types (PdfReadError, KeyError, ValueError...).
        raise corrupt_pdf() from error

    texts: list[str] = []
    empty: list[int] = []
    failed = 0
    for number, page in enumerate(pages, start=1):
        try:
            text = _CONTROLS.sub("", page.extract_text() or "")
        except Exception:
            # One damaged page should not cost the others; it is reported like an empty page.
            text = ""
            failed += 1
        if not text.strip():
            empty.append(number)
        texts.append(text)
    if pages and len(empty) == len(pages):
        raise corrupt_pdf() if failed == len(pages) else _no_text_layer()
    return PdfText(PAGE_SEPARATOR.join(texts), len(pages), tuple(empty))
