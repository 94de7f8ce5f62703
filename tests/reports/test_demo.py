"""The demo's learning reports: every state, a copy ring with cases at each step, a recycled report, a copy
of the library's sample, and each demo account opening its part."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from quantriet.reports.models import (
    CaseState,
    Finding,
    FindingKind,
    LearningReport,
    ReportStatus,
)
from quantriet.site.demo import DemoSummary


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_reports_are_in_every_state(demo: DemoSummary, db: Any) -> None:
    statuses = set(LearningReport.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    assert LearningReport.objects.filter(late=True).exists()
    assert {c.state for c in LearningReport.objects.get(status=ReportStatus.COPIED).cases.all()} == {
        CaseState.DECIDED
    }


def test_the_ring_the_recycled_report_and_the_library_copy_are_found(demo: DemoSummary, db: Any) -> None:
    ring = Finding.objects.filter(kind=FindingKind.PEER, similarity__gte=0.5)
    members = {f.report_id for f in ring} | {f.other_report_id for f in ring}
    assert len(members) >= 6  # the ring of four and the pair in the secretary's cell
    recycled = Finding.objects.get(kind=FindingKind.RECYCLED)
    assert recycled.report.member_id == recycled.other_report.member_id
    assert recycled.report.campaign_id != recycled.other_report.campaign_id
    assert Finding.objects.filter(kind=FindingKind.REFERENCE, similarity__gte=0.5).exists()
    states = LearningReport.objects.filter(cases__isnull=False).values_list("cases__state", flat=True)
    assert set(states) == set(CaseState.values)


def test_each_demo_account_opens_its_part(demo: DemoSummary, db: Any) -> None:
    mine = client_of("dangvien").get("/reports/mine/")
    assert mine.status_code == 200
    own = LearningReport.objects.get(member__user__username="dangvien", status=ReportStatus.REQUIRED)
    assert client_of("dangvien").get(f"/reports/{own.pk}/write/").status_code == 200
    queue = client_of("bithu.chibo").get("/reports/review/").content.decode()
    top = (
        LearningReport.objects.filter(unit__role_assignments__user__username="bithu.chibo")
        .order_by("-similarity")
        .first()
    )
    assert top is not None and top.similarity > 0.5
    assert top.member.full_name in queue
    campaign = top.campaign_id
    for username in ("tochuc.xa", "tochuc.tinh"):
        client = client_of(username)
        assert client.get(f"/reports/campaigns/{campaign}/board/").status_code == 200
        assert client.get(f"/reports/campaigns/{campaign}/rings/").status_code == 200


def test_a_copy_with_its_sentences_shuffled_shows_which_sentence_matches_which(
    demo: DemoSummary, db: Any
) -> None:
    client = client_of("tochuc.xa")
    pages = [
        client.get(f"/reports/findings/{finding.pk}/").content.decode()
        for finding in Finding.objects.filter(kind=FindingKind.PEER)
    ]
    shown = [page for page in pages if "đã bị đảo thứ tự câu" in page]
    assert len(shown) == 1 and shown[0].count('<tr class="sentence">') >= 5
