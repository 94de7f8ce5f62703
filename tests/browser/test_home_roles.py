"""Every role's home page on a phone (360 px): its own to-do, readable without scrolling sideways.

A province campaign with a learning report due, a commune conference tomorrow (dave invited, eve keeps
the commune's desk), a cell's report handed in for bob to read, and the commune's plan waiting for the
province's approval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import Campaign, Delegate
from quantriet.documents import services as document_services
from quantriet.orgs import services as org_services
from quantriet.orgs.models import Role
from quantriet.reports.models import ALL_FORMATS, LearningReport
from quantriet.reports.services.requirements import RequirementFields, save_requirement
from quantriet.reports.services.submitting import Handed, submit
from tests.browser.conftest import screenshot, sign_in
from tests.campaigns.conftest import make_point
from tests.conftest import PASSWORD, World
from tests.reports.writing import essay

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
NOT_GRANTED = "chưa được phân quyền"


@dataclass
class Scene:
    campaign: Campaign
    delegate: Delegate


@pytest.fixture
def scene(world: World, settings: Any, tmp_path: Path) -> Scene:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COPY_INDEX_DIR = tmp_path / "copyindex"
    today = timezone.localdate()
    document = document_services.create_document(
        None,
        doc_type="Nghị quyết",
        symbol="35-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        is_public=True,
        subject="Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
    )
    campaign = campaign_services.create_campaign(
        None,
        title="Học tập Nghị quyết 35",
        organising_unit=world.province,
        scope_unit=world.province,
        audience="all_members",
        documents=[document],
        conference_date=today,
        plan_deadline=today + dt.timedelta(days=20),
        report_deadline=today + dt.timedelta(days=30),
    )
    save_requirement(
        None,
        campaign,
        RequirementFields(
            writers="audience",
            categories=[],
            deadline=today + dt.timedelta(days=30),
            guidance="Liên hệ bản thân",
            min_words=100,
            max_words=3000,
            formats=list(ALL_FORMATS),
            late_policy="mark",
        ),
    )
    conference = campaign_services.create_conference(
        None,
        campaign,
        title="Hội nghị quán triệt Nghị quyết 35 ở xã",
        held_on=today + dt.timedelta(days=1),
        starts_at=dt.time(14, 0),
    )
    point = make_point(conference, world.xa, "Điểm cầu xã An Hòa")
    (delegate,) = campaign_services.invite_members(None, point, [world.m_dave]).created
    org_services.grant_role(None, world.eve, world.xa, Role.OFFICE)
    report = LearningReport.objects.get(campaign=campaign, member=world.m_xa1)
    submit(world.bob, report, Handed(essay(41), on_behalf=True))
    campaign_services.submit_plan(
        None,
        campaign,
        world.xa,
        symbol="12-KH/ĐU",
        issued_on=today,
        actions_text="Quán triệt | Ban Tuyên giáo | 30/12/2099",
        file_data="Kế hoạch thực hiện Nghị quyết 35 của xã.".encode(),
        file_name="ke-hoach.txt",
    )
    return Scene(campaign, delegate)


@pytest.fixture
def phone(browser: Browser, live_server: Any, transactional_db: Any) -> Iterator[Any]:
    """A fresh phone-sized browser context per person (each signs in on their own)."""
    contexts = []

    def open_for(username: str, password: str = PASSWORD) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, username, password)
        page.goto("/")
        return page

    yield open_for
    for context in contexts:
        context.close()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_every_role_sees_its_own_to_do_on_a_phone(world: World, scene: Scene, phone: Any) -> None:
    # A member: the invitation leading to the QR code, the report to write.
    page = phone("dave")
    main = page.locator("main")
    expect(main).not_to_contain_text(NOT_GRANTED)
    invitation = page.locator("#home-invitations")
    expect(invitation).to_contain_text("Dự Hội nghị quán triệt Nghị quyết 35 ở xã")
    expect(invitation.locator(f'a[href="/campaigns/my/#inv-{scene.delegate.pk}"]')).to_be_visible()
    expect(page.locator("#home-my-reports")).to_contain_text("Viết bài thu hoạch: Học tập Nghị quyết 35")
    fits_the_phone(page)
    screenshot(page, "home-member-360")
    page.locator(f'a[href="/campaigns/my/#inv-{scene.delegate.pk}"]').click()
    card = page.locator(f'article[aria-labelledby="inv-{scene.delegate.pk}"]')
    expect(card).to_contain_text("Điểm cầu xã An Hòa")
    expect(card.locator(".qr svg")).to_be_visible()  # the personal QR code to show at the desk

    # A cell's secretary: the report handed in to read.
    page = phone("bob")
    expect(page.locator("#home-to-review")).to_contain_text(
        "Đọc 1 bài thu hoạch đã nộp: Học tập Nghị quyết 35"
    )
    expect(page.locator("main")).not_to_contain_text("Điểm cầu xã An Hòa")
    fits_the_phone(page)
    screenshot(page, "home-secretary-360")

    # The commune's office: tomorrow's desk.
    page = phone("eve")
    expect(page.locator("#home-desks")).to_contain_text("Điểm danh tại Điểm cầu xã An Hòa")
    fits_the_phone(page)
    screenshot(page, "home-point-staff-360")

    # Province staff: the commune's plan to approve, their campaign.
    page = phone("alice")
    expect(page.locator("#home-plans-approve")).to_contain_text(
        "Duyệt 1 kế hoạch thực hiện: Học tập Nghị quyết 35"
    )
    expect(page.locator("#home-organised")).to_contain_text("Học tập Nghị quyết 35")
    fits_the_phone(page)
    screenshot(page, "home-province-360")

    # The operator: the admin site.
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    page = phone("root")
    expect(page.locator("#home-operator a[href='/admin/']")).to_be_visible()
    fits_the_phone(page)
    screenshot(page, "home-operator-360")
