"""The same check gives byte-identical JSON in this process, in worker processes and on a Dask cluster."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.copycheck.clitools import copycheck, prose, write


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("modes")
    shared = [prose(500 + i, 50) for i in range(4)]
    for i in range(40):
        text = prose(i, 150)
        if i % 5 == 0:  # a ring: every fifth report carries two of the shared passages
            text = text[:300] + " " + shared[i % 4] + " " + text[300:] + " " + shared[(i + 1) % 4]
        write(root / "c" / f"bai-{i:02d}.txt", text)
    write(root / "ref" / "mau.txt", prose(1, 150) + " " + shared[3])
    write(root / "ref" / "mau-2.txt", prose(2, 150) + " " + shared[3])
    write(root / "base" / "de-bai.txt", shared[2])
    write(root / "c" / "hong.txt", b"\x00\x00binary")
    return root


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from dask.distributed import LocalCluster

    # The scheduler's thread logs its clients leaving after pytest has closed the captured stream
    # ("--- Logging error ---" in the output); its INFO lines say nothing a test needs.
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
        ) as cluster:
            yield str(cluster.scheduler_address)
    finally:
        quiet.setLevel(level)


def _check(corpus: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> str:
    monkeypatch.chdir(corpus)
    run = copycheck("c", "--reference", "ref", "--base", "base", *extra)
    assert run.status == 0, run.err
    return run.out


def test_in_process_workers_and_a_dask_cluster_write_the_same_bytes(
    corpus: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _check(corpus, monkeypatch)
    assert '"pairs": [\n' in alone  # something was found, so the comparison means something
    assert _check(corpus, monkeypatch, "--workers", "2") == alone
    assert _check(corpus, monkeypatch, "--scheduler", scheduler) == alone


def test_the_installed_command_runs_in_a_fresh_process_with_workers(corpus: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # the JSON must be UTF-8 whatever the locale says
    done = subprocess.run(
        [sys.executable, "-m", "quantriet", "copycheck", "c", "--workers", "2", "--no-progress"],
        cwd=corpus,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b'"id": "c/bai-00.txt"' in done.stdout
    assert "Bỏ qua c/hong.txt".encode() in done.stderr
    assert b"\r" not in done.stderr  # no progress bar when asked for none


def test_the_index_remembers_earlier_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = prose(70, 200)
    write(tmp_path / "nam-truoc" / "bai.txt", first)
    write(tmp_path / "nam-nay" / "bai.txt", prose(71, 80) + " " + first[:600] + " " + prose(72, 80))
    write(tmp_path / "nam-nay" / "khac.txt", prose(73, 200))
    assert copycheck("nam-truoc", "--index", "chi-muc").json()["pairs"] == []
    data = copycheck("nam-nay", "--index", "chi-muc").json()
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [("nam-nay/bai.txt", "nam-truoc/bai.txt")]
    again = copycheck("nam-nay", "--index", "chi-muc").json()  # indexed now, but never against itself
    assert [(p["a"], p["b"]) for p in again["pairs"]] == [("nam-nay/bai.txt", "nam-truoc/bai.txt")]


def test_a_foreign_index_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "chi-muc" / "manifest.json", "không phải chỉ mục")
    write(tmp_path / "c" / "a.txt", prose(80, 100))
    run = copycheck("c", "--index", "chi-muc")
    assert run.status != 0
    assert "Không dùng được chỉ mục chi-muc" in run.err
    assert run.out == ""
