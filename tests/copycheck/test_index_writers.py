"""Several writers on one copy index at once: nothing lost, nothing corrupted, readers see a whole index."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from quantriet.copycheck import CopyIndex, IndexFileError
from tests.copycheck.clitools import prose

WRITERS = 4
ROUNDS = 6  # flushes per writer: 24 segments in all, so merges happen while others write


def _text(writer: int, k: int) -> str:
    return prose(10_000 + 100 * writer + k, 80)


def _write(directory: str, writer: int, start: multiprocessing.synchronize.Event) -> None:
    start.wait()
    index = CopyIndex.open(directory)  # opened before the others flush: its view goes stale at once
    for k in range(ROUNDS):
        index.add(f"w{writer}/{k}.txt", _text(writer, k))
        index.add("shared.txt", f"{_text(writer, 99)} {k}")  # the same id from every writer
        index.flush()
    index.close()


def _read(
    directory: str, start: multiprocessing.synchronize.Event, errors: multiprocessing.Queue[str]
) -> None:
    start.wait()
    for _ in range(40):
        try:
            CopyIndex.open(directory).close()
        except IndexFileError as error:
            errors.put(str(error))


def test_writers_in_several_processes_lose_nothing_and_readers_never_see_a_broken_index(
    tmp_path: Path,
) -> None:
    directory = str(tmp_path / "idx")
    CopyIndex.create(directory).close()
    context = multiprocessing.get_context("fork")
    start = context.Event()
    errors: multiprocessing.Queue[str] = context.Queue()
    processes = [context.Process(target=_write, args=(directory, w, start)) for w in range(WRITERS)]
    processes.append(context.Process(target=_read, args=(directory, start, errors)))
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0

    assert errors.empty()
    with CopyIndex.open(directory) as index:
        expected = {f"w{w}/{k}.txt" for w in range(WRITERS) for k in range(ROUNDS)} | {"shared.txt"}
        assert len(index) == len(expected)
        assert all(doc_id in index for doc_id in expected)
        # every writer's text is really there: a copy of it is found, under its own id
        for w in range(WRITERS):
            found = index.check("ban-sao.txt", _text(w, ROUNDS - 1))
            assert [pair.b for pair in found] == [f"w{w}/{ROUNDS - 1}.txt"]
        # one text for the id every writer used: the last one flushed, never two
        shared = [
            p.b for w in range(WRITERS) for p in index.check("x.txt", _text(w, 99)) if p.b == "shared.txt"
        ]
        assert len(shared) == 1


def test_an_object_that_stayed_open_takes_in_what_others_flushed_before_it_writes(tmp_path: Path) -> None:
    directory = tmp_path / "idx"
    first = CopyIndex.create(directory)
    second = CopyIndex.open(directory)
    first.add("an.txt", _text(1, 1))
    first.flush()
    second.add("binh.txt", _text(2, 2))
    second.add("an.txt", _text(3, 3))  # replaces the version the first writer flushed
    second.flush()
    first.add("chi.txt", _text(4, 4))
    first.flush()
    with CopyIndex.open(directory) as index:
        assert len(index) == 3
        assert [p.b for p in index.check("q.txt", _text(3, 3))] == ["an.txt"]
        assert index.check("q.txt", _text(1, 1)) == []  # the replaced version is gone
        assert [p.b for p in index.check("q.txt", _text(4, 4))] == ["chi.txt"]
