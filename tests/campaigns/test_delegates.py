"""Proposing delegates from the registry, adjusting the list, and the printable invitations."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from quantriet.campaigns import services
from quantriet.campaigns.models import Delegate
from quantriet.orgs.services import add_position, change_status
from tests.campaigns.conftest import Setup
from tests.conftest import make_member

# Check-ins are taken only around the conference: the server's clock stands there (conftest).
pytestmark = pytest.mark.usefixtures("clock")


def test_the_proposal_follows_the_audience_and_the_host_unit(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    url = f"/campaigns/points/{setup.point_xa.pk}/invite/"
    page = client.get(url).content.decode()
    # All members of XA's cells, none of XB's.
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" in page and "Đặng Văn Dũng" in page
    assert "Lê Hoàng Cường" not in page
    # Key cadres only: those holding a committee post.
    setup.campaign.audience = "key_cadres"
    setup.campaign.save(update_fields=["audience"])
    add_position(None, world.m_xa2, unit=world.xa2, kind="secretary", start=dt.date(2020, 10, 1))
    page = client.get(url).content.decode()
    assert "Trần Thị Bình" in page and "Bí thư, Phó Bí thư" in page
    assert "Nguyễn Văn An" not in page


def test_suspended_members_are_not_proposed(setup: Setup) -> None:
    world = setup.world
    change_status(None, world.m_xa1, "suspended", date=dt.date(2025, 1, 1))
    page = (
        world.client_for(world.alice).get(f"/campaigns/points/{setup.point_xa.pk}/invite/").content.decode()
    )
    assert "Nguyễn Văn An" not in page


def test_staff_invite_the_ticked_members_and_those_already_invited_are_kept(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    setup.invite(setup.main, world.m_xa1)
    url = f"/campaigns/points/{setup.point_xa.pk}/invite/"
    response = client.post(url, {"member": [str(world.m_xa1.pk), str(world.m_xa2.pk)]}, follow=True)
    text = response.content.decode()
    assert "Đã mời 1 đại biểu." in text and "Nguyễn Văn An đã được mời từ trước" in text
    binh = Delegate.objects.get(member=world.m_xa2)
    assert binh.point == setup.point_xa and binh.unit == world.xa2 and binh.category == "member"
    assert Delegate.objects.get(member=world.m_xa1).point == setup.main  # not moved
    assert "Trần Thị Bình" not in client.get(url).content.decode()  # no longer proposed


def test_a_member_found_by_name_outside_the_host_unit_can_be_added(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    url = f"/campaigns/points/{setup.point_xa.pk}/invite/"
    page = client.get(url, {"q": "le hoang"}).content.decode()
    assert "Lê Hoàng Cường" in page
    assert client.post(url, {"member": [str(world.m_xb1.pk)]}).status_code == 302
    assert Delegate.objects.get(member=world.m_xb1).point == setup.point_xa


def test_nobody_ticked_or_out_of_scope_invites_nobody(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    url = f"/campaigns/points/{setup.point_xa.pk}/invite/"
    response = client.post(url, {}, follow=True)
    assert "Chưa chọn đảng viên nào" in response.content.decode()
    gone = make_member(world.xa1, "Vũ Văn Xa", "10000009")
    change_status(None, gone, "transferred_out", date=dt.date(2025, 1, 1))
    response = client.post(url, {"member": [str(gone.pk), str(world.m_xa2.pk)]}, follow=True)
    assert "Không mời được Vũ Văn Xa" in response.content.decode()
    assert not Delegate.objects.exists()  # all or nothing


def test_remove_a_delegate_but_never_one_who_checked_in(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    an, binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    refused = client.post(f"/campaigns/points/{setup.point_xa.pk}/delegates/{an.pk}/remove/", follow=True)
    assert "Nguyễn Văn An đã điểm danh nên không bỏ khỏi danh sách được." in refused.content.decode()
    assert (
        client.post(f"/campaigns/points/{setup.point_xa.pk}/delegates/{binh.pk}/remove/").status_code == 302
    )
    assert list(Delegate.objects.values_list("member_id", flat=True)) == [world.m_xa1.pk]
    # A delegate of another point is not removed through this one.
    other = setup.invite(setup.point_xb, world.m_xb1)[0]
    assert (
        client.post(f"/campaigns/points/{setup.point_xa.pk}/delegates/{other.pk}/remove/").status_code == 404
    )


def test_a_guest_is_invited_with_a_code_of_their_own(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/points/{setup.point_xa.pk}/guests/new/"
    assert (
        "Hãy ghi họ và tên khách mời." in client.post(url, {"guest_name": " "}, follow=True).content.decode()
    )
    client.post(url, {"guest_name": "Ông Khách Mời"})
    guest = Delegate.objects.get(guest_name="Ông Khách Mời")
    assert guest.category == "guest" and guest.member is None and len(guest.code) == 12


def test_codes_are_random_unique_and_printed_with_a_qr_code(setup: Setup) -> None:
    world = setup.world
    delegates = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2, world.m_dave)
    codes = {d.code for d in delegates}
    assert len(codes) == 3 and all(re.fullmatch(r"[2-9A-HJ-NP-Z]{12}", c) for c in codes)
    client = world.client_for(world.alice)
    page = client.get(f"/campaigns/delegates/{delegates[0].pk}/invitation/").content.decode()
    assert "<svg" in page and delegates[0].code_display in page
    assert "Nguyễn Văn An" in page and "Điểm cầu xã An Hòa" in page
    assert delegates[1].code_display not in page
    every = client.get(f"/campaigns/points/{setup.point_xa.pk}/invitations/").content.decode()
    assert every.count("<svg") == 3 and all(d.code_display in every for d in delegates)
