"""The organisation tree pages: unit list and page, and the forms that change the tree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from quantriet.orgs import services
from quantriet.orgs.models import Member, Unit, UnitEvent
from tests.conftest import World, make_member


def unit_url(name: str, unit: Unit) -> str:
    return reverse(f"orgs:{name}", kwargs={"unit_id": unit.pk})


def test_the_unit_page_shows_facts_children_members_and_history(world: World) -> None:
    response = world.client_for(world.alice).get(unit_url("unit_detail", world.xa))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đảng bộ xã An Hòa" in text and "Tổ chức cơ sở đảng" in text
    assert "Chi bộ thôn 1" in text and "Chi bộ thôn 2" in text
    assert "Chi bộ thôn 3" not in text  # a child of the sibling commune
    assert f"?unit={world.xa.pk}" in text  # the subtree's member list
    assert "Thành lập" in text  # the creation event
    assert unit_url("unit_rename", world.xa) in text  # alice may change the tree
    assert response.context["member_count"] == 3


def test_a_sibling_units_pages_answer_404(world: World) -> None:
    charlie, bob = world.client_for(world.charlie), world.client_for(world.bob)
    for name in (
        "unit_detail",
        "unit_edit",
        "unit_rename",
        "unit_move",
        "unit_merge",
        "unit_split",
        "unit_dissolve",
        "unit_create",
    ):
        assert charlie.get(unit_url(name, world.xa)).status_code == 404, name
        assert bob.get(unit_url(name, world.xa2)).status_code == 404, name
    assert bob.get(unit_url("unit_detail", world.xa)).status_code == 404  # the commune above his cell


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    for url in (
        reverse("orgs:unit_list"),
        unit_url("unit_detail", world.xa),
        unit_url("unit_rename", world.xa),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_breadcrumbs_link_only_to_units_the_user_may_open(world: World) -> None:
    text = world.client_for(world.bob).get(unit_url("unit_detail", world.xa1)).content.decode()
    assert "Tỉnh ủy Mẫu" in text and "Đảng bộ xã An Hòa" in text
    assert unit_url("unit_detail", world.province) not in text
    assert unit_url("unit_detail", world.xa) not in text
    alice_text = world.client_for(world.alice).get(unit_url("unit_detail", world.xa1)).content.decode()
    assert unit_url("unit_detail", world.xa) in alice_text


def test_a_secretary_sees_no_change_links_and_cannot_post_changes(world: World) -> None:
    bob = world.client_for(world.bob)
    text = bob.get(unit_url("unit_detail", world.xa1)).content.decode()
    assert unit_url("unit_rename", world.xa1) not in text
    response = bob.post(
        unit_url("unit_rename", world.xa1), {"new_name": "Chi bộ đổi tên", "date": "01/07/2025"}
    )
    assert response.status_code == 403
    response = bob.post(
        unit_url("unit_create", world.xa1), {"name": "Tổ 1", "code": "XA1-T1", "level": "group"}
    )
    assert response.status_code == 403
    world.xa1.refresh_from_db()
    assert world.xa1.name == "Chi bộ thôn 1"
    assert not Unit.objects.filter(code="XA1-T1").exists()


def test_the_unit_list_shows_the_users_top_units(world: World) -> None:
    response = world.client_for(world.charlie).get(reverse("orgs:unit_list"))
    assert [u.code for u in response.context["page"].object_list] == ["XB"]


def test_unit_search_is_accent_insensitive_and_scoped(world: World) -> None:
    response = world.client_for(world.alice).get(reverse("orgs:unit_list"), {"q": "an hoa"})
    assert [u.code for u in response.context["page"].object_list] == ["XA"]
    response = world.client_for(world.charlie).get(reverse("orgs:unit_list"), {"q": "an hoa"})
    assert list(response.context["page"].object_list) == []
    response = world.client_for(world.alice).get(reverse("orgs:unit_list"), {"q": "xb1"})
    assert [u.code for u in response.context["page"].object_list] == ["XB1"]


def test_many_children_are_paginated(world: World) -> None:
    for i in range(55):
        services.create_unit(
            None, name=f"Chi bộ số {i:02d}", code=f"XA-C{i:02d}", level="cell", parent=world.xa
        )
    alice = world.client_for(world.alice)
    first = alice.get(unit_url("unit_detail", world.xa))
    assert len(first.context["child_rows"]) == 50
    assert first.context["children"].paginator.count == 57
    second = alice.get(unit_url("unit_detail", world.xa), {"page": 2})
    assert len(second.context["child_rows"]) == 7


def test_the_unit_page_makes_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(25):
        cell = services.create_unit(
            None, name=f"Chi bộ số {i:02d}", code=f"XA-C{i:02d}", level="cell", parent=world.xa
        )
        make_member(cell, f"Đảng Viên Số {i}", f"2{i:07d}")
        services.rename_unit(None, cell, f"Chi bộ mới {i:02d}", date=dt.date(2025, 7, 1))
    alice = world.client_for(world.alice)
    with django_assert_max_num_queries(15):
        response = alice.get(unit_url("unit_detail", world.xa))
    assert len(response.context["child_rows"]) == 27
    counts = {child.code: n for child, n in response.context["child_rows"]}
    assert counts["XA-C03"] == 1 and counts["XA1"] == 1


def test_creating_a_sub_unit(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        unit_url("unit_create", world.xa),
        {"name": "  Chi bộ   thôn 9 ", "code": "XA9", "level": "cell", "valid_from": "01/07/2025"},
    )
    created = Unit.objects.get(code="XA9")
    assert response.status_code == 302 and response["Location"] == unit_url("unit_detail", created)
    assert (
        created.name == "Chi bộ thôn 9"
        and created.parent == world.xa
        and created.valid_from == dt.date(2025, 7, 1)
    )


def test_a_taken_code_keeps_what_was_typed_and_creates_nothing(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        unit_url("unit_create", world.xa), {"name": "Chi bộ thôn Mới", "code": "XB1", "level": "cell"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "đã được dùng" in text
    assert 'value="Chi bộ thôn Mới"' in text
    assert not Unit.objects.filter(name="Chi bộ thôn Mới").exists()


def test_an_impossible_date_is_refused_with_a_vietnamese_message(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        unit_url("unit_rename", world.xa1), {"new_name": "Chi bộ khu phố 1", "date": "31/02/2020"}
    )
    text = response.content.decode()
    assert "Ngày không hợp lệ" in text and 'value="Chi bộ khu phố 1"' in text and 'value="31/02/2020"' in text
    world.xa1.refresh_from_db()
    assert world.xa1.name == "Chi bộ thôn 1"


def test_renaming_keeps_the_old_name_in_history(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        unit_url("unit_rename", world.xa1), {"new_name": "Chi bộ khu phố 1", "date": "01/07/2025"}
    )
    assert response.status_code == 302
    world.xa1.refresh_from_db()
    assert world.xa1.name == "Chi bộ khu phố 1"
    assert world.xa1.name_on(dt.date(2025, 6, 30)) == "Chi bộ thôn 1"
    text = alice.get(unit_url("unit_detail", world.xa1)).content.decode()
    assert "“Chi bộ thôn 1” thành “Chi bộ khu phố 1”" in text


def test_editing_code_and_founding_date(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(unit_url("unit_edit", world.xa1), {"code": "XA-01", "valid_from": "02/09/1990"})
    assert response.status_code == 302
    world.xa1.refresh_from_db()
    assert (world.xa1.code, world.xa1.valid_from) == ("XA-01", dt.date(1990, 9, 2))


def test_a_move_into_its_own_subtree_is_refused_with_the_services_message(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(unit_url("unit_move", world.xa), {"parent": "XA1", "date": "01/07/2025"})
    text = response.content.decode()
    assert "vòng lặp" in text and 'value="XA1"' in text
    world.xa.refresh_from_db()
    assert world.xa.parent == world.province


def test_moving_a_unit_by_code(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(unit_url("unit_move", world.xa2), {"parent": "xb", "date": "01/07/2025"})
    assert response.status_code == 302
    world.xa2.refresh_from_db()
    assert world.xa2.parent == world.xb


def test_a_move_target_outside_ones_scope_is_unknown(world: World) -> None:
    charlie = world.client_for(world.charlie)
    response = charlie.post(unit_url("unit_move", world.xb1), {"parent": "XA", "date": "01/07/2025"})
    assert "Không có đơn vị mã “XA” trong phạm vi" in response.content.decode()
    world.xb1.refresh_from_db()
    assert world.xb1.parent == world.xb


def test_the_move_form_finds_a_parent_by_name_without_javascript(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.get(unit_url("unit_move", world.xa2), {"q": "binh minh"})
    rows = response.context["picker"].object_list
    assert [row.unit.code for row in rows] == ["XB"]
    chosen = alice.get(unit_url("unit_move", world.xa2) + rows[0].pick_url)
    assert 'value="XB"' in chosen.content.decode()


def test_merging_moves_members_and_closes_the_sources(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        unit_url("unit_merge", world.xa1), {"sources": "XA2", "date": "01/07/2025", "note": "QĐ 12"}
    )
    assert response.status_code == 302
    world.xa2.refresh_from_db()
    assert world.xa2.valid_to == dt.date(2025, 7, 1)
    assert Member.objects.get(pk=world.m_xa2.pk).unit == world.xa1


def test_merging_an_unknown_code_keeps_the_list(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(unit_url("unit_merge", world.xa1), {"sources": "XA2\nNOPE", "date": "01/07/2025"})
    text = response.content.decode()
    assert "“NOPE”" in text and "XA2\nNOPE" in text
    world.xa2.refresh_from_db()
    assert world.xa2.valid_to is None


def test_merging_a_unit_into_itself_shows_the_services_message(world: World) -> None:
    response = world.client_for(world.alice).post(
        unit_url("unit_merge", world.xa1), {"sources": "XA1", "date": "01/07/2025"}
    )
    assert "Không thể sáp nhập một đơn vị vào chính nó." in response.content.decode()


def test_the_split_form_adds_parts_without_javascript_and_keeps_what_was_typed(world: World) -> None:
    alice = world.client_for(world.alice)
    form = alice.get(unit_url("unit_split", world.xa1)).context["form"]
    assert form.parts_shown == 2
    response = alice.post(
        unit_url("unit_split", world.xa1),
        {
            "part_count": "2",
            "part_0_name": "Chi bộ 1A",
            "part_0_code": "XA1A",
            "add_part": "1",
            "date": "01/07/2025",
        },
    )
    text = response.content.decode()
    assert response.context["form"].parts_shown == 3
    assert 'name="part_2_name"' in text and 'value="Chi bộ 1A"' in text and 'value="XA1A"' in text
    assert "errorlist" not in text
    assert not Unit.objects.filter(code="XA1A").exists()


def split_data(world: World, **extra: str) -> dict[str, str]:
    data = {
        "part_count": "2",
        "part_0_name": "Chi bộ 1A",
        "part_0_code": "XA1A",
        "part_1_name": "Chi bộ 1B",
        "part_1_code": "XA1B",
        "date": "01/07/2025",
    }
    data.update(extra)
    return data


def test_a_split_with_an_unassigned_member_changes_nothing(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(unit_url("unit_split", world.xa1), split_data(world))
    text = response.content.decode()
    assert "chưa được phân về đơn vị mới" in text and 'value="Chi bộ 1B"' in text
    assert not Unit.objects.filter(code__in=["XA1A", "XA1B"]).exists()
    world.xa1.refresh_from_db()
    assert world.xa1.valid_to is None


def test_splitting_assigns_each_member(world: World) -> None:
    second = make_member(world.xa1, "Phạm Thị Hoa", "10000009", sex="female")
    alice = world.client_for(world.alice)
    data = split_data(world, **{f"member_{world.m_xa1.pk}": "0", f"member_{second.pk}": "1"})
    response = alice.post(unit_url("unit_split", world.xa1), data)
    assert response.status_code == 302
    assert Member.objects.get(pk=world.m_xa1.pk).unit.code == "XA1A"
    assert Member.objects.get(pk=second.pk).unit.code == "XA1B"
    world.xa1.refresh_from_db()
    assert world.xa1.valid_to == dt.date(2025, 7, 1)


def test_dissolving_a_unit_with_members_is_refused(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(unit_url("unit_dissolve", world.xa1), {"date": "01/07/2025", "confirm": "on"})
    assert "còn đảng viên sinh hoạt" in response.content.decode()
    world.xa1.refresh_from_db()
    assert world.xa1.valid_to is None


def test_dissolving_needs_confirmation_and_then_closes_the_unit(world: World) -> None:
    empty = services.create_unit(None, name="Chi bộ trống", code="XA-EMPTY", level="cell", parent=world.xa)
    alice = world.client_for(world.alice)
    response = alice.post(unit_url("unit_dissolve", empty), {"date": "01/07/2025"})
    assert "Hãy đánh dấu ô xác nhận" in response.content.decode()
    response = alice.post(unit_url("unit_dissolve", empty), {"date": "01/07/2025", "confirm": "on"})
    assert response.status_code == 302
    empty.refresh_from_db()
    assert empty.valid_to == dt.date(2025, 7, 1)
    assert UnitEvent.objects.filter(unit=empty, kind="dissolved").exists()
    text = alice.get(unit_url("unit_detail", empty)).content.decode()
    assert "đã kết thúc hoạt động" in text


def test_the_menu_offers_imports_only_to_those_who_may_import(world: World) -> None:
    import_url = reverse("orgs:import_upload")
    assert f'href="{import_url}"' in world.client_for(world.alice).get("/").content.decode()
    assert f'href="{import_url}"' not in world.client_for(world.bob).get("/").content.decode()
