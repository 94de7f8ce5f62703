"""The units tree (opened node by node, with counts, searched) and the unit and member pickers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from quantriet.orgs import services
from tests.conftest import World, make_member

UNIT_PICK = "/units/pick/"
MEMBER_PICK = "/members/pick/"


def picked(client: Client, url: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    results: list[dict[str, Any]] = response.json()["results"]
    return results


# ------------------------------------------------------------------ unit picker


def test_the_unit_picker_finds_units_by_name_without_accents_and_shows_their_path(world: World) -> None:
    alice = world.client_for(world.alice)
    found = picked(alice, UNIT_PICK, q="chi bo thon 2")
    assert [r["value"] for r in found] == ["XA2"]
    assert found[0]["label"] == "Chi bộ thôn 2"
    assert found[0]["path"] == "Đảng bộ xã An Hòa › Chi bộ thôn 2"
    assert found[0]["id"] == world.xa2.pk
    # A word from inside the name, once the names starting with it are listed.
    assert {r["value"] for r in picked(alice, UNIT_PICK, q="thôn")} == {"XA1", "XA2", "XB1"}
    assert [r["value"] for r in picked(alice, UNIT_PICK, q="BINH MINH")] == ["XB"]


def test_units_of_the_same_name_are_told_apart_by_typing_the_name_of_a_unit_above(world: World) -> None:
    twin = services.create_unit(None, name="Chi bộ thôn 1", code="XB-T1", level="cell", parent=world.xb)
    alice = world.client_for(world.alice)
    assert [r["value"] for r in picked(alice, UNIT_PICK, q="chi bo thon 1")] == ["XA1", "XB-T1"]
    assert [r["id"] for r in picked(alice, UNIT_PICK, q="thon 1 binh minh")] == [twin.pk]
    assert [r["value"] for r in picked(alice, UNIT_PICK, q="chi bo thon 1 an hoa")] == ["XA1"]
    assert picked(alice, UNIT_PICK, q="thon 1 dong tien") == []


def test_the_unit_picker_puts_the_code_typed_first(world: World) -> None:
    services.create_unit(None, name="Xã An Khang", code="XA1X", level="cell", parent=world.xa)
    found = picked(world.client_for(world.alice), UNIT_PICK, q="xa1")
    assert [r["value"] for r in found][:2] == ["XA1", "XA1X"]


def test_the_unit_picker_suggests_only_units_in_the_users_reach(world: World) -> None:
    charlie = world.client_for(world.charlie)
    assert [r["value"] for r in picked(charlie, UNIT_PICK, q="chi bo")] == ["XB1"]
    assert picked(charlie, UNIT_PICK, q="an hoa") == []
    assert picked(charlie, UNIT_PICK, q="XA1") == []
    bob = world.client_for(world.bob)
    assert [r["value"] for r in picked(bob, UNIT_PICK, q="chi bo")] == ["XA1"]
    # The capability the form needs: a secretary may not change the tree.
    assert picked(bob, UNIT_PICK, q="chi bo", cap="manage_units") == []
    assert picked(world.client_for(world.eve), UNIT_PICK, q="chi bo") == []


def test_the_unit_picker_keeps_to_the_subtree_and_leaves_closed_units_out_unless_asked(world: World) -> None:
    alice = world.client_for(world.alice)
    assert [r["value"] for r in picked(alice, UNIT_PICK, q="chi bo", within=world.xb.pk)] == ["XB1"]
    old = services.create_unit(None, name="Chi bộ thôn 9", code="XA9", level="cell", parent=world.xa)
    services.dissolve_unit(None, old, date=dt.date(2025, 7, 1))
    assert [r["value"] for r in picked(alice, UNIT_PICK, q="chi bo thon")] == ["XA1", "XA2", "XB1"]
    closed = picked(alice, UNIT_PICK, q="chi bo thon 9", closed="1")
    assert [r["value"] for r in closed] == ["XA9"] and "đã kết thúc" in closed[0]["detail"]


def test_the_unit_picker_answers_at_most_twenty_and_says_there_are_more(world: World) -> None:
    for i in range(25):
        services.create_unit(
            None, name=f"Chi bộ khu {i:02d}", code=f"XA-K{i:02d}", level="cell", parent=world.xa
        )
    answer = world.client_for(world.alice).get(UNIT_PICK, {"q": "chi bo khu"}).json()
    assert len(answer["results"]) == 20 and answer["more"] is True
    assert [r["label"] for r in answer["results"]][:2] == ["Chi bộ khu 00", "Chi bộ khu 01"]
    answer = world.client_for(world.alice).get(UNIT_PICK, {"q": "chi bo khu 2"}).json()
    assert len(answer["results"]) == 5 and answer["more"] is False


def test_the_unit_picker_takes_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    alice = world.client_for(world.alice)
    alice.get(UNIT_PICK, {"q": "x"})  # the session is read once, as on every page
    # session, user, roles; code; name prefix; names holding the text; paths
    with django_assert_num_queries(7):
        alice.get(UNIT_PICK, {"q": "thon"})
    # a name with spaces is no code: one query fewer
    with django_assert_num_queries(6):
        alice.get(UNIT_PICK, {"q": "chi bo thon"})


def test_the_picker_endpoints_refuse_bad_parameters_and_strangers(world: World) -> None:
    alice = world.client_for(world.alice)
    assert alice.get(UNIT_PICK, {"q": "x", "cap": "everything"}).status_code == 400
    assert alice.get(UNIT_PICK, {"q": "x", "within": "abc"}).status_code == 404
    assert alice.get(UNIT_PICK, {"q": ""}).json() == {"results": [], "more": False}
    assert alice.get(UNIT_PICK, {"q": "\x00"}).json() == {"results": [], "more": False}
    for url in (UNIT_PICK, MEMBER_PICK):
        response = Client().get(url, {"q": "chi"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert alice.post(url, {"q": "chi"}).status_code == 405


# ------------------------------------------------------------------ member picker


def test_the_member_picker_finds_people_by_name_or_card_number_with_their_cell(world: World) -> None:
    alice = world.client_for(world.alice)
    found = picked(alice, MEMBER_PICK, q="tran thi")
    assert [(r["label"], r["value"]) for r in found] == [("Trần Thị Bình", "10000002")]
    assert found[0]["path"] == "Đảng bộ xã An Hòa › Chi bộ thôn 2"
    assert [r["value"] for r in picked(alice, MEMBER_PICK, q="1000 000")] == [
        "10000001",
        "10000002",
        "10000003",
        "10000004",
    ]
    assert [r["label"] for r in picked(alice, MEMBER_PICK, q="binh")] == ["Trần Thị Bình"]  # the given name


def test_the_member_picker_keeps_to_the_users_reach_and_the_roll(world: World) -> None:
    charlie = world.client_for(world.charlie)
    assert [r["label"] for r in picked(charlie, MEMBER_PICK, q="1000")] == ["Lê Hoàng Cường"]
    alice = world.client_for(world.alice)
    assert [r["value"] for r in picked(alice, MEMBER_PICK, q="1000", within=world.xa1.pk)] == ["10000001"]
    services.change_status(None, world.m_xa1, "deceased", date=dt.date(2025, 1, 2))
    assert [r["value"] for r in picked(alice, MEMBER_PICK, q="nguyen van an")] == []
    assert picked(world.client_for(world.eve), MEMBER_PICK, q="1000") == []


def test_a_member_without_a_card_number_is_picked_by_id(world: World) -> None:
    new = make_member(world.xa1, "Phạm Thu Hà", None, status="probationary", full_membership_date=None)
    found = picked(world.client_for(world.alice), MEMBER_PICK, q="pham thu")
    assert [r["value"] for r in found] == [f"#{new.pk}"]


def test_the_member_picker_takes_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    alice = world.client_for(world.alice)
    alice.get(MEMBER_PICK, {"q": "x"})
    with django_assert_num_queries(6):  # session, user, roles; name prefix; names holding it; paths
        alice.get(MEMBER_PICK, {"q": "van"})
    with django_assert_num_queries(5):  # session, user, roles; card numbers; paths
        alice.get(MEMBER_PICK, {"q": "1000"})


# ------------------------------------------------------------------ forms with pickers


def test_a_form_with_a_unit_picker_takes_a_code_or_a_whole_name_and_offers_the_search(world: World) -> None:
    alice = world.client_for(world.alice)
    url = reverse("orgs:member_transfer", kwargs={"member_id": world.m_xa1.pk})
    page = alice.get(url).content.decode()
    assert 'data-picker="/units/pick/?cap=edit_members"' in page
    response = alice.post(url, {"unit": "chi bo thon 3", "date": "01/07/2025", "reason": ""})
    assert response.status_code == 302
    world.m_xa1.refresh_from_db()
    assert world.m_xa1.unit == world.xb1
    response = alice.post(url, {"unit": "XA2", "date": "02/07/2025", "reason": ""})
    assert response.status_code == 302
    world.m_xa1.refresh_from_db()
    assert world.m_xa1.unit == world.xa2


def test_a_name_shared_by_several_units_asks_to_choose(world: World) -> None:
    twin = services.create_unit(None, name="Chi bộ thôn 1", code="XB-T1", level="cell", parent=world.xb)
    alice = world.client_for(world.alice)
    url = reverse("orgs:member_transfer", kwargs={"member_id": world.m_xa2.pk})
    response = alice.post(url, {"unit": "Chi bộ thôn 1", "date": "01/07/2025", "reason": ""})
    assert response.status_code == 200
    assert "Có 2 đơn vị tên “Chi bộ thôn 1”" in response.content.decode()
    world.m_xa2.refresh_from_db()
    assert world.m_xa2.unit == world.xa2 and twin.members.count() == 0


# ------------------------------------------------------------------ the tree


def test_the_units_page_is_a_tree_with_counts_at_each_node(world: World) -> None:
    response = world.client_for(world.alice).get(reverse("orgs:unit_list"))
    text = response.content.decode()
    assert "data-tree" in text
    assert f'id="unit-{world.province.pk}"' in text
    assert "2 đơn vị · 4 đảng viên" in text
    # Closed: the province's sub-units are not drawn until opened.
    assert "Đảng bộ xã An Hòa" not in text
    assert f'href="/units/?open={world.province.pk}#unit-{world.province.pk}"' in text
    assert f'data-children="/units/{world.province.pk}/tree/"' in text


def test_opening_a_unit_draws_the_tree_down_to_it(world: World) -> None:
    text = (
        world.client_for(world.alice).get(reverse("orgs:unit_list"), {"open": world.xa2.pk}).content.decode()
    )
    for name in ("Đảng bộ xã An Hòa", "Đảng bộ xã Bình Minh", "Chi bộ thôn 1", "Chi bộ thôn 2"):
        assert name in text, name
    assert "Chi bộ thôn 3" not in text  # under Bình Minh, which stays closed
    assert (
        'class="tree-node current"' in text and f'id="unit-{world.xa2.pk}" class="tree-node current"' in text
    )
    assert "0 đơn vị · 2 đảng viên" in text  # thôn 2: Bình and Dũng
    # Without JavaScript, closing An Hòa draws the tree opened to the province again.
    assert f'href="/units/?open={world.province.pk}#unit-{world.province.pk}"' in text


def test_the_tree_opens_only_to_units_in_reach(world: World) -> None:
    charlie = world.client_for(world.charlie)
    assert charlie.get(reverse("orgs:unit_list"), {"open": world.xa2.pk}).status_code == 404
    text = charlie.get(reverse("orgs:unit_list"), {"open": world.xb1.pk}).content.decode()
    assert "Chi bộ thôn 3" in text and "Tỉnh ủy Mẫu" not in text
    # charlie's top is Bình Minh: closing it goes back to the whole (closed) tree, not to the province.
    assert 'href="/units/"' in text


def test_the_tree_page_takes_a_fixed_number_of_queries_whatever_the_depth(
    world: World, django_assert_num_queries: Any
) -> None:
    alice = world.client_for(world.alice)
    alice.get(reverse("orgs:unit_list"))
    # session, user, roles, count of tops, tops, members under tops; the menu's "my record" link
    with django_assert_num_queries(7):
        alice.get(reverse("orgs:unit_list"))
    # + the unit opened (and its reach), its chain, the sub-units of the chain, those with counts
    with django_assert_num_queries(12):
        alice.get(reverse("orgs:unit_list"), {"open": world.xa.pk})
    deeper = services.create_unit(None, name="Tổ đảng 1", code="XA2-T1", level="group", parent=world.xa2)
    with django_assert_num_queries(12):
        alice.get(reverse("orgs:unit_list"), {"open": deeper.pk})


def test_a_nodes_sub_units_come_as_a_fragment_with_counts(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.get(reverse("orgs:unit_tree", kwargs={"unit_id": world.xa.pk}))
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert text.index("Chi bộ thôn 1") < text.index("Chi bộ thôn 2")
    assert "0 đơn vị · 1 đảng viên" in text and "0 đơn vị · 2 đảng viên" in text
    assert (
        world.client_for(world.charlie)
        .get(reverse("orgs:unit_tree", kwargs={"unit_id": world.xa.pk}))
        .status_code
        == 404
    )


def test_a_node_with_many_sub_units_sends_them_a_hundred_at_a_time(
    world: World, django_assert_num_queries: Any
) -> None:
    for i in range(150):
        services.create_unit(None, name=f"Chi bộ {i:03d}", code=f"M{i:03d}", level="cell", parent=world.xb)
    alice = world.client_for(world.alice)
    url = reverse("orgs:unit_tree", kwargs={"unit_id": world.xb.pk})
    alice.get(url)
    with django_assert_num_queries(7):  # session, user; the unit, roles, its reach; count, sub-units
        first = alice.get(url).content.decode()
    assert first.count('class="tree-node') == 100
    assert f'href="{url}?page=2" data-more' in first
    second = alice.get(url, {"page": 2}).content.decode()
    assert second.count('class="tree-node') == 51 and "data-more" not in second


def test_a_tree_search_lists_matches_with_their_path_and_opens_the_tree_to_them(world: World) -> None:
    text = world.client_for(world.alice).get(reverse("orgs:unit_list"), {"q": "thon 2"}).content.decode()
    assert "Đảng bộ xã An Hòa › Chi bộ thôn 2" in text
    assert f'href="/units/?open={world.xa2.pk}#unit-{world.xa2.pk}"' in text
    assert "Chi bộ thôn 3" not in text


def test_the_role_grant_form_finds_a_member_with_an_account_and_fills_in_the_user_name(world: World) -> None:
    alice = world.client_for(world.alice)
    page = alice.get(reverse("orgs:unit_roles", kwargs={"unit_id": world.xa2.pk})).content.decode()
    assert 'data-picker="/members/pick/?cap=view_members&amp;accounts=1"' in page
    found = picked(alice, MEMBER_PICK, q="dang van", accounts="1")
    assert [(r["label"], r["value"]) for r in found] == [("Đặng Văn Dũng", "dave")]
    assert "Tài khoản dave" in found[0]["detail"]
    assert picked(alice, MEMBER_PICK, q="nguyen van an", accounts="1") == []  # no account to grant to
    response = alice.post(
        reverse("orgs:role_grant", kwargs={"unit_id": world.xa2.pk}),
        {"username": "dave", "role": "secretary"},
    )
    assert response.status_code == 302
    assert world.dave.role_assignments.filter(unit=world.xa2, role="secretary").exists()
