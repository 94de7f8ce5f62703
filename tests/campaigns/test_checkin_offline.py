"""What an offline desk sends to the JSON endpoint: picks by name, guests, and the moment it recorded them."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from quantriet.campaigns.models import CheckIn
from tests.campaigns.conftest import HELD_ON, Clock, Setup, local

# The server's clock stands in the conference's check-in window unless a test moves it.
pytestmark = pytest.mark.usefixtures("clock")

NEXT_DAY = HELD_ON + dt.timedelta(days=1)


def send(client: Client, point_id: int, **body: Any) -> Any:
    body.setdefault("client_id", str(uuid.uuid4()))
    return client.post(
        f"/campaigns/points/{point_id}/check-in.json", json.dumps(body), content_type="application/json"
    )


def test_a_name_picked_offline_is_recorded_once_even_when_sent_twice(setup: Setup) -> None:
    an, _binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    eve = setup.world.client_for(setup.world.eve)
    client_id = str(uuid.uuid4())
    first = send(eve, setup.point_xa.pk, delegate=an.pk, method="name", client_id=client_id)
    assert first.status_code == 201 and first.json()["name"] == "Nguyễn Văn An"
    again = send(eve, setup.point_xa.pk, delegate=an.pk, method="name", client_id=client_id)
    assert again.status_code == 200 and again.json()["replayed"] is True
    other = send(eve, setup.point_xa.pk, delegate=an.pk, method="name")  # another pick of the same person
    assert other.status_code == 409 and other.json()["error"]["code"] == "already"
    check_in = CheckIn.objects.get()
    assert check_in.delegate == an and check_in.method == "name"


def test_a_name_of_another_point_cannot_be_picked(setup: Setup) -> None:
    (cuong,) = setup.invite(setup.point_xb, setup.world.m_xb1)
    eve = setup.world.client_for(setup.world.eve)
    response = send(eve, setup.point_xa.pk, delegate=cuong.pk, method="name")
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown"
    assert not CheckIn.objects.exists()


def test_the_moment_recorded_offline_is_kept_when_believable(setup: Setup) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    eve = setup.world.client_for(setup.world.eve)
    earlier = (timezone.now() - dt.timedelta(minutes=40)).replace(microsecond=0)
    send(eve, setup.point_xa.pk, code=an.code, method="typed", at=earlier.isoformat())
    assert CheckIn.objects.get(delegate=an).at == earlier
    future = timezone.now() + dt.timedelta(hours=3)  # a device clock set wrong: refused, the desk says so
    refused = send(eve, setup.point_xa.pk, code=binh.code, method="typed", at=future.isoformat())
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "at_in_future"
    assert "đồng hồ của máy đang chạy nhanh" in refused.json()["error"]["message"]
    assert not CheckIn.objects.filter(delegate=binh).exists()


def test_a_guest_recorded_offline_is_counted_once_however_often_it_is_sent(setup: Setup) -> None:
    eve = setup.world.client_for(setup.world.eve)
    client_id = str(uuid.uuid4())
    guest = {"method": "guest", "guest_name": "  Phạm   Thị Hoa ", "guest_note": "Hội Phụ nữ xã"}
    first = send(eve, setup.point_xa.pk, client_id=client_id, **guest)
    assert first.status_code == 201 and first.json()["replayed"] is False
    assert first.json()["name"] == "Phạm Thị Hoa" and "Đã điểm danh Phạm Thị Hoa" in first.json()["message"]
    for _again in range(2):  # the answer was lost, then a copy of the queue was sent from another tab
        again = send(eve, setup.point_xa.pk, client_id=client_id, **guest)
        assert again.status_code == 200 and again.json()["replayed"] is True
        assert again.json()["id"] == first.json()["id"]
    check_in = CheckIn.objects.get()
    assert (check_in.guest_name, check_in.guest_note, check_in.method) == (
        "Phạm Thị Hoa",
        "Hội Phụ nữ xã",
        "guest",
    )
    assert check_in.delegate is None and check_in.point == setup.point_xa
    assert check_in.recorded_by == setup.world.eve
    # A new client_id with the same name and unit is the same guest tapped twice (issue 11): refused;
    # the same name from another unit is another person.
    assert send(eve, setup.point_xa.pk, **guest).json()["error"]["code"] == "guest_repeated"
    other = {**guest, "guest_note": "Hội Nông dân xã"}
    assert send(eve, setup.point_xa.pk, **other).status_code == 201
    assert CheckIn.objects.filter(guest_name="Phạm Thị Hoa").count() == 2


def test_a_guest_without_a_name_is_refused_in_vietnamese_and_nothing_is_saved(setup: Setup) -> None:
    eve = setup.world.client_for(setup.world.eve)
    for body in (
        {"guest_name": "   ", "guest_note": "Hội Nông dân"},
        {"guest_note": "Hội Nông dân"},
        {"guest_name": None},
        {"guest_name": ["Phạm Thị Hoa"]},  # not text: a broken client, not a name
    ):
        response = send(eve, setup.point_xa.pk, method="guest", **body)
        assert response.status_code == 400, body
        assert response.json()["error"] == {"code": "guest_name", "message": "Hãy ghi họ và tên khách."}, body
    assert not CheckIn.objects.exists()


def test_an_overlong_guest_name_or_note_is_refused_with_the_limit(setup: Setup) -> None:
    eve = setup.world.client_for(setup.world.eve)
    long_name = send(eve, setup.point_xa.pk, method="guest", guest_name="Hoa" * 41)  # 123 characters
    assert long_name.status_code == 400
    error = long_name.json()["error"]
    assert error["code"] == "guest_name"
    assert error["message"] == "Họ và tên khách dài quá 120 ký tự (đang có 123); hãy viết gọn lại."
    long_note = send(eve, setup.point_xa.pk, method="guest", guest_name="Phạm Thị Hoa", guest_note="x" * 201)
    assert long_note.status_code == 400 and long_note.json()["error"]["code"] == "guest_note"
    assert "dài quá 200 ký tự" in long_note.json()["error"]["message"]
    assert not CheckIn.objects.exists()
    at_the_limit = send(eve, setup.point_xa.pk, method="guest", guest_name="H" * 120, guest_note="x" * 200)
    assert at_the_limit.status_code == 201
    assert CheckIn.objects.get().guest_name == "H" * 120


def test_a_guest_cannot_be_recorded_at_a_point_the_user_does_not_staff(setup: Setup) -> None:
    world = setup.world
    guest = {"method": "guest", "guest_name": "Phạm Thị Hoa"}
    eve_elsewhere = send(world.client_for(world.eve), setup.point_xb.pk, **guest)
    assert eve_elsewhere.status_code == 404 and eve_elsewhere.json()["error"]["code"] == "not_found"
    assert send(world.client_for(world.charlie), setup.point_xa.pk, **guest).status_code == 404
    assert send(world.client_for(world.dave), setup.point_xa.pk, **guest).status_code == 404
    signed_out = send(Client(), setup.point_xa.pk, **guest)
    assert signed_out.status_code == 401 and signed_out.json()["error"]["code"] == "unauthenticated"
    assert not CheckIn.objects.exists()
    # A guest's client_id cannot be sent again at another point to count someone there.
    client_id = str(uuid.uuid4())
    assert (
        send(world.client_for(world.eve), setup.point_xa.pk, client_id=client_id, **guest).status_code == 201
    )
    reused = send(world.client_for(world.charlie), setup.point_xb.pk, client_id=client_id, **guest)
    assert reused.status_code == 409 and reused.json()["error"]["code"] == "client_id_reused"
    assert list(CheckIn.objects.values_list("point_id", flat=True)) == [setup.point_xa.pk]


def test_the_moment_a_guest_was_recorded_offline_is_kept(setup: Setup) -> None:
    eve = setup.world.client_for(setup.world.eve)
    earlier = (timezone.now() - dt.timedelta(minutes=55)).replace(microsecond=0)
    response = send(eve, setup.point_xa.pk, method="guest", guest_name="Phạm Thị Hoa", at=earlier.isoformat())
    assert response.status_code == 201 and response.json()["at"] == earlier.isoformat()
    assert CheckIn.objects.get().at == earlier
    too_old = timezone.now() - dt.timedelta(days=3)  # a device clock set wrong: outside the window
    refused = send(eve, setup.point_xa.pk, method="guest", guest_name="Võ Văn Tâm", at=too_old.isoformat())
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "at_outside_window"
    assert not CheckIn.objects.filter(guest_name="Võ Văn Tâm").exists()


# --- a queue that reaches the server after the window (window rule 4) ------------------------------------
# The conference starts at 07:30 on 10/09/2025; its desk takes check-ins until midnight.


def test_a_queue_uploaded_the_next_morning_keeps_its_recorded_times(setup: Setup, clock: Clock) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    clock.set(local(NEXT_DAY, 7, 30))  # the network came back the next morning
    eve = setup.world.client_for(setup.world.eve)  # signed in now: sessions follow the clock
    on_time = send(eve, setup.point_xa.pk, code=an.code, method="scan", at=local(HELD_ON, 7, 25).isoformat())
    assert on_time.status_code == 201 and on_time.json()["late"] is False
    assert on_time.json()["at"] == local(HELD_ON, 7, 25).isoformat()
    assert "máy chủ nhận" not in on_time.json()["message"]
    # With the device's sending time: only the gap between its two readings counts, back from the server.
    late = send(
        eve,
        setup.point_xa.pk,
        delegate=binh.pk,
        method="name",
        at=local(NEXT_DAY, 7, 45).isoformat(),  # recorded 07:45 yesterday, by a clock a day fast
        sent_at=local(NEXT_DAY + dt.timedelta(days=1), 7, 30).isoformat(),
    )
    assert late.status_code == 201 and late.json()["late"] is True
    guest = send(
        eve, setup.point_xa.pk, method="guest", guest_name="Phạm Thị Hoa", at=local(HELD_ON, 23).isoformat()
    )
    assert guest.status_code == 201
    assert {c.name: c.at for c in CheckIn.objects.all()} == {
        "Nguyễn Văn An": local(HELD_ON, 7, 25),
        "Trần Thị Bình": local(HELD_ON, 7, 45),
        "Phạm Thị Hoa": local(HELD_ON, 23),
    }


def test_a_queue_uploaded_after_the_grace_is_refused(setup: Setup, clock: Clock, settings: Any) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    claimed = local(HELD_ON, 7, 25).isoformat()
    clock.set(local(NEXT_DAY + dt.timedelta(days=1), 0, 0))  # 24 hours after the close: over
    refused = send(
        setup.world.client_for(setup.world.eve), setup.point_xa.pk, code=an.code, method="scan", at=claimed
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "closed"
    clock.set(local(NEXT_DAY, 23, 59))
    assert (
        send(
            setup.world.client_for(setup.world.eve),
            setup.point_xa.pk,
            code=an.code,
            method="scan",
            at=claimed,
        ).status_code
        == 201
    )
    settings.CHECKIN_OFFLINE_GRACE_HOURS = 0  # no grace: the window's close is the end
    clock.set(local(NEXT_DAY, 0, 1))
    none = send(
        setup.world.client_for(setup.world.eve), setup.point_xa.pk, code=binh.code, method="scan", at=claimed
    )
    assert none.status_code == 422 and none.json()["error"]["code"] == "closed"
    assert list(CheckIn.objects.values_list("delegate", flat=True)) == [an.pk]


def test_a_live_check_in_after_the_window_is_refused_even_in_the_grace(setup: Setup, clock: Clock) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    clock.set(local(NEXT_DAY, 7, 30))
    eve = setup.world.client_for(setup.world.eve)
    for body in (
        {"code": an.code, "method": "typed"},
        {"delegate": an.pk, "method": "name"},
        {"guest_name": "Phạm Thị Hoa", "method": "guest"},
        {"code": an.code, "method": "typed", "at": ""},  # an empty time says nothing
    ):
        answer = send(eve, setup.point_xa.pk, **body)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "closed", body
    page = eve.post(
        f"/campaigns/points/{setup.point_xa.pk}/check-in/",
        {"action": "code", "code": an.code, "client_id": str(uuid.uuid4())},
    )
    assert page.status_code == 422 and "Đã hết thời gian điểm danh" in page.content.decode()
    assert not CheckIn.objects.exists()


def test_a_recorded_time_outside_the_window_is_refused_in_the_grace(setup: Setup, clock: Clock) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    clock.set(local(NEXT_DAY, 7, 30))
    eve = setup.world.client_for(setup.world.eve)
    for claimed in (
        local(HELD_ON, 5, 29),  # before the desk opened
        local(NEXT_DAY, 0, 0),  # after the window closed
        local(NEXT_DAY, 7, 0),  # this morning: the conference is over
    ):
        answer = send(eve, setup.point_xa.pk, code=an.code, method="scan", at=claimed.isoformat())
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "at_outside_window", claimed
    assert not CheckIn.objects.exists()
