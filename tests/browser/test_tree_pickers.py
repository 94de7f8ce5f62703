"""Pickers and the units tree in a real browser: keyboard, phone width, lazy opening, search to a node."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from quantriet.orgs.models import Member
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser


def _no_overflow(page: Page, what: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what} is {overflow}px wider than the screen"


def test_a_unit_is_chosen_by_name_with_the_keyboard_on_a_phone(page: Page, world: World) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "alice", PASSWORD)
    page.goto(f"/members/{world.m_xa1.pk}/transfer/")
    box = page.locator("#id_unit")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("thôn 3", delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox).to_contain_text("Đảng bộ xã Bình Minh › Chi bộ thôn 3")
    _no_overflow(page, "the transfer form with its suggestions")
    screenshot(page, "picker-unit-phone")
    box.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    chosen = listbox.get_by_role("option").first.get_attribute("id") or ""
    expect(box).to_have_attribute("aria-activedescendant", chosen)
    box.press("Enter")  # chooses; does not send the form
    expect(box).to_have_value("XB1")
    expect(box).to_have_attribute("aria-expanded", "false")
    hint = page.locator(".picker-hint").first
    expect(hint).to_contain_text("Chi bộ thôn 3 — Đảng bộ xã Bình Minh › Chi bộ thôn 3")
    assert "/transfer/" in page.url
    # Escape closes a list opened again, leaving what was typed.
    box.fill("")
    box.press_sequentially("chi bo", delay=30)
    expect(listbox.get_by_role("option")).to_have_count(3)
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("chi bo")
    box.fill("XB1")
    page.fill("#id_date", "01/07/2025")
    page.locator("main form.stack button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn An")
    assert Member.objects.get(pk=world.m_xa1.pk).unit_id == world.xb1.pk


def test_a_member_is_chosen_by_name_and_the_card_number_goes_in_the_box(page: Page, world: World) -> None:
    sign_in(page, "alice", PASSWORD)
    page.goto(f"/units/{world.xa.pk}/accounts/new/")
    box = page.locator("#id_card_number")
    box.press_sequentially("tran thi", delay=30)
    option = page.get_by_role("listbox").get_by_role("option").first
    expect(option).to_contain_text("Trần Thị Bình")
    expect(option).to_contain_text("Số thẻ 10000002")
    option.click()
    expect(box).to_have_value("10000002")
    screenshot(page, "picker-member")


def test_the_tree_opens_node_by_node_and_a_search_opens_it_to_the_match(page: Page, world: World) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "alice", PASSWORD)
    page.goto("/units/")
    tree = page.locator("[data-tree]")
    expect(tree).to_contain_text("2 đơn vị · 4 đảng viên")
    expect(tree).not_to_contain_text("Đảng bộ xã An Hòa")
    province = page.get_by_role("button", name="Đơn vị trực thuộc Tỉnh ủy Mẫu")
    province.click()
    expect(province).to_have_attribute("aria-expanded", "true")
    expect(tree).to_contain_text("Đảng bộ xã An Hòa")
    assert page.url.endswith("/units/")  # opened in place, no new page
    commune = page.get_by_role("button", name="Đơn vị trực thuộc Đảng bộ xã An Hòa")
    commune.focus()
    page.keyboard.press(" ")  # a toggle is a button: Space opens it
    expect(page.locator(f"#unit-{world.xa2.pk}")).to_contain_text("0 đơn vị · 2 đảng viên")
    _no_overflow(page, "the opened tree")
    screenshot(page, "tree-phone")
    province.click()
    expect(page.locator(f"#unit-{world.xa.pk}")).to_be_hidden()
    province.click()  # opened again from what was fetched
    expect(page.locator(f"#unit-{world.xa2.pk}")).to_be_visible()

    search = page.locator("#unit-q")
    search.press_sequentially("thon 3", delay=30)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text(
        "Đảng bộ xã Bình Minh › Chi bộ thôn 3"
    )
    search.press("ArrowDown")
    search.press("Enter")
    page.wait_for_url(f"**/units/?open={world.xb1.pk}*")
    expect(page.locator(f"#unit-{world.xb1.pk}")).to_have_class("tree-node current")
    expect(page.locator(f"#unit-{world.xb1.pk}")).to_be_visible()


def test_without_javascript_the_tree_opens_through_links(
    browser: Browser, live_server: Any, transactional_db: Any, world: World
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, "alice", PASSWORD)
    page.goto("/units/")
    page.locator(f"#unit-{world.province.pk} .tree-toggle").click()
    expect(page.locator("[data-tree]")).to_contain_text("Đảng bộ xã Bình Minh")
    assert f"open={world.province.pk}" in page.url
    page.locator("#unit-q").fill("thon 1")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("main table.grid")).to_contain_text("Đảng bộ xã An Hòa › Chi bộ thôn 1")
    page.get_by_role("link", name="Mở trong cây").click()
    expect(page.locator(f"#unit-{world.xa1.pk}")).to_have_class("tree-node current")
    context.close()
