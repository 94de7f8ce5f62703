"""The text of a Word (.docx) document: body paragraphs in reading order, tables and text boxes included.

Headers and footers are left out on purpose: they repeat the same unit name and page numbers on
every report, which is noise for citation search and would look like copying to the copy check.

Old documents typed in the TCVN3 (".VnTime") or VNI ("VNI-Times") fonts and later saved as .docx
keep their 8-bit codes: Word stores each byte as the Windows-1252 character it stands for, so
"Cộng hoà" comes out as "Céng hoµ". :func:`read_docx` finds such text and converts it (see
``_legacy_runs`` for how it decides).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from quantriet.archives import ZIP_ERRORS, ArchiveRefused, ZipLimits, check_zip
from quantriet.text.encoding import detect_legacy_encoding
from quantriet.text.errors import ExtractionError
from quantriet.text.legacy import TCVN3, VNI, decode_legacy

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


def encrypted_docx() -> ExtractionError:
    return ExtractionError(
        "encrypted_docx",
        "Tệp Word được đặt mật khẩu nên không đọc được chữ; hãy mở tệp bằng Word, gỡ mật khẩu (Tệp › "
        "Thông tin › Bảo vệ tài liệu › Mã hoá bằng mật khẩu, xoá mật khẩu rồi bấm OK), lưu lại và gửi lại.",
        "The Word file is protected by a password, so its text cannot be read; please open it in Word, "
        "remove the password (File › Info › Protect Document › Encrypt with Password, clear it and "
        "press OK), save it and send it again.",
    )


def archive_too_large(label_vi: str, label_en: str, extension: str) -> ExtractionError:
    """A zip-based document that declares more unpacked bytes or parts than a real one has (a "zip bomb")."""
    return ExtractionError(
        "archive_too_large",
        f"Tệp {label_vi} ({extension}) khi giải nén lớn bất thường (quá "
        f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB hoặc quá nhiều thành phần) nên không được mở "
        f"vì có thể là tệp phá hoại; hãy lưu lại văn bản thành tệp {extension} mới, bỏ bớt ảnh, rồi gửi lại.",
        f"The {label_en} ({extension}) file unpacks to an abnormal size (over "
        f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB or too many parts), so it was not opened as it may "
        f"be malicious; please save the text as a new {extension} file without large images and send "
        "it again.",
    )


def _check_not_a_bomb(data: bytes) -> None:
    try:
        infos = check_zip(
            io.BytesIO(data), ZipLimits(max_total=MAX_UNCOMPRESSED_BYTES, max_entries=MAX_ENTRIES)
        )
    except ArchiveRefused as refused:
        if refused.reason == "corrupt":
            raise corrupt_docx() from refused
        raise archive_too_large("Word", "Word", ".docx") from refused
    if any(info.flag_bits & 0x1 for info in infos):
        # Word never encrypts zip members (a .docx saved with a password is an OLE2 file, answered
        # with encrypted_docx in extract.py); members encrypted by a zip tool make a damaged .docx.
        raise corrupt_docx()


# Fonts of the legacy Vietnamese encodings, by how their names begin: ".VnTime", ".VnArial",
# ".VnTimeH" (TCVN3); "VNI-Times", "VNI-Helve", "VNI Times" (VNI).
_FONT_PREFIXES = ((".vn", TCVN3), ("vni-", VNI), ("vni ", VNI))


def _font_encoding(name: str | None) -> str | None:
    folded = (name or "").strip().lower()
    return next((encoding for prefix, encoding in _FONT_PREFIXES if folded.startswith(prefix)), None)


def _is_capitals_font(name: str) -> bool:
    # TCVN3 has no capitals with tone marks: ".VnTimeH" and its sisters draw the lower-case codes
    # as capitals, so the text reads in capitals although its codes are lower-case.
    folded = name.strip().lower()
    return folded.startswith(".vn") and folded.endswith("h")


def _rfonts(rpr: Any) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(f"{_W}rFonts")
    if fonts is None:
        return None
    # Bytes 0x80-0xFF, where the legacy letters are, are drawn in the "high ANSI" font.
    name = fonts.get(f"{_W}hAnsi") or fonts.get(f"{_W}ascii")
    return str(name) if name else None


class _Fonts:
    """The font a run is drawn in: its own, its character style's, its paragraph style's, the defaults'."""

    def __init__(self, styles: Any) -> None:
        self._styles: dict[str, tuple[str | None, str | None]] = {}  # id → (font, based on)
        self._default_paragraph_style: str | None = None
        self._default_font: str | None = None
        if styles is None:
            return
        defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self._default_font = _rfonts(defaults)
        for style in styles.iterfind(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if not style_id:
                continue
            based = style.find(f"{_W}basedOn")
            self._styles[style_id] = (
                _rfonts(style.find(f"{_W}rPr")),
                based.get(f"{_W}val") if based is not None else None,
            )
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
                self._default_paragraph_style = style_id

    def _style_font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            font, style_id = self._styles[style_id]
            if font:
                return font
        return None

    def of_run(self, run: Any, paragraph: Any) -> str | None:
        rpr = run.find(f"{_W}rPr")
        font = _rfonts(rpr)
        if font is None and rpr is not None:
            character_style = rpr.find(f"{_W}rStyle")
            if character_style is not None:
                font = self._style_font(character_style.get(f"{_W}val"))
        if font is None and paragraph is not None:
            style = paragraph.find(f"{_W}pPr/{_W}pStyle")
            font = self._style_font(style.get(f"{_W}val") if style is not None else None)
            if font is None and style is None:
                font = self._style_font(self._default_paragraph_style)
        return font or self._default_font


@dataclass(frozen=True)
class DocxText:
    text: str
    converted_from: str | None  # the legacy encoding the text was converted from, if any


def _legacy_runs(body: Any, fonts: _Fonts) -> tuple[dict[Any, tuple[str, bool]], str | None]:
    """Which text elements hold legacy-encoded text, and in which encoding; see below for why.

    Decided by the fonts first, confirmed by the character statistics:

    - The font alone is not enough. Many people keep ".VnTime" as their style's font and type
      Unicode with Unikey; the text is then ordinary Unicode (Word draws the letters the font lacks
      from another font). Such text has letters beyond Windows-1252 ("ộ", "ư", "đ"), so a run
      whose text does not fit in Windows-1252 is Unicode whatever its font says.
    - The statistics alone are not enough either: a short Unicode text whose letters all sit in
      Latin-1 can read as valid TCVN3 too (the byte of "ó" is TCVN3's "ú": "có" reads "cú"), so a
      Word file without legacy fonts is never converted.
    - Together: the text of all runs in legacy fonts, put back into its bytes, must be named by
      the same detector the .txt files go through (at least 60% of its words valid syllables).

    Returns:
        ``w:t element → (encoding, drawn in capitals)`` for the runs to convert (keyed by the
        element itself: lxml keeps one proxy per node while it is referenced, never by ``id()``
        of a proxy that may be dropped and rebuilt), and the
        encoding named (the first one, when a file mixes both).
    """
    candidates: dict[str, list[tuple[Any, bool]]] = {TCVN3: [], VNI: []}
    for run in body.iter(f"{_W}r"):
        texts = [t for t in run.iterfind(f"{_W}t") if t.text and max(t.text) >= "\x80"]
        if not texts:
            continue
        parent = run.getparent()
        while parent is not None and parent.tag != f"{_W}p":
            parent = parent.getparent()
        font = fonts.of_run(run, parent)
        encoding = _font_encoding(font)
        if encoding is None or font is None:
            continue
        candidates[encoding].extend((t, _is_capitals_font(font)) for t in texts)
    chosen: dict[Any, tuple[str, bool]] = {}
    named: str | None = None
    for encoding, elements in candidates.items():
        sample: list[bytes] = []
        convertible: list[tuple[Any, bool]] = []
        for element, capitals in elements:
            try:
                sample.append(element.text.encode("cp1252"))
            except UnicodeEncodeError:
                continue  # Unicode typed in a legacy font
            convertible.append((element, capitals))
        if not sample or detect_legacy_encoding(b" ".join(sample)) != encoding:
            continue
        named = named or encoding
        chosen.update((element, (encoding, capitals)) for element, capitals in convertible)
    return chosen, named


def _convert(text: str, encoding: str, capitals: bool) -> str:
    converted = decode_legacy(text.encode("cp1252"), encoding)
    return converted.upper() if capitals else converted


def _body_text(body: Any, legacy: dict[Any, tuple[str, bool]] | None = None) -> str:
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
            found = legacy.get(element) if legacy else None
            current.append(_convert(element.text, *found) if found else element.text or "")
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


def read_docx(data: bytes) -> DocxText:
    """The text of the main body of a .docx file given as bytes, legacy-font text converted.

    Raises:
        ExtractionError: ``corrupt_docx`` for a damaged archive or a missing document part,
            ``archive_too_large`` for an archive that unpacks to more than
            :data:`MAX_UNCOMPRESSED_BYTES` or :data:`MAX_ENTRIES` parts.
    """
    import docx  # python-docx; imported here so plain-text callers do not pay for lxml

    _check_not_a_bomb(data)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        try:
            styles = document.styles.element
        except Exception:  # a document without a styles part: only the runs' own fonts count
            styles = None
        legacy, converted_from = _legacy_runs(body, _Fonts(styles))
        return DocxText(_body_text(body, legacy), converted_from)
    except ExtractionError:
        raise
    except Exception as error:
        # python-docx reports damage with whatever the layer below raised (KeyError for a missing
        # part, lxml's XMLSyntaxError, zipfile errors, ValueError for a foreign content type).
        raise corrupt_docx() from error


def docx_text(data: bytes) -> str:
    """The text of the main body of a .docx file given as bytes (see :func:`read_docx`)."""
    return read_docx(data).text
