"""Pages an organiser walks through, read on a phone (360 px) and a desk screen (1280 px): facts and charts
stay inside the screen and readable."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

from quantriet.campaigns import services
from quantriet.campaigns.models import BridgePoint, Campaign
from quantriet.documents import services as document_services
from quantriet.orgs import services as org_services
from quantriet.orgs.models import Role
from tests.browser.conftest import screenshot, sign_in
from tests.campaigns.conftest import campaign_values
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}
LONG_LINK = "https://hop-truc-tuyen.example.org/quan-triet-nghi-quyet-35-ban-chap-hanh-dang-bo-tinh"


@dataclass
class Scene:
    campaign: Campaign
    point: BridgePoint
    staff: User


@pytest.fixture
def scene(world: World) -> Scene:
    document = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True
    )
    campaign = services.create_campaign(None, **campaign_values(world, document))
    conference = services.create_conference(
        None,
        campaign,
        title="Hội nghị trực tuyến quán triệt",
        held_on=dt.date(2025, 9, 10),
        starts_at=dt.time(7, 30),
    )
    point = services.add_point(
        None,
        conference,
        host_unit=world.xa,
        name="Điểm cầu xã An Hòa",
        is_main=False,
        address="Hội trường Đảng ủy xã An Hòa, thôn Đông, đường liên xã",
        capacity=1,
        tech_contact_name="Tổ kỹ thuật xã",
        tech_contact_phone="0200 000 022",
        video_link=LONG_LINK,
    )
    delegates = services.invite_members(None, point, [world.m_xa1, world.m_xa2]).created
    services.check_in_delegate(
        None,
        point,
        delegates[0],
        client_id=uuid.uuid4(),
        method="name",
        received_at=conference.start() - dt.timedelta(minutes=10),
    )
    staff = User.objects.create_user("tochuc", "tochuc@example.org", PASSWORD)
    org_services.grant_role(None, staff, world.xa, Role.ORGANISATION)
    return Scene(campaign, point, staff)


def sideways(page: Page) -> int:
    """How many pixels the page is wider than the screen (a phone user would scroll sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_a_points_facts_fit_a_phone_screen(page: Page, scene: Scene, live_server: Any) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "tochuc", PASSWORD)
    page.goto(f"/campaigns/points/{scene.point.pk}/")
    screenshot(page, "walkthrough-point-360")
    assert sideways(page) == 0
    link = page.locator("dl.facts a[href^='https://hop-truc-tuyen']")
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]


def test_the_campaign_charts_are_readable_on_a_phone_and_whole_on_a_desk(
    page: Page, scene: Scene, live_server: Any
) -> None:
    sign_in(page, "alice", PASSWORD)
    page.set_viewport_size(DESK)
    page.goto(f"/campaigns/{scene.campaign.pk}/")
    screenshot(page, "walkthrough-charts-1280")
    for chart in page.locator("figure.chart svg").all():
        svg = chart.bounding_box()
        assert svg is not None and svg["width"] <= 660
        # The figures at the end of each bar ("2/2 (100%)") are inside the drawing, not cut off.
        for text in chart.locator("text").all():
            box = text.bounding_box()
            assert box is not None and box["x"] + box["width"] <= svg["x"] + svg["width"] + 1
            assert box["height"] <= 24  # not blown up to a poster's size
    page.set_viewport_size(PHONE)
    page.goto(f"/campaigns/{scene.campaign.pk}/")
    screenshot(page, "walkthrough-charts-360")
    assert sideways(page) == 0
    boxes = [box for t in page.locator("figure.chart text").all() if (box := t.bounding_box())]
    # Labels and figures are all on the screen (no scrolling inside the chart) and big enough to read.
    assert boxes and min(box["height"] for box in boxes) >= 11
    assert max(box["x"] + box["width"] for box in boxes) <= PHONE["width"]


def test_a_point_invited_beyond_its_seats_stands_out_on_the_board(
    page: Page, scene: Scene, live_server: Any
) -> None:
    sign_in(page, "alice", PASSWORD)
    page.goto(f"/campaigns/conferences/{scene.point.conference_id}/board/")
    screenshot(page, "walkthrough-board-over-capacity")
    cell = page.locator("tr.over-capacity td").first
    assert cell.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(255, 243, 205)"
