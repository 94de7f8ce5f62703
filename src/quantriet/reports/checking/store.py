"""The deployment's copy index, opened under a lock and kept open in each worker between checks.

The index is derived data: every text in it is a row of the database, under an id naming that row
("v<version id>" for a report version, "l<library text id>" for a library text). A process takes an
exclusive ``flock`` on ``<index>.lock`` for every read-and-write, so two workers or the rebuild command
never interleave (threads of one process also queue on a process-wide lock first: ``flock`` alone would
serialise them too, but the open index is one object per process); a worker keeps its open index while
the manifest on disk is the one it wrote last, and opens it again when another process changed it. Base
texts (documents and guidance everyone may quote) are remembered by digest in ``bases.json`` beside the
manifest.

The database, not the disk, is what makes a check durable. A version is checked into this process's
index in memory, its findings and ``checked_at`` are committed, and the index is written to disk only
now and then (``FLUSH_DOCS`` additions or ``FLUSH_SECONDS``): writing it after every check would rewrite
all of it every few checks (the engine merges its segments into one once there are more than eight),
gigabytes an hour in a deadline burst. What the disk lacks is made good from the database whenever a
process takes the lock (``catch_up``): every version and library text checked since the disk's (or this
process's) watermark and not yet in the index is added, without being checked again — its findings are
rows already. So a crash loses nothing, another process's checks are never missed, and no text is added
twice (``add`` of a text already held under its id is skipped, and ids are looked up before adding).

A missing or unusable index (deleted directory, a file changed on disk, another format version) is
never replaced by an empty one: that would silently stop finding copies of everything checked before.
``locked(build=...)`` makes it again from the database there and then, under the lock it already holds
(the arrival check passes ``rebuild.build_into``); without ``build`` it raises ``IndexFileError`` whose
message names the command that rebuilds it (``quantriet reports reindex``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from quantriet.copycheck import CopyIndex, IndexFileError
from quantriet.files import replacing

BASES = "bases.json"
CHECKPOINT = "checkpoint.json"
# Write the index to disk after this many additions, or this long after the last write. Not more: a
# check scans each unflushed text one by one (about 0.08 ms each for a 2,000-word report, measured),
# while flushed ones are a few binary searches; not fewer: every ninth write merges the whole index.
FLUSH_DOCS = 100
FLUSH_SECONDS = 300.0
REINDEX_COMMAND = "quantriet reports reindex"

log = logging.getLogger(__name__)

# Builds a complete index from the database into an empty directory (and flushes it).
Builder = Callable[[Path], None]


def index_dir() -> Path:
    return Path(settings.COPY_INDEX_DIR)


@dataclass
class Opened:
    """An index open in this process, with what identifies the manifest it last saw."""

    directory: Path
    index: CopyIndex
    signature: tuple[int, int, int]
    bases: set[str] = field(default_factory=set)
    # Every row checked at or before this time is in the index (None: nothing is known).
    watermark: dt.datetime | None = None
    unflushed: int = 0
    flushed_at: float = field(default_factory=time.monotonic)

    def add(self, key: str, text: str, role: str = "cohort") -> bool:
        """Add a text under ``key`` unless the index holds it already; True when it was added."""
        if key in self.index:
            return False
        self.index.add(key, text, role=role)
        self.unflushed += 1
        return True

    def advance(self, watermark: dt.datetime | None) -> None:
        if watermark is not None and (self.watermark is None or watermark > self.watermark):
            self.watermark = watermark

    def add_base(self, text: str) -> bool:
        """Add base text once (by digest); True when it was new."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if digest in self.bases or not text.strip():
            return False
        self.index.add_base(text)
        self.bases.add(digest)
        return True

    def flush(self) -> None:
        """Write everything to disk: the index, then its base digests, then the watermark."""
        self.index.flush()
        with replacing(self.directory / BASES) as stream:
            stream.write(json.dumps(sorted(self.bases)).encode())
        mark = self.watermark.isoformat() if self.watermark is not None else None
        with replacing(self.directory / CHECKPOINT) as stream:
            stream.write(json.dumps({"watermark": mark}).encode())
        self.signature = _signature(self.directory)
        self.unflushed = 0
        self.flushed_at = time.monotonic()

    def flush_if_due(self) -> bool:
        """Flush when enough was added or enough time went by since the last write; True if it did."""
        due = self.unflushed >= FLUSH_DOCS or (
            self.unflushed > 0 and time.monotonic() - self.flushed_at >= FLUSH_SECONDS
        )
        if due:
            self.flush()
        return due


_opened: Opened | None = None
_in_process = threading.RLock()


def _signature(directory: Path) -> tuple[int, int, int]:
    try:
        stat = (directory / "manifest.json").stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _read_bases(directory: Path) -> set[str]:
    try:
        found = json.loads((directory / BASES).read_text())
    except FileNotFoundError:
        return set()
    except (OSError, ValueError) as error:
        raise IndexFileError(f"Tệp {BASES} của chỉ mục {directory} bị hỏng ({error}).") from error
    if not isinstance(found, list) or not all(isinstance(d, str) for d in found):
        raise IndexFileError(f"Tệp {BASES} của chỉ mục {directory} bị hỏng.")
    return set(found)


def _read_watermark(directory: Path) -> dt.datetime | None:
    try:
        found = json.loads((directory / CHECKPOINT).read_text())
        return dt.datetime.fromisoformat(found["watermark"]) if found["watermark"] else None
    except FileNotFoundError:
        return None  # an index written before checkpoints: caught up from the beginning
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexFileError(f"Tệp {CHECKPOINT} của chỉ mục {directory} bị hỏng ({error}).") from error


def _load(directory: Path) -> Opened:
    """The index in ``directory``; ``IndexFileError`` when it is missing or cannot be trusted."""
    if not (directory / "manifest.json").exists():
        raise IndexFileError(f"Không có chỉ mục kiểm tra sao chép ở {directory}.")
    watermark = _read_watermark(directory)
    index = CopyIndex.open(directory)
    return Opened(directory, index, _signature(directory), _read_bases(directory), watermark)


def unusable_message(directory: Path, error: IndexFileError) -> str:
    return (
        f"Chỉ mục kiểm tra sao chép {directory} không dùng được ({error}). Chỉ mục được dựng lại từ cơ sở dữ "
        f"liệu bằng lệnh: {REINDEX_COMMAND}"
    )


@contextmanager
def lock(directory: Path | None = None) -> Iterator[None]:
    """Hold the index's exclusive lock (blocking until other processes and threads let go)."""
    target = directory or index_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _in_process, open(str(target) + ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def locked(
    build: Builder | None = None, catch_up: Callable[[Opened], object] | None = None
) -> Iterator[Opened]:
    """The index, up to date and exclusively ours for the block.

    Args:
        build: makes the index from the database when it is missing or unusable (see the module's
            docstring); without it such an index raises ``IndexFileError``.
        catch_up: adds what was checked since ``Opened.watermark`` (from the database) before the block.

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
            except IndexFileError as error:
                if build is None:
                    raise IndexFileError(unusable_message(directory, error)) from error
                if directory.exists():
                    log.warning(
                        "copy index %s unusable (%s): rebuilding it from the database", directory, error
                    )
                else:
                    log.info("no copy index at %s yet: making it from the database", directory)
                _replace_locked(directory, _built(directory, build))
                _opened = _load(directory)
        try:
            if catch_up is not None:
                catch_up(_opened)
            yield _opened
        except BaseException:
            _opened = None
            raise


def _built(directory: Path, build: Builder) -> Path:
    """A fresh index made by ``build`` in a new directory beside ``directory`` (same file system)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{directory.name}.build-", dir=directory.parent))
    built = scratch / "index"
    try:
        build(built)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return built


def rebuild(build: Builder) -> None:
    """Make the index again with ``build`` and swap it in; other processes wait on the lock meanwhile."""
    directory = index_dir()
    with lock(directory):
        _replace_locked(directory, _built(directory, build))


def forget() -> None:
    """Drop this process's open index (tests, and after a rebuild replaced the directory)."""
    global _opened
    _opened = None


def replace_with(built: Path) -> None:
    """Swap a freshly built index in for the current one (the caller holds ``lock``)."""
    _replace_locked(index_dir(), built)


def _replace_locked(directory: Path, built: Path) -> None:
    old = directory.with_name(directory.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if directory.exists():
        os.replace(directory, old)
    os.replace(built, directory)
    # the scratch folder the build was made in (``_built``), now empty
    if built.parent.name.startswith(f".{directory.name}.build-"):
        shutil.rmtree(built.parent, ignore_errors=True)
    if old.exists():
        shutil.rmtree(old)
    forget()
