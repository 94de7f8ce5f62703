"""The check-in desk in a real browser with the connection cut: queued on the device, synchronised once."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from quantriet.campaigns import services
from quantriet.campaigns.models import BridgePoint, CheckIn, Delegate
from quantriet.documents import services as document_services
from quantriet.orgs import services as org_services
from quantriet.orgs.models import Role
from tests.browser.conftest import screenshot, sign_in
from tests.campaigns.conftest import campaign_values, make_point
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser


def desk(world: World) -> tuple[BridgePoint, Delegate, Delegate]:
    """A point of commune XA where eve (office staff of XA) checks in; An and Bình are invited there."""
    document = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True
    )
    # Held today from midnight: a desk takes check-ins only in its conference's window, and the browser
    # stamps each one with the real time, so the window must hold the moment the test runs.
    today = timezone.localdate()
    dates = {
        "conference_date": today,
        "plan_deadline": today + dt.timedelta(days=30),
        "report_deadline": today + dt.timedelta(days=60),
    }
    campaign = services.create_campaign(None, **campaign_values(world, document, **dates))
    conference = services.create_conference(
        None, campaign, title="Hội nghị trực tuyến", held_on=today, starts_at=dt.time(0, 0)
    )
    org_services.grant_role(None, world.eve, world.xa, Role.OFFICE)
    make_point(conference, world.province, "Điểm cầu Tỉnh ủy", is_main=True)
    point = make_point(conference, world.xa, "Điểm cầu xã An Hòa")
    an, binh = services.invite_members(None, point, [world.m_xa1, world.m_xa2]).created
    return point, an, binh


def queue(page: Page, point: BridgePoint) -> list[dict[str, Any]]:
    raw = page.evaluate(f"localStorage.getItem('quantriet.checkin.queue.{point.pk}')")
    return list(json.loads(raw or "[]"))


def check_in_code_until_routed(page: Page, code: str, routed: list[Any]) -> None:
    """Checks ``code`` in by its form, then waits until the test's route handler has taken the request
    (handlers run only while the sync API waits)."""
    page.fill("#c-code", code)
    page.locator("form.checkin-code button[type=submit]").click()
    for _wait in range(100):
        if routed:
            return
        page.wait_for_timeout(50)


def test_check_ins_made_offline_are_queued_then_synchronised_once(page: Page, world: World) -> None:
    point, an, binh = desk(world)
    sign_in(page, "eve", PASSWORD)
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-queued", "0")

    page.context.set_offline(True)
    page.fill("#c-code", an.code_display.lower())
    page.locator("form.checkin-code button[type=submit]").click()
    page.locator("form.checkin-name", has=page.locator(f"input[value='{binh.pk}']")).locator("button").click()
    expect(counter).to_have_attribute("data-queued", "2")
    expect(counter).to_contain_text("Đang chờ gửi: 2")
    expect(counter).to_contain_text("mất kết nối")
    screenshot(page, "checkin-offline-queued")
    # "Send now" is offered only while something waits.
    expect(page.get_by_role("button", name="Gửi lại ngay")).to_be_visible()
    offline_copy = queue(page, point)
    assert [i["method"] for i in offline_copy] == ["typed", "name"]
    assert CheckIn.objects.count() == 0  # nothing reached the server

    page.context.set_offline(False)  # the browser fires "online": the queue is sent
    expect(counter).to_have_attribute("data-queued", "0")
    expect(counter).to_have_attribute("data-sent", "2")
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Nguyễn Văn An")
    screenshot(page, "checkin-offline-synchronised")
    assert set(CheckIn.objects.values_list("delegate_id", "method")) == {(an.pk, "typed"), (binh.pk, "name")}
    assert {str(c) for c in CheckIn.objects.values_list("client_id", flat=True)} == {
        i["client_id"] for i in offline_copy
    }

    # The same queued items sent a second time (a copy of the queue, a second tab): answered as replays.
    page.evaluate(
        f"localStorage.setItem('quantriet.checkin.queue.{point.pk}', {json.dumps(json.dumps(offline_copy))})"
    )
    page.reload()  # the desk sends what is queued as soon as it opens
    expect(counter).to_have_attribute("data-queued", "0")
    expect(counter).to_have_attribute("data-sent", "4")
    expect(page.get_by_role("button", name="Gửi lại ngay")).to_be_hidden()
    assert CheckIn.objects.count() == 2
    assert (
        CheckIn.objects.filter(delegate=an).count() == 1
        and CheckIn.objects.filter(delegate=binh).count() == 1
    )


def test_a_guest_recorded_offline_survives_closing_the_tab_and_is_counted_once(
    page: Page, world: World
) -> None:
    point, an, _binh = desk(world)
    sign_in(page, "eve", PASSWORD)
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-queued", "0")

    page.context.set_offline(True)
    page.fill("#c-code", an.code)
    page.locator("form.checkin-code button[type=submit]").click()
    page.fill("form.checkin-guest input[name=name]", "  Phạm   Thị Hoa ")
    page.fill("form.checkin-guest input[name=note]", "Hội Phụ nữ xã")
    guest_button = page.locator("form.checkin-guest button[type=submit]")
    guest_button.click()
    guest_button.click()  # pressed twice: the form was cleared, so the second press records nobody
    expect(counter).to_have_attribute("data-queued", "2")
    expect(page.locator(".checkin-log .msg-error")).to_contain_text("Hãy ghi họ và tên khách.")
    expect(page.locator("form.checkin-guest input[name=name]")).to_have_value("")
    expect(page.locator("form.checkin-guest input[name=note]")).to_have_value("")
    offline_copy = queue(page, point)
    assert [i["method"] for i in offline_copy] == ["typed", "guest"]
    assert (offline_copy[1]["guest_name"], offline_copy[1]["guest_note"]) == ("Phạm Thị Hoa", "Hội Phụ nữ xã")
    assert CheckIn.objects.count() == 0  # nothing reached the server

    # The tab is closed while offline; the queue waits in localStorage and goes out when the desk reopens.
    context = page.context
    page.close()
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-queued", "0")
    expect(counter).to_have_attribute("data-sent", "2")
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Phạm Thị Hoa")
    assert queue(page, point) == []
    guest = CheckIn.objects.get(delegate__isnull=True)
    assert (guest.guest_name, guest.guest_note, guest.method) == ("Phạm Thị Hoa", "Hội Phụ nữ xã", "guest")
    assert str(guest.client_id) == offline_copy[1]["client_id"]
    assert CheckIn.objects.get(delegate=an).method == "typed"

    # The same queue flushed again: replays, not new guests.
    page.evaluate(
        f"localStorage.setItem('quantriet.checkin.queue.{point.pk}', {json.dumps(json.dumps(offline_copy))})"
    )
    page.reload()
    expect(counter).to_have_attribute("data-queued", "0")
    expect(counter).to_have_attribute("data-sent", "4")
    assert CheckIn.objects.count() == 2
    assert CheckIn.objects.filter(guest_name="Phạm Thị Hoa").count() == 1


def test_an_answer_lost_on_the_way_back_is_retried_and_counted_once(page: Page, world: World) -> None:
    point, an, _binh = desk(world)
    sign_in(page, "eve", PASSWORD)
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    dropped: list[int] = []

    def lose_first_answer(route: Route) -> None:
        if not dropped:
            response = route.fetch()  # the server records it ...
            dropped.append(response.status)
            route.abort("connectionreset")  # ... and the desk never hears back
        else:
            route.continue_()

    page.route("**/check-in.json", lose_first_answer)
    check_in_code_until_routed(page, an.code, dropped)
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-queued", "1")  # no answer: still queued
    assert dropped == [201] and CheckIn.objects.count() == 1
    page.get_by_role("button", name="Gửi lại ngay").click()
    expect(counter).to_have_attribute("data-queued", "0")
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Nguyễn Văn An")
    assert CheckIn.objects.filter(delegate=an).count() == 1


def test_a_request_left_hanging_offline_is_sent_again_as_soon_as_the_browser_is_online(
    page: Page, world: World
) -> None:
    """A check-in sent while the browser says it is offline may hang (a half-open connection) until its
    15 s timeout; the "online" event ends it and sends the check-in again at once."""
    point, an, _binh = desk(world)
    sign_in(page, "eve", PASSWORD)
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-queued", "0")
    held: list[Route] = []

    def hang_the_first(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)  # never answered: it hangs

    page.route("**/check-in.json", hang_the_first)
    page.evaluate(
        "window.__online = false;"
        "Object.defineProperty(navigator, 'onLine', {configurable: true, get: () => window.__online})"
    )
    check_in_code_until_routed(page, an.code, held)
    expect(counter).to_have_attribute("data-queued", "1")
    assert len(held) == 1 and CheckIn.objects.count() == 0

    page.evaluate("window.__online = true; window.dispatchEvent(new Event('online'))")
    # Well before the hanging request's own 15 s timeout (and the 10 s retry timer).
    expect(counter).to_have_attribute("data-queued", "0", timeout=5_000)
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Nguyễn Văn An")
    assert CheckIn.objects.filter(delegate=an).count() == 1


def test_the_desk_still_works_without_javascript(browser: Any, live_server: Any, world: World) -> None:
    point, an, _binh = desk(world)
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "eve", PASSWORD)
        page.goto(f"/campaigns/points/{point.pk}/check-in/")
        expect(page.locator(".checkin-counter")).to_have_count(0)
        page.fill("#c-code", an.code)
        page.locator("form.checkin-code button[type=submit]").click()
        expect(page.locator("ul.messages")).to_contain_text("Đã điểm danh Nguyễn Văn An")
        page.fill("form.checkin-guest input[name=name]", "Phạm Thị Hoa")
        page.locator("form.checkin-guest button[type=submit]").click()
        expect(page.locator("ul.messages")).to_contain_text("Đã điểm danh Phạm Thị Hoa")
    finally:
        context.close()
    assert CheckIn.objects.filter(delegate=an).count() == 1
    assert CheckIn.objects.filter(guest_name="Phạm Thị Hoa", method="guest").count() == 1


# A stand-in camera and QR reader: headless Chromium has neither, so the page gets a canvas stream and a
# BarcodeDetector that "sees" whatever the test puts in window.__qr.
FAKE_CAMERA = """
window.BarcodeDetector = class {
  detect() { return Promise.resolve(window.__qr ? [{ rawValue: window.__qr }] : []); }
};
navigator.mediaDevices.getUserMedia = () => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext("2d");
  setInterval(() => {
    ctx.fillStyle = "#" + Math.random().toString(16).slice(2, 8);
    ctx.fillRect(0, 0, 64, 64);
  }, 50);
  return Promise.resolve(canvas.captureStream(10));
};
"""


def test_a_scanned_qr_code_is_checked_in_once_while_it_stays_in_view(page: Page, world: World) -> None:
    point, an, _binh = desk(world)
    page.add_init_script(FAKE_CAMERA)
    sign_in(page, "eve", PASSWORD)
    page.goto(f"/campaigns/points/{point.pk}/check-in/")
    page.get_by_role("button", name="Quét mã").click()
    expect(page.locator("video.checkin-camera")).to_be_visible()
    page.evaluate(f"window.__qr = {json.dumps(services.qr_payload(an))}")
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-sent", "1")
    page.wait_for_timeout(1000)  # the invitation stays in front of the camera: read again, not resent
    expect(counter).to_have_attribute("data-sent", "1")
    expect(page.locator(".checkin-log .msg-error")).to_have_count(0)  # no second scan refused as "already"
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Nguyễn Văn An")
    page.get_by_role("button", name="Tắt camera").click()
    expect(page.locator("video.checkin-camera")).to_be_hidden()
    check_in = CheckIn.objects.get()
    assert check_in.delegate == an and check_in.method == "scan"
