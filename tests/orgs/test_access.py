from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from quantriet.orgs import access, services
from quantriet.orgs.access import Capability as C
from tests.conftest import World


def test_a_role_covers_its_subtree_only(world: World) -> None:
    assert set(access.units(world.bob)) == {world.xa1}
    assert set(access.units(world.charlie)) == {world.xb, world.xb1}
    assert set(access.units(world.alice)) == {
        world.province,
        world.xa,
        world.xa1,
        world.xa2,
        world.xb,
        world.xb1,
    }


def test_members_are_scoped_by_subtree_and_self(world: World) -> None:
    assert set(access.members(world.bob)) == {world.m_xa1}
    assert set(access.members(world.charlie)) == {world.m_xb1}
    assert set(access.members(world.dave)) == {world.m_dave}
    assert list(access.members(world.eve)) == []


def test_a_member_may_not_edit_their_own_record(world: World) -> None:
    assert access.can_member(world.dave, C.VIEW_MEMBER_DETAIL, world.m_dave)
    assert not access.can_member(world.dave, C.EDIT_MEMBERS, world.m_dave)


def test_a_secretary_cannot_edit_or_import(world: World) -> None:
    assert access.can(world.bob, C.VIEW_MEMBER_DETAIL, world.xa1)
    assert not access.can(world.bob, C.EDIT_MEMBERS, world.xa1)
    assert not access.can(world.bob, C.IMPORT_DATA, world.xa1)


def test_sibling_objects_answer_404(world: World) -> None:
    with pytest.raises(Http404):
        access.member_or_404(world.charlie, C.VIEW_MEMBERS, world.m_xa1.pk)
    with pytest.raises(Http404):
        access.unit_or_404(world.bob, C.VIEW_UNITS, world.xa2.pk)
    assert access.unit_or_404(world.charlie, C.VIEW_UNITS, world.xb1.pk) == world.xb1


def test_a_revoked_role_gives_nothing(world: World) -> None:
    assignment = world.charlie.role_assignments.get()
    services.revoke_role(world.alice, assignment)
    access.forget(world.charlie)
    assert not access.units(world.charlie).exists()


def test_top_units_drop_nested_roles(world: World) -> None:
    services.grant_role(None, world.alice, world.xa, "secretary")
    access.forget(world.alice)
    assert list(access.top_units(world.alice)) == [world.province]


def test_rights_follow_a_moved_unit(world: World) -> None:
    import datetime as dt

    services.move_unit(world.alice, world.xa2, world.xb, date=dt.date(2025, 7, 1))
    access.forget(world.charlie)
    assert access.can(world.charlie, C.VIEW_MEMBERS, world.xa2)
    assert world.m_xa2 in access.members(world.charlie)


def test_the_line_of_a_user_covers_units_above_and_below_but_not_siblings(world: World) -> None:
    from quantriet.orgs.models import Unit

    def line(user: object) -> set[str]:
        condition = access.in_line(user, C.VIEW_DOCUMENTS, "id")  # type: ignore[arg-type]
        assert condition is not None
        return set(Unit.objects.filter(condition).values_list("code", flat=True))

    assert line(world.charlie) == {"PROV", "XB", "XB1"}
    assert line(world.bob) == {"PROV", "XA", "XA1"}
    assert line(world.dave) == {"PROV", "XA", "XA2"}  # a member sees the line of their own cell
    assert line(world.eve) == set()


def test_a_users_own_member_record_is_read_once_per_user_object(
    world: World, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert access.own_member_units(world.dave) == {world.m_dave.unit_id}
        assert access.own_member_units(world.dave) == {world.m_dave.unit_id}  # cached on the object
    assert access.own_member_units(world.bob) == frozenset()  # staff without a member record
    # Moved within one request (each request has a user object of its own): forgotten, then read again.
    world.m_dave.unit = world.xa1
    world.m_dave.save(update_fields=["unit"])
    access.forget(world.dave)
    assert access.own_member_units(world.dave) == {world.xa1.pk}


def test_an_anonymous_visitor_has_no_member_record(db: None, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert access.own_member_units(AnonymousUser()) == frozenset()
