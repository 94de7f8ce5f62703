"""Files built in the tests (no binary fixtures are committed): .docx, .pdf and legacy-encoded text.

The legacy encoders are written here independently of the package's decoding tables, from the
code charts as the encoded bytes look when shown as Windows-1252/Latin-1, so the tests check one
transcription against another.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Sequence

import docx

# An invented paragraph that uses every Vietnamese vowel family and đ.
SAMPLE_VI = (
    "Chi bộ tổ chức học tập, quán triệt nghị quyết của Đảng; mỗi đảng viên viết bài thu hoạch và liên "
    "hệ trách nhiệm của bản thân. Được sự lãnh đạo của cấp uỷ, phong trào thi đua yêu nước phát triển "
    "mạnh mẽ, đời sống nhân dân từng bước nâng lên; những khuyết điểm được sửa chữa kịp thời, người "
    "đứng đầu gương mẫu, lời nói đi đôi với việc làm, không để xảy ra tham nhũng, lãng phí."
)

# TCVN3 (ABC): the precomposed lower-case letters, and the same bytes as Latin-1 shows them.
_TCVN3_UNICODE = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
_TCVN3_LATIN1 = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3 = dict(zip(_TCVN3_UNICODE, _TCVN3_LATIN1.encode("latin-1"), strict=True))

# VNI: marks after the base letter, as Latin-1 shows the lower-case font's bytes.
_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"": "i", "\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 bytes; capitals with tone marks use the lower-case codes, as the ".VnTimeH" fonts do."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ord(ch))
        else:
            out.append(_TCVN3[ch] if ch in _TCVN3 else _TCVN3[ch.lower()])
    return bytes(out)


def _vni_letter(ch: str) -> str:
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    tone = "".join(m for m in marks if m in _TONES)
    shape = "".join(m for m in marks if m not in _TONES)
    if base.lower() == "i":
        letter = _VNI_I[tone]
        return letter.upper() if base.isupper() and tone else (base if not tone else letter)
    if shape == "\u031b":  # horn: ơ and ư are bytes of their own, followed by the tone
        encoded = ("ô" if base.lower() == "o" else "ö") + _TONES.get(tone, "")
    elif shape == "\u0302":
        encoded = base.lower() + _CIRCUMFLEX[tone]
    elif shape == "\u0306":
        encoded = base.lower() + _BREVE[tone]
    else:
        encoded = base.lower() + _TONES.get(tone, "")
    # The capitals' font has the same marks 0x20 lower, which is what Latin-1's upper case is.
    return encoded.upper() if base.isupper() else encoded


def encode_vni(text: str) -> bytes:
    return "".join(_vni_letter(ch) for ch in unicodedata.normalize("NFC", text)).encode("latin-1")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: precomposed where the code page has the letter, else a tone byte."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in decomposed if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def make_docx(
    paragraphs: list[str],
    *,
    table: list[list[str]] | None = None,
    after_table: Sequence[str] = (),
    header: str | None = None,
) -> bytes:
    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    for text in paragraphs:
        document.add_paragraph(text)
    if table is not None:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    for text in after_table:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, *, drop: str | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip archive without one entry and with others added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != drop:
                target.writestr(info, source.read(info))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _pdf_string(text: str) -> bytes:
    return b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1") + b")"


def make_pdf(pages: list[str | None]) -> bytes:
    """A minimal PDF written by hand: one Helvetica line per page; None gives a page with no text."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for page_id, text in zip(page_ids, pages, strict=True):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        stream = b"" if text is None else b"BT /F1 12 Tf 72 720 Td " + _pdf_string(text) + b" Tj ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypt_pdf(data: bytes, *, user_password: str) -> bytes:
    """The PDF protected with RC4 (pypdf needs no extra package for it)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


_ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def odt_content(body: str) -> bytes:
    """A content.xml whose office:text holds ``body`` (ODF markup, text: and table: prefixes)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {_ODT_NAMESPACES} office:version="1.3">'
        "<office:automatic-styles><text:p>not text</text:p></office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    ).encode()


def make_odt(
    body: str = "",
    *,
    content: bytes | None = None,
    mimetype: str = "application/vnd.oasis.opendocument.text",
    manifest: bytes | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An .odt written as LibreOffice writes it: ``mimetype`` first and stored, then the XML parts."""
    if manifest is None:
        manifest = (
            b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            b'<manifest:file-entry manifest:full-path="/" manifest:media-type="' + mimetype.encode() + b'"/>'
            b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            b"</manifest:manifest>"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", odt_content(body) if content is None else content)
        archive.writestr("META-INF/manifest.xml", manifest)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


_MANIFEST_NS = b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
_ODT_TYPE = b"application/vnd.oasis.opendocument.text"


def make_encrypted_odt() -> bytes:
    """An .odt saved with a password: content.xml is ciphertext, the manifest says how it was made."""
    manifest = b"".join(
        [
            b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest ' + _MANIFEST_NS + b">",
            b'<manifest:file-entry manifest:full-path="/" manifest:media-type="' + _ODT_TYPE + b'"/>',
            b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">',
            b'<manifest:encryption-data manifest:checksum-type="SHA256/1K" manifest:checksum="AAAA">',
            b'<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc"',
            b' manifest:initialisation-vector="AAAA"/>',
            b'<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32"',
            b' manifest:iteration-count="100000" manifest:salt="AAAA"/>',
            b"</manifest:encryption-data></manifest:file-entry></manifest:manifest>",
        ]
    )
    return make_odt(content=bytes(range(256)) * 8, manifest=manifest)


def make_legacy_docx(runs: Sequence[tuple[str, str | None]], *, style_font: str | None = None) -> bytes:
    """A .docx of one paragraph of runs (text as Word stores it, font or None); ``style_font``: Normal's."""
    document = docx.Document()
    if style_font is not None:
        document.styles["Normal"].font.name = style_font
    paragraph = document.add_paragraph()
    for text, font in runs:
        run = paragraph.add_run(text)
        if font is not None:
            run.font.name = font
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_stored_in_word(legacy_bytes: bytes) -> str:
    """Legacy bytes as Word keeps them in a .docx: each byte as the Windows-1252 (here Latin-1) character."""
    return legacy_bytes.decode("latin-1")
