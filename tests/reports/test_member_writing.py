"""A member writes their learning report on the page: drafts saved as they type, submitting, the receipt.

Through HTTP as the browser does it (the autosave is the JSON POST the page's script sends). dave (XA2)
and fiona (XB1) write with accounts; the campaign asks 100-3,000 words, every format, late marked late.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quantriet.reports.models import LearningReport, ReportStatus, ReportVersion, Requirement
from quantriet.reports.services.reviewing import return_report
from tests.reports.conftest import Reports
from tests.reports.writing import essay

pytestmark = pytest.mark.django_db


def dave_report(reports: Reports) -> LearningReport:
    return reports.report_of(reports.world.m_dave)


def client_of(reports: Reports, user: User | None = None) -> Client:
    return reports.world.client_for(user or reports.world.dave)


def post_draft(client: Client, report: LearningReport, body: Any) -> Any:
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(reverse("reports:draft", args=[report.pk]), raw, content_type="application/json")


def page_data(response: Any, element_id: str) -> Any:
    html = response.content.decode()
    start = html.index(f'id="{element_id}" type="application/json">') + len(
        f'id="{element_id}" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_a_member_writes_autosaves_submits_and_gets_a_receipt(reports: Reports) -> None:
    report = dave_report(reports)
    client = client_of(reports)
    page = client.get(reverse("reports:write", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Liên hệ bản thân" in html and "Giải pháp thực hiện" in html  # the guidance beside the text
    assert "reports/member_write.js" in html
    data = page_data(page, "write-data")
    assert data["draftUrl"] == reverse("reports:draft", args=[report.pk])
    assert (data["minWords"], data["maxWords"], data["serverSavedAt"]) == (100, 3000, None)

    text = essay(1, 300)
    saved = post_draft(client, report, {"text": text[:200]})
    assert saved.status_code == 200
    report.refresh_from_db()
    assert report.draft == text[:200]
    assert report.draft_saved_at is not None
    assert saved.json()["saved_at"] == report.draft_saved_at.isoformat()

    answer = client.post(reverse("reports:write", args=[report.pk]), {"text": text})
    version = ReportVersion.objects.get(report=report)
    assert answer.status_code == 302 and answer["Location"] == reverse("reports:receipt", args=[version.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.current == version and report.draft == ""
    assert version.source == "typed" and version.number == 1 and not version.late

    receipt = client.get(answer["Location"])
    assert receipt.status_code == 200
    html = receipt.content.decode()
    for shown in (reports.campaign.title, "Đặng Văn Dũng", version.receipt, str(version.words)):
        assert shown in html
    assert "đang kiểm tra trùng lặp" in html and "Đã nộp bài thu hoạch (lần 1)." in html
    # The device's draft copy is forgotten once a version newer than it is handed in.
    assert page_data(receipt, "receipt-data")["submittedAt"] == version.submitted_at.isoformat()

    version.checked_at = timezone.now()
    version.save(update_fields=["checked_at"])
    assert "đã kiểm tra xong" in client.get(answer["Location"]).content.decode()


def test_the_saved_draft_is_back_in_the_page_with_its_time(reports: Reports) -> None:
    report = dave_report(reports)
    client = client_of(reports)
    post_draft(client, report, {"text": "Bản nháp đang viết dở <b>đậm</b>"})
    report.refresh_from_db()
    page = client.get(reverse("reports:write", args=[report.pk]))
    html = page.content.decode()
    assert "Bản nháp đang viết dở &lt;b&gt;đậm&lt;/b&gt;</textarea>" in html
    assert report.draft_saved_at is not None
    assert page_data(page, "write-data")["serverSavedAt"] == report.draft_saved_at.isoformat()
    # The device's copy is compared with that time by the script; the page offers it back when newer.
    assert 'id="restore-offer" hidden' in html


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"{not json", "không đọc được"),
        ("[" * 100 + "]" * 100, "không đọc được"),
        ({"draft": "x"}, "trường text"),
        ({"text": 5}, "trường text"),
        ({"text": "x" * 400_001}, "Bản nháp quá dài."),
        ({"text": "x" * (6 * 1024 * 1024)}, "Bản nháp quá dài."),
    ],
)
def test_a_bad_autosave_is_refused_with_a_reason_and_keeps_nothing(
    reports: Reports, body: Any, said: str
) -> None:
    report = dave_report(reports)
    answer = post_draft(client_of(reports), report, body)
    assert answer.status_code == 400 and said in answer.json()["message"]
    report.refresh_from_db()
    assert report.draft == "" and report.draft_saved_at is None


def test_autosave_is_post_only_and_needs_the_csrf_token(reports: Reports) -> None:
    report = dave_report(reports)
    assert client_of(reports).get(reverse("reports:draft", args=[report.pk])).status_code == 405
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(reports.world.dave)
    assert post_draft(guarded, report, {"text": "x"}).status_code == 403


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "Bài thu hoạch đang trống."),
        ("   \n\n ", "Bài thu hoạch đang trống."),
        ("Chỉ có vài chữ.", "Bài mới có 4 chữ; yêu cầu tối thiểu 100 chữ."),
        (essay(2, 3100), "vượt quá 3000 chữ cho phép."),
    ],
)
def test_an_empty_short_or_long_report_is_refused_and_the_text_kept(
    reports: Reports, text: str, said: str
) -> None:
    report = dave_report(reports)
    answer = client_of(reports).post(reverse("reports:write", args=[report.pk]), {"text": text})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert said in html
    if text.strip():
        assert text.split()[0] in html  # what the member typed is still in the textarea
    assert not ReportVersion.objects.filter(report=report).exists()


def test_the_same_text_twice_is_one_version_with_a_message(reports: Reports) -> None:
    report = dave_report(reports)
    client = client_of(reports)
    text = essay(3)
    first = client.post(reverse("reports:write", args=[report.pk]), {"text": text})
    again = client.post(reverse("reports:write", args=[report.pk]), {"text": text + "\n\n"}, follow=True)
    assert ReportVersion.objects.filter(report=report).count() == 1
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "Bài này đã được nộp, không tạo lần nộp mới" in again.content.decode()


def test_a_new_text_before_the_deadline_is_a_new_version(reports: Reports) -> None:
    report = dave_report(reports)
    client = client_of(reports)
    client.post(reverse("reports:write", args=[report.pk]), {"text": essay(4)})
    client.post(reverse("reports:write", args=[report.pk]), {"text": essay(5)})
    assert list(ReportVersion.objects.filter(report=report).values_list("number", flat=True)) == [1, 2]
    report.refresh_from_db()
    assert report.current is not None and report.current.number == 2


def _past_deadline(requirement: Requirement, policy: str) -> None:
    Requirement.objects.filter(pk=requirement.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1), late_policy=policy
    )


def test_after_the_deadline_a_report_is_marked_late_when_the_campaign_says_so(reports: Reports) -> None:
    _past_deadline(reports.requirement, "mark")
    report = dave_report(reports)
    client = client_of(reports)
    page = client.get(reverse("reports:write", args=[report.pk])).content.decode()
    assert "bài nộp bây giờ sẽ được ghi là nộp muộn" in page
    answer = client.post(reverse("reports:write", args=[report.pk]), {"text": essay(6)}, follow=True)
    version = ReportVersion.objects.get(report=report)
    assert version.late
    html = answer.content.decode()
    assert "Bài được ghi là nộp muộn." in html and "nộp muộn</span>" in html


def test_after_the_deadline_a_report_is_refused_when_the_campaign_says_so(reports: Reports) -> None:
    _past_deadline(reports.requirement, "refuse")
    report = dave_report(reports)
    client = client_of(reports)
    page = client.get(reverse("reports:write", args=[report.pk])).content.decode()
    assert "không nhận bài nộp sau hạn" in page and "<textarea" not in page
    answer = client.post(reverse("reports:write", args=[report.pk]), {"text": essay(7)})
    assert answer.status_code == 400 and "không nhận bài nộp sau hạn" in answer.content.decode()
    assert not ReportVersion.objects.filter(report=report).exists()
    assert post_draft(client, report, {"text": "x"}).status_code == 200  # drafts are still kept


def test_html_in_a_report_is_shown_as_text_on_the_write_and_receipt_pages(reports: Reports) -> None:
    report = dave_report(reports)
    client = client_of(reports)
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = script + " " + essay(8)
    answer = client.post(reverse("reports:write", args=[report.pk]), {"text": text}, follow=True)
    html = answer.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    post_draft(client, report, {"text": script})
    page = client.get(reverse("reports:write", args=[report.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_returned_report_shows_the_comment_and_the_rewrite_deadline(reports: Reports) -> None:
    report = dave_report(reports)
    client = client_of(reports)
    client.post(reverse("reports:write", args=[report.pk]), {"text": essay(9)})
    report.refresh_from_db()
    rewrite_by = timezone.localdate() + dt.timedelta(days=5)
    return_report(None, report, comment="Cần liên hệ bản thân <cụ thể> hơn.", rewrite_by=rewrite_by)
    page = client.get(reverse("reports:mine")).content.decode()
    assert "Cần liên hệ bản thân &lt;cụ thể&gt; hơn." in page
    assert rewrite_by.strftime("%d/%m/%Y") in page and "Trả lại để viết lại" in page
    write = client.get(reverse("reports:write", args=[report.pk])).content.decode()
    assert "Cần liên hệ bản thân &lt;cụ thể&gt; hơn." in write
