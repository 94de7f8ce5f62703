"""Checking in at a point: by code (typed or scanned), by name, guests; and every way it can go wrong."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from quantriet.campaigns import services
from quantriet.campaigns.models import CheckIn, Delegate
from tests.campaigns.conftest import HELD_ON, Clock, Setup, campaign_values, local, make_point

# The server's clock stands in the conference's check-in window unless a test moves it.
pytestmark = pytest.mark.usefixtures("clock")


def scan(client: Client, point_id: int, code: str, client_id: Any = None, method: str = "scan") -> Any:
    body = {"code": code, "client_id": str(client_id or uuid.uuid4()), "method": method}
    return client.post(
        f"/campaigns/points/{point_id}/check-in.json", json.dumps(body), content_type="application/json"
    )


def invited(setup: Setup) -> tuple[Delegate, Delegate]:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    return an, binh


def test_a_typed_code_checks_the_delegate_in(setup: Setup) -> None:
    an, _binh = invited(setup)
    client = setup.world.client_for(setup.world.eve)
    url = f"/campaigns/points/{setup.point_xa.pk}/check-in/"
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" in page
    typed = an.code_display.lower().replace("-", " ")  # staff type it any way
    response = client.post(
        url, {"action": "code", "code": typed, "client_id": str(uuid.uuid4())}, follow=True
    )
    assert "Đã điểm danh Nguyễn Văn An" in response.content.decode()
    check_in = CheckIn.objects.get()
    assert check_in.delegate == an and check_in.method == "typed" and check_in.recorded_by == setup.world.eve
    assert not check_in.other_point


def test_a_scanned_qr_payload_is_accepted_and_a_replay_counts_once(setup: Setup) -> None:
    an, _binh = invited(setup)
    client = setup.world.client_for(setup.world.eve)
    client_id = uuid.uuid4()
    first = scan(client, setup.point_xa.pk, services.qr_payload(an), client_id)
    assert first.status_code == 201
    assert first.json()["name"] == "Nguyễn Văn An" and first.json()["replayed"] is False
    again = scan(client, setup.point_xa.pk, services.qr_payload(an), client_id)
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["id"] == first.json()["id"]
    assert CheckIn.objects.count() == 1


def test_a_second_scan_of_the_same_invitation_is_refused_with_where_and_when(setup: Setup) -> None:
    an, _binh = invited(setup)
    eve = setup.world.client_for(setup.world.eve)
    assert scan(eve, setup.point_xa.pk, an.code).status_code == 201
    again = scan(eve, setup.point_xa.pk, an.code)
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "already"
    assert "Nguyễn Văn An đã điểm danh lúc" in error["message"] and "Điểm cầu xã An Hòa" in error["message"]
    # Also at another point, and through the page.
    charlie = setup.world.client_for(setup.world.charlie)
    assert scan(charlie, setup.point_xb.pk, an.code).status_code == 409
    page = eve.post(
        f"/campaigns/points/{setup.point_xa.pk}/check-in/",
        {"action": "code", "code": an.code, "client_id": str(uuid.uuid4())},
    )
    assert page.status_code == 409 and "lần quét này không được tính thêm" in page.content.decode()
    assert CheckIn.objects.count() == 1


def test_forged_and_malformed_codes_are_told_apart_and_nothing_is_saved(setup: Setup) -> None:
    an, _binh = invited(setup)
    client = setup.world.client_for(setup.world.eve)
    forged = scan(client, setup.point_xa.pk, f"{an.code}:chu-ky-gia-mao")
    assert forged.status_code == 400 and forged.json()["error"]["code"] == "forged"
    assert "không do hệ thống cấp" in forged.json()["error"]["message"]
    # A valid signature on another code does not carry over.
    other_payload = services.qr_payload(an).replace(an.code, "ABCDEFGHJKLM")
    assert scan(client, setup.point_xa.pk, other_payload).json()["error"]["code"] == "forged"
    for text in ("", "12345", "<script>", "ABCD-EFGH-IJKL"):  # I is not in the alphabet
        bad = scan(client, setup.point_xa.pk, text)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "malformed", text
    unknown = scan(client, setup.point_xa.pk, "ABCD-EFGH-2345")
    assert unknown.json()["error"]["code"] == "unknown"
    assert "Không có giấy mời nào mang mã ABCDEFGH2345" in unknown.json()["error"]["message"]
    assert not CheckIn.objects.exists()


def test_codes_of_another_conference_or_campaign_are_refused(setup: Setup) -> None:
    world = setup.world
    second = services.create_conference(
        None, setup.campaign, title="Hội nghị lần 2", held_on=HELD_ON, starts_at=dt.time(14, 0)
    )
    second_point = make_point(second, world.xa, "Điểm cầu xã An Hòa (lần 2)")
    other_campaign = services.create_campaign(
        None, **campaign_values(world, setup.document, title="Đợt khác")
    )
    other_conference = services.create_conference(
        None, other_campaign, title="Hội nghị đợt khác", held_on=HELD_ON, starts_at=dt.time(7, 30)
    )
    other_point = make_point(other_conference, world.xa, "Điểm cầu khác")
    same_campaign = services.invite_members(None, second_point, [world.m_xa1]).created[0]
    elsewhere = services.invite_members(None, other_point, [world.m_xa2]).created[0]
    client = world.client_for(world.eve)
    response = scan(client, setup.point_xa.pk, services.qr_payload(same_campaign))
    assert response.json()["error"]["code"] == "other_conference"
    assert "hội nghị khác trong cùng đợt" in response.json()["error"]["message"]
    response = scan(client, setup.point_xa.pk, elsewhere.code, method="typed")
    assert response.json()["error"]["code"] == "other_campaign"
    assert "thuộc một đợt học tập khác" in response.json()["error"]["message"]
    assert not CheckIn.objects.exists()


def test_a_delegate_invited_to_another_point_is_checked_in_and_flagged(setup: Setup) -> None:
    an, _binh = invited(setup)
    charlie = setup.world.client_for(setup.world.charlie)
    response = scan(charlie, setup.point_xb.pk, an.code)
    assert response.status_code == 201 and response.json()["other_point"] is True
    assert "được mời ở điểm cầu “Điểm cầu xã An Hòa”" in response.json()["message"]
    check_in = CheckIn.objects.get()
    assert check_in.point == setup.point_xb and check_in.other_point
    board = setup.world.client_for(setup.world.alice).get(
        f"/campaigns/conferences/{setup.conference.pk}/board/"
    )
    assert "1 đại biểu mời ở điểm cầu khác đến điểm danh" in board.content.decode()


def test_picking_a_name_and_recording_a_guest(setup: Setup) -> None:
    _an, binh = invited(setup)
    client = setup.world.client_for(setup.world.eve)
    url = f"/campaigns/points/{setup.point_xa.pk}/check-in/"
    cid = str(uuid.uuid4())
    client.post(url, {"action": "name", "delegate": str(binh.pk), "client_id": cid})
    client.post(url, {"action": "name", "delegate": str(binh.pk), "client_id": cid})  # the form sent twice
    assert CheckIn.objects.filter(delegate=binh, method="name").count() == 1
    assert "Trần Thị Bình" not in client.get(url).content.decode().split("Chọn theo tên")[1].split("Khách")[0]
    refused = client.post(url, {"action": "guest", "name": "  ", "client_id": str(uuid.uuid4())})
    assert refused.status_code == 400 and "Hãy ghi họ và tên khách." in refused.content.decode()
    client.post(
        url, {"action": "guest", "name": "Bà Khách", "note": "Hội Phụ nữ xã", "client_id": str(uuid.uuid4())}
    )
    guest = CheckIn.objects.get(delegate__isnull=True)
    assert guest.guest_name == "Bà Khách" and guest.method == "guest" and guest.guest_note == "Hội Phụ nữ xã"


def test_the_guest_form_says_which_field_is_too_long_and_keeps_what_was_typed(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.eve)
    url = f"/campaigns/points/{setup.point_xa.pk}/check-in/"
    long_name = "Hoa" * 41
    refused = client.post(
        url, {"action": "guest", "name": long_name, "note": "Hội Phụ nữ xã", "client_id": str(uuid.uuid4())}
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Họ và tên khách dài quá 120 ký tự (đang có 123); hãy viết gọn lại." in page
    assert f'value="{long_name}"' in page and 'value="Hội Phụ nữ xã"' in page  # nothing to type again
    refused = client.post(
        url, {"action": "guest", "name": "Bà Khách", "note": "x" * 201, "client_id": str(uuid.uuid4())}
    )
    assert refused.status_code == 400 and "Chức vụ, đơn vị dài quá 200 ký tự" in refused.content.decode()
    assert not CheckIn.objects.exists()


def test_a_name_from_another_point_cannot_be_picked(setup: Setup) -> None:
    other = setup.invite(setup.point_xb, setup.world.m_xb1)[0]
    client = setup.world.client_for(setup.world.eve)
    response = client.post(
        f"/campaigns/points/{setup.point_xa.pk}/check-in/",
        {"action": "name", "delegate": str(other.pk), "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 400 and not CheckIn.objects.exists()


def test_arrivals_after_the_start_are_late(setup: Setup, clock: Clock) -> None:
    an, binh = invited(setup)
    clock.set(local(HELD_ON, 8, 0))
    start = setup.conference.start()
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name", at=start)
    services.check_in_delegate(
        None, setup.point_xa, binh, client_id=uuid.uuid4(), method="name", at=start + dt.timedelta(minutes=20)
    )
    assert list(CheckIn.objects.order_by("at").values_list("late", flat=True)) == [False, True]
    assert timezone.is_aware(start)


def test_a_client_id_reused_at_another_point_and_bad_requests(setup: Setup) -> None:
    an, binh = invited(setup)
    cid = uuid.uuid4()
    assert scan(setup.world.client_for(setup.world.eve), setup.point_xa.pk, an.code, cid).status_code == 201
    reused = scan(setup.world.client_for(setup.world.alice), setup.point_xb.pk, binh.code, cid)
    assert reused.status_code == 409 and reused.json()["error"]["code"] == "client_id_reused"
    client = setup.world.client_for(setup.world.eve)
    url = f"/campaigns/points/{setup.point_xa.pk}/check-in.json"
    assert (
        client.post(url, "{not json", content_type="application/json").json()["error"]["code"]
        == "invalid_json"
    )
    no_id = client.post(url, json.dumps({"code": binh.code}), content_type="application/json")
    assert no_id.status_code == 400 and no_id.json()["error"]["code"] == "client_id"
    assert scan(client, setup.point_xa.pk, binh.code, method="name").json()["error"]["code"] == "bad_method"
    assert client.get(url).status_code == 405
    assert CheckIn.objects.count() == 1


def test_the_desk_says_when_its_conference_is_not_today(setup: Setup, clock: Clock) -> None:
    clock.set(local(HELD_ON + dt.timedelta(days=2), 9))
    eve = setup.world.client_for(setup.world.eve)
    past = eve.get(f"/campaigns/points/{setup.point_xa.pk}/check-in/").content.decode()
    assert "Hội nghị này đã họp ngày 10/09/2025" in past
    assert f"/campaigns/points/{setup.point_xa.pk}/absences/" in past
    today = timezone.localdate()
    for offset, expected in ((0, None), (3, "chưa đến ngày họp")):
        held = today + dt.timedelta(days=offset)
        campaign = services.create_campaign(
            None,
            **campaign_values(
                setup.world,
                setup.document,
                title=f"Đợt {offset}",
                conference_date=today,
                plan_deadline=today + dt.timedelta(days=30),
                report_deadline=today + dt.timedelta(days=60),
            ),
        )
        conference = services.create_conference(
            None, campaign, title="Hội nghị", held_on=held, starts_at=dt.time(7, 30)
        )
        point = make_point(conference, setup.world.xa, "Điểm cầu xã An Hòa")
        page = eve.get(f"/campaigns/points/{point.pk}/check-in/").content.decode()
        assert "đã họp ngày" not in page
        assert (expected in page) if expected else ("chưa đến ngày họp" not in page)
