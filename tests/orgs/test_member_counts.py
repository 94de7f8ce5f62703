"""Member counts over subtrees (home page, unit page) and the member list's pages stay right as members
and units change, and the pages' query counts do not grow with the number of units shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from quantriet.orgs import services
from quantriet.orgs.models import Member, Role
from tests.conftest import World, make_member

DAY = dt.date(2025, 7, 1)


def unit_counts(world: World) -> tuple[int, dict[str, int]]:
    response = world.client_for(world.alice).get(
        reverse("orgs:unit_detail", kwargs={"unit_id": world.province.pk})
    )
    assert response.status_code == 200
    return response.context["member_count"], {child.code: n for child, n in response.context["child_rows"]}


def home_counts(world: World, user: Any) -> dict[str, tuple[int, int]]:
    return home_counts_of(world.client_for(user))


def home_counts_of(client: Any) -> dict[str, tuple[int, int]]:
    return {
        s.unit.code: (s.member_count, s.child_count) for s in client.get(reverse("home")).context["overview"]
    }


def test_counts_follow_a_transfer_a_status_change_and_a_merge(world: World) -> None:
    assert unit_counts(world) == (4, {"XA": 3, "XB": 1})
    services.transfer_member(None, world.m_xa1, world.xb1, date=DAY)
    assert unit_counts(world) == (4, {"XA": 2, "XB": 2})
    services.change_status(None, world.m_xa2, "suspended", date=DAY)  # still on the roll
    services.change_status(None, world.m_xb1, "removed", date=DAY)  # no longer counted
    assert unit_counts(world) == (3, {"XA": 2, "XB": 1})
    assert home_counts(world, world.alice) == {"PROV": (3, 2)}
    services.merge_units(None, [world.xb], world.xa, date=DAY)
    total, children = unit_counts(world)
    assert (total, children) == (3, {"XA": 3})  # the closed commune is hidden, its members moved over
    assert home_counts(world, world.alice) == {"PROV": (3, 1)}


def test_closed_children_are_counted_when_shown(world: World) -> None:
    make_member(world.xb1, "Phạm Văn Đông", "10000009")
    services.merge_units(None, [world.xb1], world.xa1, date=DAY)
    response = world.client_for(world.alice).get(
        reverse("orgs:unit_detail", kwargs={"unit_id": world.xb.pk}), {"closed": "1"}
    )
    assert response.context["member_count"] == 0
    assert [(child.code, n, child.child_count) for child, n in response.context["child_rows"]] == [
        ("XB1", 0, 0)
    ]
    assert unit_counts(world) == (5, {"XA": 5, "XB": 0})


def test_the_home_page_counts_each_top_unit_and_nothing_else(world: World) -> None:
    services.grant_role(None, world.eve, world.xa1, Role.SECRETARY)
    services.grant_role(None, world.eve, world.xb, Role.SECRETARY)
    assert home_counts(world, world.eve) == {"XA1": (1, 0), "XB": (1, 1)}
    assert home_counts(world, world.charlie) == {"XB": (1, 1)}
    assert home_counts(world, world.dave) == {}  # a member's account holds no unit


def test_the_home_page_makes_the_same_queries_for_one_top_unit_or_many(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.grant_role(None, world.eve, world.xa1, Role.OFFICE)
    client = world.client_for(world.eve)
    home_counts_of(client)  # the header's unread count, then answered by the cache
    with CaptureQueriesContext(connection) as one_top_unit:
        assert home_counts_of(client) == {"XA1": (1, 0)}
    for unit in (world.xa2, world.xb, world.xb1):  # xb1 lies under xb: not a top unit
        services.grant_role(None, world.eve, unit, Role.OFFICE)
    # The home page's to-do sections (tests/reports/test_home.py) read a fixed number more.
    with django_assert_max_num_queries(len(one_top_unit)):
        assert home_counts_of(client) == {"XA1": (1, 0), "XA2": (2, 0), "XB": (1, 1)}


def test_the_member_list_pages_follow_name_order_without_gaps_or_repeats(world: World) -> None:
    for i in range(60):
        make_member(world.xa1 if i % 2 else world.xb1, f"Vũ Văn Số {59 - i:02d}", f"5{i:07d}")
    client = world.client_for(world.alice)
    pages = [client.get(reverse("orgs:member_list"), {"unit": world.province.pk, "page": p}) for p in (1, 2)]
    shown = [m.full_name for page in pages for m in page.context["page"].object_list]
    assert len(shown) == 64 and len(set(shown)) == 64
    expected = Member.objects.order_by("name_sort", "id").values_list("full_name", flat=True)
    assert shown == list(expected)
    assert pages[1].context["page"].paginator.count == 64


def test_a_transferred_member_leaves_the_old_subtrees_list(world: World) -> None:
    services.transfer_member(None, world.m_xa1, world.xb1, date=DAY)
    client = world.client_for(world.alice)
    in_xa = [
        m.full_name for m in client.get(reverse("orgs:member_list"), {"unit": world.xa.pk}).context["page"]
    ]
    in_xb = [
        m.full_name for m in client.get(reverse("orgs:member_list"), {"unit": world.xb.pk}).context["page"]
    ]
    assert "Nguyễn Văn An" not in in_xa and "Nguyễn Văn An" in in_xb
    charlie = world.client_for(world.charlie)  # charlie's commune now holds the member, and sees them
    assert "Nguyễn Văn An" in charlie.get(reverse("orgs:member_list")).content.decode()
    assert charlie.get(reverse("orgs:member_list"), {"unit": world.xa.pk}).status_code == 404
