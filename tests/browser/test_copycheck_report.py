"""The copy-check HTML report in a real browser: opened from a file, sorted, passages linked across sides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.copycheck.clitools import copycheck, prose, write

pytestmark = pytest.mark.browser


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    first, second = prose(900, 70), prose(901, 50)
    # "a" copies two passages of "b", in the opposite order, so the counterparts sit far apart.
    write(tmp_path / "c" / "a.txt", prose(1, 200) + " " + second + " " + prose(2, 200) + " " + first)
    write(tmp_path / "c" / "b.txt", first + " " + prose(3, 400) + " " + second + " " + prose(4, 100))
    write(tmp_path / "c" / "z.txt", prose(5, 100) + " " + first[:300] + " " + prose(6, 100))
    write(tmp_path / "c" / "<script>alert(1)</script>.txt", prose(7, 120) + " <script>alert(2)</script>")
    run = copycheck("c", "--format", "html", "--out", "bao-cao.html")
    assert run.status == 0, run.err
    return tmp_path / "bao-cao.html"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # A file opened from disk, as a reviewer would: no server, no network.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, offline=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    yield page
    context.close()
    assert errors == []  # no script error, and no injected alert ever ran


def test_the_pair_list_sorts_and_a_passage_brings_its_counterpart_level(page: Page, report: Path) -> None:
    page.goto(report.as_uri())
    rows = page.locator("#pair-table tbody tr")
    expect(rows).to_have_count(3)  # a–b, and z with each of them
    first_a = rows.nth(0).locator("td").nth(2).inner_text()

    page.click("#pair-table th[data-key=a] button")
    expect(page.locator("#pair-table th[data-key=a]")).to_have_attribute("aria-sort", "ascending")
    names = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(3)]
    assert names == sorted(names)
    similarity = page.locator("#pair-table th[data-key=sim]")
    page.click("#pair-table th[data-key=sim] button")
    expect(similarity).to_have_attribute("aria-sort", "descending")  # numbers: largest first
    assert rows.nth(0).locator("td").nth(2).inner_text() == first_a
    page.click("#pair-table th[data-key=sim] button")
    expect(similarity).to_have_attribute("aria-sort", "ascending")
    shown = [float(rows.nth(i).get_attribute("data-sim") or "") for i in range(3)]
    assert shown == sorted(shown)

    two = page.locator("#pair-table tr[data-n='2']")  # the a–b pair: two passages
    two.locator("a").click()
    expect(page.locator("#viewer h3")).to_have_text(f"Cặp {two.get_attribute('data-k')}")
    expect(two).to_have_class("current")
    expect(page.locator("#viewer mark.psg[data-side=a]")).to_have_count(2)
    expect(page.locator("#viewer mark.psg[data-side=b]")).to_have_count(2)

    page.click("#a-2")
    counterpart = page.locator("#b-2")
    expect(counterpart).to_have_class("psg active")
    expect(page.locator("#a-2")).to_have_class("psg active")
    expect(page.locator("#b-1")).to_have_class("psg")
    # Aligned: the counterpart is scrolled into its column at the height of the passage clicked.
    top_a = page.locator("#a-2").evaluate("m => m.getBoundingClientRect().top")
    top_b = counterpart.evaluate("m => m.getBoundingClientRect().top")
    box_b = counterpart.evaluate("m => m.parentNode.getBoundingClientRect()")
    assert box_b["top"] <= top_b <= box_b["bottom"]
    assert abs(top_a - top_b) < 40
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "copycheck-report.png"), full_page=True)


def test_the_list_is_readable_without_javascript(browser: Browser, report: Path) -> None:
    context = browser.new_context(java_script_enabled=False, offline=True)
    page = context.new_page()
    page.goto(report.as_uri())
    expect(page.locator("#pair-table tbody tr")).to_have_count(3)
    expect(page.locator("#viewer")).to_contain_text("cần JavaScript")
    expect(page.locator("#skipped")).to_contain_text("Không có tệp nào bị bỏ qua")
    context.close()
