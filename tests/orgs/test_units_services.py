from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quantriet.orgs import services
from quantriet.orgs.models import AuditEntry, Member, Unit, UnitLink
from tests.conftest import World, make_member


def links(unit: Unit) -> set[tuple[str, int]]:
    return {
        (link.ancestor.code, link.distance)
        for link in UnitLink.objects.filter(descendant=unit).select_related("ancestor")
    }


def test_the_closure_table_holds_every_ancestor(world: World) -> None:
    assert links(world.xa1) == {("XA1", 0), ("XA", 1), ("PROV", 2)}
    assert world.xa1.depth == 2


def test_moving_a_unit_rehangs_its_whole_subtree(world: World) -> None:
    services.move_unit(world.alice, world.xa, world.xb, date=dt.date(2025, 7, 1))
    world.xa1.refresh_from_db()
    assert links(world.xa1) == {("XA1", 0), ("XA", 1), ("XB", 2), ("PROV", 3)}
    assert world.xa1.depth == 3


def test_a_move_that_makes_a_cycle_is_refused_and_changes_nothing(world: World) -> None:
    before = set(UnitLink.objects.values_list("ancestor_id", "descendant_id", "distance"))
    with pytest.raises(ValidationError) as info:
        services.move_unit(world.alice, world.xa, world.xa1, date=dt.date(2025, 7, 1))
    assert "vòng lặp" in str(info.value)
    assert set(UnitLink.objects.values_list("ancestor_id", "descendant_id", "distance")) == before


def test_a_cell_cannot_hold_a_grassroots_unit(world: World) -> None:
    with pytest.raises(ValidationError):
        services.create_unit(None, name="Sai", code="BAD", level="grassroots", parent=world.xa1)
    assert not Unit.objects.filter(code="BAD").exists()


def test_merge_keeps_history_of_members_and_names(world: World) -> None:
    merged_on = dt.date(2025, 7, 1)
    member = world.m_xb1
    services.merge_units(world.alice, [world.xb], world.xa, date=merged_on)
    world.xb.refresh_from_db()
    member.refresh_from_db()
    assert world.xb.valid_to == merged_on
    assert member.unit == world.xa1.__class__.objects.get(code="XB1")  # the cell moved with its parent
    world.xb1.refresh_from_db()
    assert world.xb1.parent == world.xa
    assert AuditEntry.objects.filter(action="unit.merge").count() == 1


def test_members_directly_in_a_merged_unit_keep_their_past_unit(world: World) -> None:
    old_cell = services.create_unit(
        None,
        name="Chi bộ cơ sở Trường học",
        code="CB-TH",
        level="grassroots",
        parent=world.province,
        valid_from=dt.date(2000, 1, 1),
    )
    member = make_member(old_cell, "Phan Thị Hoa", "20000001")
    services.merge_units(world.alice, [old_cell], world.xa, date=dt.date(2025, 7, 1))
    member.refresh_from_db()
    assert member.unit == world.xa
    assert member.unit_on(dt.date(2024, 6, 1)) == old_cell
    assert member.unit_on(dt.date(2025, 8, 1)) == world.xa


def test_rename_keeps_the_old_name_for_past_dates(world: World) -> None:
    services.rename_unit(world.alice, world.xa, "Đảng bộ xã An Hòa Mới", date=dt.date(2025, 7, 1))
    assert world.xa.name_on(dt.date(2024, 1, 1)) == "Đảng bộ xã An Hòa"
    assert world.xa.name_on(dt.date(2025, 12, 1)) == "Đảng bộ xã An Hòa Mới"


def test_split_requires_every_member_assigned(world: World) -> None:
    parts = [services.units.NewPart("Chi bộ 1A", "XA1A"), services.units.NewPart("Chi bộ 1B", "XA1B")]
    with pytest.raises(ValidationError):
        services.split_unit(world.alice, world.xa1, parts, member_targets={}, date=dt.date(2025, 7, 1))
    assert not Unit.objects.filter(code__in=["XA1A", "XA1B"]).exists()
    new = services.split_unit(
        world.alice, world.xa1, parts, member_targets={world.m_xa1.pk: 1}, date=dt.date(2025, 7, 1)
    )
    world.m_xa1.refresh_from_db()
    assert world.m_xa1.unit == new[1]
    assert world.m_xa1.unit_on(dt.date(2025, 6, 30)) == world.xa1


def test_dissolve_refuses_a_unit_with_members(world: World) -> None:
    with pytest.raises(ValidationError):
        services.dissolve_unit(world.alice, world.xa1, date=dt.date(2025, 7, 1))
    empty = services.create_unit(None, name="Chi bộ trống", code="EMPTY", level="cell", parent=world.xa)
    services.dissolve_unit(world.alice, empty, date=dt.date(2025, 7, 1))
    empty.refresh_from_db()
    assert empty.valid_to == dt.date(2025, 7, 1)


def test_member_validation_messages_are_vietnamese(world: World) -> None:
    with pytest.raises(ValidationError) as info:
        make_member(
            world.xa1,
            "Người Sai",
            "999",
            date_of_birth=dt.date(1990, 1, 1),
            admission_date=dt.date(1980, 1, 1),
        )
    assert "Ngày vào Đảng phải sau ngày sinh" in str(info.value)
    with pytest.raises(ValidationError) as info:
        make_member(world.xa1, "Trùng Thẻ", "10000001")
    assert "đã thuộc về một đảng viên khác" in str(info.value)
    with pytest.raises(ValidationError):
        make_member(
            world.xa1, "Quá Già", "998", date_of_birth=dt.date(1890, 1, 1), admission_date=dt.date(1930, 1, 1)
        )
    assert not Member.objects.filter(full_name__in=["Người Sai", "Trùng Thẻ", "Quá Già"]).exists()


def test_names_are_normalised_not_rejected(world: World) -> None:
    member = make_member(world.xa1, "  Nguye\u0302\u0303n   Thị\u00a0Hà ", "555")
    assert member.full_name == "Nguyễn Thị Hà"
    assert member.name_folded == "nguyen thi ha"
