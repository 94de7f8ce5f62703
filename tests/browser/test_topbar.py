"""The bar at the top of every page leaves a phone's screen to the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser


def test_on_a_phone_the_menu_keeps_to_one_line_and_the_page_does_not_scroll_sideways(
    page: Page, world: World
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "alice", PASSWORD)  # province staff: the longest menu
    page.goto("/")
    bar = page.locator(".topbar").bounding_box()
    assert bar is not None and bar["height"] <= 130, bar  # some 240 px when the menu wrapped
    links = page.locator(".mainnav a")
    tops = {round(box["y"]) for i in range(links.count()) if (box := links.nth(i).bounding_box())}
    assert len(tops) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    last = page.locator(".mainnav a").last  # off screen to the right, reached by scrolling the bar
    target = last.get_attribute("href")
    last.click()
    page.wait_for_url(f"**{target}")
