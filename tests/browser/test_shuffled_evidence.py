"""The evidence of a copy whose sentences were shuffled, in Chromium at a phone's and a desk's width: the
reviewer reads which sentence matches which, side by side, and the page fits the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD
from tests.reports.conftest import Reports, _own_copy_index, reports  # noqa: F401 - the fixtures
from tests.reports.shuffled_finding import shuffled_finding

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_reviewer_reads_a_shuffled_copy_sentence_by_sentence(
    page: Page,
    reports: Reports,  # noqa: F811 - the fixture
    width: int,
) -> None:
    finding = shuffled_finding(reports)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "alice", PASSWORD)
    page.goto(f"/reports/findings/{finding.pk}/")
    expect(page.locator("tr.reordered")).to_contain_text("Đoạn 1 đã bị đảo thứ tự câu")
    rows = page.locator("tr.sentence")
    expect(rows).to_have_count(7)
    expect(rows.first.locator("td").first).to_have_text("1.1")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than the {width}px screen"
    rows.first.scroll_into_view_if_needed()
    screenshot(page, f"evidence-shuffled-{width}")
