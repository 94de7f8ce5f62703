"""The deployment's copy index, opened under a lock and kept open in each worker between checks.

The index is derived data: every text in it is a row of the database, under an id naming that row
("v<version id>" for a report version, "l<library text id>" for a library text). A process takes an
exclusive ``flock`` on ``<index>.lock`` for every read-and-write, so two workers or the rebuild command
never interleave; a worker keeps its open index while the manifest on disk is the one it wrote last, and
opens it again when another process changed it. Base texts (documents and guidance everyone may quote)
are remembered by digest in ``bases.json`` beside the manifest.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from quantriet.copycheck import CopyIndex, IndexFileError
from quantriet.files import replacing

BASES = "bases.json"


def index_dir() -> Path:
    return Path(settings.COPY_INDEX_DIR)


@dataclass
class Opened:
    """An index open in this process, with what identifies the manifest it last saw."""

    directory: Path
    index: CopyIndex
    signature: tuple[int, int, int]
    bases: set[str] = field(default_factory=set)

    def add_base(self, text: str) -> bool:
        """Add base text once (by digest); True when it was new."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if digest in self.bases or not text.strip():
            return False
        self.index.add_base(text)
        self.bases.add(digest)
        return True

    def flush(self) -> None:
        self.index.flush()
        with replacing(self.directory / BASES) as stream:
            stream.write(json.dumps(sorted(self.bases)).encode())
        self.signature = _signature(self.directory)


_opened: Opened | None = None


def _signature(directory: Path) -> tuple[int, int, int]:
    try:
        stat = (directory / "manifest.json").stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _load(directory: Path) -> Opened:
    if (directory / "manifest.json").exists():
        index = CopyIndex.open(directory)
    else:
        if directory.exists():
            shutil.rmtree(directory)  # a directory without a manifest is a create that never finished
        directory.parent.mkdir(parents=True, exist_ok=True)
        index = CopyIndex.create(directory)
    bases: set[str] = set()
    with contextlib.suppress(FileNotFoundError, ValueError):
        bases = set(json.loads((directory / BASES).read_text()))
    return Opened(directory, index, _signature(directory), bases)


@contextmanager
def lock(directory: Path | None = None) -> Iterator[None]:
    """Hold the index's exclusive lock (blocking until other processes let go)."""
    target = directory or index_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(str(target) + ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def locked() -> Iterator[Opened]:
    """The index, up to date and exclusively ours for the block.

    If the block fails, the in-memory index is dropped (it may hold additions never flushed) and the next
    caller opens it again from disk, where the last flush is complete.
    """
    global _opened
    directory = index_dir()
    with lock(directory):
        if _opened is None or _opened.directory != directory or _opened.signature != _signature(directory):
            _opened = None
            try:
                _opened = _load(directory)
            except IndexFileError:
                raise
        try:
            yield _opened
        except BaseException:
            _opened = None
            raise


def forget() -> None:
    """Drop this process's open index (tests, and after a rebuild replaced the directory)."""
    global _opened
    _opened = None


def replace_with(built: Path) -> None:
    """Swap a freshly built index in for the current one (the caller holds ``lock``)."""
    directory = index_dir()
    old = directory.with_name(directory.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if directory.exists():
        os.replace(directory, old)
    os.replace(built, directory)
    if old.exists():
        shutil.rmtree(old)
    forget()
