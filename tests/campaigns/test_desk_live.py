"""The desk during the conference (issue 11): the same guest is caught, the list can be searched and
follows each check-in, the desk can be reloaded offline; a point invited over its capacity says so."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import CheckIn
from quantriet.orgs import services as org_services
from tests.campaigns.conftest import Setup
from tests.conftest import make_member

pytestmark = pytest.mark.usefixtures("clock")


def send(client: Client, point_id: int, **body: Any) -> Any:
    body.setdefault("client_id", str(uuid.uuid4()))
    return client.post(
        f"/campaigns/points/{point_id}/check-in.json", json.dumps(body), content_type="application/json"
    )


def test_the_same_guest_is_caught_whatever_the_accents_and_case(setup: Setup) -> None:
    eve = setup.world.client_for(setup.world.eve)
    desk = f"/campaigns/points/{setup.point_xa.pk}/check-in/"
    first = {
        "action": "guest",
        "name": "Phạm Thị Hoa",
        "note": "Hội Phụ nữ xã",
        "client_id": str(uuid.uuid4()),
    }
    assert eve.post(desk, first).status_code == 302
    again = {**first, "name": "pham thi  HOA", "note": "hội phụ nữ xã", "client_id": str(uuid.uuid4())}
    page = eve.post(desk, again)
    assert page.status_code == 409
    assert "Khách Phạm Thị Hoa (Hội Phụ nữ xã) đã được ghi lúc" in page.content.decode()
    # Through the desk's script (an offline queue), the same answer, which the desk shows.
    refused = send(
        eve, setup.point_xb.pk, method="guest", guest_name="PHAM THI HOA", guest_note="Hoi phu nu xa"
    )
    assert refused.status_code in (403, 404)  # eve does not staff that point
    refused = send(
        eve, setup.point_xa.pk, method="guest", guest_name="Phạm Thị Hòa", guest_note="Hội Phụ Nữ Xã"
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "guest_repeated"
    # Another person of the same name from another unit is welcome; a reversed guest may come again.
    assert (
        send(
            eve, setup.point_xa.pk, method="guest", guest_name="Phạm Thị Hoa", guest_note="Đoàn xã"
        ).status_code
        == 201
    )
    services.reverse_check_in(None, CheckIn.objects.get(guest_note="Hội Phụ nữ xã"), reason="Ghi nhầm")
    assert (
        send(
            eve, setup.point_xa.pk, method="guest", guest_name="Phạm Thị Hoa", guest_note="Hội Phụ nữ xã"
        ).status_code
        == 201
    )
    assert CheckIn.objects.filter(reversed_at=None).count() == 2


def test_the_desk_page_carries_what_its_script_needs_to_follow_each_check_in(setup: Setup) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    eve = setup.world.client_for(setup.world.eve)
    response = eve.get(f"/campaigns/points/{setup.point_xa.pk}/check-in/")
    page = response.content.decode()
    assert response["X-Desk-Page"] == "1"  # the only answer the service worker keeps
    assert 'class="desk-search"' in page and "không dấu" in page  # searched without accents
    assert f'data-delegate="{an.pk}"' in page and f'data-delegate="{binh.pk}"' in page
    assert 'data-present="0" data-expected="2"' in page and 'data-sw="/campaigns/points/desk-sw.js"' in page
    # A typed code answers whom it was, so the row leaves the list, and the point's own count.
    answer = send(eve, setup.point_xa.pk, code=an.code, method="typed").json()
    assert answer["delegate"] == an.pk and answer["point_present"] == 1 and answer["recorded_at"]
    page = eve.get(f"/campaigns/points/{setup.point_xa.pk}/check-in/").content.decode()
    assert f'data-delegate="{an.pk}"' not in page and 'data-present="1" data-expected="2"' in page


def test_the_service_worker_is_served_for_the_desk_pages_only_to_those_signed_in(setup: Setup) -> None:
    url = "/campaigns/points/desk-sw.js"
    assert Client().get(url).status_code == 302  # to the sign-in page
    response = setup.world.client_for(setup.world.eve).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/campaigns/points/"
    source = response.content.decode()
    assert source.startswith('var STATIC_URL = "/static/";') and "check-in" in source
    assert setup.world.client_for(setup.world.eve).post(url).status_code == 405


def test_inviting_over_a_points_capacity_is_allowed_but_says_how_many_over(setup: Setup) -> None:
    point = setup.point_xa
    point.capacity = 1
    point.save(update_fields=["capacity"])
    alice = setup.world.client_for(setup.world.alice)
    proposal = alice.get(f"/campaigns/points/{point.pk}/invite/").content.decode()
    assert "điểm cầu sẽ vượt sức chứa 2 người" in proposal  # An, Bình and Dũng proposed for one seat
    members = [setup.world.m_xa1.pk, setup.world.m_xa2.pk, setup.world.m_dave.pk]
    page = alice.post(
        f"/campaigns/points/{point.pk}/invite/", {"member": members}, follow=True
    ).content.decode()
    assert "Đã mời 3 đại biểu." in page
    assert "chỉ có 1 chỗ ngồi nhưng đã mời 3 đại biểu: vượt 2 người" in page
    assert point.delegates.count() == 3
    board = alice.get(f"/campaigns/points/{point.pk}/board/").content.decode()
    assert "Vượt sức chứa: điểm cầu có 1 chỗ ngồi nhưng đã mời 3 đại biểu (vượt 2 người)" in board
    printed = alice.get(f"/campaigns/points/{point.pk}/invitations/").content.decode()
    assert "Điểm cầu có 1 chỗ ngồi, số giấy mời vượt 2 người." in printed  # on screen, not printed
    conference = alice.get(f"/campaigns/conferences/{setup.conference.pk}/board/").content.decode()
    assert "<strong>+2</strong>" in conference
    guest = alice.post(f"/campaigns/points/{point.pk}/guests/new/", {"guest_name": "Khách"}, follow=True)
    assert "vượt 3 người" in guest.content.decode()
    # A point within its capacity says nothing of it.
    assert "Vượt sức chứa" not in alice.get(f"/campaigns/points/{setup.point_xb.pk}/board/").content.decode()


def test_cells_of_the_same_name_are_counted_apart_and_named_with_their_path(setup: Setup) -> None:
    world = setup.world
    twin_a = org_services.create_unit(
        None, name="Chi bộ Trường THCS", code="XA9", level="cell", parent=world.xa
    )
    twin_b = org_services.create_unit(
        None, name="Chi bộ Trường THCS", code="XB9", level="cell", parent=world.xb
    )
    teacher_a = make_member(twin_a, "Võ Thị Mai", "10000091")
    teacher_b = make_member(twin_b, "Hồ Văn Tâm", "10000092")
    a, b = setup.invite(setup.main, teacher_a, teacher_b)
    services.check_in_delegate(None, setup.main, a, client_id=uuid.uuid4(), method="name")
    html = world.client_for(world.alice).get(f"/campaigns/points/{setup.main.pk}/board/").content.decode()
    assert "Đảng bộ xã An Hòa › Chi bộ Trường THCS</td>" in html
    assert "Đảng bộ xã Bình Minh › Chi bộ Trường THCS</td>" in html
    figures = selectors.campaign_attendance(setup.campaign)  # the xlsx and DOCX figures
    assert [(r.label, r.invited) for r in figures.by_unit] == [
        ("Đảng bộ xã An Hòa › Chi bộ Trường THCS", 1),
        ("Đảng bộ xã Bình Minh › Chi bộ Trường THCS", 1),
    ]
    assert b.check_ins.count() == 0


# What each changed page costs, whatever the number of delegates, check-ins (reversed too) and units.
# The desk: session, user, roles, the point, its waiting list and their units' paths, the point's board
# (two grouped tallies, paths, other points, guests, late, recent), who may reverse or see the campaign,
# the read's audit; the boards and lists likewise (measured, then fixed here).
PAGE_QUERIES = {
    "desk": 17,
    "point board": 16,
    "conference board": 15,
    "absences": 10,
    "make-up": 10,
    "invite": 10,  # the proposal's cells are named with their path: one query
}


def test_the_changed_pages_cost_an_exact_number_of_queries(setup: Setup) -> None:
    world = setup.world
    session = services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 20))
    pages = {
        "desk": f"/campaigns/points/{setup.point_xa.pk}/check-in/",
        "point board": f"/campaigns/points/{setup.point_xa.pk}/board/",
        "conference board": f"/campaigns/conferences/{setup.conference.pk}/board/",
        "absences": f"/campaigns/points/{setup.point_xa.pk}/absences/",
        "make-up": f"/campaigns/makeup/{session.pk}/",
        "invite": f"/campaigns/points/{setup.point_xa.pk}/invite/",
    }
    alice = world.client_for(world.alice)

    def cost() -> dict[str, int]:
        cache.clear()
        counts = {}
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as queries:
                assert alice.get(url).status_code == 200, url
            counts[name] = len(queries)
        return counts

    an, _binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    first = cost()
    more = [make_member(world.xa2, f"Đảng Viên {i}", f"2000000{i}") for i in range(4)]
    invited = setup.invite(setup.point_xa, *more)
    for delegate in invited[:2]:
        services.check_in_delegate(None, setup.point_xa, delegate, client_id=uuid.uuid4(), method="name")
    services.reverse_check_in(None, CheckIn.objects.get(delegate=invited[0]), reason="Nhầm")
    services.check_in_guest(None, setup.point_xa, name="Khách B", client_id=uuid.uuid4())
    assert first == cost() == PAGE_QUERIES
