"""The home page is each person's to-do list: what they have to do next, nothing they cannot act on.

The shared world of tests/reports (a province campaign asking every member for a learning report, due in
30 days, its plans due in 20) with, per test, what makes a to-do: an invitation, a report handed in, a
plan, a case.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import Delegate, ImplementationPlan
from quantriet.orgs import services as org_services
from quantriet.orgs.models import ImportJob, Role
from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import Finding, Requirement
from quantriet.reports.services import reviewing
from quantriet.reports.services.submitting import Handed, submit
from tests.campaigns.conftest import make_point
from tests.conftest import World
from tests.reports.conftest import Reports
from tests.reports.writing import essay, lightly_edited

NOT_GRANTED = "chưa được phân quyền"
PLAN_TEXT = "Kế hoạch thực hiện Nghị quyết 35: quán triệt tới toàn thể đảng viên, sơ kết sau sáu tháng."


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def home(world: World, user: User) -> str:
    response = world.client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def invite_dave(reports: Reports, days: int) -> Delegate:
    today = timezone.localdate()
    conference = campaign_services.create_conference(
        None,
        reports.campaign,
        title="Hội nghị quán triệt Nghị quyết 35 ở xã",
        held_on=today + dt.timedelta(days=days),
        starts_at=dt.time(14, 0),
    )
    point = make_point(conference, reports.world.xa, "Điểm cầu xã An Hòa")
    (delegate,) = campaign_services.invite_members(None, point, [reports.world.m_dave]).created
    return delegate


def submit_plan(reports: Reports, unit: Any, campaign: Any = None) -> ImplementationPlan:
    return campaign_services.submit_plan(
        None,
        campaign or reports.campaign,
        unit,
        symbol="12-KH/ĐU",
        issued_on=timezone.localdate(),
        actions_text="Quán triệt | Ban Tuyên giáo | 30/12/2099",
        file_data=PLAN_TEXT.encode(),
        file_name="ke-hoach.txt",
    )


def commune_campaign(reports: Reports) -> Any:
    """A campaign the commune XA organises for its cells: their plans are due in two days."""
    world = reports.world
    today = timezone.localdate()
    return campaign_services.create_campaign(
        None,
        title="Học tập chuyên đề năm của xã",
        organising_unit=world.xa,
        scope_unit=world.xa,
        audience="all_members",
        documents=list(reports.campaign.documents.all()),
        conference_date=today,
        plan_deadline=today + dt.timedelta(days=2),
        report_deadline=today + dt.timedelta(days=40),
    )


# --- a plain member -------------------------------------------------------------------------------


def test_a_member_without_a_role_is_told_what_to_do_not_that_they_have_no_rights(reports: Reports) -> None:
    world = reports.world
    delegate = invite_dave(reports, days=2)
    page = home(world, world.dave)
    assert NOT_GRANTED not in page
    # The invitation, leading to the personal QR code on "Đợt học tập của tôi".
    assert "Dự Hội nghị quán triệt Nghị quyết 35 ở xã" in page
    assert f'href="/campaigns/my/#inv-{delegate.pk}"' in page and "Điểm cầu xã An Hòa" in page
    # The learning report to write, with its deadline.
    report = reports.report_of(world.m_dave)
    deadline = reports.requirement.deadline.strftime("%d/%m/%Y")
    assert "Viết bài thu hoạch: Học tập Nghị quyết 35" in page and f"hạn nộp {deadline}" in page
    assert f'href="/reports/{report.pk}/write/"' in page
    # Nothing of the reviewers' or organisers'.
    for other in ("Bài thu hoạch chờ xem xét", "Kế hoạch thực hiện", "Đợt học tập đồng chí tổ chức"):
        assert other not in page


def test_a_member_with_an_account_and_nothing_to_do_reads_so(reports: Reports) -> None:
    world = reports.world
    page = home(world, world.eve)  # an account, no member record, no role
    assert NOT_GRANTED not in page
    assert "Hiện không có việc gì chờ đồng chí" in page


def test_a_returned_report_comes_back_to_the_top_with_the_reason_and_the_decision(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_dave)
    submit(world.dave, report, Handed(essay(11)))
    rewrite_by = timezone.localdate() + dt.timedelta(days=5)
    reviewing.return_report(
        world.bob, report, comment="Cần liên hệ bản thân cụ thể hơn", rewrite_by=rewrite_by
    )
    page = home(world, world.dave)
    assert "Viết lại bài thu hoạch: Học tập Nghị quyết 35" in page
    assert f"hạn viết lại {rewrite_by:%d/%m/%Y}" in page and "Cần liên hệ bản thân cụ thể hơn" in page
    assert "Kết quả gần đây về bài thu hoạch" in page and "Bị trả lại để viết lại" in page
    assert "cần làm ngay" in page


def test_a_member_is_asked_for_an_explanation_and_the_commune_for_a_conclusion(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    world = reports.world
    dave = reports.report_of(world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    original = essay(7)
    submit(world.dave, dave, Handed(original))
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    check_all_pending()
    with django_capture_on_commit_callbacks(execute=True):
        case = reviewing.open_case(
            world.charlie, fiona, reason="Trùng gần hết bài", findings=[Finding.objects.get()]
        )
    page = home(world, reports.fiona)
    assert "Giải trình về bài thu hoạch: Học tập Nghị quyết 35" in page
    assert f'href="/reports/cases/{case.pk}/"' in page
    # Charlie (XB) follows the case of his member; the conclusion belongs to the province, not yet asked.
    assert "Theo dõi vụ việc nghi sao chép: Phạm Thu Phương" in home(world, world.charlie)
    assert "Phạm Thu Phương" not in home(world, world.bob)
    reviewing.answer_case(reports.fiona, case, answer="Tôi đã tham khảo bài của đồng chí khác.")
    assert "Giải trình về bài thu hoạch" not in home(world, reports.fiona)
    assert "Kết luận vụ việc nghi sao chép: Phạm Thu Phương" in home(world, world.alice)


# --- a cell's secretary ---------------------------------------------------------------------------


def test_a_secretary_sees_the_cells_plan_due_and_the_reports_to_read_of_the_cell_only(
    reports: Reports,
) -> None:
    world = reports.world
    commune = commune_campaign(reports)
    submit(world.bob, reports.report_of(world.m_xa1), Handed(essay(21), on_behalf=True))
    submit(reports.fiona, reports.report_of(reports.m_fiona), Handed(essay(22)))  # XB1: not bob's
    page = home(world, world.bob)
    assert NOT_GRANTED not in page
    assert "Nộp kế hoạch thực hiện: Học tập chuyên đề năm của xã" in page
    assert f'href="/campaigns/{commune.pk}/plans/{world.xa1.pk}/"' in page
    assert "Chi bộ thôn 1" in page
    assert "Đọc 1 bài thu hoạch đã nộp: Học tập Nghị quyết 35" in page
    assert f"/reports/review/?campaign={reports.campaign.pk}&amp;state=submitted" in page
    # Once handed in, the plan is no longer a to-do of the cell; the commune is asked to approve it.
    submit_plan(reports, world.xa1, commune)
    assert "Nộp kế hoạch thực hiện: Học tập chuyên đề năm của xã" not in home(world, world.bob)
    # The province may approve it too, but it is the commune's next task, not the province's.
    assert "Duyệt 1 kế hoạch thực hiện: Học tập chuyên đề năm của xã" not in home(world, world.alice)


def test_point_staff_see_the_desk_of_their_own_point_only(reports: Reports) -> None:
    world = reports.world
    org_services.grant_role(None, world.eve, world.xa, Role.OFFICE)
    delegate = invite_dave(reports, days=1)  # a point hosted by XA
    other = make_point(delegate.conference, world.xb, "Điểm cầu xã Bình Minh")
    page = home(world, world.eve)
    assert f'href="/campaigns/points/{delegate.point_id}/check-in/"' in page
    assert f"/campaigns/points/{other.pk}/check-in/" not in page
    # The province's staff may check in anywhere, but these desks are the communes'.
    assert f"/campaigns/points/{delegate.point_id}/check-in/" not in home(world, world.alice)


# --- province staff -------------------------------------------------------------------------------


def test_province_staff_see_their_campaign_with_what_is_late_and_the_plans_to_approve(
    reports: Reports,
) -> None:
    world = reports.world
    submit_plan(reports, world.xa)
    page = home(world, world.alice)
    assert "Duyệt 1 kế hoạch thực hiện: Học tập Nghị quyết 35" in page
    assert f'href="/campaigns/{reports.campaign.pk}/plans/"' in page
    assert "Đợt học tập đồng chí tổ chức" in page and "hạn nộp kế hoạch" in page
    # After both deadlines: the plans owed and the reports missing.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    type(reports.campaign).objects.filter(pk=reports.campaign.pk).update(plan_deadline=yesterday)
    Requirement.objects.filter(pk=reports.requirement.pk).update(deadline=yesterday)
    page = home(world, world.alice)
    assert "chưa nộp kế hoạch" in page and f"/campaigns/{reports.campaign.pk}/plans/?state=missing" in page
    assert "5 bài thu hoạch chưa nộp: Học tập Nghị quyết 35" in page
    # The commune's staff organise nothing: none of it is theirs.
    assert "Đợt học tập đồng chí tổ chức" not in home(world, world.charlie)


def test_a_failed_import_waits_on_its_authors_home_page_only(reports: Reports) -> None:
    world = reports.world
    job = ImportJob.objects.create(
        kind="members",
        scope=world.province,
        created_by=world.alice,
        original_name="dang-vien-thon-1.xlsx",
        stored_path="x",
        file_sha256="0" * 64,
        status="rejected",
    )
    page = home(world, world.alice)
    assert f'href="/imports/{job.pk}/"' in page and "Có lỗi, chưa nhập gì · Tỉnh ủy Mẫu" in page
    assert "dang-vien-thon-1.xlsx" not in home(world, world.charlie)


def test_the_operator_is_led_to_the_admin_site(reports: Reports) -> None:
    world = reports.world
    root = User.objects.create_superuser("root", "root@example.org", "x-very-long-password-1")
    page = home(world, root)
    assert "Quản trị hệ thống" in page and 'href="/admin/"' in page


# --- a bounded number of queries ------------------------------------------------------------------


def test_each_home_page_reads_a_fixed_number_of_queries(
    reports: Reports, django_assert_num_queries: Any
) -> None:
    world = reports.world
    invite_dave(reports, days=2)
    commune_campaign(reports)
    submit(world.bob, reports.report_of(world.m_xa1), Handed(essay(31), on_behalf=True))
    submit_plan(reports, world.xa)
    clients = {name: world.client_for(getattr(world, name)) for name in ("dave", "bob", "alice")}
    for client in clients.values():
        client.get("/")  # sessions warmed
    # with the reviews sections: own self-assessments due, collectives' Mẫu 01, periods overdue
    expected = {"dave": 10, "bob": 23, "alice": 26}
    for name, client in clients.items():
        with django_assert_num_queries(expected[name]):
            client.get("/")
