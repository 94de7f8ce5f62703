"""The registry in a real browser: tree → members → search → a member's page; uploading an import file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quantriet.orgs.models import AccessLog, Member
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser

HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Mã chi bộ",
    "Tình trạng",
]


def test_staff_browse_the_tree_to_a_member_list_search_without_accents_and_open_a_member(
    page: Page, world: World
) -> None:
    sign_in(page, "alice", PASSWORD)
    page.goto("/units/")
    page.get_by_role("link", name="Tỉnh ủy Mẫu").click()
    expect(page.locator("h1")).to_contain_text("Tỉnh ủy Mẫu")
    page.get_by_role("link", name="Đảng bộ xã An Hòa").click()
    expect(page.locator("h1")).to_contain_text("Đảng bộ xã An Hòa")
    page.get_by_role("link", name="Danh sách đảng viên").click()
    table = page.locator("main table.grid")
    expect(table).to_contain_text("Nguyễn Văn An")
    expect(table).to_contain_text("Trần Thị Bình")
    expect(table).not_to_contain_text("Lê Hoàng Cường")  # a sibling commune's member
    page.fill("#m-q", "nguyen van")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#m-q")).to_have_value("nguyen van")
    expect(table.locator("tbody tr")).to_have_count(1)
    screenshot(page, "member-search")
    page.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn An")
    screenshot(page, "member-page")
    assert AccessLog.objects.filter(member=world.m_xa1, user=world.alice).exists()


def test_the_member_list_fits_a_phone_screen(page: Page, world: World) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "alice", PASSWORD)
    page.goto(f"/members/?unit={world.province.pk}")
    expect(page.locator("main table.grid")).to_contain_text("Nguyễn Văn An")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the member list is {overflow}px wider than a 390px phone screen"
    screenshot(page, "phone-member-list")


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _upload(page: Page, path: Path) -> None:
    page.goto("/imports/")
    page.select_option("#id_kind", "members")
    page.fill("#id_scope", "XA")
    page.set_input_files("#id_file", str(path))
    page.locator("main form.stack button[type=submit]").click()


def test_uploading_a_member_file_shows_the_result_page(page: Page, world: World, tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "dang-vien.csv",
        [
            [
                "1",
                "Phạm Thị Hoa",
                "05/09/1980",
                "Nữ",
                "03/02/2005",
                "03/02/2006",
                "20000001",
                "XA1",
                "Chính thức",
            ],
            [
                "2",
                "Vũ Văn Khánh",
                "15/01/1990",
                "Nam",
                "01/06/2015",
                "01/06/2016",
                "20000002",
                "XA2",
                "Chính thức",
            ],
        ],
    )
    sign_in(page, "alice", PASSWORD)
    _upload(page, path)
    expect(page.locator("h1")).to_contain_text("dang-vien.csv")
    expect(page.locator("#created")).to_have_text("2")
    screenshot(page, "import-done")
    assert Member.objects.filter(card_number__in=["20000001", "20000002"]).count() == 2


def test_a_file_with_a_bad_row_writes_nothing_and_lists_the_error(
    page: Page, world: World, tmp_path: Path
) -> None:
    path = _write_csv(
        tmp_path / "co-loi.csv",
        [
            [
                "1",
                "Phạm Thị Hoa",
                "05/09/1980",
                "Nữ",
                "03/02/2005",
                "03/02/2006",
                "20000001",
                "XA1",
                "Chính thức",
            ],
            ["2", "Vũ Văn Khánh", "31/02/1990", "Nam", "01/06/2015", "", "20000002", "XA2", "Dự bị"],
        ],
    )
    sign_in(page, "alice", PASSWORD)
    _upload(page, path)
    errors = page.locator("#errors")
    expect(errors).to_contain_text("31/02/1990")
    screenshot(page, "import-errors")
    assert not Member.objects.filter(card_number__in=["20000001", "20000002"]).exists()
