"""The aligning stage may read the token ids the fingerprinting stage stored instead of the files: the
result is the same either way, the store is removed afterwards, and a file edited in between is aligned
as it reads now."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

from quantriet.copycheck import Document
from quantriet.copycheck import check as check_module
from quantriet.copycheck.check import check_sources
from quantriet.copycheck.runners import LocalRunner, ProcessRunner
from tests.copycheck.clitools import prose

T = TypeVar("T")
R = TypeVar("R")


class _Elsewhere:
    """A runner whose workers do not share this machine's disk (as a Dask cluster's may not)."""

    def map(self, func: Callable[[T], R], items: Sequence[T], chunksize: int | None = None) -> list[R]:
        return [func(item) for item in items]


def _documents() -> dict[str, Document]:
    shared = prose(7, 150)
    texts = {
        "a": f"{prose(1, 80)} {shared} {prose(2, 60)}",
        "b": f"{prose(3, 40)} {shared}",
        "c": f"{shared[: len(shared) // 2]} {prose(4, 120)}",
        "d": prose(5, 200),
    }
    return {name: Document(name, text) for name, text in texts.items()}


def _stores() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "quantriet-copycheck-*")))


def test_stored_tokens_give_the_result_of_reading_the_files_again() -> None:
    documents = _documents()
    before = _stores()
    reread, _ = check_sources(list(documents), documents.__getitem__, runner=_Elsewhere())
    with LocalRunner() as local:
        here, _ = check_sources(list(documents), documents.__getitem__, runner=local)
    with ProcessRunner(2) as processes:
        there, _ = check_sources(list(documents), documents.__getitem__, runner=processes)
    assert reread.pairs and here == reread and there == reread
    assert _stores() == before


def test_a_file_edited_after_fingerprinting_is_aligned_as_it_reads_now() -> None:
    documents = _documents()
    calls: dict[str, int] = {}

    def load(name: str) -> Document:
        calls[name] = calls.get(name, 0) + 1
        document = documents[name]
        if name == "b" and calls[name] > 1:  # read again for its passages: a word added in front
            return Document(name, "Thêm " + document.text)
        return document

    result, _ = check_sources(list(documents), load, runner=LocalRunner())
    edited = {name: Document(name, "Thêm " + d.text) if name == "b" else d for name, d in documents.items()}
    expected, _ = check_sources(list(edited), edited.__getitem__, runner=_Elsewhere())
    with_b = [pair for pair in result.pairs if "b" in (pair.a, pair.b)]
    assert with_b and with_b == [pair for pair in expected.pairs if "b" in (pair.a, pair.b)]


def _never(*args: object) -> None:
    raise AssertionError("a document was prepared again instead of read from the token store")


def test_worker_processes_find_the_stored_tokens_of_unchanged_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text keys taken where a document was fingerprinted match in whichever worker aligns it (the
    workers are forked after this patch, so preparing a document again fails the check there)."""
    documents = _documents()
    monkeypatch.setattr(check_module, "prepare", _never)
    with ProcessRunner(2) as processes:
        result, _ = check_sources(list(documents), documents.__getitem__, runner=processes)
    assert len(result.pairs) >= 2


def test_a_store_that_cannot_be_written_loses_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The store's directory gone (or the disk full): each batch keeps its arrays, the aligning stage reads
    the documents again, and the result is the one without a store."""
    documents = _documents()
    expected, _ = check_sources(list(documents), documents.__getitem__, runner=_Elsewhere())
    gone = str(tmp_path / "da-xoa")
    monkeypatch.setattr(check_module, "_token_store", lambda runner: gone)
    with ProcessRunner(2) as processes:
        result, _ = check_sources(list(documents), documents.__getitem__, runner=processes)
    assert expected.pairs and result == expected
    assert not os.path.exists(gone)
