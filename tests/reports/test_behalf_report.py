"""A secretary hands in one member's report for them: typed from paper, or a file."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.reports.models import ReportStatus, ReportVersion, Source
from tests.reports.conftest import Reports
from tests.reports.writing import essay


def test_the_cell_secretary_hands_in_a_typed_report(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_xa1)
    client = world.client_for(world.bob)
    url = f"/reports/{report.pk}/behalf/"
    page = client.get(url)
    assert page.status_code == 200 and "Nguyễn Văn An" in page.content.decode()
    response = client.post(url, {"text": essay(51)}, follow=True)
    assert response.status_code == 200
    version = ReportVersion.objects.get()
    assert (version.source, version.on_behalf, version.submitted_by) == (Source.BATCH, True, world.bob)
    assert version.receipt in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    again = client.post(url, {"text": essay(51)}, follow=True)
    assert "đã được nộp trước đó" in again.content.decode()
    assert ReportVersion.objects.count() == 1


def test_a_file_is_read_and_handed_in_as_an_upload(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_xa2)
    client = world.client_for(world.alice)
    upload = SimpleUploadedFile("bai-binh.txt", essay(52).encode())
    response = client.post(f"/reports/{report.pk}/behalf/", {"file": upload})
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert (version.source, version.file_kind, version.file_name) == (Source.UPLOAD, "txt", "bai-binh.txt")


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_xa1)
    client = world.client_for(world.bob)
    url = f"/reports/{report.pk}/behalf/"
    empty = client.post(url, {"text": ""})
    assert (
        empty.status_code == 400
        and "Hãy gõ, dán nội dung bài hoặc tải tệp bài lên." in empty.content.decode()
    )
    short = client.post(url, {"text": "Bài <b>ngắn</b>."})
    assert short.status_code == 400
    assert "yêu cầu tối thiểu 100 chữ" in short.content.decode()
    assert "Bài &lt;b&gt;ngắn&lt;/b&gt;." in short.content.decode()  # kept, escaped
    program = SimpleUploadedFile("bai.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    assert client.post(url, {"file": program}).status_code == 400
    assert not ReportVersion.objects.exists()


def test_only_reviewers_of_the_members_cell_may_hand_in(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_xa2)  # XA2: not bob's cell
    for user in (world.bob, world.charlie, world.eve):
        client = world.client_for(user)
        assert client.get(f"/reports/{report.pk}/behalf/").status_code == 404
        assert client.post(f"/reports/{report.pk}/behalf/", {"text": essay(53)}).status_code == 404
    own = world.client_for(world.dave)  # the member themself writes on their own page
    assert own.get(f"/reports/{reports.report_of(world.m_dave).pk}/behalf/").status_code == 404
    assert not ReportVersion.objects.exists()
