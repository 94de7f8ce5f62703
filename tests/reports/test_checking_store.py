"""The copy index kept beside the database: one writer at a time, a crash redone without doubles, an index
lost or damaged made again from the database (automatically, or with ``quantriet reports reindex``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from quantriet.cli import main
from quantriet.copycheck import IndexFileError
from quantriet.reports.checking import arrival, rebuild, store
from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import Finding, FindingKind, LearningReport, ReportVersion
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay, lightly_edited

HOLDER = """
import fcntl, sys
with open(sys.argv[1] + ".lock", "a+b") as handle:
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_another_process_holding_the_lock_makes_this_one_wait(tmp_path: Path) -> None:
    directory = tmp_path / "copyindex"
    directory.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(directory)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        entered = threading.Event()

        def take() -> None:
            with store.lock(directory):
                entered.set()

        taker = threading.Thread(target=take)
        taker.start()
        assert not entered.wait(0.5)  # the other process has it
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert entered.wait(10)
        taker.join()
    finally:
        holder.kill()
        holder.wait(10)


def test_two_threads_never_hold_the_index_at_once(reports: Reports) -> None:
    inside: list[int] = []
    overlaps: list[int] = []

    def work(number: int) -> None:
        for _ in range(5):
            with store.lock():
                inside.append(number)
                if len(inside) > 1:
                    overlaps.append(number)
                time.sleep(0.005)
                inside.remove(number)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []


def _submit_pair(reports: Reports) -> tuple[LearningReport, LearningReport]:
    dave = reports.report_of(reports.world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    original = essay(11)
    submit(reports.world.dave, dave, Handed(original))
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    return dave, fiona


def _on_disk() -> tuple[int, list[int]]:
    """Documents in the index on disk, and those it marks replaced."""
    manifest = json.loads((store.index_dir() / "manifest.json").read_text())
    return sum(s["documents"] for s in manifest["segments"]), manifest["deleted"]


def _died(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the worker died here")


def test_a_crash_before_the_database_commit_is_redone_without_doubles(
    reports: Reports, monkeypatch: pytest.MonkeyPatch
) -> None:
    dave, fiona = _submit_pair(reports)
    monkeypatch.setattr(arrival, "save_results", _died)
    with pytest.raises(RuntimeError):
        check_all_pending()
    assert not ReportVersion.objects.filter(checked_at__isnull=False).exists()
    monkeypatch.undo()
    store.forget()  # a new worker process
    assert check_all_pending() == 2
    finding = Finding.objects.get()
    assert (finding.report_id, finding.other_report_id, finding.kind) == (fiona.pk, dave.pk, FindingKind.PEER)
    dave.refresh_from_db()
    fiona.refresh_from_db()
    assert (dave.findings_count, fiona.findings_count) == (1, 1)


def test_a_crash_between_a_flush_and_the_database_commit_finds_each_pair_once(
    reports: Reports, monkeypatch: pytest.MonkeyPatch
) -> None:
    dave, fiona = _submit_pair(reports)

    def flushed_then_died(*args: Any, **kwargs: Any) -> Any:
        assert store._opened is not None
        store._opened.flush()  # both texts reach the disk, the database never hears of it
        raise RuntimeError("the worker died here")

    monkeypatch.setattr(arrival, "save_results", flushed_then_died)
    with pytest.raises(RuntimeError):
        check_all_pending()
    assert _on_disk() == (2, [])
    monkeypatch.undo()
    store.forget()
    assert check_all_pending() == 2
    finding = Finding.objects.get()  # once, in the direction of a run that never failed
    assert (finding.report_id, finding.other_report_id) == (fiona.pk, dave.pk)
    dave.refresh_from_db()
    fiona.refresh_from_db()
    assert (dave.findings_count, fiona.findings_count) == (1, 1)
    store.forget()
    with store.locked(catch_up=arrival.catch_up) as opened:
        opened.flush()
    assert _on_disk() == (2, [])


def test_a_crash_after_the_commit_before_the_flush_is_made_good_from_the_database(
    reports: Reports, monkeypatch: pytest.MonkeyPatch
) -> None:
    dave, fiona = _submit_pair(reports)
    monkeypatch.setattr(store.Opened, "flush_if_due", _died)
    with pytest.raises(RuntimeError):
        check_all_pending()
    assert ReportVersion.objects.filter(checked_at__isnull=False).count() == 2  # checked, not on disk
    monkeypatch.undo()
    store.forget()  # a new worker process, from the disk's index (without the two texts)

    xa1 = reports.report_of(reports.world.m_xa1)
    submit(None, xa1, Handed(lightly_edited(dave.current.text)))  # type: ignore[union-attr]
    assert check_all_pending() == 1
    found = set(Finding.objects.filter(report=xa1).values_list("other_report_id", flat=True))
    assert found == {dave.pk, fiona.pk}  # the new copy is compared with both, caught up from the database
    assert Finding.objects.count() == 3
    with store.locked(catch_up=arrival.catch_up) as opened:
        opened.flush()
    assert _on_disk() == (3, [])  # each text once


def test_another_workers_checks_are_caught_up_before_checking(reports: Reports) -> None:
    dave = reports.report_of(reports.world.m_dave)
    original = essay(15)
    submit(reports.world.dave, dave, Handed(original))
    assert check_all_pending() == 1  # worker A: in its memory, not yet on disk
    held = store._opened
    store.forget()  # worker B starts with the disk's index
    fiona = reports.report_of(reports.m_fiona)
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    assert check_all_pending() == 1
    assert Finding.objects.get().other_report_id == dave.pk
    assert held is not None and store._opened is not held


def test_a_deleted_index_is_rebuilt_from_the_database_and_old_reports_are_still_found(
    reports: Reports,
) -> None:
    dave = reports.report_of(reports.world.m_dave)
    original = essay(12)
    submit(reports.world.dave, dave, Handed(original))
    assert check_all_pending() == 1
    store.forget()
    shutil.rmtree(store.index_dir())

    fiona = reports.report_of(reports.m_fiona)
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    assert check_all_pending() == 1
    assert Finding.objects.get().other_report_id == dave.pk


@pytest.mark.parametrize("damage", ["segment", "manifest", "bases"])
def test_a_damaged_index_is_rebuilt_and_checking_goes_on(reports: Reports, damage: str) -> None:
    dave = reports.report_of(reports.world.m_dave)
    original = essay(13)
    submit(reports.world.dave, dave, Handed(original))
    check_all_pending()
    with store.locked() as opened:
        opened.flush()
    store.forget()
    directory = store.index_dir()
    if damage == "segment":
        segment = next(directory.glob("seg-*.npz"))
        segment.write_bytes(segment.read_bytes()[:-10])
    elif damage == "manifest":
        (directory / "manifest.json").write_text("{not json")
    else:
        (directory / store.BASES).write_text("{not a list")

    fiona = reports.report_of(reports.m_fiona)
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    assert check_all_pending() == 1
    assert Finding.objects.get().other_report_id == dave.pk


def test_without_a_builder_an_unusable_index_says_which_command_rebuilds_it(reports: Reports) -> None:
    with pytest.raises(IndexFileError, match="quantriet reports reindex"), store.locked():
        pass


def test_reindex_makes_the_index_again_and_a_new_copy_is_found_against_an_old_report(
    reports: Reports, capsys: pytest.CaptureFixture[str]
) -> None:
    dave = reports.report_of(reports.world.m_dave)
    original = essay(14)
    submit(reports.world.dave, dave, Handed(original))
    check_all_pending()
    store.forget()
    shutil.rmtree(store.index_dir())

    assert main(["reports", "reindex"]) == 0
    assert "1 văn bản" in capsys.readouterr().out
    manifest = json.loads((store.index_dir() / "manifest.json").read_text())
    assert sum(s["documents"] for s in manifest["segments"]) == 1
    assert not any(p.name.startswith(".copyindex") for p in store.index_dir().parent.iterdir())

    fiona = reports.report_of(reports.m_fiona)
    submit(reports.fiona, fiona, Handed(lightly_edited(original)))
    assert main(["reports", "check-pending"]) == 0
    assert "1 bài" in capsys.readouterr().out
    finding = Finding.objects.get()
    assert (finding.report_id, finding.other_report_id) == (fiona.pk, dave.pk)


def test_a_rebuild_keeps_what_was_checked_and_leaves_pending_versions_to_their_check(
    reports: Reports,
) -> None:
    dave, fiona = _submit_pair(reports)
    ReportVersion.objects.filter(report=fiona).update(checked_at=None)
    ReportVersion.objects.filter(report=dave).update(checked_at="2026-01-01T00:00:00Z")
    assert rebuild.rebuild() == 1
    assert check_all_pending() == 1
    assert Finding.objects.get().report_id == fiona.pk


class _Stop(Exception):
    pass


def test_the_sweeper_queues_a_check_for_a_version_whose_task_was_lost(
    reports: Reports, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    dave = reports.report_of(reports.world.m_dave)
    submit(reports.world.dave, dave, Handed(essay(16)))  # its task never ran (no on_commit here)
    ReportVersion.objects.update(submitted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    def stop(seconds: float) -> None:
        raise _Stop

    monkeypatch.setattr(time, "sleep", stop)
    with pytest.raises(_Stop):
        main(["reports", "check-pending", "--every", "30"])
    assert "1 bài chờ quá lâu" in capsys.readouterr().out
    assert not ReportVersion.objects.filter(checked_at__isnull=True).exists()  # the queued task ran


def test_an_index_older_than_its_database_never_names_a_text_by_a_reused_id(reports: Reports) -> None:
    """A restored backup or a rolled-back test database reuses ids: the index's "v<id>" then held another
    text. Keys carry a tag of their text, so a pair with such a stale entry is dropped, not shown."""
    world = reports.world
    dave = reports.report_of(world.m_dave)
    submit(world.dave, dave, Handed(essay(81)))
    check_all_pending()
    version = ReportVersion.objects.get(report=dave)
    stale = essay(82)  # what "this id" meant in a database that no longer exists
    with store.locked() as opened:
        opened.add(arrival.version_key(version.pk, "0" * 64), stale)
    submit(reports.fiona, reports.report_of(reports.m_fiona), Handed(lightly_edited(stale)))
    check_all_pending()
    assert not Finding.objects.exists()
