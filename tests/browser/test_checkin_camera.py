"""The desk's camera for real: Chromium's fake camera plays a video of an invitation's QR code, jsQR reads it.

No stand-in in the page: the frames go through getUserMedia, a <video>, a canvas and jsQR (the path taken by
Safari on iPhone, Firefox and Chromium on a desktop, which have no BarcodeDetector), then the queue and the
JSON endpoint. Chromium takes the camera's video file as a launch flag, so these tests start their own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import segno
from playwright.sync_api import Page, expect, sync_playwright

from quantriet.campaigns import services
from quantriet.campaigns.models import CheckIn
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, screenshot, sign_in
from tests.browser.test_checkin_offline import desk
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser

WIDTH, HEIGHT, FPS, FRAMES = 640, 480, 10, 10
# Where the browser has none (Chromium on Linux has none today), deleting it makes sure jsQR is tested.
NO_BARCODE_DETECTOR = "delete window.BarcodeDetector;"


def qr_frame(payload: str) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """A camera's view (luma only) of an invitation: its QR code on a white card on a grey desk."""
    modules = np.array(segno.make(payload, error="m").matrix, dtype=np.uint8)
    scale = 7
    code = np.where(np.kron(modules, np.ones((scale, scale), dtype=np.uint8)) == 1, 20, 235).astype(np.uint8)
    quiet = 4 * scale  # the quiet zone a printed code has round it
    card = np.full((code.shape[0] + 2 * quiet, code.shape[1] + 2 * quiet), 235, dtype=np.uint8)
    card[quiet:-quiet, quiet:-quiet] = code
    frame = np.full((HEIGHT, WIDTH), 110, dtype=np.uint8)
    top, left = (HEIGHT - card.shape[0]) // 2 + 15, (WIDTH - card.shape[1]) // 2 - 40
    frame[top : top + card.shape[0], left : left + card.shape[1]] = card
    return frame


def write_y4m(path: Path, luma: np.ndarray[Any, np.dtype[np.uint8]]) -> None:
    """A YUV4MPEG2 4:2:0 video of ``luma`` held still, with a sensor's noise in each frame: the format
    Chromium's fake camera plays in a loop."""
    noise = np.random.default_rng(35)
    chroma = np.full((HEIGHT // 2, WIDTH // 2), 128, dtype=np.uint8)  # no colour
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode("ascii")
    with path.open("wb") as video:
        video.write(header)
        for _frame in range(FRAMES):
            grainy = np.clip(luma.astype(np.int16) + noise.normal(0, 12, luma.shape).astype(np.int16), 0, 255)
            video.write(b"FRAME\n" + grainy.astype(np.uint8).tobytes() + chroma.tobytes() + chroma.tobytes())


@dataclass
class Camera:
    page: Page
    video: Path  # what the camera films; written by the test before it presses "Quét mã"


@pytest.fixture
def camera(
    tmp_path: Path, live_server: Any, transactional_db: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Camera]:
    if not CHROMIUM.exists():
        pytest.fail(
            "/usr/bin/chromium not found; with CI=true browser tests must run (install Debian's chromium)."
        )
    # As in conftest's browser fixture: the sync API's event loop would make Django refuse the test's queries.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    video = tmp_path / "camera.y4m"
    flags = [
        "--use-fake-ui-for-media-stream",  # camera permission granted without a prompt
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *flags], headless=True
        )
        context = browser.new_context(
            base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        context.add_init_script(NO_BARCODE_DETECTOR)
        try:
            yield Camera(context.new_page(), video)
        finally:
            context.close()
            browser.close()


def test_a_qr_code_filmed_by_the_camera_is_read_by_jsqr_and_checked_in_once(
    camera: Camera, world: World
) -> None:
    point, an, _binh = desk(world)
    write_y4m(camera.video, qr_frame(services.qr_payload(an)))
    page = camera.page
    sign_in(page, "eve", PASSWORD)
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    assert page.evaluate("'BarcodeDetector' in window") is False
    assert page.evaluate("typeof window.jsQR") == "function"  # the vendored file was served

    counter = page.locator(".checkin-counter")
    started = time.monotonic()
    page.get_by_role("button", name="Quét mã").click()
    expect(page.locator("video.checkin-camera")).to_be_visible()
    expect(counter).to_have_attribute("data-sent", "1")
    took = time.monotonic() - started
    print(f"\ncamera scan: from 'Quét mã' to the check-in recorded in {took:.2f} s")
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Nguyễn Văn An")
    screenshot(page, "checkin-camera-jsqr")
    check_in = CheckIn.objects.get()
    assert (check_in.delegate, check_in.method, check_in.point) == (an, "scan", point)

    # The invitation stays in front of the camera past the 5 s window: read again and again, never resent.
    page.wait_for_timeout(6000)
    expect(counter).to_have_attribute("data-sent", "1")
    expect(counter).to_have_attribute("data-queued", "0")
    expect(page.locator(".checkin-log .msg-error")).to_have_count(0)  # no second scan refused as "already"
    assert CheckIn.objects.count() == 1

    page.get_by_role("button", name="Tắt camera").click()
    expect(page.locator("video.checkin-camera")).to_be_hidden()
    assert page.evaluate("document.querySelector('video.checkin-camera').srcObject.active") is False


def test_without_the_qr_reader_file_the_desk_has_no_scan_button_and_still_checks_in(
    camera: Camera, world: World
) -> None:
    point, an, _binh = desk(world)
    page = camera.page
    page.route("**/vendor/jsqr/jsQR.js", lambda route: route.fulfill(status=404, body="not installed"))
    sign_in(page, "eve", PASSWORD)
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-queued", "0")  # the desk's script ran
    expect(page.get_by_role("button", name="Quét mã")).to_have_count(0)
    page.fill("#c-code", an.code)
    page.locator("form.checkin-code button[type=submit]").click()
    expect(counter).to_have_attribute("data-sent", "1")
    assert CheckIn.objects.get().method == "typed"
