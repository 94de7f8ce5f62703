"""The document registry in a real browser: search, open a document, follow a citation, see who cites it."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from quantriet.documents import services
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser


def test_a_reader_searches_the_registry_and_follows_a_citation_to_the_cited_document(
    page: Page, world: World
) -> None:
    services.create_document(
        None,
        doc_type="Nghị quyết",
        symbol="35-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        subject="Bảo vệ nền tảng tư tưởng của Đảng",
        is_public=True,
    )
    services.create_document(
        None,
        doc_type="Kế hoạch",
        symbol="15-KH/TU",
        issued_on=dt.date(2019, 1, 14),
        issuing_unit=world.province,
        subject="Thực hiện Nghị quyết 35 trên địa bàn tỉnh",
        body="Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị, Tỉnh ủy ban hành kế hoạch.",
    )
    sign_in(page, "bob", PASSWORD)
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.fill("#d-q", "ke hoach 15 kh tu")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#d-q")).to_have_value("ke hoach 15 kh tu")
    results = page.locator("main table.grid tbody tr")
    expect(results.first).to_contain_text("Kế hoạch 15-KH/TU")
    screenshot(page, "documents-search")
    page.get_by_role("link", name="Kế hoạch 15-KH/TU").click()
    expect(page.locator("h1")).to_contain_text("Kế hoạch 15-KH/TU")
    page.locator(".doc-text a.citation").click()
    expect(page.locator("h1")).to_contain_text("Nghị quyết 35-NQ/TW")
    cited_by = page.locator("section[aria-labelledby=h-cited-by]")
    expect(cited_by).to_contain_text("Được trích dẫn bởi")
    expect(cited_by.locator("a")).to_have_text("Kế hoạch 15-KH/TU")
    screenshot(page, "documents-cited-by")


def test_the_registry_list_fits_a_phone_screen(page: Page, world: World) -> None:
    services.create_document(None, doc_type="Chỉ thị", symbol="05-CT/TW", is_public=True)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "eve", PASSWORD)
    page.goto("/documents/?q=05")
    expect(page.locator("main table.grid")).to_contain_text("Chỉ thị 05-CT/TW")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
