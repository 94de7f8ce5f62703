"""Issue 11 in a real browser: the organisers choose who owes a plan, the province's board groups the units
by the next level, a row drills down, every unit is named with its path, at 1280 and 360 px.

The world's units, users, the campaign and two plans are set up through services; the choice, the board
and the drill-down are clicked as the province's organisation staff would.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from quantriet.campaigns import services
from quantriet.campaigns.models import Campaign, PlanObligation
from quantriet.documents import services as document_services
from quantriet.orgs import services as org_services
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser

SCHOOL = "Chi bộ Trường THCS"
BLOC = "Đảng ủy Khối Cơ quan tỉnh"


def test_the_province_follows_plans_by_the_next_level_and_drills_down(page: Page, world: World) -> None:
    document = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True
    )
    bloc = org_services.create_unit(None, name=BLOC, code="KHOI", level="intermediate", parent=world.province)
    company = org_services.create_unit(
        None, name="Đảng bộ Công ty Sông Lam", code="CTY", level="grassroots", parent=bloc
    )
    hospital = org_services.create_unit(
        None, name="Đảng bộ Bệnh viện tỉnh", code="BV", level="grassroots", parent=bloc
    )
    for n, parent in enumerate((world.xa, world.xb, company, hospital)):
        org_services.create_unit(None, name=SCHOOL, code=f"THCS{n}", level="cell", parent=parent)
    held = dt.date(2025, 9, 10)
    campaign = services.create_campaign(
        None,
        title="Học tập Nghị quyết 35 toàn tỉnh",
        organising_unit=world.province,
        scope_unit=world.province,
        audience="all_members",
        documents=[document],
        conference_date=held,
        plan_deadline=dt.date(2025, 10, 10),
        report_deadline=dt.date(2025, 12, 31),
    )
    plan = services.submit_plan(
        None,
        campaign,
        hospital,
        symbol="05-KH/ĐU",
        issued_on=dt.date(2025, 9, 15),
        actions_text="Quán triệt tới các chi bộ | Văn phòng | 30/09/2025",
        file_data=b"Ke hoach thuc hien Nghi quyet 35-NQ/TW.",
        file_name="ke-hoach.txt",
    )
    services.review_plan(None, plan, approve=True, comment="")

    # --- alice (organisation staff of the province): the communes owe a plan by default ------------------
    page.context.clear_cookies()
    sign_in(page, "alice", PASSWORD)
    page.goto(f"/campaigns/{campaign.pk}/plans/")
    expect(page.locator("table.plans tbody tr")).to_have_count(3)
    expect(page.locator("main")).not_to_contain_text(SCHOOL)

    # She asks the grassroots organisations for a plan instead, on the campaign's form.
    page.goto(f"/campaigns/{campaign.pk}/edit/")
    page.check("input[name=plans_owed_by][value=grassroots]")
    page.locator("main form.stack").get_by_role("button", name="Lưu").click()
    expect(page.locator("ul.messages")).to_contain_text("Đã lưu đợt")
    assert Campaign.objects.get(pk=campaign.pk).plans_owed_by == PlanObligation.GRASSROOTS

    page.get_by_role("link", name="Kế hoạch thực hiện của các đơn vị").click()
    # The communes stand alone; the bloc holds two organisations: one row with its counts.
    expect(page.locator("table.plans")).to_contain_text("Đảng bộ xã An Hòa")
    group = page.locator("table.plan-groups tbody tr", has_text=BLOC)
    expect(group.locator("td")).to_have_text([BLOC, "2", "1", "1", "0", "0", "1"])
    screenshot(page, "province-board-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    expect(group).to_be_visible()
    screenshot(page, "province-board-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    group.get_by_role("link", name=BLOC).click()
    expect(page.locator(".plan-trail")).to_contain_text(f"Tỉnh ủy Mẫu › {BLOC}")
    rows = page.locator("table.plans tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"{BLOC} › Đảng bộ Bệnh viện tỉnh")
    expect(rows.nth(0)).to_contain_text("Đã duyệt")
    expect(rows.nth(1)).to_contain_text("Chưa nộp")
    expect(page.locator(".plan-counts")).to_contain_text("Chưa nộp: 1")
    screenshot(page, "province-board-drilled")

    # The plan's page names the unit with its path and leads back to the same subtree.
    rows.nth(0).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(f"Kế hoạch thực hiện: {BLOC} › Đảng bộ Bệnh viện tỉnh")
    page.get_by_role("link", name="← Kế hoạch thực hiện").click()
    expect(page.locator(".plan-trail")).to_contain_text(BLOC)
    page.locator(".plan-trail").get_by_role("link", name="Tỉnh ủy Mẫu").click()
    expect(page.locator("table.plan-groups")).to_contain_text(BLOC)
