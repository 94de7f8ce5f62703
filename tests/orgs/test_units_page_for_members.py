"""The units page for someone with no unit to manage: a plain member is sent to their own record."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import World


def test_a_plain_member_opening_the_units_page_lands_on_their_own_record(world: World) -> None:
    response = world.client_for(world.dave).get(reverse("orgs:unit_list"), follow=True)
    assert response.redirect_chain == [(reverse("orgs:me"), 302)]
    text = response.content.decode()
    assert "Đặng Văn Dũng" in text
    assert "chưa được phân quyền" not in text


def test_an_account_without_a_record_is_told_how_to_get_one_linked(world: World) -> None:
    response = world.client_for(world.eve).get(reverse("orgs:unit_list"), follow=True)
    assert response.redirect_chain == [(reverse("orgs:me"), 302)]
    assert "chưa gắn với hồ sơ đảng viên" in response.content.decode()


def test_staff_still_get_their_tree_and_a_members_search_still_answers(world: World) -> None:
    response = world.client_for(world.alice).get(reverse("orgs:unit_list"))
    assert response.status_code == 200 and "Tỉnh ủy Mẫu" in response.content.decode()
    response = world.client_for(world.dave).get(reverse("orgs:unit_list"), {"q": "thôn"})
    assert response.status_code == 200
