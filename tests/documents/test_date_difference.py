"""A citation whose symbol matches but whose date differs names the registered document and says so."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from quantriet.documents.models import CitationLink, Document
from tests.conftest import World
from tests.documents.helpers import central, make_document

pytestmark = pytest.mark.django_db

SLIPPED = "Thực hiện Nghị quyết số 35-NQ/TW ngày 20/10/2018 của Bộ Chính trị."
migration = importlib.import_module("quantriet.documents.migrations.0003_correct_35_nq_tw_date")


def plan_citing(world: World, body: str) -> Document:
    return make_document("15-KH/TU", "Kế hoạch", dt.date(2019, 1, 14), issuing_unit=world.province, body=body)


def test_a_citation_with_a_slipped_date_links_to_the_registered_document_without_a_placeholder(
    world: World,
) -> None:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = plan_citing(world, SLIPPED)
    link = CitationLink.objects.get(owner_id=plan.pk, field="body")
    assert (link.target_id, link.cited_date) == (resolution.pk, dt.date(2018, 10, 20))
    assert link.date_differs
    assert Document.objects.filter(symbol="35-NQ/TW").count() == 1


def test_a_date_years_away_is_another_term_and_still_gets_its_own_entry(world: World) -> None:
    old = central("35-NQ/TW", "Nghị quyết", dt.date(2008, 1, 5))
    plan = plan_citing(world, SLIPPED)
    link = CitationLink.objects.get(owner_id=plan.pk, field="body")
    assert link.target_id != old.pk and not link.date_differs
    assert link.target is not None and link.target.issued_on == dt.date(2018, 10, 20)


def test_the_page_shows_the_difference_between_cited_and_issue_dates(world: World) -> None:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = plan_citing(world, SLIPPED)
    page = world.client_for(world.bob).get(f"/documents/{plan.pk}/").content.decode()
    assert f'<a class="citation date-differs" href="/documents/{resolution.pk}/"' in page
    assert "ngày trích dẫn khác ngày ban hành (22/10/2018)" in page
    assert (
        "“Nghị quyết số 35-NQ/TW ngày 20/10/2018”: ngày trích dẫn khác ngày ban hành — "
        "văn bản ghi 20/10/2018, Nghị quyết 35-NQ/TW ban hành ngày 22/10/2018." in page
    )


def test_a_citation_with_the_registered_date_shows_no_difference(world: World) -> None:
    central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = make_document(
        "15-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 14),
        issuing_unit=world.province,
        body="Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018.",
    )
    page = world.client_for(world.bob).get(f"/documents/{plan.pk}/").content.decode()
    assert "date-differs" not in page and "ngày trích dẫn khác ngày ban hành" not in page


def test_the_migration_corrects_the_registered_date_of_35_nq_tw(world: World) -> None:
    wrong = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 20))
    other = central("35-NQ/TW", "Nghị quyết", dt.date(2008, 1, 5))
    migration.correct(apps, None)
    wrong.refresh_from_db()
    other.refresh_from_db()
    assert (wrong.issued_on, other.issued_on) == (dt.date(2018, 10, 22), dt.date(2008, 1, 5))
    migration.restore(apps, None)
    wrong.refresh_from_db()
    assert wrong.issued_on == dt.date(2018, 10, 20)


def test_the_migration_moves_citations_when_the_official_date_is_registered_too(world: World) -> None:
    wrong = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 20))
    plan = plan_citing(world, SLIPPED)
    official = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    migration.correct(apps, None)
    link = CitationLink.objects.get(owner_id=plan.pk, field="body")
    assert link.target_id == official.pk
    assert Document.objects.get(pk=wrong.pk).issued_on == dt.date(2018, 10, 20)  # left for staff to remove
