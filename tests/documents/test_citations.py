"""scan_citations: matching rules, placeholders, mentions, idempotence; documents scanned on save."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quantriet.documents import services
from quantriet.documents.models import CitationLink, Document
from quantriet.orgs.models import AuditEntry
from tests.conftest import World
from tests.documents.helpers import central, make_document

pytestmark = pytest.mark.django_db


def targets(document: Document) -> list[tuple[str | None, int | None]]:
    links = CitationLink.objects.filter(owner_id=document.pk, field="body").order_by("start")
    return [(link.cited_id, link.target_id) for link in links]


def test_a_citation_with_a_date_links_to_the_document_with_that_symbol_and_date(world: World) -> None:
    old = central("35-NQ/TW", "Nghị quyết", dt.date(2008, 1, 5))
    new = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = make_document(
        "15-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 10),
        issuing_unit=world.province,
        body="Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị.",
    )
    assert targets(plan) == [("35-NQ/TW", new.pk)]
    assert old.pk != new.pk


def test_without_a_date_the_latest_document_issued_before_the_citing_one_is_chosen(world: World) -> None:
    older = central("35-NQ/TW", "Nghị quyết", dt.date(2008, 1, 5))
    newer = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    in_2010 = make_document(
        "03-KH/TU",
        "Kế hoạch",
        dt.date(2010, 3, 1),
        issuing_unit=world.province,
        body="Theo Nghị quyết 35-NQ/TW.",
    )
    in_2019 = make_document(
        "15-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 10),
        issuing_unit=world.province,
        body="Theo Nghị quyết 35-NQ/TW.",
    )
    assert targets(in_2010) == [("35-NQ/TW", older.pk)]
    assert targets(in_2019) == [("35-NQ/TW", newer.pk)]


def test_a_single_document_with_the_symbol_is_linked_whatever_its_date(world: World) -> None:
    only = central("08-QĐi/TW", "Quy định")
    text = make_document(
        "01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Quy định 08-QĐi/TW về nêu gương."
    )
    assert targets(text) == [("08-QĐi/TW", only.pk)]


def test_an_unknown_symbol_gets_one_unconfirmed_placeholder_that_later_citations_reuse(world: World) -> None:
    first = make_document(
        "01-KH/TU",
        "Kế hoạch",
        issuing_unit=world.province,
        body="Căn cứ Chỉ thị số 05-CT/TW của Bộ Chính trị.",
    )
    second = make_document(
        "02-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Chỉ thị 05-CT/TW; lại Chỉ thị 05-CT/TW."
    )
    placeholder = Document.objects.get(symbol="05-CT/TW")
    assert not placeholder.confirmed
    assert placeholder.doc_type == "Chỉ thị"
    assert placeholder.is_public  # a central document
    assert placeholder.issued_on is None
    assert targets(first) == [("05-CT/TW", placeholder.pk)]
    assert targets(second) == [("05-CT/TW", placeholder.pk)] * 2
    assert (
        AuditEntry.objects.filter(action="document.placeholder", target_id=str(placeholder.pk)).count() == 1
    )


def test_a_placeholder_for_a_local_document_is_shown_to_the_citing_unit_line(world: World) -> None:
    make_document(
        "01-KH/ĐU", "Kế hoạch", issuing_unit=world.xa, body="Theo Kế hoạch số 07-KH/ĐU của Đảng ủy."
    )
    placeholder = Document.objects.get(symbol="07-KH/ĐU")
    assert not placeholder.is_public
    assert placeholder.issuing_unit == world.xa


def test_an_ambiguous_short_reference_is_kept_as_a_mention_without_a_target(world: World) -> None:
    central("18-NQ/TW", "Nghị quyết", dt.date(2017, 10, 25))
    central("18-NQ/TW", "Nghị quyết", dt.date(2008, 3, 1))  # the same number in another term
    text = make_document(
        "01-KH/TU",
        "Kế hoạch",
        issuing_unit=world.province,
        body="Tiếp tục thực hiện Nghị quyết 18 về sắp xếp bộ máy.",
    )
    assert targets(text) == [(None, None)]
    assert Document.objects.count() == 3  # nothing guessed, nothing created


def test_a_dated_citation_of_an_undated_entry_links_to_it_rather_than_duplicating(world: World) -> None:
    undated = central("21-KL/TW", "Kết luận")
    text = make_document(
        "01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Kết luận số 21-KL/TW ngày 25/10/2021."
    )
    assert targets(text) == [("21-KL/TW", undated.pk)]


def test_a_dated_citation_of_a_symbol_known_only_in_another_term_creates_a_dated_placeholder(
    world: World,
) -> None:
    old = central("35-NQ/TW", "Nghị quyết", dt.date(2008, 1, 5))
    text = make_document(
        "01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Nghị quyết số 35-NQ/TW ngày 22/10/2018."
    )
    new = Document.objects.get(symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22))
    assert not new.confirmed and new.pk != old.pk
    assert targets(text) == [("35-NQ/TW", new.pk)]


def test_scanning_again_replaces_the_owner_links_instead_of_adding(world: World) -> None:
    target = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    owner = make_document("01-KH/TU", "Kế hoạch", issuing_unit=world.province)
    text = "Nghị quyết 35-NQ/TW và Nghị quyết 35-NQ/TW."
    first = services.scan_citations(owner, "note", text)
    second = services.scan_citations(owner, "note", text)
    assert len(first) == len(second) == 2
    links = CitationLink.objects.filter(owner_id=owner.pk, field="note")
    assert links.count() == 2 and {link.target_id for link in links} == {target.pk}
    for link in links:
        assert text[link.start : link.end] == link.text
    services.scan_citations(owner, "note", "Không còn trích dẫn nào.")
    assert not CitationLink.objects.filter(owner_id=owner.pk, field="note").exists()


def test_any_saved_object_can_own_citations(world: World) -> None:
    target = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    links = services.scan_citations(world.xa1, "report", "Học tập Nghị quyết 35-NQ/TW.", unit=world.xa1)
    assert [(link.owner, link.target) for link in links] == [(world.xa1, target)]


def test_editing_a_body_rescans_it(world: World) -> None:
    a = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    b = central("05-CT/TW", "Chỉ thị")
    plan = make_document(
        "01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Theo Nghị quyết 35-NQ/TW."
    )
    values: dict[str, Any] = {
        "doc_type": "Kế hoạch",
        "symbol": "01-KH/TU",
        "issued_on": None,
        "issuing_unit": world.province,
        "body": "Theo Chỉ thị 05-CT/TW.",
    }
    services.update_document(None, plan, **values)
    assert targets(plan) == [("05-CT/TW", b.pk)]
    assert a.citations_in.count() == 0


def test_a_document_naming_its_own_symbol_does_not_cite_itself(world: World) -> None:
    plan = make_document(
        "01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Kế hoạch 01-KH/TU này ..."
    )
    assert targets(plan) == [("01-KH/TU", None)]
