"""The reference library: staff add texts (pasted or from a file), list, read (escaped) and delete them;
a new text is checked into the copy index by the next run and then found in reports."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.orgs.models import AuditEntry
from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import Finding, FindingKind, LibraryText
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay, lightly_edited


def test_staff_paste_a_text_into_the_province_library_and_the_next_check_takes_it(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    world = reports.world
    client = world.client_for(world.alice)
    sample = essay(11)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/reports/library/add/?unit={world.province.pk}",
            {
                "unit": world.province.pk,
                "title": "Bài mẫu trên mạng",
                "origin": "https://vi.example.org/bai-mau",
                "text": sample,
            },
        )
    assert response.status_code == 302
    added = LibraryText.objects.get()
    assert (added.unit, added.campaign, added.origin) == (
        world.province,
        None,
        "https://vi.example.org/bai-mau",
    )
    assert callbacks  # the check is queued once the text is committed
    assert AuditEntry.objects.filter(action="reports.library_added").exists()
    # The queued task ran inline: the text is in the index, and a copied report is found against it.
    added.refresh_from_db()
    assert added.checked_at is not None
    submit(world.dave, reports.report_of(world.m_dave), Handed(lightly_edited(sample)))
    check_all_pending()
    finding = Finding.objects.get()
    assert (finding.kind, finding.library_text_id) == (FindingKind.REFERENCE, added.pk)

    listing = client.get(f"/reports/library/?unit={world.province.pk}")
    assert listing.status_code == 200 and "Bài mẫu trên mạng" in listing.content.decode()
    assert "Bài mẫu trên mạng" in client.get("/reports/library/").content.decode()


def test_a_campaign_keeps_its_own_texts_from_a_file(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    campaign = reports.campaign
    upload = SimpleUploadedFile("bai-mau.txt", essay(12).encode())
    response = client.post(
        f"/reports/library/add/?campaign={campaign.pk}", {"title": "Bài mẫu của đợt", "file": upload}
    )
    assert response.status_code == 302
    added = LibraryText.objects.get()
    assert (added.campaign, added.unit, added.file_name) == (
        campaign,
        campaign.organising_unit,
        "bai-mau.txt",
    )
    page = client.get(f"/reports/library/?campaign={campaign.pk}").content.decode()
    assert "Bài mẫu của đợt" in page
    assert "Bài mẫu của đợt" not in client.get("/reports/library/").content.decode()  # not a shared text


def test_texts_are_shown_escaped(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    text = essay(13) + "\n<script>alert('x')</script>"
    client.post(
        f"/reports/library/add/?unit={reports.world.province.pk}",
        {"unit": reports.world.province.pk, "title": "<b>Tiêu đề</b>", "text": text},
    )
    added = LibraryText.objects.get()
    page = client.get(f"/reports/library/{added.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>Tiêu đề</b>" not in page and "&lt;b&gt;Tiêu đề&lt;/b&gt;" in page


def test_bad_texts_and_files_are_refused_and_nothing_is_kept(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    url = f"/reports/library/add/?unit={reports.world.province.pk}"
    unit = reports.world.province.pk
    empty = client.post(url, {"unit": unit, "title": "Trống", "text": "   "})
    assert (
        empty.status_code == 400 and "Hãy dán nội dung tài liệu hoặc tải tệp lên." in empty.content.decode()
    )
    short = client.post(url, {"unit": unit, "title": "Ngắn", "text": "Quá ngắn."})
    assert short.status_code == 400 and "quá ngắn" in short.content.decode()
    program = SimpleUploadedFile("bai.docx", b"MZ\x90\x00" + b"\x00" * 200)
    refused = client.post(url, {"unit": unit, "title": "Chương trình", "file": program})
    assert refused.status_code == 400
    assert "Ngắn" in short.content.decode()  # what was typed is kept
    assert not LibraryText.objects.exists()


def test_staff_delete_a_text_and_the_deletion_is_audited(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    text = LibraryText.objects.create(unit=reports.world.province, title="Cũ", text=essay(14))
    assert client.get(f"/reports/library/{text.pk}/").status_code == 200
    response = client.post(f"/reports/library/{text.pk}/", {"action": "delete"})
    assert response.status_code == 302
    assert not LibraryText.objects.exists()
    assert AuditEntry.objects.filter(action="reports.library_deleted").exists()


def test_others_get_404_for_a_library_they_do_not_keep(reports: Reports) -> None:
    world = reports.world
    text = LibraryText.objects.create(unit=world.province, title="Của tỉnh", text=essay(15))
    for user in (world.bob, world.charlie, world.eve):
        client = world.client_for(user)
        assert client.get(f"/reports/library/{text.pk}/").status_code == 404
        assert client.post(f"/reports/library/{text.pk}/", {"action": "delete"}).status_code == 404
        assert client.get(f"/reports/library/?unit={world.province.pk}").status_code == 404
        assert client.get(f"/reports/library/?campaign={reports.campaign.pk}").status_code == 404
    assert LibraryText.objects.count() == 1
    # charlie keeps XB's library: he may add there, not to the province's.
    client = world.client_for(world.charlie)
    response = client.post(
        f"/reports/library/add/?unit={world.xb.pk}",
        {"unit": world.province.pk, "title": "X", "text": essay(16)},
    )
    assert response.status_code == 400
    assert LibraryText.objects.count() == 1


def test_the_list_reads_a_fixed_number_of_queries(reports: Reports, django_assert_num_queries: Any) -> None:
    world = reports.world
    for n in range(5):
        LibraryText.objects.create(unit=world.province, title=f"Bài {n}", text=essay(20 + n))
    client = world.client_for(world.alice)
    client.get("/reports/library/")
    with django_assert_num_queries(QUERIES):
        assert client.get("/reports/library/").status_code == 200


QUERIES = 7  # the same for any number of texts: one COUNT and one query for the page
