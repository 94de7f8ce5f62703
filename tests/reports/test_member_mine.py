"""'Bài thu hoạch của tôi' and who may open the member's pages: the owner writes, nobody else does."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quantriet.reports.models import Finding, FindingKind, LearningReport, ReportVersion
from quantriet.reports.services.reviewing import open_case
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay

pytestmark = pytest.mark.django_db


def dave_report(reports: Reports) -> LearningReport:
    return reports.report_of(reports.world.m_dave)


def test_mine_lists_what_is_asked_and_where_the_report_stands(
    reports: Reports, django_assert_num_queries: Any
) -> None:
    report = dave_report(reports)
    client = reports.world.client_for(reports.world.dave)
    client.get(reverse("reports:mine"))  # warm: the header's unread count is cached
    # session, user, the member, the reports with their campaign, requirement and current version,
    # their open cases; the menu's two (roles, own member record: asked once for all its entries)
    with django_assert_num_queries(7):
        page = client.get(reverse("reports:mine"))
    html = page.content.decode()
    assert page.status_code == 200
    for shown in (
        reports.campaign.title,
        reports.requirement.deadline.strftime("%d/%m/%Y"),
        "Liên hệ bản thân",
        "từ 100 đến 3000 chữ",
        ".pdf có lớp chữ",
        "Nhận nhưng ghi là nộp muộn",
        "Chưa nộp",
        reverse("reports:write", args=[report.pk]),
        reverse("reports:upload", args=[report.pk]),
    ):
        assert shown in html, shown
    version = submit(reports.world.dave, report, Handed(essay(30))).version
    html = client.get(reverse("reports:mine")).content.decode()
    assert "Đã nộp, chờ xem xét" in html and version.receipt in html
    assert reverse("reports:receipt", args=[version.pk]) in html


def _mine_queries(client: Client) -> int:
    """The page's query count, measured once warm; the test then asserts it exactly on a second load."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("reports:mine"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("reports:mine"))
    return len(captured.captured_queries)


def test_the_mine_page_costs_the_same_queries_for_one_report_or_many(reports: Reports) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quantriet.campaigns import services as campaign_services
    from quantriet.reports.services.requirements import save_requirement
    from tests.campaigns.conftest import campaign_values
    from tests.reports.conftest import requirement_fields

    client = reports.world.client_for(reports.world.dave)
    before = _mine_queries(client)
    document = reports.campaign.documents.first()
    assert document is not None
    for n in range(3):
        values = campaign_values(
            reports.world,
            document,
            conference_date=timezone.localdate() - dt.timedelta(days=3),
            plan_deadline=timezone.localdate() + dt.timedelta(days=20),
            report_deadline=timezone.localdate() + dt.timedelta(days=30),
        )
        values["title"] = f"Đợt học tập thứ {n}"
        campaign = campaign_services.create_campaign(None, **values)
        save_requirement(None, campaign, requirement_fields())
        report = LearningReport.objects.get(campaign=campaign, member=reports.world.m_dave)
        submit(None, report, Handed(essay(40 + n)))
    assert LearningReport.objects.filter(member=reports.world.m_dave).count() == 4
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("reports:mine"))
    assert len(captured.captured_queries) == before
    assert page.content.decode().count('class="report-card"') == 4


def test_an_account_without_a_member_record_is_told_why_there_is_nothing(reports: Reports) -> None:
    page = reports.world.client_for(reports.world.eve).get(reverse("reports:mine"))
    assert page.status_code == 200
    assert "chưa được gắn với hồ sơ đảng viên" in page.content.decode()


def test_an_open_case_is_linked_from_mine(reports: Reports) -> None:
    report = dave_report(reports)
    mine = submit(reports.world.dave, report, Handed(essay(31))).version
    other = reports.report_of(reports.m_fiona)
    theirs = submit(reports.fiona, other, Handed(essay(31) + " Thêm một câu.")).version
    finding = Finding.objects.create(
        version=mine,
        report=report,
        kind=FindingKind.PEER,
        other_version=theirs,
        other_report=other,
        similarity=0.9,
        other_similarity=0.9,
        passages=[[0, 100, 0, 100]],
    )
    report.refresh_from_db()
    case = open_case(reports.world.alice, report, reason="Trùng nhiều đoạn.", findings=[finding])
    html = reports.world.client_for(reports.world.dave).get(reverse("reports:mine")).content.decode()
    assert reverse("reports:case", args=[case.pk]) in html and "Đang xem xét việc sao chép" in html
    assert reverse("reports:write", args=[report.pk]) not in html  # no new version while a case is open


def _member_urls(report: LearningReport, version: ReportVersion) -> list[str]:
    return [
        reverse("reports:write", args=[report.pk]),
        reverse("reports:draft", args=[report.pk]),
        reverse("reports:upload", args=[report.pk]),
        reverse("reports:receipt", args=[version.pk]),
    ]


def test_another_members_report_answers_404_on_every_member_url(reports: Reports) -> None:
    report = dave_report(reports)
    version = submit(reports.world.dave, report, Handed(essay(32))).version
    fiona = reports.world.client_for(reports.fiona)
    for url in _member_urls(report, version):
        assert fiona.get(url).status_code in (404, 405), url
        answer = fiona.post(url, {"text": essay(33), "step": "confirm", "digest": "0" * 64})
        assert answer.status_code == 404, url
    assert (
        fiona.post(
            reverse("reports:draft", args=[report.pk]), {"text": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.draft == "" and ReportVersion.objects.filter(report=report).count() == 1
    assert "Đặng Văn Dũng" not in fiona.get(reverse("reports:mine")).content.decode()


def test_a_reviewer_reads_the_receipt_but_never_writes_for_the_member(reports: Reports) -> None:
    report = dave_report(reports)
    version = submit(reports.world.dave, report, Handed(essay(34))).version
    alice = reports.world.client_for(reports.world.alice)  # organisation staff of the province
    receipt = alice.get(reverse("reports:receipt", args=[version.pk]))
    assert receipt.status_code == 200 and version.receipt in receipt.content.decode()
    assert 'id="receipt-data"' not in receipt.content.decode()  # the device's draft is the member's
    for url in _member_urls(report, version)[:3]:
        assert alice.post(url, {"text": essay(35)}).status_code == 404, url
    assert ReportVersion.objects.filter(report=report).count() == 1


@pytest.mark.parametrize("name", ["mine", "write", "draft", "upload", "receipt"])
def test_anonymous_visitors_are_sent_to_sign_in(reports: Reports, name: str) -> None:
    report = dave_report(reports)
    version = submit(reports.world.dave, report, Handed(essay(36))).version
    args = [] if name == "mine" else [version.pk] if name == "receipt" else [report.pk]
    for method in ("get", "post"):
        answer = getattr(Client(), method)(reverse(f"reports:{name}", args=args))
        assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_a_user_not_signed_in_leaves_no_draft(reports: Reports, django_user_model: type[User]) -> None:
    report = dave_report(reports)
    Client().post(reverse("reports:draft", args=[report.pk]), {"text": "x"}, content_type="application/json")
    report.refresh_from_db()
    assert report.draft == ""
