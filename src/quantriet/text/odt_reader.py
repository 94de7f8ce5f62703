"""The text of an OpenDocument text (.odt, LibreOffice/WPS Writer): body paragraphs in reading order.

An .odt is a zip of XML parts; the text is in ``content.xml``. It goes through the same guard as a
.docx (``quantriet.archives``): the archive's directory is checked before anything is inflated,
and ``content.xml`` is streamed through expat with limits on nesting and on the number of elements,
so a small upload cannot make us build gigabytes.

As for .docx, what repeats on every page or sits beside the text is left out: footnotes
(``text:note``), comments (``office:annotation``), tracked deletions (``text:tracked-changes``),
images' titles and descriptions. Lists, tables and text boxes are read, one line per paragraph.
"""

from __future__ import annotations

import io
import zipfile

from quantriet.archives import ZIP_ERRORS, ArchiveRefused, ZipLimits, check_zip, walk_xml
from quantriet.text.docx_reader import MAX_ENTRIES, MAX_UNCOMPRESSED_BYTES, archive_too_large
from quantriet.text.errors import ExtractionError

__all__ = ["MAX_ELEMENTS", "ODT_MIMETYPE", "corrupt_odt", "odt_text", "opendocument_mimetype"]

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"  # and "…-template", "…-master"
# Real reports have a few thousand elements; a 500-page book a few hundred thousand.
MAX_ELEMENTS = 2_000_000
MAX_DEPTH = 200
_MAX_MANIFEST = 1024 * 1024

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
# Elements whose text is not the body's (walk_xml gives tags without their namespace).
_SKIPPED = frozenset(
    {"note", "annotation", "annotation-end", "tracked-changes", "title", "desc", "sequence-decls"}
    | {"variable-decls", "user-field-decls", "automatic-styles", "font-face-decls", "scripts"}
)
_PARAGRAPHS = frozenset({"p", "h"})
_WHITE = str.maketrans("\t\n\r", "   ")


def corrupt_odt() -> ExtractionError:
    return ExtractionError(
        "corrupt_odt",
        "Tệp OpenDocument (.odt) bị hỏng hoặc không phải tệp .odt thật nên không đọc được; hãy mở tệp "
        "bằng LibreOffice hoặc Word, lưu lại thành .odt hoặc .docx (hoặc xuất ra PDF) rồi gửi lại.",
        "The OpenDocument (.odt) file is damaged or is not really an .odt file, so it cannot be read; "
        "please open it in LibreOffice or Word, save it again as .odt or .docx (or export it to PDF) "
        "and send it again.",
    )


def encrypted_odt() -> ExtractionError:
    return ExtractionError(
        "encrypted_odt",
        "Tệp OpenDocument (.odt) được đặt mật khẩu nên không đọc được chữ; hãy mở tệp bằng LibreOffice, "
        "gỡ mật khẩu (Tệp › Lưu thành, bỏ chọn “Lưu với mật khẩu”) rồi lưu lại và gửi lại.",
        "The OpenDocument (.odt) file is protected by a password, so its text cannot be read; please "
        "open it in LibreOffice, remove the password (File › Save As, untick “Save with password”), "
        "save it and send it again.",
    )


def opendocument_mimetype(data: bytes) -> str | None:
    """The OpenDocument type a zip archive declares in its ``mimetype`` member, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 200 or info.flag_bits & 0x1:
                return None
            declared = archive.read(info).decode("ascii").strip()
    except (KeyError, UnicodeDecodeError, *ZIP_ERRORS):
        return None
    return declared if declared.startswith("application/vnd.oasis.opendocument.") else None


def _encrypted_parts(archive: zipfile.ZipFile) -> set[str]:
    """Parts the manifest says are encrypted (ODF encrypts each part itself, not the zip)."""
    try:
        info = archive.getinfo("META-INF/manifest.xml")
    except KeyError:
        return set()
    if info.file_size > _MAX_MANIFEST:
        raise ArchiveRefused("part_too_large", info.filename)
    encrypted: set[str] = set()
    current: list[str] = []

    def start(tag: str, attributes: dict[str, str], _depth: int) -> None:
        if tag == "file-entry":
            current[:] = [attributes.get(f"{_MANIFEST_NS} full-path", "")]
        elif tag == "encryption-data" and current:
            encrypted.add(current[0])

    with archive.open(info) as stream:
        walk_xml(stream, max_depth=MAX_DEPTH, part=info.filename, start=start)
    return encrypted


class _Body:
    """Collects the text of ``office:body`` while expat walks ``content.xml``."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.elements = 0
        self._current: list[str] = []
        self._paragraphs = 0  # paragraphs open (a text box's paragraphs sit inside another one)
        self._after_space = True  # a space from the XML here would be leading or doubled
        self._in_body = 0  # depth of office:body, 0 outside it
        self._skipping = 0  # depth of the skipped element being walked, 0 when reading

    def _flush(self) -> None:
        self.lines.append("".join(self._current))
        self._current = []
        self._after_space = True

    def start(self, tag: str, attributes: dict[str, str], depth: int) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise ArchiveRefused("too_many_elements", "content.xml")
        if tag == "body" and not self._in_body:
            self._in_body = depth
        if not self._in_body or self._skipping:
            return
        if tag in _SKIPPED:
            self._skipping = depth
        elif tag in _PARAGRAPHS:
            if self._current:  # the outer paragraph's text before a text box is a line of its own
                self._flush()
            self._paragraphs += 1
            self._after_space = True
        elif not self._paragraphs:
            return
        elif tag == "s":
            count = attributes.get(f"{_TEXT_NS} c", "1")
            self._current.append(" " * (min(int(count), 1000) if count.isdigit() else 1))
            self._after_space = False
        elif tag == "tab":
            self._current.append("\t")
            self._after_space = False
        elif tag == "line-break":
            self._current.append("\n")
            self._after_space = True

    def end(self, tag: str, depth: int) -> None:
        if self._skipping:
            if depth == self._skipping:
                self._skipping = 0
            return
        if depth == self._in_body:
            self._in_body = 0
        elif self._in_body and tag in _PARAGRAPHS and self._paragraphs:
            self._paragraphs -= 1
            self._flush()

    def text(self, data: str) -> None:
        if not self._paragraphs or self._skipping:
            return
        # ODF white space: tabs and line ends in the XML are spaces, and a run of spaces counts as
        # one, none at a paragraph's start (real ones are written as text:s, text:tab, text:line-break).
        kept: list[str] = []
        for char in data.translate(_WHITE):
            if char == " ":
                if self._after_space:
                    continue
                self._after_space = True
            else:
                self._after_space = False
            kept.append(char)
        self._current.append("".join(kept))


def odt_text(data: bytes) -> str:
    """The text of the body of an .odt file given as bytes, one line per paragraph or heading.

    Raises:
        ExtractionError: ``corrupt_odt`` for a damaged archive or XML or a missing ``content.xml``,
            ``archive_too_large`` for an archive over the limits a .docx has too, ``encrypted_odt``
            for a password-protected file.
    """
    limits = ZipLimits(
        max_total=MAX_UNCOMPRESSED_BYTES,
        max_entries=MAX_ENTRIES,
        max_part=(("META-INF/manifest.xml", _MAX_MANIFEST),),
    )
    body = _Body()
    try:
        check_zip(io.BytesIO(data), limits)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "content.xml" in _encrypted_parts(archive) or any(
                info.flag_bits & 0x1 for info in archive.infolist()
            ):
                raise encrypted_odt()
            with archive.open("content.xml") as stream:
                walk_xml(
                    stream,
                    max_depth=MAX_DEPTH,
                    part="content.xml",
                    start=body.start,
                    end=body.end,
                    text=body.text,
                )
    except ExtractionError:
        raise  # a ValueError, which ZIP_ERRORS would catch
    except ArchiveRefused as refused:
        if refused.reason in ("corrupt", "too_deep"):
            raise corrupt_odt() from refused
        raise archive_too_large("OpenDocument", "OpenDocument", ".odt") from refused
    except KeyError as error:  # no content.xml
        raise corrupt_odt() from error
    except ZIP_ERRORS as error:
        raise corrupt_odt() from error
    return "\n".join(body.lines)
