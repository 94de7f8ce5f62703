"""Issue 5 end to end in a real browser: a campaign from its creation to its reports, through forms and links.

Only what the UI does not create is set up through services (the world's units, users and members, a
registry document, eve's office role). Everything else is typed and clicked as the users would.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from quantriet.campaigns.models import (
    BridgePoint,
    Campaign,
    CheckIn,
    Delegate,
    ImplementationPlan,
    PlanStatus,
)
from quantriet.documents import services as document_services
from quantriet.orgs import services as org_services
from quantriet.orgs.models import Role
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD, World
from tests.text.files import make_docx

pytestmark = pytest.mark.browser

TITLE = "Học tập Nghị quyết 35 toàn tỉnh"
MAIN = "Điểm cầu Tỉnh ủy"
BRIDGE = "Điểm cầu xã An Hòa"
AGENDA = "Quán triệt chuyên đề bảo vệ nền tảng tư tưởng"


def day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def save(page: Page) -> None:
    page.locator("main form.stack").get_by_role("button", name="Lưu").click()


def sign_in_as(page: Page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)
    expect(page.locator("#id_username")).to_have_count(0)


def add_point(page: Page, name: str, unit_code: str, *, is_main: bool) -> None:
    page.get_by_role("link", name="Thêm điểm cầu").click()
    page.fill("#id_name", name)
    page.fill("#id_host_unit", unit_code)
    if is_main:
        page.check("#id_is_main")
    page.fill("#id_address", "Hội trường")
    page.fill("#id_capacity", "120")
    save(page)
    expect(page.locator("table.points")).to_contain_text(name)


def test_the_whole_dissemination_workflow_runs_in_the_browser(
    page: Page, world: World, settings: Any
) -> None:
    # The conference is held today at 08:00; the desk opens the whole day before it, so the flow runs
    # whatever the hour (the default two hours would refuse check-ins between midnight and 06:00).
    settings.CHECKIN_OPENS_BEFORE_MINUTES = 24 * 60
    document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True
    )
    org_services.grant_role(None, world.eve, world.xa, Role.OFFICE)
    today = timezone.localdate()

    # --- alice (organisation staff of the province) creates the campaign and its conference ---------------
    sign_in_as(page, "alice")
    page.goto("/campaigns/")
    page.get_by_role("link", name="Tạo đợt học tập, quán triệt").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_organising_unit", "PROV")
    page.fill("#id_scope_unit", "PROV")
    page.fill("#id_documents", "35-NQ/TW")
    page.check("input[name=audience][value=all_members]")
    page.fill("#id_conference_date", day(today))
    page.fill("#id_plan_deadline", day(today + dt.timedelta(days=30)))
    page.fill("#id_report_deadline", day(today + dt.timedelta(days=60)))
    save(page)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("ul.documents")).to_contain_text("35-NQ/TW")
    campaign = Campaign.objects.get()
    assert campaign.organising_unit == world.province and campaign.audience == "all_members"

    page.get_by_role("link", name="Thêm hội nghị").click()
    page.fill("#id_title", "Hội nghị trực tuyến quán triệt")
    page.fill("#id_held_on", day(today))
    page.fill("#id_starts_at", "07:30")
    save(page)
    expect(page.locator("h1")).to_have_text("Hội nghị trực tuyến quán triệt")

    add_point(page, MAIN, "PROV", is_main=True)
    add_point(page, BRIDGE, "XA", is_main=False)
    expect(page.locator("table.points tr", has_text=MAIN)).to_contain_text("điểm cầu chính")
    assert BridgePoint.objects.get(name=BRIDGE).host_unit == world.xa

    # A point added by mistake is deleted; the main point's seats are corrected; the start moves to 08:00.
    add_point(page, "Điểm cầu thừa", "XB", is_main=False)
    page.locator("table.points").get_by_role("link", name="Điểm cầu thừa").click()
    page.get_by_role("link", name="Xóa điểm cầu").click()
    page.get_by_role("button", name="Xóa").click()
    expect(page.locator("table.points")).not_to_contain_text("Điểm cầu thừa")
    page.locator("table.points").get_by_role("link", name=MAIN).click()
    page.get_by_role("link", name="Sửa điểm cầu").click()
    expect(page.locator("#id_host_unit")).to_have_value("PROV")
    page.fill("#id_capacity", "300")
    save(page)
    expect(page.locator("dl.facts")).to_contain_text("300")
    page.get_by_role("link", name="Hội nghị trực tuyến quán triệt").first.click()
    page.get_by_role("link", name="Sửa hội nghị").click()
    page.fill("#id_starts_at", "08:00")
    save(page)
    expect(page.locator("main")).to_contain_text("bắt đầu lúc 08:00")
    assert set(BridgePoint.objects.values_list("name", flat=True)) == {BRIDGE, MAIN}

    page.get_by_role("link", name="Thêm mục chương trình").click()
    page.select_option("#id_document", label="Nghị quyết 35-NQ/TW")
    page.fill("#id_title", AGENDA)
    page.fill("#id_presenter", world.m_xb1.card_number or "")
    page.fill("#id_minutes", "45")
    save(page)
    expect(page.locator("ol.agenda")).to_contain_text(AGENDA)
    expect(page.locator("ol.agenda")).to_contain_text("Lê Hoàng Cường")

    page.get_by_role("link", name="In chương trình").click()
    expect(page.locator("article.programme")).to_contain_text(AGENDA)
    expect(page.locator("article.programme")).to_contain_text(f"{MAIN} (điểm cầu chính)")
    page.go_back()

    # --- invitations at the commune's bridge point: the proposed list, accepted as it is -------------------
    page.locator("table.points").get_by_role("link", name=BRIDGE).click()
    page.get_by_role("link", name="Mời đại biểu").click()
    proposed = page.locator("table.candidates tbody tr")
    expect(proposed).to_have_count(3)  # the members of XA's tree: An, Bình, Dũng
    page.get_by_role("button", name="Mời", exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text("Đã mời 3 đại biểu.")
    expect(page.locator("table.delegates tbody tr")).to_have_count(3)

    page.locator("table.delegates tr", has_text="Nguyễn Văn An").get_by_role("link", name="Giấy mời").click()
    invitation = page.locator("article.invitation")
    expect(invitation).to_contain_text("Nguyễn Văn An")
    expect(invitation.locator(".qr svg")).to_have_count(1)
    an_code = invitation.locator(".code").inner_text().strip()
    an = Delegate.objects.get(member=world.m_xa1)
    assert an_code == an.code_display
    screenshot(page, "flow-invitation")

    # --- eve (office staff of XA) checks in: An by typed code while offline, Bình by name ---------------
    sign_in_as(page, "eve")
    page.goto("/campaigns/")
    page.locator("table.points tr", has_text=BRIDGE).get_by_role("link", name="Điểm danh").click()
    counter = page.locator(".checkin-counter")
    expect(counter).to_have_attribute("data-queued", "0")
    page.context.set_offline(True)
    page.fill("#c-code", an_code)
    page.locator("form.checkin-code button[type=submit]").click()
    expect(counter).to_have_attribute("data-queued", "1")
    assert CheckIn.objects.count() == 0  # still on the device
    page.context.set_offline(False)
    expect(counter).to_have_attribute("data-queued", "0")
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Nguyễn Văn An")
    page.locator("form.checkin-name[data-name='Trần Thị Bình'] button").click()
    expect(counter).to_have_attribute("data-sent", "2")
    expect(page.locator(".checkin-log")).to_contain_text("Đã điểm danh Trần Thị Bình")
    assert set(CheckIn.objects.values_list("delegate__member__full_name", "method")) == {
        ("Nguyễn Văn An", "typed"),
        ("Trần Thị Bình", "name"),
    }

    page.get_by_role("link", name="Bảng theo dõi").first.click()
    expect(page.locator(".board-total")).to_contain_text("Có mặt 2/3")
    expect(page.locator("table.by-unit")).to_contain_text("Chi bộ thôn 1")
    screenshot(page, "flow-point-board")

    # --- charlie (organisation staff of XB) submits XB's plan with a DOCX file ---------------------------
    sign_in_as(page, "charlie")
    page.goto("/campaigns/")
    page.locator("ul.plan-campaigns").get_by_role("link", name=TITLE).click()
    page.locator("table.plans").get_by_role("link", name="Đảng bộ xã Bình Minh").click()
    page.fill("#id_symbol", "05-KH/ĐU")
    page.fill("#id_issued_on", day(today))
    page.fill("#id_actions", f"Tổ chức quán triệt ở các chi bộ | Văn phòng Đảng ủy | {day(today)}")
    plan_file = make_docx(["Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị, Đảng ủy xã."])
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "ke-hoach.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": plan_file,
            }
        ],
    )
    page.get_by_role("button", name="Nộp", exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text("Đã nộp kế hoạch của Đảng bộ xã Bình Minh.")
    expect(page.locator(".plan-state")).to_have_text("Đã nộp đúng hạn")
    expect(page.locator("table.actions")).to_contain_text("Tổ chức quán triệt ở các chi bộ")
    expect(page.get_by_role("link", name="ke-hoach.docx")).to_be_visible()
    expect(page.locator("ul.citations")).to_contain_text("văn bản của đợt")  # read from the DOCX

    # --- alice, the unit above, approves it; the plans board and the reports show it --------------------
    sign_in_as(page, "alice")
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Kế hoạch thực hiện của các đơn vị").click()
    page.locator("table.plans").get_by_role("link", name="Đảng bộ xã Bình Minh").click()
    page.check("input[name=decision][value=approve]")
    page.get_by_role("button", name="Ghi").click()
    expect(page.locator("ul.messages")).to_contain_text("Đã duyệt kế hoạch.")
    assert ImplementationPlan.objects.get(unit=world.xb).status == PlanStatus.APPROVED
    page.get_by_role("link", name="← Kế hoạch thực hiện").click()
    expect(page.locator("table.plans tr", has_text="Đảng bộ xã Bình Minh")).to_contain_text("Đã duyệt")
    expect(page.locator(".plan-counts")).to_contain_text("Đã duyệt: 1")
    expect(page.locator("table.plans tbody tr")).to_have_count(2)  # the two communes, not their cells
    screenshot(page, "flow-plans-board")

    page.goto(f"/campaigns/{campaign.pk}/")
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Số liệu (XLSX)").click()
    assert xlsx_download.value.suggested_filename == f"dot-{campaign.pk}-so-lieu.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    by_point = {row[0]: row[1:3] for row in book["Theo điểm cầu"].iter_rows(min_row=2, values_only=True)}
    assert by_point == {BRIDGE: (3, 2), "Tổng": (3, 2)}  # the main point invited nobody: no line
    plans = {row[0]: row for row in book["Kế hoạch thực hiện"].iter_rows(min_row=2, values_only=True)}
    assert plans["Đảng bộ xã Bình Minh"][1:3] == ("Đã duyệt", "05-KH/ĐU")
    assert plans["Đảng bộ xã Bình Minh"][5] == 1  # one action
    assert plans["Đảng bộ xã An Hòa"][1] == "Chưa nộp"

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Báo cáo (DOCX)").click()
    assert docx_download.value.suggested_filename == f"dot-{campaign.pk}-bao-cao.docx"
    report = docx.Document(io.BytesIO(docx_download.value.path().read_bytes()))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Tổng số đại biểu được mời: 3; có mặt tại hội nghị: 2" in text
    # The communes directly below the province owe a plan, not their cells.
    assert "đã duyệt: 1" in text and "Đã nộp 1/2 đơn vị" in text
    assert "Các đơn vị chưa nộp: Đảng bộ xã An Hòa." in text
