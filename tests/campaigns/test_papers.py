"""A conference's papers through HTTP: the invitation sheet (printed page and DOCX) and the programme with
its times, in Vietnamese and with the party heading whatever the interface's language."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.table import WD_ROW_HEIGHT_RULE

from quantriet.campaigns import services
from quantriet.orgs.models import Position, PositionKind, Unit
from quantriet.orgs.papers import paper_issuer
from tests.campaigns.conftest import Setup
from tests.conftest import make_member


def programme(setup: Setup) -> None:
    for order, (title, minutes) in enumerate(
        [("Khai mạc", 15), ("Quán triệt Nghị quyết", 90), ("Bế mạc", None)], 1
    ):
        services.add_agenda_item(None, setup.conference, order=order, title=title, minutes=minutes)


def test_the_printed_invitations_carry_the_party_heading_number_and_signature_in_vietnamese(
    setup: Setup,
) -> None:
    world = setup.world
    setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    Unit.objects.filter(pk=world.province.pk).update(locality="Mẫu Sơn")
    client = world.client_for(world.alice)
    page = client.get(
        f"/campaigns/points/{setup.point_xa.pk}/invitations/?number=5", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    sheet = html.split('<div class="sheet" lang="vi">')[1]
    assert sheet.count('<article class="invitation">') == 2
    assert sheet.count("ĐẢNG CỘNG SẢN VIỆT NAM") == 2 and sheet.count("Số 5-GM/TU") == 2
    assert sheet.count("ĐẢNG BỘ TỈNH MẪU") == 2 and "Mẫu Sơn, ngày" in sheet
    assert sheet.count("T/M BAN THƯỜNG VỤ") == 2
    assert "Về dự Hội nghị trực tuyến quán triệt." in sheet and "hội nghị Hội nghị" not in sheet
    assert "Thời gian: 07 giờ 30 phút, ngày 10/9/2025." in sheet
    assert f"/campaigns/points/{setup.point_xa.pk}/invitations.docx" in html  # the DOCX is offered


def test_the_invitation_sheet_docx_holds_one_fixed_height_row_per_invitation(setup: Setup) -> None:
    world = setup.world
    setup.invite(setup.point_xa, world.m_xa1, world.m_xa2, world.m_dave)
    response = world.client_for(world.alice).get(f"/campaigns/points/{setup.point_xa.pk}/invitations.docx")
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    paper = docx.Document(io.BytesIO(response.content))
    section = paper.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # type: ignore[union-attr]
    (sheet,) = paper.tables
    assert len(sheet.rows) == 3
    for row in sheet.rows:
        assert row.height_rule == WD_ROW_HEIGHT_RULE.EXACTLY and round(row.height.mm) == 84
        heading = row.cells[0].tables[0].rows[0].cells
        assert heading[0].text.splitlines() == ["ĐẢNG BỘ TỈNH MẪU", "TỈNH ỦY", "*", "Số    -GM/TU"]
        assert heading[1].text.startswith("ĐẢNG CỘNG SẢN VIỆT NAM")
        assert "GIẤY MỜI" in row.cells[0].text


def test_the_point_staff_print_invitations_and_others_get_no_sheet(setup: Setup) -> None:
    world = setup.world
    setup.invite(setup.point_xa, world.m_xa1)
    url = f"/campaigns/points/{setup.point_xa.pk}/invitations.docx"
    assert world.client_for(world.eve).get(url).status_code == 200  # office staff of the host unit
    assert world.client_for(world.charlie).get(url).status_code in (403, 404)


def test_the_programme_gives_each_item_its_time_from_the_start_and_minutes(setup: Setup) -> None:
    programme(setup)
    client = setup.world.client_for(setup.world.alice)
    html = client.get(f"/campaigns/conferences/{setup.conference.pk}/programme/").content.decode()
    times = [cell.split("</td>")[0] for cell in html.split('<td class="time">')[1:]]
    assert times == ["07:30 – 07:45", "07:45 – 09:15", "09:15"]  # the last item has no duration
    heading = html.split('<header class="paper-heading">')[1].split("</header>")[0]
    assert "ĐẢNG BỘ TỈNH MẪU" in heading and "ĐẢNG CỘNG SẢN VIỆT NAM" in heading and "-CTr/TU" in heading
    response = client.get(
        f"/campaigns/conferences/{setup.conference.pk}/programme.docx", HTTP_ACCEPT_LANGUAGE="en"
    )
    paper = docx.Document(io.BytesIO(response.content))
    rows = [[c.text for c in row.cells] for row in paper.tables[1].rows]
    assert rows[0] == ["Thời gian", "Nội dung", "Người thực hiện"]
    assert [r[0] for r in rows[1:]] == ["07:30 – 07:45", "07:45 – 09:15", "09:15"]
    assert "CHƯƠNG TRÌNH" in "\n".join(p.text for p in paper.paragraphs)


def test_a_cell_writes_its_communes_locality_under_its_communes_name_and_is_signed_by_its_secretary(
    setup: Setup,
) -> None:
    world = setup.world
    Unit.objects.filter(pk=world.xa.pk).update(locality="An Hòa")
    secretary = make_member(world.xa1, "Lý Văn Thư", "10000077")
    Position.objects.create(
        member=secretary, unit=world.xa1, kind=PositionKind.SECRETARY, start=dt.date(2020, 1, 1)
    )
    cell = Unit.objects.select_related("parent").get(pk=world.xa1.pk)
    issuer = paper_issuer(cell, on=dt.date(2026, 2, 3))
    assert issuer.heading_lines("BC", "4") == [
        ("ĐẢNG BỘ XÃ AN HÒA", False, False),
        ("CHI BỘ THÔN 1", True, False),
        ("*", False, False),
        ("Số 4-BC/CB", False, False),
    ]
    assert issuer.date_line(dt.date(2026, 2, 3)) == "An Hòa, ngày 03 tháng 02 năm 2026"
    assert (issuer.signer.capacity, issuer.signer.title, issuer.signer.name) == (
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Lý Văn Thư",
    )
    assert issuer.recipients == ("- Đảng ủy xã An Hòa (để báo cáo),", "- Lưu hồ sơ chi bộ.")


def test_the_locality_is_set_on_the_unit_form_and_blank_falls_back_to_the_name(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    xa = Unit.objects.get(pk=world.xa.pk)
    day = dt.date(2026, 3, 9)
    assert paper_issuer(xa, on=day).date_line(day) == "An Hòa, ngày 09 tháng 3 năm 2026"  # from its name
    response = client.post(f"/units/{xa.pk}/edit/", {"code": "XA", "valid_from": "", "locality": " Bến  Đò "})
    assert response.status_code == 302
    xa.refresh_from_db()
    assert xa.locality == "Bến Đò"
    assert paper_issuer(xa, on=dt.date(2026, 3, 9)).place == "Bến Đò"
