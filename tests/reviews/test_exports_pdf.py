"""The results' papers rendered to PDF by LibreOffice: A4, the margins of HD 36-HD/VPTW, the heading, the
list of a decision on a page of its own. Made once through HTTP, converted in one LibreOffice run; skipped
without ``soffice`` (failing under CI), as tests/core/test_papers_pdf.py."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
from django.db import transaction

from quantriet.orgs.models import Position, PositionKind
from tests.conftest import build_world, make_member
from tests.core.test_papers_pdf import (
    A4,
    LEFT,
    MISSING,
    RIGHT,
    SLACK,
    TOP,
    Rendered,
    _lines,
    _texts,
    _under_ci,
)
from tests.reviews.fixtures_results import build_results

pytestmark = pytest.mark.django_db
KINDS = ["decision", "report"]


def _papers() -> dict[str, bytes]:
    w = build_world()
    r = build_results(w)
    secretary = make_member(w.xa1, "Hoàng Văn Bí", "10000099")
    Position.objects.create(member=secretary, unit=w.xa, kind=PositionKind.SECRETARY, start=r.year.start)
    client = w.client_for(w.alice)
    found = {}
    for kind in KINDS:
        response = client.get(
            f"/reviews/results/periods/{r.year.pk}/{kind}.docx?unit={w.xa.pk}&number=7",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200, kind
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
    folder = tmp_path_factory.mktemp("review-papers")
    with django_db_blocker.unblock(), transaction.atomic():
        papers = _papers()
        transaction.set_rollback(True)
    sources = []
    for kind, data in papers.items():
        path = folder / f"{kind}.docx"
        path.write_bytes(data)
        sources.append(str(path))
    profile = (folder / "profile").as_uri()  # its own: a LibreOffice already running would take the job
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *sources],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    result = {}
    for kind in papers:
        pdf = folder / f"{kind}.pdf"
        sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(pdf).pages]
        result[kind] = Rendered(pdf, sizes, _texts(pdf), _lines(pdf))
    yield result


@pytest.mark.parametrize("kind", KINDS)
def test_the_papers_are_on_a4_inside_the_guides_margins(rendered: dict[str, Rendered], kind: str) -> None:
    paper = rendered[kind]
    assert paper.sizes and all(abs(w - A4[0]) <= 1 and abs(h - A4[1]) <= 1 for w, h in paper.sizes)
    for number, lines in enumerate(paper.lines, 1):
        assert lines, f"{kind}: page {number} is empty"
        body = [line for line in lines if not (number > 1 and line.text == str(number) and line.y_max < TOP)]
        assert min(line.x_min for line in body) >= LEFT - SLACK, kind
        assert max(line.x_max for line in body) <= A4[0] - RIGHT + SLACK, kind


@pytest.mark.parametrize("kind", KINDS)
def test_the_heading_names_the_party_and_the_numbered_paper_in_vietnamese(
    rendered: dict[str, Rendered], kind: str
) -> None:
    first = rendered[kind].text(0)
    symbol = "7-QĐ/ĐU" if kind == "decision" else "7-BC/ĐU"
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and symbol in first
    assert ("QUYẾT ĐỊNH" if kind == "decision" else "BÁO CÁO") in first
    assert "Hoàng Văn Bí" in rendered[kind].everything  # the secretary signs


def test_the_decisions_list_starts_a_page_of_its_own(rendered: dict[str, Rendered]) -> None:
    paper = rendered["decision"]
    assert len(paper.texts) >= 2
    assert "DANH SÁCH" not in paper.text(0)
    listed = next(p for p in range(1, len(paper.texts)) if "DANH SÁCH" in paper.text(p))
    rest = " ".join(paper.text(p) for p in range(listed, len(paper.texts)))
    assert "Trần Thị Bình" in rest and "Kèm theo Quyết định" in rest
