"""A conference's papers laid out as HD 36-HD/VPTW prescribes: the programme (with a time for each item)
and the sheet of invitations (several to an A4 page, each with the party heading, number and signature).

The printed pages (``programme.html``, ``invitations.html``) and the DOCX written here say the same, from
the same helpers. Papers are Vietnamese whatever the language of the person who prints them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import segno
from django.utils import timezone, translation
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from quantriet.campaigns.models import AgendaItem, BridgePoint, Conference, Delegate
from quantriet.campaigns.services import qr_payload
from quantriet.core.cells import file_text
from quantriet.core.papers import (
    cell_lines,
    fit_columns,
    new_paper,
    party_heading,
    party_title,
    saved,
    signature_block,
)
from quantriet.core.textinput import clean_text
from quantriet.orgs.papers import PaperIssuer, paper_issuer

# Invitations on one A4 page: the page's text height (257 mm) cut in three, each still holding the heading,
# the text, the QR code and the signature.
INVITATIONS_PER_PAGE = 3
INVITATION_HEIGHT_MM = 84


@dataclass(frozen=True)
class TimedItem:
    """An item of the programme with its time: from the start plus the minutes of the items before it."""

    item: AgendaItem
    starts: dt.time | None  # None once an earlier item has no duration: the time cannot be told
    ends: dt.time | None

    @property
    def time_range(self) -> str:
        """ "07:30 – 07:45"; the start alone when the item has no duration; blank when unknown."""
        if self.starts is None:
            return ""
        if self.ends is None:
            return f"{self.starts:%H:%M}"
        return f"{self.starts:%H:%M} – {self.ends:%H:%M}"


def timed_agenda(conference: Conference, items: Sequence[AgendaItem]) -> list[TimedItem]:
    """Each item with its time, counted from the conference's start by the items' minutes."""
    at: dt.datetime | None = dt.datetime.combine(conference.held_on, conference.starts_at)
    timed = []
    for item in items:
        if at is None:
            timed.append(TimedItem(item, None, None))
            continue
        ends = at + dt.timedelta(minutes=item.minutes) if item.minutes else None
        timed.append(TimedItem(item, at.time(), ends.time() if ends else None))
        at = ends
    return timed


def conference_phrase(conference: Conference) -> str:
    """ "dự Hội nghị trực tuyến quán triệt …" — never "dự hội nghị Hội nghị …"."""
    title = " ".join(conference.title.split())
    if title.lower().startswith("hội nghị"):
        return f"dự {title}"
    return f"dự hội nghị {title}"


def conference_time(conference: Conference) -> str:
    """ "07 giờ 30 phút, ngày 10/9/2025"."""
    day = conference.held_on
    return (
        f"{conference.starts_at:%H} giờ {conference.starts_at:%M} phút, ngày {day.day}/{day.month}/{day.year}"
    )


def invitation_issuer(conference: Conference, on: dt.date) -> PaperIssuer:
    return paper_issuer(conference.campaign.organising_unit, on=on)


def _no_borders(table: Any) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _dashed_bottom(cell: Any) -> None:
    """A dashed line under an invitation: where the sheet is cut."""
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "dashed"), ("w:sz", "6"), ("w:color", "808080")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def _fixed_height(row: Any, millimetres: float) -> None:
    row.height = Mm(millimetres)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _paragraph(cell: Any, text: str, *, size: float = 12, bold: bool = False, italic: bool = False,
               centre: bool = False) -> Any:  # fmt: skip
    paragraph = cell.add_paragraph()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(file_text(text))
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def invitation_sheet_docx(
    point: BridgePoint, delegates: Sequence[Delegate], *, number: str, on: dt.date
) -> bytes:
    """The invitations of ``delegates`` at ``point``, three to an A4 page, each cut along a dashed line."""
    with translation.override("vi"):
        return _invitation_sheet(point, delegates, number=number, on=on)


def _invitation_sheet(
    point: BridgePoint, delegates: Sequence[Delegate], *, number: str, on: dt.date
) -> bytes:
    conference = point.conference
    issuer = invitation_issuer(conference, on)
    paper, width = new_paper(size=12)
    sheet = paper.add_table(rows=0, cols=1)
    _no_borders(sheet)
    for delegate in delegates:
        row = sheet.add_row()
        _fixed_height(row, INVITATION_HEIGHT_MM)
        cell = row.cells[0]
        _dashed_bottom(cell)
        _invitation(cell, issuer, point, delegate, number=number, on=on, width=width)
    fit_columns(sheet, width, [1])
    if not delegates:
        paper.add_paragraph("Điểm cầu này chưa mời ai.")
    return saved(paper)


def _invitation(
    cell: Any,
    issuer: PaperIssuer,
    point: BridgePoint,
    delegate: Delegate,
    *,
    number: str,
    on: dt.date,
    width: int,
) -> None:
    """One invitation in ``cell``: the heading, "GIẤY MỜI", whom to where and when, then the QR code and
    the personal code beside the signature."""
    conference = point.conference
    first = cell.paragraphs[0]
    heading = cell.add_table(rows=1, cols=2)
    fit_columns(heading, width, [0.45, 0.55])
    cell_lines(heading.rows[0].cells[0], issuer.heading_lines("GM", number), size=11)
    cell_lines(
        heading.rows[0].cells[1],
        [("ĐẢNG CỘNG SẢN VIỆT NAM", True, False), (issuer.date_line(on), False, True)],
        size=11,
    )
    heading.rows[0].cells[1].paragraphs[0].runs[0].underline = True
    _paragraph(cell, "GIẤY MỜI", size=13, bold=True, centre=True)
    unit = f" ({delegate.unit.name})" if delegate.unit is not None else ""
    invited = cell.add_paragraph()
    invited.add_run("Trân trọng kính mời đồng chí: ").font.size = Pt(12)
    name = invited.add_run(file_text(delegate.name) + file_text(unit))
    name.bold, name.font.size = True, Pt(12)
    _paragraph(cell, f"Về {conference_phrase(conference)}.")
    _paragraph(cell, f"Thời gian: {conference_time(conference)}.")
    _paragraph(cell, f"Địa điểm: {point.name}, {point.address}.")
    bottom = cell.add_table(rows=1, cols=3)
    fit_columns(bottom, width, [0.16, 0.34, 0.5])
    qr, code, signature = bottom.rows[0].cells
    image = io.BytesIO()
    segno.make(qr_payload(delegate), error="m").save(image, kind="png", scale=4, border=1)
    image.seek(0)
    qr.paragraphs[0].add_run().add_picture(image, width=Mm(22))
    code.paragraphs[0].add_run("Mã đại biểu (xuất trình khi điểm danh):").font.size = Pt(10)
    _paragraph(code, delegate.code_display, size=11, bold=True)
    signer = issuer.signer
    cell_lines(
        signature,
        [
            (signer.capacity, True, False),
            (signer.title, True, False),
            ("", False, False),
            (signer.name, True, False),
        ],
        size=11,
    )
    # The cell opens with an empty paragraph: a thin gap under the previous invitation's cut line. A cell
    # must end with a paragraph, so a thin one follows the last table.
    first.paragraph_format.line_spacing = Pt(6)
    tail = cell.add_paragraph()
    tail.paragraph_format.line_spacing = Pt(1)


def programme_docx(conference: Conference, items: Sequence[AgendaItem], *, number: str, on: dt.date) -> bytes:
    """The conference's programme: the heading, the title, a table of times, items and who presents."""
    with translation.override("vi"):
        issuer = paper_issuer(conference.campaign.organising_unit, on=on)
        paper, width = new_paper()
        party_heading(paper, width, issuer.heading_lines("CTr", number), issuer.date_line(on))
        party_title(paper, "Chương trình", conference.title)
        day = conference.held_on
        intro = paper.add_paragraph()
        intro.alignment = WD_ALIGN_PARAGRAPH.CENTER
        intro.add_run(
            f"(Ngày {day.day}/{day.month}/{day.year}, bắt đầu lúc {conference.starts_at:%H giờ %M})"
        ).italic = True
        table = paper.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Thời gian", "Nội dung", "Người thực hiện"), strict=True):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell.paragraphs[0].add_run(text).bold = True
        for timed in timed_agenda(conference, items):
            cells = table.add_row().cells
            cells[0].text = timed.time_range
            cells[1].text = file_text(timed.item.title)
            if timed.item.document is not None:
                cells[1].add_paragraph().add_run(file_text(timed.item.document.title)).italic = True
            cells[2].text = file_text(timed.item.presenter.full_name) if timed.item.presenter else ""
        fit_columns(table, width, [0.2, 0.52, 0.28])
        paper.add_paragraph()
        signature_block(paper, width, issuer.recipients, issuer.signature_lines())
        return saved(paper)


def invitation_context(conference: Conference, number: str) -> dict[str, Any]:
    """What the printed invitations (``invitations.html``) write besides each delegate's card."""
    today = timezone.localdate()
    issuer = invitation_issuer(conference, today)
    return {
        "issuer": issuer,
        "number_line": issuer.symbol("GM", "".join(clean_text(number).split())[:20]),
        "date_line": issuer.date_line(today),
        "attend": conference_phrase(conference),
        "time": conference_time(conference),
    }


def programme_context(conference: Conference, items: Sequence[AgendaItem]) -> dict[str, Any]:
    """What the printed programme (``programme.html``) writes: the heading and each item's time."""
    today = timezone.localdate()
    issuer = paper_issuer(conference.campaign.organising_unit, on=today)
    return {
        "issuer": issuer,
        "number_line": issuer.symbol("CTr", ""),
        "date_line": issuer.date_line(today),
        "timed": timed_agenda(conference, items),
    }
