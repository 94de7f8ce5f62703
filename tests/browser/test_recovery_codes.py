"""Recovery codes in a real browser: shown once after the app is set up, then good for one sign-in."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, submit
from tests.conftest import PASSWORD, World
from tests.orgs.test_signin_second_factor import code_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_codes_are_shown_once_and_one_of_them_signs_in(page: Page, world: World, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    submit(page)
    raw = page.inner_text("#otp-key").replace(" ", "")
    page.fill("#id_otp_token", code_for(base64.b32decode(raw + "=" * (-len(raw) % 8))))
    submit(page)
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than the {width}px screen"
    screenshot(page, f"recovery-codes-{width}")
    with page.expect_navigation():
        page.get_by_role("link", name="Đã cất các mã, tiếp tục").click()
    assert page.url.endswith("/")

    # Signed out, and the phone is not at hand: a recovery code instead.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.fill("#id_otp_token", codes[0].upper())
    submit(page)
    expect(page.locator("body")).to_contain_text("còn 9 mã")
    screenshot(page, f"recovery-code-used-{width}")
