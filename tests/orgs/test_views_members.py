"""Member pages: the roll and its search, the personal page (logged), the registry forms, /me/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, Member, Position
from tests.conftest import World, make_member

MEMBERS = reverse("orgs:member_list")


def member_url(name: str, member: Member) -> str:
    return reverse(f"orgs:{name}", kwargs={"member_id": member.pk})


def names(response: Any) -> list[str]:
    return [m.full_name for m in response.context["page"].object_list]


def new_member_data(**extra: str) -> dict[str, str]:
    data = {
        "full_name": "Hoàng Thị Lan",
        "date_of_birth": "12/04/1990",
        "sex": "female",
        "admission_date": "03/02/2015",
        "full_membership_date": "03/02/2016",
        "card_number": "10000077",
        "status": "full",
    }
    data.update(extra)
    return data


def test_the_default_list_is_the_users_first_top_unit_sorted_by_name(world: World) -> None:
    response = world.client_for(world.alice).get(MEMBERS)
    assert response.context["unit"] == world.province
    # Sorted by given name first, as Vietnamese rolls are.
    assert names(response) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Đặng Văn Dũng"]
    assert names(world.client_for(world.bob).get(MEMBERS)) == ["Nguyễn Văn An"]
    assert names(world.client_for(world.charlie).get(MEMBERS)) == ["Lê Hoàng Cường"]


def test_a_member_without_a_role_sees_only_themselves(world: World) -> None:
    assert names(world.client_for(world.dave).get(MEMBERS)) == ["Đặng Văn Dũng"]
    assert names(world.client_for(world.eve).get(MEMBERS)) == []


def test_search_ignores_accents_and_finds_card_numbers(world: World) -> None:
    alice = world.client_for(world.alice)
    assert names(alice.get(MEMBERS, {"q": "nguyen van an"})) == ["Nguyễn Văn An"]
    assert names(alice.get(MEMBERS, {"q": "NGUYỄN văn AN"})) == ["Nguyễn Văn An"]
    assert names(alice.get(MEMBERS, {"q": "10000002"})) == ["Trần Thị Bình"]
    assert names(world.client_for(world.charlie).get(MEMBERS, {"q": "nguyen van an"})) == []


def test_filtering_by_unit_and_status(world: World) -> None:
    services.change_status(None, world.m_xa2, "suspended", date=dt.date(2025, 1, 1))
    alice = world.client_for(world.alice)
    assert names(alice.get(MEMBERS, {"unit": world.xa2.pk})) == ["Trần Thị Bình", "Đặng Văn Dũng"]
    assert names(alice.get(MEMBERS, {"status": "suspended"})) == ["Trần Thị Bình"]


def test_another_units_list_answers_404(world: World) -> None:
    assert world.client_for(world.charlie).get(MEMBERS, {"unit": world.xa.pk}).status_code == 404
    assert world.client_for(world.bob).get(MEMBERS, {"unit": world.xa2.pk}).status_code == 404
    assert world.client_for(world.bob).get(MEMBERS, {"unit": "x"}).status_code == 404


def test_the_list_is_paginated_by_fifty(world: World) -> None:
    for i in range(55):
        make_member(world.xa1, f"Vũ Văn Số {i:02d}", f"3{i:07d}")
    alice = world.client_for(world.alice)
    first = alice.get(MEMBERS, {"unit": world.xa1.pk})
    assert len(names(first)) == 50 and first.context["page"].paginator.count == 56
    assert len(names(alice.get(MEMBERS, {"unit": world.xa1.pk, "page": 2}))) == 6


def test_the_list_makes_a_bounded_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    cells = [
        services.create_unit(None, name=f"Chi bộ {i}", code=f"XA-Q{i}", level="cell", parent=world.xa)
        for i in range(5)
    ]
    for i in range(30):
        make_member(cells[i % 5], f"Đỗ Văn Số {i:02d}", f"4{i:07d}")
    alice = world.client_for(world.alice)
    # 13: the page's read is logged in one INSERT (decree 13/2023, orgs.services.audit.record_bulk_read);
    # 14 with the header's unread notifications (one COUNT, then the cache's answer).
    with django_assert_max_num_queries(14):
        response = alice.get(MEMBERS, {"unit": world.xa.pk, "q": "do van"})
    assert len(names(response)) == 30
    assert "Chi bộ 3" in response.content.decode()


def test_the_personal_page_is_shown_and_logged(world: World) -> None:
    response = world.client_for(world.bob).get(member_url("member_detail", world.m_xa1))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nguyễn Văn An" in text and "17/05/1985" in text and "10000001" in text
    log = AccessLog.objects.get(member=world.m_xa1)
    assert (log.user, log.channel, log.unit) == (world.bob, "page", world.xa1)
    assert member_url("member_edit", world.m_xa1) not in text  # a secretary reads, does not edit


def test_another_units_member_page_answers_404_and_logs_nothing(world: World) -> None:
    assert world.client_for(world.charlie).get(member_url("member_detail", world.m_xa1)).status_code == 404
    assert world.client_for(world.bob).get(member_url("member_detail", world.m_xa2)).status_code == 404
    assert world.client_for(world.dave).get(member_url("member_detail", world.m_xa2)).status_code == 404
    response = Client().get(member_url("member_detail", world.m_xa1))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not AccessLog.objects.exists()


def test_placement_history_shows_unit_names_as_they_were(world: World) -> None:
    services.rename_unit(None, world.xa1, "Chi bộ khu phố Đông", date=dt.date(2025, 7, 1))
    services.transfer_member(None, world.m_xa1, world.xa2, date=dt.date(2025, 8, 1))
    response = world.client_for(world.alice).get(member_url("member_detail", world.m_xa1))
    placements = {name for _placement, name in response.context["placements"]}
    assert placements == {"Chi bộ thôn 1", "Chi bộ thôn 2"}


def test_the_page_lists_status_changes_exemptions_positions_and_audit(world: World) -> None:
    services.change_status(world.alice, world.m_xa1, "suspended", date=dt.date(2025, 2, 1), note="Theo QĐ 5")
    services.add_exemption(
        world.alice, world.m_xa1, start=dt.date(2025, 3, 1), end=None, reason="Sức khỏe yếu"
    )
    services.add_position(
        world.alice, world.m_xa1, unit=world.xa1, kind="secretary", start=dt.date(2020, 1, 1)
    )
    text = world.client_for(world.alice).get(member_url("member_detail", world.m_xa1)).content.decode()
    assert "Chính thức → Đình chỉ sinh hoạt đảng" in text and "Theo QĐ 5" in text
    assert "Sức khỏe yếu" in text and "Bí thư" in text
    assert "Nhật ký thay đổi gần đây" in text
    bob_text = world.client_for(world.bob).get(member_url("member_detail", world.m_xa1)).content.decode()
    assert "Nhật ký thay đổi gần đây" not in bob_text  # a secretary has no audit right


def test_creating_a_member_in_a_cell(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        reverse("orgs:member_create", kwargs={"unit_id": world.xa1.pk}),
        new_member_data(full_name="  Hoàng   Thị Lan "),
    )
    created = Member.objects.get(card_number="10000077")
    assert response.status_code == 302 and response["Location"] == member_url("member_detail", created)
    assert (created.full_name, created.unit, created.date_of_birth) == (
        "Hoàng Thị Lan",
        world.xa1,
        dt.date(1990, 4, 12),
    )


def test_bad_member_input_keeps_what_was_typed_and_saves_nothing(world: World) -> None:
    alice = world.client_for(world.alice)
    url = reverse("orgs:member_create", kwargs={"unit_id": world.xa1.pk})
    response = alice.post(url, new_member_data(date_of_birth="31/02/1990"))
    text = response.content.decode()
    assert "Ngày không hợp lệ" in text and 'value="Hoàng Thị Lan"' in text and 'value="31/02/1990"' in text
    response = alice.post(url, new_member_data(card_number="10000002"))
    assert "đã thuộc về một đảng viên khác" in response.content.decode()
    response = alice.post(url, new_member_data(date_of_birth="12/04/1890"))
    assert "trên 120 tuổi" in response.content.decode()
    response = alice.post(url, new_member_data(admission_date="01/01/1985"))
    assert "Ngày vào Đảng phải sau ngày sinh." in response.content.decode()
    assert not Member.objects.filter(full_name="Hoàng Thị Lan").exists()


def test_a_member_cannot_be_created_above_the_cells(world: World) -> None:
    response = world.client_for(world.alice).post(
        reverse("orgs:member_create", kwargs={"unit_id": world.province.pk}), new_member_data()
    )
    assert "Đảng viên sinh hoạt ở chi bộ" in response.content.decode()
    assert not Member.objects.filter(card_number="10000077").exists()


def test_users_without_the_right_cannot_change_members(world: World) -> None:
    bob, charlie = world.client_for(world.bob), world.client_for(world.charlie)
    assert (
        bob.post(
            reverse("orgs:member_create", kwargs={"unit_id": world.xa1.pk}), new_member_data()
        ).status_code
        == 403
    )
    assert bob.post(member_url("member_edit", world.m_xa1), new_member_data()).status_code == 403
    assert charlie.post(member_url("member_edit", world.m_xa1), new_member_data()).status_code == 404
    assert (
        charlie.post(
            member_url("member_status", world.m_xa1), {"status": "removed", "date": "01/01/2025"}
        ).status_code
        == 404
    )
    assert (
        world.client_for(world.dave)
        .post(member_url("member_edit", world.m_dave), new_member_data())
        .status_code
        == 403
    )
    assert not Member.objects.filter(card_number="10000077").exists()
    assert Member.objects.get(pk=world.m_xa1.pk).status == "full"


def test_editing_a_member(world: World) -> None:
    alice = world.client_for(world.alice)
    data = new_member_data(full_name="Nguyễn Văn Ân", card_number="10000001")
    assert alice.post(member_url("member_edit", world.m_xa1), data).status_code == 302
    assert Member.objects.get(pk=world.m_xa1.pk).full_name == "Nguyễn Văn Ân"


def test_transferring_a_member_by_cell_code(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(member_url("member_transfer", world.m_xa1), {"unit": "XA2", "date": "01/08/2025"})
    assert response.status_code == 302
    member = Member.objects.get(pk=world.m_xa1.pk)
    assert member.unit == world.xa2 and member.unit_on(dt.date(2025, 7, 31)) == world.xa1


def test_a_transfer_target_outside_ones_scope_is_unknown(world: World) -> None:
    services.grant_role(None, world.charlie, world.xa1, "organisation")
    charlie = world.client_for(world.charlie)
    response = charlie.post(member_url("member_transfer", world.m_xa1), {"unit": "XA2", "date": "01/08/2025"})
    assert "Không có đơn vị mã “XA2” trong phạm vi" in response.content.decode()
    assert Member.objects.get(pk=world.m_xa1.pk).unit == world.xa1


def test_a_transfer_dated_before_the_current_placement_is_refused(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(member_url("member_transfer", world.m_xa1), {"unit": "XA2", "date": "01/01/2000"})
    text = response.content.decode()
    assert "Ngày chuyển phải sau ngày bắt đầu" in text and 'value="XA2"' in text
    assert Member.objects.get(pk=world.m_xa1.pk).unit == world.xa1


def test_changing_status_and_adding_an_exemption(world: World) -> None:
    alice = world.client_for(world.alice)
    assert (
        alice.post(
            member_url("member_status", world.m_xa1),
            {"status": "deceased", "date": "05/05/2025", "note": "x"},
        ).status_code
        == 302
    )
    assert Member.objects.get(pk=world.m_xa1.pk).status == "deceased"
    response = alice.post(
        member_url("exemption_add", world.m_xa2), {"start": "01/05/2025", "end": "01/01/2025"}
    )
    assert "Ngày kết thúc miễn sinh hoạt phải sau ngày bắt đầu." in response.content.decode()
    assert not world.m_xa2.exemptions.exists()
    assert (
        alice.post(
            member_url("exemption_add", world.m_xa2), {"start": "01/05/2025", "reason": "Tuổi cao"}
        ).status_code
        == 302
    )
    assert world.m_xa2.exemptions.get().reason == "Tuổi cao"


def test_adding_and_ending_a_position(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        member_url("position_add", world.m_xa1), {"kind": "deputy", "unit": "XA1", "start": "01/01/2024"}
    )
    assert response.status_code == 302
    position = Position.objects.get(member=world.m_xa1)
    end_url = reverse("orgs:position_end", kwargs={"member_id": world.m_xa1.pk, "position_id": position.pk})
    response = alice.post(end_url, {"end": "01/01/2020"})
    assert "Ngày thôi giữ chức phải sau ngày bắt đầu." in response.content.decode()
    assert alice.post(end_url, {"end": "01/01/2025"}).status_code == 302
    assert Position.objects.get(pk=position.pk).end == dt.date(2025, 1, 1)
    other = reverse("orgs:position_end", kwargs={"member_id": world.m_xa2.pk, "position_id": position.pk})
    assert alice.get(other).status_code == 404  # a position of another member


def test_my_record_is_read_only_and_logged(world: World) -> None:
    response = world.client_for(world.dave).get(reverse("orgs:me"))
    text = response.content.decode()
    assert response.status_code == 200 and "Đặng Văn Dũng" in text and "10000004" in text
    assert member_url("member_edit", world.m_dave) not in text
    assert AccessLog.objects.filter(member=world.m_dave, user=world.dave, channel="page").count() == 1
    text = world.client_for(world.eve).get(reverse("orgs:me")).content.decode()
    assert "chưa gắn với hồ sơ đảng viên nào" in text


def test_the_menu_shows_only_what_the_user_may_use(world: World) -> None:
    bob_text = world.client_for(world.bob).get(reverse("home")).content.decode()
    assert f'href="{MEMBERS}"' in bob_text and f'href="{reverse("orgs:unit_list")}"' in bob_text
    dave_text = world.client_for(world.dave).get(reverse("home")).content.decode()
    assert (
        f'href="{reverse("orgs:me")}"' in dave_text and f'href="{reverse("orgs:unit_list")}"' not in dave_text
    )
    eve_text = world.client_for(world.eve).get(reverse("home")).content.decode()
    assert f'href="{MEMBERS}"' not in eve_text and f'href="{reverse("orgs:me")}"' not in eve_text


def test_the_personal_page_answers_reads_only(world: World) -> None:
    from quantriet.orgs.models import AccessLog

    client = world.client_for(world.alice)
    response = client.post(f"/members/{world.m_xa1.pk}/")
    assert response.status_code == 405
    assert not AccessLog.objects.filter(member=world.m_xa1).exists()
