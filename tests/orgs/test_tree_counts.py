"""The member and sub-unit counts of the tree, the unit page and the home page's overview equal a naive
count (walking each member's chain of parents in Python), whatever shape of query answers them: closed
units, members off the roll, members placed directly in units that have sub-units."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from quantriet.orgs import selectors, services
from quantriet.orgs.models import Member, Role, Unit
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.orgs.selectors import TreeNode
from tests.conftest import World, make_member

CLOSED = dt.date(2025, 7, 1)


def naive_counts() -> tuple[dict[int, int], dict[int, int]]:
    """Members on the roll under each unit and each unit's open sub-units, from the rows alone."""
    parent = dict(Unit.objects.values_list("id", "parent_id"))
    members = dict.fromkeys(parent, 0)
    for unit_id, status in Member.objects.values_list("unit_id", "status"):
        if status not in ON_ROLL_STATUSES:
            continue
        at: int | None = unit_id
        while at is not None:
            members[at] += 1
            at = parent[at]
    children = dict.fromkeys(parent, 0)
    for parent_id in Unit.objects.filter(valid_to__isnull=True).values_list("parent_id", flat=True):
        if parent_id is not None:
            children[parent_id] += 1
    return members, children


def grow(world: World) -> dict[str, Unit]:
    """The world's province with a fourth level, a closed commune and a closed cell still holding members,
    members off the roll, and members placed in a commune and in the province themselves."""
    add = services.create_unit
    units = {"xc": add(None, name="Đảng bộ xã Cũ", code="XC", level="grassroots", parent=world.province)}
    units["xc1"] = add(None, name="Chi bộ thôn Cũ", code="XC1", level="cell", parent=units["xc"])
    units["xa2t"] = add(None, name="Tổ đảng 1", code="XA2T", level="group", parent=world.xa2)
    units["xb2"] = add(None, name="Chi bộ thôn 4", code="XB2", level="cell", parent=world.xb)
    card = 20_000_000
    placed = [
        (units["xc1"], "full"),
        (units["xc1"], "removed"),
        (units["xa2t"], "probationary"),
        (units["xa2t"], "suspended"),
        (units["xa2t"], "deceased"),
        (units["xb2"], "transferred_out"),
        (world.xb1, "full"),
        (world.xb1, "removed"),
        (world.xa, "full"),  # moved to the commune itself below
        (world.province, "full"),  # and to the province
    ]
    for unit, status in placed:
        card += 1
        target = unit if unit.level == "cell" or unit.level == "group" else world.xa1
        member = make_member(target, f"Người Thử {card}", str(card), status=status)
        if target != unit:
            Member.objects.filter(pk=member.pk).update(unit=unit)
    # Closed after the members were placed: a closed unit's members are still counted above it (as before).
    Unit.objects.filter(pk__in=[units["xc"].pk, units["xc1"].pk, world.xb1.pk]).update(valid_to=CLOSED)
    return units


def flatten(nodes: list[TreeNode]) -> list[TreeNode]:
    found = []
    for node in nodes:
        found.append(node)
        found += flatten(node.children or [])
    return found


# 0: every top in the grouped count too; 5: up to five tops counted each on its own (on PostgreSQL).
both_shapes = pytest.mark.parametrize("alone_tops", [0, 5])


@both_shapes
def test_the_tree_counts_equal_a_naive_count_at_every_depth(
    world: World, monkeypatch: pytest.MonkeyPatch, alone_tops: int
) -> None:
    monkeypatch.setattr(selectors, "ALONE_TOPS", alone_tops)
    units = grow(world)
    members, children = naive_counts()
    assert members[world.province.pk] == 10  # 4 of the world, 6 of the 10 added are on the roll
    tops = list(selectors.tree_tops(world.alice))
    for open_to in (None, world.province, world.xa, world.xa2, units["xa2t"], units["xc1"], world.xb1):
        nodes = flatten(selectors.open_tree(tops, open_to))
        assert nodes, open_to
        for node in nodes:
            expected = (members[node.unit.pk], children[node.unit.pk])
            assert (node.member_count, node.child_count) == expected, (open_to, node.unit.code)
    shown = {node.unit.code for node in flatten(selectors.open_tree(tops, units["xa2t"]))}
    assert {"PROV", "XA", "XB", "XA1", "XA2", "XA2T"} <= shown


def test_a_nodes_sub_units_and_the_unit_page_count_like_the_naive_count(world: World) -> None:
    grow(world)
    members, children = naive_counts()
    for unit in Unit.objects.all():
        for include_closed in (False, True):
            rows = selectors.children_of(world.alice, unit, include_closed=include_closed)
            for node in selectors.tree_nodes(list(rows)):
                assert (node.member_count, node.child_count) == (
                    members[node.unit.pk],
                    children[node.unit.pk],
                ), node.unit.code


@both_shapes
def test_the_home_overview_counts_like_the_naive_count(
    world: World, monkeypatch: pytest.MonkeyPatch, alone_tops: int
) -> None:
    monkeypatch.setattr(selectors, "ALONE_TOPS", alone_tops)
    units = grow(world)
    members, children = naive_counts()
    someone: Any = User.objects.create_user("overview.tester")
    for unit in (world.xa, units["xa2t"], world.xb):
        services.grant_role(None, someone, unit, Role.ORGANISATION)
    for user in (world.alice, world.charlie, someone):
        overview = selectors.overview_for(user)
        assert overview, user
        for row in overview:
            assert (row.member_count, row.child_count) == (members[row.unit.pk], children[row.unit.pk])
