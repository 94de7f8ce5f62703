"""Generated papers rendered to PDF by LibreOffice (Debian's package, headless), checked as pages: A4, the
margins of HD 36-HD/VPTW, the heading, several invitations to a page, the programme's times.

Each paper kind is made once through HTTP and all are converted in one LibreOffice run (a module-scoped
fixture), so the module stays fast. Without ``soffice`` the tests are skipped with a notice; under CI
(``CI=true``) they fail instead, like the browser tests. Line boxes and text come from pdftotext
(poppler-utils), page sizes from pypdf.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.db import transaction
from django.test import override_settings

from quantriet.campaigns import services
from quantriet.documents import services as document_services
from quantriet.orgs.models import Position, PositionKind, Unit
from quantriet.reports.services.requirements import save_requirement
from tests.campaigns.conftest import campaign_values, make_point
from tests.conftest import build_world, make_member
from tests.reports.conftest import requirement_fields

MISSING = (
    "Paper layout tests skipped: soffice or pdftotext not found "
    "(apt-get install libreoffice-writer-nogui poppler-utils)"
)
A4 = (595.28, 841.89)  # points
MM = 72 / 25.4
TOP, BOTTOM, LEFT, RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM  # settings.PAPER_MARGINS_MM in the tests
SLACK = 1.5  # points: glyph boxes may stand a hair outside the text area
INVITED = 7  # two full pages of three invitations and one more
# The papers are made in the module's own transaction; the mark makes pytest-django set the database up.
pytestmark = pytest.mark.django_db


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@dataclass(frozen=True)
class Line:
    """A line of text as pdftotext sees it, with its box in points from the page's top left."""

    text: str  # its words run together: fallback glyphs split Vietnamese words into pieces
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Rendered:
    pdf: Path
    sizes: list[tuple[float, float]]
    texts: list[str]  # each page's text, in reading order
    lines: list[list[Line]]

    def text(self, page: int) -> str:
        return " ".join(self.texts[page].split())

    @property
    def everything(self) -> str:
        return " ".join(self.text(p) for p in range(len(self.texts)))


LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
PAGE = re.compile(r"<page .*?</page>", re.S)


def _lines(pdf: Path) -> list[list[Line]]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = []
    for page in PAGE.findall(out.stdout):
        lines = []
        for match in LINE.finditer(page):
            words = re.findall(r"<word [^>]*>(.*?)</word>", match.group(5))
            box = (float(match.group(i)) for i in range(1, 5))
            lines.append(Line(html.unescape("".join(words)), *box))
        pages.append(lines)
    return pages


def _texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]  # each page ends with a form feed


def _papers(tmp: Path) -> dict[str, bytes]:
    """The four kinds of paper of a campaign of the test province, made through HTTP."""
    world = build_world()
    Unit.objects.filter(pk=world.province.pk).update(locality="Mẫu Sơn")
    secretary = make_member(world.xa1, "Hoàng Văn Bí", "10000099")
    Position.objects.create(
        member=secretary, unit=world.province, kind=PositionKind.SECRETARY, start=dt.date(2020, 10, 1)
    )
    document = document_services.create_document(
        None,
        doc_type="Quy định",
        symbol="22-QĐ/TW",
        issued_on=dt.date(2021, 7, 28),
        is_public=True,
        subject="Về công tác kiểm tra, giám sát và kỷ luật của Đảng",
    )
    campaign = services.create_campaign(None, **campaign_values(world, document))
    conference = services.create_conference(
        None, campaign, title="Hội nghị trực tuyến quán triệt Quy định 22", held_on=dt.date(2025, 9, 10),
        starts_at=dt.time(7, 30),
    )  # fmt: skip
    point = make_point(conference, world.xa, "Điểm cầu xã An Hòa")
    make_point(conference, world.province, "Điểm cầu Tỉnh ủy", is_main=True)
    for order, (title, minutes) in enumerate(
        [("Khai mạc, giới thiệu đại biểu", 15), ("Quán triệt Quy định 22-QĐ/TW", 90), ("Bế mạc", 10)], 1
    ):
        services.add_agenda_item(None, conference, order=order, title=title, minutes=minutes)
    members = [make_member(world.xa1, f"Đảng viên Thứ {i}", f"2000000{i}") for i in range(INVITED)]
    services.invite_members(None, point, members)
    save_requirement(None, campaign, requirement_fields())
    client = world.client_for(world.alice)
    urls = {
        "report": f"/campaigns/{campaign.pk}/report.docx?number=12",
        "invitations": f"/campaigns/points/{point.pk}/invitations.docx?number=5",
        "programme": f"/campaigns/conferences/{conference.pk}/programme.docx",
        "summary": f"/reports/campaigns/{campaign.pk}/summary.docx",
    }
    found = {}
    for kind, url in urls.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, (kind, response.status_code)
        found[kind] = response.content
    return found


@pytest.fixture(scope="module")
def rendered(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Rendered]]:
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        if _under_ci():
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("papers")
    with (
        override_settings(MEDIA_ROOT=folder / "media", COPY_INDEX_DIR=folder / "copyindex"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        papers = _papers(folder)
        transaction.set_rollback(True)
    sources = []
    for kind, data in papers.items():
        path = folder / f"{kind}.docx"
        path.write_bytes(data)
        sources.append(str(path))
    # A profile of its own: a LibreOffice already running for the user would otherwise take the job.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *sources],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    result = {}
    for kind in papers:
        pdf = folder / f"{kind}.pdf"
        reader = pypdf.PdfReader(pdf)
        sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
        result[kind] = Rendered(pdf, sizes, _texts(pdf), _lines(pdf))
    yield result


KINDS = ["report", "invitations", "programme", "summary"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_paper_is_on_a4_with_its_text_inside_the_guides_margins(
    rendered: dict[str, Rendered], kind: str
) -> None:
    paper = rendered[kind]
    assert paper.sizes and all(abs(w - A4[0]) <= 1 and abs(h - A4[1]) <= 1 for w, h in paper.sizes)
    assert len(paper.lines) == len(paper.sizes)
    for number, lines in enumerate(paper.lines, 1):
        assert lines, f"{kind}: page {number} is empty"
        # The page number (from page 2) stands in the header, above the text area, as the guide wants.
        body = [line for line in lines if not (number > 1 and line.text == str(number) and line.y_max < TOP)]
        assert min(line.x_min for line in body) >= LEFT - SLACK, kind
        assert max(line.x_max for line in body) <= A4[0] - RIGHT + SLACK, kind
        assert min(line.y_min for line in body) >= TOP - SLACK, kind
        assert max(line.y_max for line in body) <= A4[1] - BOTTOM + SLACK, kind


@pytest.mark.parametrize("kind", ["report", "programme", "summary"])
def test_the_heading_puts_the_issuing_body_left_and_the_party_right_on_the_first_lines(
    rendered: dict[str, Rendered], kind: str
) -> None:
    paper = rendered[kind]
    text = paper.text(0)
    assert text.startswith("ĐẢNG BỘ TỈNH MẪU TỈNH ỦY *"), text[:80]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert re.search(r"Mẫu Sơn, ngày \d\d tháng (0[12]|[3-9]|1[012]) năm \d{4}", text)
    lines = paper.lines[0]
    party = next(line for line in lines if line.text == "ĐẢNGCỘNGSẢNVIỆTNAM")
    body = next(line for line in lines if line.text == "TỈNHỦY")
    assert body.x_max < A4[0] / 2 < party.x_min + 40  # two columns: the issuing body left, the party right
    assert party.y_min <= min(line.y_min for line in lines) + 1  # the party's name on the first line
    superior = next(line for line in lines if line.text == "ĐẢNGBỘTỈNHMẪU")
    assert superior.y_max < body.y_min and superior.x_max < A4[0] / 2  # the issuing body under its superior
    assert abs(party.y_min - superior.y_min) < 2  # the party's name beside the superior, not under it
    assert not re.search(r"\b(all|members|Report|Programme)\b", paper.everything)  # the English interface's


def test_the_report_has_its_number_body_assessment_recommendations_signature_and_recipients(
    rendered: dict[str, Rendered],
) -> None:
    report = rendered["report"]
    everything = report.everything
    assert "Số 12-BC/TU" in everything and "BÁO CÁO" in everything
    assert (
        "Quy định số 22-QĐ/TW, ngày 28/7/2021 của Trung ương về công tác kiểm tra, giám sát và kỷ luật "
        "của Đảng" in everything
    )
    for part in ("I. KẾT QUẢ", "III. ĐÁNH GIÁ CHUNG", "IV. NHIỆM VỤ THỜI GIAN TỚI VÀ KIẾN NGHỊ"):
        assert part in everything
    last = report.text(len(report.texts) - 1)
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ" in last and "Hoàng Văn Bí" in last
    assert "Nơi nhận:" in last and "Lưu Văn phòng Tỉnh ủy." in last and "Như trên" not in last
    if len(report.texts) > 1:
        assert report.text(1).startswith("2 ")  # page numbers from page 2, at the top


def test_invitations_come_three_to_a_page_each_with_heading_number_and_signature(
    rendered: dict[str, Rendered],
) -> None:
    sheet = rendered["invitations"]
    per_page = [sheet.text(p).count("GIẤY MỜI") for p in range(len(sheet.texts))]
    assert per_page == [3, 3, 1]
    for page in range(len(sheet.texts)):
        text = sheet.text(page)
        assert text.count("ĐẢNG CỘNG SẢN VIỆT NAM") == per_page[page]
        assert text.count("Số 5-GM/TU") == per_page[page]
        assert text.count("T/M BAN THƯỜNG VỤ") == per_page[page]
    first = sheet.text(0)
    assert "Về dự Hội nghị trực tuyến quán triệt Quy định 22." in first and "hội nghị Hội nghị" not in first
    assert "Thời gian: 07 giờ 30 phút, ngày 10/9/2025." in first


def test_the_programme_gives_each_item_its_time_from_the_start(rendered: dict[str, Rendered]) -> None:
    programme = rendered["programme"]
    assert len(programme.texts) == 1
    text = programme.text(0)
    assert "CHƯƠNG TRÌNH" in text
    for times in ("07:30 – 07:45", "07:45 – 09:15", "09:15 – 09:25"):
        assert times in text
