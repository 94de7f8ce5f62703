"""Conferences, bridge points and the agenda: forms, their refusals, and the printable programme."""

from __future__ import annotations

from typing import Any

from quantriet.campaigns import services
from quantriet.campaigns.models import AgendaItem, BridgePoint, Conference
from quantriet.orgs.services import add_position
from tests.campaigns.conftest import HELD_ON, Setup
from tests.conftest import World


def point_form(**extra: str) -> dict[str, Any]:
    values = {
        "name": "Điểm cầu thôn 1",
        "host_unit": "XA1",
        "address": "Nhà văn hóa thôn 1",
        "capacity": "60",
        "person_in_charge": "10000001",
        "tech_contact_name": "Phạm Kỹ Thuật",
        "tech_contact_phone": "0912 345 678",
        "video_link": "https://hop.example.org/phong-1",
    }
    values.update(extra)
    return values


def test_a_conference_is_added_and_must_fall_between_the_campaign_dates(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/{setup.campaign.pk}/conferences/new/"
    before = Conference.objects.count()
    late = client.post(url, {"title": "Học bù", "held_on": "11/10/2025", "starts_at": "07:30"})
    assert late.status_code == 400
    assert "sau hạn nộp kế hoạch thực hiện (10/10/2025)" in late.content.decode()
    early = client.post(url, {"title": "Sớm", "held_on": "01/09/2025", "starts_at": "07:30"})
    assert "đứng trước ngày hội nghị của đợt (10/09/2025)" in early.content.decode()
    wrong_end = client.post(
        url, {"title": "Họp", "held_on": "12/09/2025", "starts_at": "14:00", "ends_at": "13:00"}
    )
    assert "Giờ kết thúc phải sau giờ bắt đầu." in wrong_end.content.decode()
    assert Conference.objects.count() == before
    response = client.post(url, {"title": "Hội nghị lần 2", "held_on": "12/09/2025", "starts_at": "14:00"})
    assert response.status_code == 302
    conference = Conference.objects.get(title="Hội nghị lần 2")
    assert "Hội nghị lần 2" in client.get(f"/campaigns/{setup.campaign.pk}/").content.decode()
    assert client.get(f"/campaigns/conferences/{conference.pk}/").status_code == 200


def test_a_bridge_point_is_added_with_its_contacts(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    response = client.post(f"/campaigns/conferences/{setup.conference.pk}/points/new/", point_form())
    assert response.status_code == 302
    point = BridgePoint.objects.get(name="Điểm cầu thôn 1")
    assert point.host_unit == setup.world.xa1 and point.capacity == 60
    assert point.person_in_charge == setup.world.m_xa1
    page = client.get(f"/campaigns/conferences/{setup.conference.pk}/").content.decode()
    assert "Điểm cầu thôn 1" in page and "Nguyễn Văn An" in page and "0912 345 678" in page


def test_bad_points_are_refused_and_nothing_is_saved(setup: Setup, world: World) -> None:
    client = world.client_for(world.alice)
    url = f"/campaigns/conferences/{setup.conference.pk}/points/new/"
    before = BridgePoint.objects.count()
    second_main = client.post(url, point_form(is_main="on"))
    assert second_main.status_code == 400
    assert "Hội nghị đã có điểm cầu chính" in second_main.content.decode()
    same_name = client.post(url, point_form(name="Điểm cầu xã An Hòa"))
    assert "Hội nghị đã có điểm cầu tên “Điểm cầu xã An Hòa”" in same_name.content.decode()
    bad = client.post(
        url, point_form(capacity="0", person_in_charge="99999999", video_link="không phải link")
    )
    text = bad.content.decode()
    assert "Không có đảng viên số thẻ “99999999” trong phạm vi của đợt" in text
    assert BridgePoint.objects.count() == before


def test_a_host_outside_the_campaign_scope_is_refused(setup: Setup, world: World) -> None:
    narrow = services.create_campaign(
        None,
        title="Đợt của xã An Hòa",
        organising_unit=world.xa,
        scope_unit=world.xa,
        audience="all_members",
        documents=[setup.document],
        conference_date=HELD_ON,
        plan_deadline=HELD_ON,
        report_deadline=HELD_ON,
    )
    conference = services.create_conference(
        None, narrow, title="Hội nghị xã", held_on=HELD_ON, starts_at=setup.conference.starts_at
    )
    response = world.client_for(world.alice).post(
        f"/campaigns/conferences/{conference.pk}/points/new/", point_form(host_unit="XB1")
    )
    assert response.status_code == 400
    # XB1 is not even offered (the code field looks only inside the scope).
    assert "Không có đơn vị mã “XB1”" in response.content.decode()
    assert not conference.points.exists()


def test_the_agenda_and_the_printable_programme(setup: Setup, world: World) -> None:
    add_position(None, world.m_xa1, unit=world.xa1, kind="presenter", start=HELD_ON.replace(year=2020))
    client = world.client_for(world.alice)
    url = f"/campaigns/conferences/{setup.conference.pk}/agenda/new/"
    assert 'value="1"' in client.get(url).content.decode()  # the next free order is proposed
    response = client.post(
        url, {"order": "1", "document": str(setup.document.pk), "presenter": "10000001", "minutes": "90"}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(conference=setup.conference)
    assert item.title == "Quán triệt Nghị quyết 35-NQ/TW" and item.presenter == world.m_xa1
    clash = client.post(url, {"order": "1", "title": "Phát biểu chỉ đạo"})
    assert clash.status_code == 400
    assert "Chương trình đã có mục thứ 1" in clash.content.decode()
    programme = client.get(f"/campaigns/conferences/{setup.conference.pk}/programme/").content.decode()
    assert "Quán triệt Nghị quyết 35-NQ/TW" in programme and "Nguyễn Văn An" in programme
    assert "Điểm cầu xã Bình Minh" in programme
    removed = client.post(f"/campaigns/conferences/{setup.conference.pk}/agenda/{item.pk}/delete/")
    assert removed.status_code == 302
    assert not AgendaItem.objects.exists()
