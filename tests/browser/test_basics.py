"""Signing in, the overview, switching language, throttling and the phone layout, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser


def test_a_user_signs_in_and_sees_the_overview_of_their_province(page: Page, world: World) -> None:
    sign_in(page, "alice", PASSWORD)
    expect(page.locator("h1")).to_have_text("Tổng quan")
    expect(page.locator("main table")).to_contain_text("Tỉnh ủy Mẫu")
    screenshot(page, "home")


def test_a_wrong_password_keeps_the_user_name_and_says_what_is_wrong(page: Page, world: World) -> None:
    sign_in(page, "alice", "sai-mat-khau")
    expect(page.locator("#id_username")).to_have_value("alice")
    expect(page.locator("main")).to_contain_text("mật khẩu")
    assert page.url.endswith("/accounts/login/")


def test_the_language_switches_to_english_and_back(page: Page, world: World) -> None:
    sign_in(page, "alice", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.select_option("#lang-select", "en")
    page.click("form.lang button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#lang-select")).to_have_value("en")
    page.select_option("#lang-select", "vi")
    page.click("form.lang button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text("Tổng quan")


def test_repeated_failures_are_throttled_even_with_the_right_password(page: Page, world: World) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        sign_in(page, "alice", "sai-mat-khau")
    sign_in(page, "alice", PASSWORD)
    expect(page.locator("main")).to_contain_text("Đăng nhập sai quá nhiều lần")
    assert page.url.endswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(page: Page, world: World, path: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    if path == "/":
        sign_in(page, "alice", PASSWORD)
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone screen"
    name = re.sub(r"\W+", "-", path).strip("-") or "home"
    screenshot(page, f"phone-{name}")
