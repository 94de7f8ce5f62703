"""The attendance boards: present / expected by point, unit and category; they refresh themselves."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quantriet.campaigns import services
from quantriet.orgs.services import add_position
from tests.campaigns.conftest import Setup
from tests.conftest import make_member

# Check-ins are taken only around the conference: the server's clock stands there (conftest).
pytestmark = pytest.mark.usefixtures("clock")


def rows(html: str, css_class: str) -> list[list[str]]:
    table = html.split(f'class="grid responsive {css_class}"')[1].split("</table>")[0]
    body = table.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_conference_board_counts_by_point_unit_and_category(setup: Setup) -> None:
    world = setup.world
    add_position(None, world.m_xa2, unit=world.xa2, kind="secretary", start=dt.date(2020, 1, 1))
    an, binh, dung = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2, world.m_dave)
    (cuong,) = setup.invite(setup.point_xb, world.m_xb1)
    for delegate, point in ((an, setup.point_xa), (binh, setup.point_xa), (cuong, setup.point_xa)):
        services.check_in_delegate(None, point, delegate, client_id=uuid.uuid4(), method="name")
    services.check_in_guest(None, setup.point_xb, name="Khách A", client_id=uuid.uuid4())
    response = world.client_for(world.alice).get(f"/campaigns/conferences/{setup.conference.pk}/board/")
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="20">' in html
    assert "Có mặt 3/4 (75%)" in html and "1 khách" in html
    assert rows(html, "by-point") == [
        # Seats, invited, over the seats, checked in there.
        ["Điểm cầu Tỉnh ủy", "100", "0", "—", "0"],
        ["Điểm cầu xã An Hòa", "100", "3", "—", "3"],  # an, binh, and cuong from XB's list
        ["Điểm cầu xã Bình Minh", "100", "1", "—", "0"],
    ]
    assert rows(html, "by-unit") == [  # each cell with its path below the campaign's scope
        ["Đảng bộ xã An Hòa › Chi bộ thôn 1", "1", "1", "100"],
        ["Đảng bộ xã An Hòa › Chi bộ thôn 2", "1", "2", "50"],
        ["Đảng bộ xã Bình Minh › Chi bộ thôn 3", "1", "1", "100"],
    ]
    assert rows(html, "by-category") == [
        ["Bí thư, Phó Bí thư", "1", "1", "100"],
        ["Đảng viên", "2", "3", "67"],
    ]
    assert dung.check_ins.count() == 0


def test_the_point_board_counts_its_own_delegates_and_lists_arrivals_from_elsewhere(setup: Setup) -> None:
    world = setup.world
    an, binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    (cuong,) = setup.invite(setup.point_xb, world.m_xb1)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    services.check_in_delegate(None, setup.point_xa, cuong, client_id=uuid.uuid4(), method="typed")
    html = world.client_for(world.eve).get(f"/campaigns/points/{setup.point_xa.pk}/board/").content.decode()
    assert "Có mặt 1/2 (50%)" in html
    assert "1 đại biểu mời ở điểm cầu khác đến điểm danh" in html
    assert rows(html, "by-unit") == [["Chi bộ thôn 1", "1", "1", "100"], ["Chi bộ thôn 2", "0", "1", "0"]]
    assert binh.check_ins.count() == 0


def test_the_boards_cost_the_same_number_of_queries_however_many_delegates(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    urls = (
        f"/campaigns/conferences/{setup.conference.pk}/board/",
        f"/campaigns/points/{setup.point_xa.pk}/board/",
        f"/campaigns/points/{setup.point_xa.pk}/check-in/",
        f"/campaigns/points/{setup.point_xa.pk}/",
    )

    def cost() -> list[int]:
        cache.clear()  # each board logs its first read (orgs.services.audit): measure that one both times
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    # Someone still waiting on the desk's list: its units' paths are one query, none for an empty list.
    an, _binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    few = cost()
    extra = [make_member(world.xa1, f"Đảng Viên {i}", f"2000000{i}") for i in range(5)]
    for delegate in setup.invite(setup.point_xa, *extra)[:3]:
        services.check_in_delegate(None, setup.point_xa, delegate, client_id=uuid.uuid4(), method="name")
    services.check_in_guest(None, setup.point_xa, name="Khách B", client_id=uuid.uuid4())
    assert cost() == few
