"""The recognition pages read on a phone (360 px): the sub-menu, filters and lists stay inside the screen."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize

from quantriet.reviews.services import awards as services
from tests.browser.conftest import CHROMIUM, MISSING, browser, page, screenshot, sign_in
from tests.conftest import PASSWORD, World, make_member
from tests.reviews.fixtures_awards import EXCELLENT_FIVE, award_form, rate

__all__ = ["browser", "page"]  # the browser tests' fixtures, used here too

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI", "") not in {"1", "true"}, reason=MISSING
    ),
]
PHONE: ViewportSize = {"width": 360, "height": 740}


def sideways(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_the_recognition_pages_fit_a_phone(page: Page, world: World, live_server: Any) -> None:
    form = award_form(
        world.province, "member_years", 5, name="Giấy khen đảng viên 5 năm liền xuất sắc tiêu biểu"
    )
    long_name = make_member(world.xa1, "Nguyễn Thị Phương Thảo Hoàng Anh", "10000097")
    rate(long_name, EXCELLENT_FIVE, province=world.province)
    make_member(
        world.xa1,
        "Cao Văn Lão Thành",
        "10000096",
        date_of_birth=dt.date(1950, 1, 1),
        admission_date=dt.date(1996, 5, 20),
    )
    services.propose(world.alice, form=form, year=2025, proposing_unit=world.xa, subjects=[long_name])
    page.set_viewport_size(PHONE)
    sign_in(page, "alice", PASSWORD)
    for name, url in (
        ("candidates", f"/reviews/awards/?unit={world.xa.pk}&form={form.pk}&year=2025"),
        ("proposals", "/reviews/awards/proposals/"),
        ("forms", "/reviews/awards/forms/"),
        ("badges", f"/reviews/badges/?unit={world.xa.pk}&year=2026"),
        ("badge-proposals", "/reviews/badges/proposals/"),
    ):
        page.goto(url)
        screenshot(page, f"awards-{name}-360")
        assert sideways(page) == 0, name
        assert page.locator("nav[aria-label='Khen thưởng'] a").count() == 5
    page.goto(f"/reviews/badges/?unit={world.xa.pk}&year=2026")
    page.check("input[name=ids]")
    page.click("text=Đề nghị tặng Huy hiệu Đảng cho những đồng chí đã chọn")
    assert "Đã đề nghị tặng Huy hiệu Đảng" in page.inner_text("ul.messages")
