"""A member writes a learning report on a phone (360 px): word count, autosave, a dropped connection, the
draft kept on the device and offered back, submitting, the receipt. Screenshots go to SCREENSHOTS.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, ViewportSize, expect

from quantriet.reports.models import LearningReport, ReportVersion
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD
from tests.reports.conftest import Reports, reports  # noqa: F401 - the fixture
from tests.reports.writing import essay

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}


def fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


def test_a_member_writes_and_submits_on_a_phone_without_losing_the_draft(
    page: Page,
    reports: Reports,  # noqa: F811 - the fixture
) -> None:
    report = LearningReport.objects.get(campaign=reports.campaign, member=reports.world.m_dave)
    page.set_viewport_size(PHONE)
    sign_in(page, "dave", PASSWORD)
    page.goto("/reports/mine/")
    expect(page.locator("h1")).to_have_text("Bài thu hoạch của tôi")
    fits_the_screen(page)
    screenshot(page, "reports-mine-360")
    page.click(f"a[href='/reports/{report.pk}/write/']")

    area = page.locator("#id_text")
    text = essay(50, 150)
    area.fill(text[:300])  # perhaps before the page's script is ready, as on a slow phone connection
    expect(page.locator("#word-count")).to_have_class("under")
    page.locator("h1").click()  # blur: saved at once
    expect(page.locator("#save-state")).to_contain_text("Đã lưu bản nháp lúc")
    report.refresh_from_db()
    assert report.draft == text[:300]
    fits_the_screen(page)
    screenshot(page, "reports-write-360")

    # The connection drops: the server is out of reach, the text stays on the device.
    def drop(route: Route) -> None:
        route.abort()

    page.route("**/draft/", drop)
    area.fill(text)
    page.locator("h1").click()
    expect(page.locator("#save-state")).to_contain_text("Chưa lưu được lên máy chủ")
    expect(page.locator("#word-count")).to_have_class("fits")
    page.unroute("**/draft/", drop)
    report.refresh_from_db()
    assert report.draft == text[:300]

    # Back later: the device's newer copy is offered, restored and saved.
    page.goto(f"/reports/{report.pk}/write/")
    expect(page.locator("#restore-offer")).to_be_visible()
    screenshot(page, "reports-write-restore-360")
    page.click("#restore-yes")
    expect(area).to_have_value(text)
    expect(page.locator("#save-state")).to_contain_text("Đã lưu bản nháp lúc")
    report.refresh_from_db()
    assert report.draft == text

    page.click("#write-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Giấy biên nhận bài thu hoạch")
    version = ReportVersion.objects.get(report=report)
    expect(page.locator(".receipt-code").first).to_have_text(version.receipt)
    fits_the_screen(page)
    screenshot(page, "reports-receipt-360")
    key = f"quantriet.report-draft.{reports.world.dave.pk}.{report.pk}"
    assert page.evaluate(f"localStorage.getItem('{key}')") is None  # forgotten once handed in
    page.goto(f"/reports/{report.pk}/write/")
    expect(page.locator("#restore-offer")).to_be_hidden()

    # A file instead: its text is shown on the phone for checking, then handed in as version 2.
    page.goto(f"/reports/{report.pk}/upload/")
    fits_the_screen(page)
    page.set_input_files(
        "#id_file", files=[{"name": "bai.txt", "mimeType": "text/plain", "buffer": essay(51).encode()}]
    )
    page.click("form.upload-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Xác nhận nội dung bài thu hoạch")
    fits_the_screen(page)
    screenshot(page, "reports-confirm-360")
    page.click("form.confirm-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Giấy biên nhận bài thu hoạch")
    assert ReportVersion.objects.filter(report=report).count() == 2
