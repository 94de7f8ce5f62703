"""The page of a party paper (Hướng dẫn 36-HD/VPTW; ../shared/domain/party-papers.md), for every DOCX writer.

A4 portrait with the guide's margins: python-docx starts from US Letter with one-inch margins, which an
office notices before it reads a word. The margins are settings (PAPER_MARGINS_MM: top, bottom, left,
right) because offices choose within the guide's ranges.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import docx
from django.conf import settings
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from quantriet.core.cells import file_text

__all__ = [
    "PARTY_HEADING",
    "Line",
    "body_paragraph",
    "cell_lines",
    "fit_columns",
    "keep_rows_whole",
    "new_paper",
    "page_numbers",
    "party_heading",
    "party_page",
    "party_title",
    "saved",
    "section_heading",
    "signature_block",
    "vietnamese_date",
]

PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
# A line of a heading or signature cell: (text, bold, italic).
Line = tuple[str, bool, bool]


def party_page(document: Any) -> Emu:
    """Set every section of ``document`` to A4 portrait with the configured margins; the text width."""
    top, bottom, left, right = settings.PAPER_MARGINS_MM
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
    return Emu(Mm(210 - left - right))


def new_paper(*, size: float = 14) -> tuple[Any, Emu]:
    """A new DOCX on the party page in Times New Roman ``size`` pt, lines 1.15 apart; and its text width."""
    document = docx.Document()
    width = party_page(document)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    # Word takes the East Asian and complex-script fonts from these attributes, not from ``font.name``.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Times New Roman")
    style.font.size = Pt(size)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.15
    return document, width


def saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def body_paragraph(document: Any, text: str, *, bold: bool = False) -> Any:
    """A paragraph of the body: justified, first line indented 1.27 cm, 6 pt after."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.add_run(file_text(text)).bold = bold
    return paragraph


def section_heading(document: Any, text: str) -> Any:
    """ "I. KẾT QUẢ …": bold, indented like the body, kept on the page of the paragraph under it."""
    paragraph = body_paragraph(document, text, bold=True)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def keep_rows_whole(table: Any) -> None:
    """No row of ``table`` is split between two pages (a signature block, an invitation)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def fit_columns(table: Any, width: int, shares: Sequence[float]) -> None:
    """Give ``table``'s columns these shares of ``width``.

    Word reads the cells' widths and LibreOffice the grid's, so both are set.
    """
    total = sum(shares)
    table.autofit = False
    for column, share in zip(table.columns, shares, strict=True):
        column_width = Emu(int(width * share / total))
        column.width = column_width
        for cell in column.cells:
            cell.width = column_width


def vietnamese_date(place: str, day: dt.date) -> str:
    """ "Sông Lam, ngày 05 tháng 12 năm 2026": days below 10 and the months 1 and 2 are written with a zero
    (HD 36-HD/VPTW: "tháng 02" cannot be misread, "tháng 12" needs none; other months have none)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def cell_lines(cell: Any, lines: Sequence[Line], *, size: float | None = None) -> None:
    """Centred lines in a table cell; user text passes through ``core.cells.file_text``."""
    cell.paragraphs[0].text = ""
    for i, (text, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(file_text(text))
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)


def party_heading(document: Any, width: int, left: Sequence[Line], place_date: str) -> Any:
    """The heading: the issuing bodies, "*" and the number on the left; the party's name (bold,
    underlined) and the place and date (italic) on the right; a table without borders."""
    heading = document.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    fit_columns(heading, width, [0.45, 0.55])
    cell_lines(heading.rows[0].cells[0], left)
    right = heading.rows[0].cells[1]
    cell_lines(right, [(PARTY_HEADING, True, False), ("", False, False), (place_date, False, True)])
    right.paragraphs[0].runs[0].underline = True
    return heading


def party_title(document: Any, kind: str, subject: str) -> None:
    """The type in bold capitals, the subject in bold under it, a short rule under the subject."""
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.add_run(kind.upper()).bold = True
    lines = document.add_paragraph()
    lines.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines.add_run(file_text(subject)).bold = True
    rule = document.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rule.paragraph_format.space_after = Pt(12)
    rule.add_run("-----")


def signature_block(document: Any, width: int, recipients: Sequence[str], signature: Sequence[Line]) -> Any:
    """ "Nơi nhận:" (underlined, italic, the list in 12 pt) on the left; the capacity, title, space to sign
    and the name on the right."""
    # The signature never stands alone on a page: the last paragraph of the body goes with it.
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    spacer = document.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    fit_columns(table, width, [0.5, 0.5])
    keep_rows_whole(table)
    left = table.rows[0].cells[0]
    left.paragraphs[0].text = ""
    heading = left.paragraphs[0].add_run("Nơi nhận:")
    heading.italic = heading.underline = heading.bold = True
    heading.font.size = Pt(12)
    for recipient in recipients:
        run = left.add_paragraph().add_run(file_text(recipient))
        run.font.size = Pt(12)
    cell_lines(table.rows[0].cells[1], signature)
    return table


def page_numbers(document: Any) -> None:
    """Page numbers centred at the top from page 2 (the first page has a header of its own, empty)."""
    for section in document.sections:
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind is not None:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)
