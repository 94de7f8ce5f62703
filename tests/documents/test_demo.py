"""The demo registry: real central numbers with only the given dates, provincial documents citing them."""

from __future__ import annotations

import datetime as dt

import pytest

from quantriet.documents.demo import CENTRAL, load_demo_documents
from quantriet.documents.models import CitationLink, Document, Relation
from tests.conftest import World

pytestmark = pytest.mark.django_db

GIVEN_DATES = {
    "35-NQ/TW": dt.date(2018, 10, 22),
    "22-NQ/TW": dt.date(2008, 2, 2),
    "21-KL/TW": dt.date(2021, 10, 25),
}


def test_the_demo_registry_holds_the_disseminated_central_documents_dated_only_where_known(
    world: World,
) -> None:
    load_demo_documents(world.province)
    central = Document.objects.filter(symbol__in=[c.symbol for c in CENTRAL])
    assert central.count() == 15
    assert all(d.is_public and d.confirmed for d in central)
    assert {d.symbol: d.issued_on for d in central if d.issued_on} == GIVEN_DATES


def test_provincial_demo_documents_concretise_and_cite_central_ones_and_loading_twice_adds_nothing(
    world: World,
) -> None:
    load_demo_documents(world.province)
    count = Document.objects.count()
    plan = Document.objects.get(symbol="15-KH/TU")
    assert plan.issuing_unit == world.province and not plan.is_public
    assert Relation.objects.filter(source=plan, target__symbol="35-NQ/TW", kind="concretises").exists()
    cited = set(
        CitationLink.objects.filter(owner_id=plan.pk, target__isnull=False).values_list("cited_id", flat=True)
    )
    assert {"35-NQ/TW", "05-CT/TW", "08-QĐi/TW"} <= cited
    assert load_demo_documents(world.province) == 0
    assert Document.objects.count() == count
