"""Short references ("Chỉ thị 05", "Nghị quyết 35") are linked when the text or the registry is certain."""

from __future__ import annotations

import datetime as dt

import pytest

from quantriet.documents import services
from quantriet.documents.models import CitationLink, Document
from tests.conftest import World
from tests.documents.helpers import central, make_document

pytestmark = pytest.mark.django_db


def links(owner: Document) -> list[tuple[str, str | None, int | None]]:
    found = CitationLink.objects.filter(owner_id=owner.pk, field="body").order_by("start")
    return [(link.text, link.cited_id, link.target_id) for link in found]


def test_a_short_reference_names_the_document_an_earlier_full_citation_named(world: World) -> None:
    central_directive = central("05-CT/TW", "Chỉ thị", dt.date(2016, 5, 15))
    provincial = make_document("05-CT/TU", "Chỉ thị", dt.date(2017, 1, 9), issuing_unit=world.province)
    plan = make_document(
        "15-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 14),
        issuing_unit=world.province,
        body="Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị. Kết quả thực hiện Chỉ thị 05 được báo cáo.",
    )
    assert links(plan) == [
        ("Chỉ thị số 05-CT/TW", "05-CT/TW", central_directive.pk),
        ("Chỉ thị 05", None, central_directive.pk),
    ]
    assert provincial.citations_in.count() == 0


def test_a_short_reference_names_the_single_registry_entry_of_that_type_and_number(world: World) -> None:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = make_document(
        "16-KH/TU",
        "Kế hoạch",
        dt.date(2019, 2, 1),
        issuing_unit=world.province,
        body="Các chi bộ tiếp tục học tập Nghị quyết 35 trong năm.",
    )
    assert links(plan) == [("Nghị quyết 35", None, resolution.pk)]
    assert Document.objects.count() == 2  # no placeholder for a short reference


def test_a_short_reference_is_not_guessed_when_earlier_citations_named_two_documents(world: World) -> None:
    central("05-CT/TW", "Chỉ thị", dt.date(2016, 5, 15))
    make_document("05-CT/TU", "Chỉ thị", dt.date(2017, 1, 9), issuing_unit=world.province)
    plan = make_document(
        "17-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 14),
        issuing_unit=world.province,
        body="Gắn Chỉ thị 05-CT/TW với Chỉ thị 05-CT/TU; sơ kết Chỉ thị 05 vào cuối năm.",
    )
    assert [target for _, _, target in links(plan)][2] is None


def test_a_short_reference_is_not_linked_to_a_document_issued_after_the_text(world: World) -> None:
    central("21-KL/TW", "Kết luận", dt.date(2021, 10, 25))
    plan = make_document(
        "02-KH/TU", "Kế hoạch", dt.date(2020, 1, 6), issuing_unit=world.province, body="Theo Kết luận 21 về"
    )
    assert links(plan) == [("Kết luận 21", None, None)]


def test_a_short_reference_reaches_local_documents_of_its_own_unit_line_only(world: World) -> None:
    local = make_document("07-CT/ĐU", "Chỉ thị", dt.date(2019, 3, 1), issuing_unit=world.xa)
    text = "Các chi bộ thực hiện Chỉ thị 07 của Đảng ủy."
    in_line = services.scan_citations(world.xa1, "report", text, unit=world.xa1)
    elsewhere = services.scan_citations(world.xb1, "report", text, unit=world.xb1)
    assert [link.target for link in in_line] == [local]
    assert [link.target for link in elsewhere] == [None]


def test_a_short_reference_with_a_date_names_the_entry_with_that_date(world: World) -> None:
    central("18-NQ/TW", "Nghị quyết", dt.date(2008, 3, 1))
    newer = central("18-NQ/TW", "Nghị quyết", dt.date(2017, 10, 25))
    text = "Nghị quyết số 18 ngày 25/10/2017 về"
    found = services.scan_citations(world.xa1, "report", text, unit=world.xa1)
    assert [link.target for link in found] == [newer]


def test_a_symbol_written_with_tu_is_kept_as_written_and_names_the_tw_entry(world: World) -> None:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    text = "Nghị quyết số 35-NQ/TƯ ngày 22/10/2018; Nghị quyết 35 đã đi vào cuộc sống."
    found = services.scan_citations(world.xa1, "report", text, unit=world.xa1)
    assert [(link.cited_id, link.target) for link in found] == [("35-NQ/TƯ", resolution), (None, resolution)]
    assert Document.objects.filter(symbol__startswith="35-NQ").count() == 1


def test_the_registry_files_a_symbol_typed_with_tu_under_tw(world: World) -> None:
    document = central("36 - NQ/TƯ", "Nghị quyết")
    assert document.symbol == "36-NQ/TW" and document.issuer == "TW"


def test_the_page_links_a_short_reference_and_no_longer_lists_it_as_a_mention(world: World) -> None:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = make_document(
        "15-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 14),
        issuing_unit=world.province,
        body="Học tập Nghị quyết 35 của Bộ Chính trị và Nghị quyết 18 của Trung ương.",
    )
    page = world.client_for(world.bob).get(f"/documents/{plan.pk}/").content.decode()
    link = f'<a class="citation" href="/documents/{resolution.pk}/" title="Nghị quyết 35-NQ/TW">'
    assert link + "Nghị quyết 35</a>" in page
    assert "“Nghị quyết 18”" in page and "“Nghị quyết 35”" not in page
