"""Runners apply a function to every item and give the results back in the items' order, in any mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from quantriet.copycheck.runners import (
    DaskRunner,
    LocalRunner,
    ProcessRunner,
    RunnerError,
    default_chunksize,
)


def square_and_pid(value: int) -> tuple[int, int]:
    import os

    return value * value, os.getpid()


def fail_on_seven(value: int) -> int:
    if value == 7:
        raise ValueError("seven is refused")
    return value


@pytest.fixture(scope="module")
def dask_runner() -> Iterator[DaskRunner]:
    # Threads in this process: a real scheduler and workers, without the start-up cost of processes.
    with DaskRunner(workers=2, processes=False) as runner:
        yield runner


@pytest.mark.parametrize("chunksize", [None, 1, 3, 1000])
def test_every_runner_returns_results_in_the_order_of_the_items(
    chunksize: int | None, dask_runner: DaskRunner
) -> None:
    items = list(range(-20, 37))
    expected = [value * value for value in items]
    with ProcessRunner(workers=2) as processes:
        for runner in (LocalRunner(), processes, dask_runner):
            assert [square for square, _ in runner.map(square_and_pid, items, chunksize)] == expected


def test_the_process_runner_really_uses_other_processes() -> None:
    import os

    with ProcessRunner(workers=2) as runner:
        pids = {pid for _, pid in runner.map(square_and_pid, list(range(200)), 10)}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_an_empty_list_gives_an_empty_list_without_starting_anything(dask_runner: DaskRunner) -> None:
    runner = ProcessRunner(workers=2)
    assert runner.map(square_and_pid, []) == []
    assert runner._pool is None
    assert LocalRunner().map(square_and_pid, []) == []
    assert dask_runner.map(square_and_pid, []) == []


def test_an_error_in_a_worker_reaches_the_caller(dask_runner: DaskRunner) -> None:
    with ProcessRunner(workers=2) as processes:
        for runner in (LocalRunner(), processes, dask_runner):
            with pytest.raises(ValueError, match="seven is refused"):
                runner.map(fail_on_seven, list(range(20)), 4)


def test_progress_is_reported_per_chunk_up_to_the_total(dask_runner: DaskRunner) -> None:
    seen: list[tuple[int, int]] = []
    dask_runner.progress = lambda done, total: seen.append((done, total))
    try:
        dask_runner.map(square_and_pid, list(range(10)), 3)
    finally:
        dask_runner.progress = None
    assert [total for _, total in seen] == [10] * 4
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (10, 10)
    local: list[tuple[int, int]] = []
    LocalRunner(progress=lambda done, total: local.append((done, total))).map(square_and_pid, [1, 2, 3], 2)
    assert local == [(2, 3), (3, 3)]


def test_chunks_give_each_worker_several_and_stay_bounded() -> None:
    assert default_chunksize(0, 2) == 1
    assert default_chunksize(10, 2) == 1
    assert default_chunksize(1600, 2) == 100
    assert default_chunksize(10_000_000, 2) == 2000


def test_a_process_runner_needs_at_least_one_worker() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ProcessRunner(workers=0)


def test_an_unreachable_scheduler_is_a_clear_vietnamese_error() -> None:
    with pytest.raises(RunnerError, match=r"Không kết nối được bộ điều phối Dask tcp://127\.0\.0\.1:9"):
        DaskRunner("tcp://127.0.0.1:9", timeout=2)
