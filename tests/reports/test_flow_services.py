"""The cycle through the services: require, submit, check on arrival, review, case, answer, decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import (
    CaseState,
    Finding,
    FindingKind,
    LearningReport,
    ReportStatus,
    ReportVersion,
)
from quantriet.reports.services import reviewing
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay, lightly_edited


def test_requirement_makes_a_report_row_per_member_on_the_roll(reports: Reports) -> None:
    members = {r.member_id for r in LearningReport.objects.filter(campaign=reports.campaign)}
    world = reports.world
    assert members == {world.m_xa1.pk, world.m_xa2.pk, world.m_xb1.pk, world.m_dave.pk, reports.m_fiona.pk}
    assert set(LearningReport.objects.values_list("status", flat=True)) == {ReportStatus.REQUIRED}


def test_a_lightly_edited_copy_is_found_against_the_earlier_report(reports: Reports) -> None:
    dave = reports.report_of(reports.world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    original = essay(1)
    submit(reports.world.dave, dave, Handed(original))
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    assert check_all_pending() == 2
    finding = Finding.objects.get()
    assert (finding.report_id, finding.other_report_id, finding.kind) == (fiona.pk, dave.pk, FindingKind.PEER)
    assert finding.similarity > 0.8
    a_start, a_end, b_start, b_end = finding.passages[0]
    copied = ReportVersion.objects.get(report=fiona).text[a_start:a_end]
    assert copied.split()[:3] == original[b_start:b_end].split()[:3]
    dave.refresh_from_db()
    fiona.refresh_from_db()
    assert fiona.check_state == dave.check_state == "done"
    assert fiona.similarity > 0.8 and dave.similarity > 0.8  # the earlier report is as concerned
    checked = fiona.events.get(kind="checked").note
    assert checked.startswith("1 kết quả trùng lặp; cao nhất ") and checked.endswith("% bài.")
    assert dave.events.get(kind="checked").note.startswith("Không thấy đoạn nào trùng")


def test_different_reports_find_nothing_and_a_recheck_adds_nothing(reports: Reports) -> None:
    submit(reports.world.dave, reports.report_of(reports.world.m_dave), Handed(essay(1)))
    submit(reports.fiona, reports.report_of(reports.m_fiona), Handed(essay(2)))
    assert check_all_pending() == 2
    assert check_all_pending() == 0
    assert not Finding.objects.exists()


def test_the_same_text_twice_is_one_version(reports: Reports) -> None:
    report = reports.report_of(reports.world.m_dave)
    first = submit(reports.world.dave, report, Handed(essay(3)))
    again = submit(reports.world.dave, report, Handed(essay(3) + "\n\n"))
    assert first.created and not again.created
    assert again.version.pk == first.version.pk
    assert ReportVersion.objects.filter(report=report).count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "trống"), ("Ngắn quá.", "tối thiểu"), (essay(4, words=3200), "vượt quá")],
)
def test_bad_lengths_are_refused_and_nothing_is_saved(reports: Reports, text: str, message: str) -> None:
    report = reports.report_of(reports.world.m_dave)
    with pytest.raises(ValidationError, match=message):
        submit(reports.world.dave, report, Handed(text))
    assert not ReportVersion.objects.exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.REQUIRED


def test_after_the_deadline_refused_or_marked_late(reports: Reports) -> None:
    requirement = reports.requirement
    requirement.deadline = timezone.localdate() - dt.timedelta(days=1)
    requirement.save()
    report = reports.report_of(reports.world.m_dave)
    submitted = submit(reports.world.dave, report, Handed(essay(5)))
    assert submitted.version.late
    requirement.late_policy = "refuse"
    requirement.save()
    other = reports.report_of(reports.m_fiona)
    with pytest.raises(ValidationError, match="quá hạn"):
        submit(reports.fiona, other, Handed(essay(6)))


def test_case_answer_and_decision(reports: Reports, django_capture_on_commit_callbacks: Any) -> None:
    world = reports.world
    dave = reports.report_of(world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    original = essay(7)
    submit(world.dave, dave, Handed(original))
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    check_all_pending()
    finding = Finding.objects.get()
    fiona.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        case = reviewing.open_case(world.charlie, fiona, reason="Trùng gần hết bài", findings=[finding])
    # dave (XA2) and fiona (XB1) meet at the province: the case is the province's, decided there
    assert case.unit == world.province
    assert case.state == CaseState.AWAITING_ANSWER
    with pytest.raises(ValidationError, match="thời hạn giải trình"):
        reviewing.decide_case(world.alice, case, decision="copied", note="Sao chép")
    case = reviewing.answer_case(reports.fiona, case, answer="Tôi đã tham khảo bài của đồng chí khác.")
    case = reviewing.decide_case(world.alice, case, decision="copied", note="Có sao chép, yêu cầu viết lại")
    fiona.refresh_from_db()
    assert fiona.status == ReportStatus.COPIED
    assert [e.kind for e in fiona.events.all()] == [
        "submitted",
        "checked",
        "case_opened",
        "answered",
        "decided",
    ]
