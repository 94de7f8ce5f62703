"""Editing and deleting conferences and bridge points: what they keep, what they refuse, who may."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from quantriet.campaigns import services
from quantriet.campaigns.models import (
    AgendaItem,
    BridgePoint,
    CheckIn,
    Conference,
    Delegate,
    MakeUpAttendance,
)
from quantriet.orgs.models import AuditEntry
from tests.campaigns.conftest import Setup
from tests.campaigns.test_conferences import point_form


def conference_form(**extra: str) -> dict[str, Any]:
    values = {"title": "Hội nghị trực tuyến quán triệt (sửa)", "held_on": "10/09/2025", "starts_at": "08:00"}
    values.update(extra)
    return values


def check_in(setup: Setup, point: BridgePoint, delegate: Delegate, minutes_after_start: int) -> CheckIn:
    at = setup.conference.start() + dt.timedelta(minutes=minutes_after_start)
    recorded = services.check_in_delegate(
        None, point, delegate, client_id=uuid.uuid4(), method="name", at=at, received_at=at
    )
    return recorded.check_in


# --- conferences ----------------------------------------------------------------------------------


def test_a_conference_is_edited_and_the_form_starts_from_its_values(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/conferences/{setup.conference.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'value="Hội nghị trực tuyến quán triệt"' in page and "07:30" in page
    response = client.post(url, conference_form(ends_at="11:00"))
    assert response.status_code == 302
    setup.conference.refresh_from_db()
    assert setup.conference.title == "Hội nghị trực tuyến quán triệt (sửa)"
    assert setup.conference.starts_at == dt.time(8, 0) and setup.conference.ends_at == dt.time(11, 0)
    entry = AuditEntry.objects.get(action="conference.update")
    assert entry.changes["starts_at"] == ["07:30:00", "08:00:00"]
    assert entry.actor == setup.world.alice


def test_moving_the_start_works_out_again_who_was_late(setup: Setup) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    (binh,) = setup.invite(setup.point_xa, setup.world.m_xa2)
    early = check_in(setup, setup.point_xa, an, 10)  # 07:40
    later = check_in(setup, setup.point_xa, binh, 40)  # 08:10
    assert early.late and later.late
    client = setup.world.client_for(setup.world.alice)
    client.post(f"/campaigns/conferences/{setup.conference.pk}/edit/", conference_form(starts_at="08:00"))
    early.refresh_from_db()
    later.refresh_from_db()
    assert (early.late, later.late) == (False, True)
    entry = AuditEntry.objects.get(action="conference.update")
    assert entry.changes["late_recounted"] == {"late": 1, "on_time": 1}


def test_a_bad_edit_says_why_and_changes_nothing(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/conferences/{setup.conference.pk}/edit/"
    cases = {
        "sau hạn nộp kế hoạch thực hiện": conference_form(held_on="11/10/2025"),
        "đứng trước ngày hội nghị của đợt": conference_form(held_on="01/09/2025"),
        "Giờ kết thúc phải sau giờ bắt đầu.": conference_form(ends_at="07:00"),
        "bắt buộc": conference_form(title="   "),
    }
    for message, data in cases.items():
        response = client.post(url, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 15))
    response = client.post(url, conference_form(held_on="20/09/2025"))
    assert "Đã có buổi học bù ngày 15/09/2025" in response.content.decode()
    setup.conference.refresh_from_db()
    assert setup.conference.title == "Hội nghị trực tuyến quán triệt"
    assert setup.conference.held_on == dt.date(2025, 9, 10)
    assert not AuditEntry.objects.filter(action="conference.update").exists()


def test_a_conference_nobody_attended_is_deleted_with_its_points_and_invitations(setup: Setup) -> None:
    setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    services.add_agenda_item(None, setup.conference, order=1, title="", document=setup.document)
    services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 15))
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/conferences/{setup.conference.pk}/delete/"
    page = client.get(url).content.decode()
    assert "3 điểm cầu" in page and "2 đại biểu đã được mời" in page and "1 mục chương trình" in page
    assert setup.conference.title in client.get(f"/campaigns/{setup.campaign.pk}/").content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == f"/campaigns/{setup.campaign.pk}/"
    assert not Conference.objects.filter(pk=setup.conference.pk).exists()
    assert not BridgePoint.objects.exists() and not Delegate.objects.exists()
    assert not AgendaItem.objects.exists()
    entry = AuditEntry.objects.get(action="conference.delete")
    assert entry.changes == {"campaign": setup.campaign.pk, "points": 3, "delegates": 2, "agenda": 1}


def test_a_conference_with_check_ins_is_not_deleted(setup: Setup) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    check_in(setup, setup.point_xa, an, 0)
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/conferences/{setup.conference.pk}/delete/"
    page = client.get(url).content.decode()
    assert "không xóa được" in page and "<form" not in page.split("<main", 1)[-1].split("</main>")[0]
    response = client.post(url)
    assert response.status_code == 400
    assert "Hội nghị đã có 1 lượt điểm danh" in response.content.decode()
    assert Conference.objects.filter(pk=setup.conference.pk).exists()
    assert CheckIn.objects.count() == 1 and BridgePoint.objects.count() == 3
    assert not AuditEntry.objects.filter(action="conference.delete").exists()


# --- bridge points --------------------------------------------------------------------------------


def test_a_point_is_edited_and_may_move_to_another_host(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/points/{setup.point_xa.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'value="Điểm cầu xã An Hòa"' in page and 'value="XA"' in page
    response = client.post(url, point_form(name="Điểm cầu thôn 1 (mới)", capacity="75"))
    assert response.status_code == 302 and response["Location"] == f"/campaigns/points/{setup.point_xa.pk}/"
    setup.point_xa.refresh_from_db()
    assert setup.point_xa.name == "Điểm cầu thôn 1 (mới)"
    assert setup.point_xa.host_unit == setup.world.xa1 and setup.point_xa.capacity == 75
    assert setup.point_xa.person_in_charge == setup.world.m_xa1
    entry = AuditEntry.objects.get(action="bridgepoint.update")
    assert entry.changes["capacity"] == [100, 75]


def test_a_point_keeps_its_own_name_and_main_flag_but_not_another_points(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    main_url = f"/campaigns/points/{setup.main.pk}/edit/"
    same = client.post(main_url, point_form(name="Điểm cầu Tỉnh ủy", host_unit="PROV", is_main="on"))
    assert same.status_code == 302
    url = f"/campaigns/points/{setup.point_xa.pk}/edit/"
    taken = client.post(url, point_form(name="điểm cầu tỉnh ủy", host_unit="XA"))
    assert "Hội nghị đã có điểm cầu tên “điểm cầu tỉnh ủy”" in taken.content.decode()
    second_main = client.post(url, point_form(host_unit="XA", is_main="on"))
    assert "mỗi hội nghị chỉ có một điểm cầu chính" in second_main.content.decode()
    outside = client.post(url, point_form(host_unit="NOPE", capacity="0"))
    assert outside.status_code == 400
    setup.point_xa.refresh_from_db()
    assert (setup.point_xa.name, setup.point_xa.is_main) == ("Điểm cầu xã An Hòa", False)


def test_deleting_a_point_moves_its_delegates_and_fixes_their_flags(setup: Setup) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    # Bình went to the province's main point: flagged as invited elsewhere until her point moves there.
    elsewhere = check_in(setup, setup.main, binh, 0)
    assert elsewhere.other_point
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/points/{setup.point_xa.pk}/delete/"
    refused = client.post(url, {"move_to": ""})
    assert refused.status_code == 400
    assert "1 đại biểu được mời ở điểm cầu này đã điểm danh ở điểm cầu khác" in refused.content.decode()
    assert BridgePoint.objects.filter(pk=setup.point_xa.pk).exists()
    response = client.post(url, {"move_to": str(setup.main.pk)})
    assert response.status_code == 302
    assert not BridgePoint.objects.filter(pk=setup.point_xa.pk).exists()
    an.refresh_from_db()
    binh.refresh_from_db()
    elsewhere.refresh_from_db()
    assert an.point == setup.main and binh.point == setup.main and not elsewhere.other_point
    entry = AuditEntry.objects.get(action="bridgepoint.delete")
    assert entry.changes == {"moved_to": setup.main.pk, "moved": 2, "removed": 0}


def test_deleting_a_point_without_a_destination_uninvites_its_delegates(setup: Setup) -> None:
    setup.invite(setup.point_xa, setup.world.m_xa1)
    client = setup.world.client_for(setup.world.alice)
    response = client.post(f"/campaigns/points/{setup.point_xa.pk}/delete/", {"move_to": ""})
    assert response.status_code == 302
    assert not Delegate.objects.exists()
    # A point of another conference is not a destination.
    other = services.create_conference(
        None, setup.campaign, title="Hội nghị khác", held_on=dt.date(2025, 9, 12), starts_at=dt.time(8)
    )
    foreign = services.add_point(
        None, other, host_unit=setup.world.xb, name="Điểm khác", is_main=False, address="X", capacity=5
    )
    bad = client.post(f"/campaigns/points/{setup.point_xb.pk}/delete/", {"move_to": str(foreign.pk)})
    assert bad.status_code == 400
    assert BridgePoint.objects.filter(pk=setup.point_xb.pk).exists()


def test_a_point_with_check_ins_is_not_deleted(setup: Setup) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    check_in(setup, setup.point_xa, an, 0)
    client = setup.world.client_for(setup.world.alice)
    response = client.post(f"/campaigns/points/{setup.point_xa.pk}/delete/", {"move_to": str(setup.main.pk)})
    assert response.status_code == 400
    assert "không xóa được" in response.content.decode()
    an.refresh_from_db()
    assert an.point == setup.point_xa
    assert BridgePoint.objects.filter(pk=setup.point_xa.pk).exists()


# --- who may ----------------------------------------------------------------------------------------


def test_point_staff_and_outsiders_cannot_edit_or_delete(setup: Setup) -> None:
    world = setup.world
    urls = [
        (f"/campaigns/conferences/{setup.conference.pk}/edit/", conference_form(title="Bị sửa")),
        (f"/campaigns/conferences/{setup.conference.pk}/delete/", {}),
        (f"/campaigns/points/{setup.point_xa.pk}/edit/", point_form(name="Bị sửa", host_unit="XA")),
        (f"/campaigns/points/{setup.point_xa.pk}/delete/", {"move_to": ""}),
    ]
    # eve staffs the XA point's desk (may check in there) but does not run the campaign; bob sees nothing.
    for user in (world.eve, world.bob, world.charlie):
        client = world.client_for(user)
        for url, data in urls:
            assert client.get(url).status_code in {403, 404}, (user.username, url)
            assert client.post(url, data).status_code in {403, 404}, (user.username, url)
    setup.conference.refresh_from_db()
    setup.point_xa.refresh_from_db()
    assert setup.conference.title == "Hội nghị trực tuyến quán triệt"
    assert setup.point_xa.name == "Điểm cầu xã An Hòa"
    assert not AuditEntry.objects.filter(action__in=["conference.update", "bridgepoint.delete"]).exists()
    # The buttons are shown only to those who may use them.
    eve_page = world.client_for(world.eve).get(f"/campaigns/points/{setup.point_xa.pk}/").content.decode()
    assert "/edit/" not in eve_page and "/delete/" not in eve_page
    alice_page = world.client_for(world.alice).get(f"/campaigns/points/{setup.point_xa.pk}/").content.decode()
    assert f"/campaigns/points/{setup.point_xa.pk}/edit/" in alice_page


def test_a_check_in_arriving_during_a_deletion_keeps_everything(setup: Setup, monkeypatch: Any) -> None:
    """The race: the deletion counted no check-in, then one was saved before the rows went."""
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    check_in(setup, setup.point_xa, an, 0)
    empty = services.ConferenceContents(points=3, delegates=1, agenda=0, check_ins=0)
    monkeypatch.setattr(services.ConferenceContents, "of", classmethod(lambda cls, conference: empty))
    monkeypatch.setattr(
        "quantriet.campaigns.services.conferences.MakeUpAttendance.objects.filter",
        lambda **kwargs: MakeUpAttendance.objects.none(),
    )
    client = setup.world.client_for(setup.world.alice)
    response = client.post(f"/campaigns/conferences/{setup.conference.pk}/delete/")
    assert response.status_code == 400
    assert "Vừa có người điểm danh ở hội nghị này trong lúc xóa" in response.content.decode()
    assert Conference.objects.filter(pk=setup.conference.pk).exists()
    assert BridgePoint.objects.count() == 3 and Delegate.objects.count() == 1 and CheckIn.objects.count() == 1
    assert not AuditEntry.objects.filter(action="conference.delete").exists()
