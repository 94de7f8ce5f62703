"""The whole-cohort re-check: started by organisers from the cohort page, run by the copycheck worker,
findings upserted with the arrival check's rules (never twice, in either direction), progress polled."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quantriet.copycheck.runners import LocalRunner
from quantriet.reports.checking import cohort
from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import CohortRun, Finding, FindingKind, LibraryText, RunState
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay, lightly_edited


def _start(reports: Reports, django_capture_on_commit_callbacks: Any) -> CohortRun:
    client = reports.world.client_for(reports.world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("reports:cohort", args=[reports.campaign.pk]))
    assert answer.status_code == 302
    return CohortRun.objects.get()


def _submit_three(reports: Reports) -> tuple[Any, Any, Any]:
    dave = reports.report_of(reports.world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    xa1 = reports.report_of(reports.world.m_xa1)
    original = essay(21)
    submit(reports.world.dave, dave, Handed(original))
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    submit(None, xa1, Handed(essay(22)))
    return dave, fiona, xa1


def test_a_run_finds_a_sample_added_after_the_reports_and_keeps_one_finding_per_pair(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    dave, fiona, xa1 = _submit_three(reports)
    assert check_all_pending() == 3
    assert Finding.objects.count() == 1
    # a sample report everyone copied from reaches the library only now: the arrival check never saw it
    sample = LibraryText.objects.create(
        unit=reports.world.province, campaign=reports.campaign, title="Bài mẫu", text=essay(22)
    )

    run = _start(reports, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert (run.state, run.total, run.done) == (RunState.DONE, 3, 3)
    assert run.pairs == 2 and run.finished_at is not None
    kinds = sorted(Finding.objects.values_list("report_id", "kind", "other_report_id", "library_text_id"))
    assert kinds == sorted(
        [(fiona.pk, FindingKind.PEER, dave.pk, None), (xa1.pk, FindingKind.REFERENCE, None, sample.pk)]
    )
    for report, count in ((dave, 1), (fiona, 1), (xa1, 1)):
        report.refresh_from_db()
        assert report.findings_count == count and report.similarity > 0.8

    run.delete()
    _start(reports, django_capture_on_commit_callbacks)  # again: updated in place, nothing doubled
    assert Finding.objects.count() == 2
    dave.refresh_from_db()
    assert dave.findings_count == 1


def test_a_pair_stored_the_other_way_round_is_updated_not_doubled(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    dave, fiona, _ = _submit_three(reports)
    check_all_pending()
    finding = Finding.objects.get()
    # as if the arrival check had stored it from the other side, with other figures
    Finding.objects.filter(pk=finding.pk).update(
        version_id=finding.other_version_id,
        other_version_id=finding.version_id,
        report_id=finding.other_report_id,
        other_report_id=finding.report_id,
        similarity=0.1,
        passages=[[0, 1, 0, 1]],
    )
    _start(reports, django_capture_on_commit_callbacks)
    again = Finding.objects.get()
    assert again.pk == finding.pk and again.report_id == dave.pk
    assert again.similarity > 0.8 and len(again.passages) >= 1
    a_start, a_end, b_start, b_end = again.passages[0]
    assert dave.current is not None and fiona.current is not None
    assert dave.current.text[a_start:a_end].split()[-3:] == fiona.current.text[b_start:b_end].split()[-3:]


def test_arrival_after_a_run_does_not_find_the_pair_again(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    _dave, fiona, _ = _submit_three(reports)
    _start(reports, django_capture_on_commit_callbacks)  # before any arrival check
    assert Finding.objects.count() == 1
    assert check_all_pending() == 3
    assert Finding.objects.count() == 1
    fiona.refresh_from_db()
    assert fiona.findings_count == 1


def test_a_second_start_while_one_is_under_way_is_refused(reports: Reports) -> None:
    _submit_three(reports)
    client = reports.world.client_for(reports.world.alice)
    url = reverse("reports:cohort", args=[reports.campaign.pk])
    assert client.post(url).status_code == 302  # queued (its task runs only after the commit)
    answer = client.post(url)
    assert answer.status_code == 409
    assert "đang có một lượt kiểm tra toàn bộ" in answer.content.decode()
    assert CohortRun.objects.count() == 1


def test_nothing_submitted_is_refused_with_a_message(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    answer = client.post(reverse("reports:cohort", args=[reports.campaign.pk]))
    assert answer.status_code == 409
    assert "Chưa có bài thu hoạch nào" in answer.content.decode()
    assert not CohortRun.objects.exists()


def test_progress_is_polled_as_json_and_the_page_shows_it(reports: Reports) -> None:
    _submit_three(reports)
    client = reports.world.client_for(reports.world.alice)
    progress = reverse("reports:cohort_progress", args=[reports.campaign.pk])
    assert client.get(progress).json()["state"] is None
    run = CohortRun.objects.create(campaign=reports.campaign, total=200, done=50, state=RunState.RUNNING)
    assert client.get(progress).json() == {
        "state": "running",
        "state_label": "Đang chạy",
        "percent": 25,
        "done": 50,
        "total": 200,
        "pairs": 0,
        "finished": False,
        "failed": False,
    }
    page = client.get(reverse("reports:cohort", args=[reports.campaign.pk])).content.decode()
    assert 'value="25"' in page and 'http-equiv="refresh"' in page and 'id="cohort-start"' not in page
    run.state = RunState.FAILED
    run.save()
    page = client.get(reverse("reports:cohort", args=[reports.campaign.pk])).content.decode()
    assert "bị lỗi" in page and 'id="cohort-start"' in page


@pytest.mark.parametrize("who", ["charlie", "bob", "dave", "eve"])
def test_only_the_organisers_reach_the_page(reports: Reports, who: str) -> None:
    client = reports.world.client_for(getattr(reports.world, who))
    for name in ("cohort", "cohort_progress"):
        assert client.get(reverse(f"reports:{name}", args=[reports.campaign.pk])).status_code == 404
    assert client.post(reverse("reports:cohort", args=[reports.campaign.pk])).status_code == 404
    assert not CohortRun.objects.exists()


def test_a_failed_run_is_recorded_and_a_second_delivery_does_nothing(
    reports: Reports, monkeypatch: pytest.MonkeyPatch
) -> None:
    _submit_three(reports)
    run = CohortRun.objects.create(campaign=reports.campaign)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bộ điều phối không trả lời")

    monkeypatch.setattr(cohort, "check_cohort", broken)
    cohort.run(run.pk)
    run.refresh_from_db()
    assert run.state == RunState.FAILED and "không trả lời" in run.error
    cohort.run(run.pk)  # delivered again: not queued any more, nothing happens
    run.refresh_from_db()
    assert run.state == RunState.FAILED


def test_a_configured_dask_scheduler_runs_the_check(
    reports: Reports, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _submit_three(reports)
    used: list[str | None] = []

    class FakeDask(LocalRunner):
        def __init__(self, address: str | None, **kwargs: Any) -> None:
            used.append(address)
            super().__init__(**kwargs)

    monkeypatch.setattr(cohort, "DaskRunner", FakeDask)
    settings.DASK_SCHEDULER = "tcp://10.0.0.5:8786"
    run = CohortRun.objects.create(campaign=reports.campaign)
    cohort.run(run.pk)
    run.refresh_from_db()
    assert used == ["tcp://10.0.0.5:8786"] and run.state == RunState.DONE
