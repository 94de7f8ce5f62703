"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium the tests are skipped and the run says so plainly at the end; under CI
(``CI=true``) they fail instead, so a CI image without a browser cannot pass unnoticed.
"""

from __future__ import annotations

import base64
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
MISSING = "Browser tests skipped: /usr/bin/chromium not found (install Debian's chromium)"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots for a person to look at after a run; never compared automatically.
SCREENSHOTS = Path(tempfile.gettempdir()) / "quantriet-screenshots"
_skipped = pytest.StashKey[int]()


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists() or _under_ci():
        return
    skip = pytest.mark.skip(reason=MISSING)
    count = 0
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
            count += 1
    config.stash[_skipped] = count


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if config.stash.get(_skipped, 0):
        terminalreporter.write_line(MISSING, yellow=True, bold=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "/usr/bin/chromium not found; with CI=true browser tests must run (install Debian's chromium)."
        )
    # Playwright's sync API keeps an event loop in this thread; Django would then refuse database
    # calls from the test itself as "async-unsafe". The calls are really synchronous, so allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, live_server: Any, transactional_db: Any) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server, asking for Vietnamese like our users."""
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, username: str, password: str) -> None:
    """The password, then — for province staff and operators — the second factor, as a person would:
    set up from the key the page shows, or the code of the device set up before."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    submit(page)
    if "/accounts/two-factor/verify/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_otp_token", _code(device.bin_key, after_t=device.last_t))
        submit(page)
    elif "/accounts/two-factor/" in page.url:
        raw = page.inner_text("#otp-key").replace(" ", "")
        page.fill("#id_otp_token", _code(base64.b32decode(raw + "=" * (-len(raw) % 8))))
        submit(page)
        # The recovery codes are shown once; a person would keep them, then go on.
        with page.expect_navigation():
            page.get_by_role("link", name="Đã cất các mã, tiếp tục").click()


def submit(page: Page, selector: str = "form.stack button[type=submit]") -> None:
    """Clicks a form's button and waits for the page it brings. A click alone may return before the
    new page has loaded (``wait_for_load_state`` then answers for the old one), and whatever is read
    next would be read off the page the form was on."""
    with page.expect_navigation():
        page.click(selector)


def _code(key: bytes, after_t: int = -1) -> str:
    totp = TOTP(key)
    totp.time = max(time.time(), (after_t + 1) * 30 + 1)  # a code not used yet (django-otp refuses reuse)
    return f"{totp.token():06d}"


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
