"""A unit among others is named with its parent path (orgs.selectors.unit_paths)."""

from __future__ import annotations

from typing import Any

import pytest

from quantriet.orgs import services
from quantriet.orgs.selectors import unit_paths, with_paths
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_cell_is_named_below_the_root_with_every_ancestor(world: World) -> None:
    paths = unit_paths([world.xa1, world.xb1, world.xa])
    assert paths == {
        world.xa1.pk: "Đảng bộ xã An Hòa › Chi bộ thôn 1",
        world.xb1.pk: "Đảng bộ xã Bình Minh › Chi bộ thôn 3",
        world.xa.pk: "Đảng bộ xã An Hòa",
    }


def test_cells_of_the_same_name_are_told_apart(world: World) -> None:
    twin = services.create_unit(None, name="Chi bộ thôn 1", code="XB9", level="cell", parent=world.xb)
    paths = unit_paths([world.xa1.pk, twin.pk])
    assert len(set(paths.values())) == 2
    assert paths[twin.pk] == "Đảng bộ xã Bình Minh › Chi bộ thôn 1"


def test_the_path_starts_below_the_boards_own_unit_and_the_root_is_its_bare_name(world: World) -> None:
    assert unit_paths([world.xa1], top=world.xa) == {world.xa1.pk: "Chi bộ thôn 1"}
    assert unit_paths([world.province]) == {world.province.pk: "Tỉnh ủy Mẫu"}


def test_any_number_of_units_costs_one_query(world: World, django_assert_num_queries: Any) -> None:
    units = [world.xa, world.xa1, world.xa2, world.xb, world.xb1]
    with django_assert_num_queries(1):
        with_paths(units)
    assert [u.path for u in units][1] == "Đảng bộ xã An Hòa › Chi bộ thôn 1"  # type: ignore[attr-defined]
    with django_assert_num_queries(0):
        assert unit_paths([]) == {}
