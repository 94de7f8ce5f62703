"""A persistent copy index: each new report is checked against everything submitted before it.

The platform's path for a submission is ``index.check(id, text)`` then ``index.add(id, text)``: a report
submitted first is still flagged when its copy arrives later, because the copy is checked against it.

On disk an index is a directory::

    manifest.json        format, version, options, segments with their SHA-256, deleted documents
    base.npy             n-gram hashes of base text (sorted)
    seg-000001.npz ...   one file per flush: ids, roles, texts, token ids, fingerprint postings

Files are written beside their final name and renamed, and the manifest is renamed last, so a crash leaves
the previous state readable. Opening checks the format, the version and every file's checksum: a corrupt,
truncated or foreign index raises ``IndexFileError`` instead of giving a wrong answer.

Several writers may share an index (worker processes, the command line, a rebuild): ``flush`` holds an
exclusive ``flock`` on ``writers.lock`` in the directory, first takes in whatever other writers flushed since
this object last read the disk, then writes; ``open`` holds a shared lock, so it never reads a manifest whose
files a merge is removing. Documents are numbered in the order they reach the disk, and merges keep that
order, so a writer catching up only appends. The lock file is inside the directory, apart from any lock a
caller takes around it (the platform's store locks ``<index>.lock``), so the two nest without deadlock.

In memory, fingerprints are sorted (hash, document) arrays per segment, so a lookup is a few binary
searches; small segments are merged as they accumulate (as in a log-structured merge tree).

Example:
    >>> import tempfile
    >>> text = ("Qua học tập nghị quyết, tôi nhận thức rõ hơn trách nhiệm của người đảng viên ở cơ sở. "
    ...          "Tôi sẽ gương mẫu thực hiện nhiệm vụ được giao, "
    ...          "thường xuyên tu dưỡng đạo đức, lối sống, giữ "
    ...          "mối liên hệ với nhân dân nơi cư trú, sinh hoạt chi bộ đúng định kỳ.")
    >>> with CopyIndex.create(tempfile.mkdtemp() + "/idx") as index:
    ...     index.add("truoc.txt", text)
    ...     [(p.a, p.b, round(p.similarity, 2)) for p in index.check("sau.txt", "Mở đầu. " + text)]
    [('sau.txt', 'truoc.txt', 0.97)]
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.align import align
from quantriet.copycheck.candidates import (
    RING_MAX_SHARE,
    chained_pairs,
    common_threshold,
    mix,
    ring_material,
)
from quantriet.copycheck.check import sort_pairs
from quantriet.copycheck.model import Document, Options, Pair
from quantriet.copycheck.prepare import Prepared, prepare
from quantriet.files import replacing

__all__ = ["CopyIndex", "IndexFileError"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

FORMAT = "quantriet-copyindex"
VERSION = 1
MANIFEST = "manifest.json"
LOCK = "writers.lock"
BASE = "base.npy"
_NO_GRAMS = np.zeros(0, dtype=np.uint64)
_NO_POS = np.zeros(0, dtype=np.int32)
# Merge segments once there are more than this many: lookups stay a handful of binary searches.
_MAX_SEGMENTS = 8


class IndexFileError(Exception):
    """The index on disk cannot be used (missing, corrupt, foreign, another version); ``str()`` says why."""


@dataclass
class _Segment:
    """Documents added together. ``post_hash`` is sorted; ``post_doc`` holds global document numbers."""

    name: str
    first: int  # global number of its first document
    ids: list[str]
    roles: list[str]
    texts: list[str]
    token_bounds: I64  # tokens of document k: tokens[token_bounds[k]:token_bounds[k + 1]]
    tokens: U64
    post_hash: U64
    post_doc: I64
    post_pos: I64  # where the fingerprint first occurs in its document (token index)
    sha256: str = ""  # of its file, known from writing or verifying it: never hashed again

    def entry(self) -> dict[str, Any]:
        """Its line in the manifest."""
        return {"name": self.name, "sha256": self.sha256, "documents": len(self.ids)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _atomic_write(path: Path, write: Any) -> None:
    with replacing(path) as stream:
        write(stream)


@contextlib.contextmanager
def _locked(directory: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold the directory's lock, shared (reading) or exclusive (writing), blocking until it is free.

    ``flock`` belongs to the open file, not the process: two objects in one process (or two threads)
    exclude each other like two processes do, and closing the descriptor always lets go.
    """
    try:
        fd = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError:
        try:
            fd = os.open(directory / LOCK, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            fd = -1  # a read-only copy without a lock file: nobody can be writing to it
    try:
        if fd >= 0:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        if fd >= 0:
            os.close(fd)


class CopyIndex:
    """Documents checked and kept for later checks. Use ``create`` or ``open``; close (or ``with``) when done.

    Safe for several writers at once, in one process or many (see the module's notes on locking); one
    object is not meant to be shared between threads without a lock of the caller's.
    """

    def __init__(self, directory: Path, options: Options, manifest: dict[str, Any]) -> None:
        self.directory = directory
        self.options = options
        self._manifest = manifest
        self._segments: list[_Segment] = []
        self._base: U64 = np.zeros(0, dtype=np.uint64)
        self._number: dict[str, int] = {}  # id -> global document number (live documents only)
        self._deleted: set[int] = set()
        self._pending: list[Prepared] = []
        self._pending_base: list[U64] = []
        self._count = 0

    # -- opening and creating -------------------------------------------------------------------------

    @classmethod
    def create(cls, directory: str | os.PathLike[str], options: Options | None = None) -> CopyIndex:
        """A new, empty index in ``directory`` (created; it must not exist or be empty)."""
        path = Path(directory)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise IndexFileError(f"{path} đã tồn tại và không phải thư mục trống; hãy chọn thư mục khác.")
        path.mkdir(parents=True, exist_ok=True)
        options = options or Options()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "options": options.as_dict(),
            "segments": [],
            "base": None,
            "deleted": [],
        }
        index = cls(path, options, manifest)
        with _locked(path, exclusive=True):
            if (path / MANIFEST).exists():  # another process created it first
                raise IndexFileError(f"{path} đã tồn tại và không phải thư mục trống; hãy chọn thư mục khác.")
            index._write_manifest()
        return index

    @classmethod
    def open(cls, directory: str | os.PathLike[str]) -> CopyIndex:
        """The index in ``directory``, verified file by file.

        Raises:
            IndexFileError: not an index, another format version, a file missing or changed.
        """
        path = Path(directory)
        if not path.is_dir():
            raise IndexFileError(f"{path} không phải chỉ mục kiểm tra sao chép (thiếu {MANIFEST}).")
        with _locked(path, exclusive=False):
            return cls._open_locked(path)

    @classmethod
    def _open_locked(cls, path: Path) -> CopyIndex:
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise IndexFileError(
                f"{path} không phải chỉ mục kiểm tra sao chép (thiếu {MANIFEST})."
            ) from error
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise IndexFileError(f"Tệp {MANIFEST} của chỉ mục {path} bị hỏng ({error}).") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise IndexFileError(f"{path} không phải chỉ mục kiểm tra sao chép của quantriet.")
        if manifest.get("version") != VERSION:
            raise IndexFileError(
                f"Chỉ mục {path} có phiên bản {manifest.get('version')!r}, chương trình này đọc phiên bản "
                f"{VERSION}; hãy dựng lại chỉ mục."
            )
        try:
            options = Options(**manifest["options"])
            index = cls(path, options, manifest)
            for entry in manifest["segments"]:
                index._load_segment(entry)
            if manifest["base"] is not None:
                index._base = np.asarray(index._load_array(manifest["base"]), dtype=np.uint64)
            index._deleted = {int(number) for number in manifest["deleted"]}
        except IndexFileError:
            raise
        except (KeyError, TypeError, ValueError, OSError) as error:
            raise IndexFileError(f"Chỉ mục {path} bị hỏng ({error}); hãy dựng lại chỉ mục.") from error
        for segment in index._segments:
            for offset, doc_id in enumerate(segment.ids):
                number = segment.first + offset
                if number not in index._deleted:
                    index._number[doc_id] = number
        return index

    def _verified(self, entry: dict[str, Any]) -> Path:
        path = self.directory / str(entry["name"])
        if not path.is_file():
            raise IndexFileError(f"Chỉ mục {self.directory} thiếu tệp {entry['name']}; hãy dựng lại chỉ mục.")
        if _sha256(path) != entry["sha256"]:
            raise IndexFileError(
                f"Tệp {entry['name']} của chỉ mục {self.directory} đã bị thay đổi hoặc hỏng; "
                "hãy dựng lại chỉ mục."
            )
        return path

    def _load_array(self, entry: dict[str, Any]) -> Any:
        return np.load(self._verified(entry), allow_pickle=False)

    def _load_segment(self, entry: dict[str, Any]) -> None:
        with np.load(self._verified(entry), allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            blob = bytes(data["text"]).decode("utf-8")
            bounds = data["text_bounds"]
            texts = [blob[bounds[k] : bounds[k + 1]] for k in range(len(meta["ids"]))]
            segment = _Segment(
                name=str(entry["name"]),
                first=self._count,
                ids=list(meta["ids"]),
                roles=list(meta["roles"]),
                texts=texts,
                token_bounds=data["token_bounds"].astype(np.int64),
                tokens=data["tokens"].astype(np.uint64),
                post_hash=data["post_hash"].astype(np.uint64),
                post_doc=data["post_doc"].astype(np.int64) + self._count,
                post_pos=data["post_pos"].astype(np.int64),
                sha256=str(entry["sha256"]),
            )
        if not (len(segment.ids) == len(segment.roles) == len(segment.token_bounds) - 1):
            raise IndexFileError(f"Tệp {entry['name']} của chỉ mục {self.directory} không nhất quán.")
        self._segments.append(segment)
        self._count += len(segment.ids)

    # -- adding ---------------------------------------------------------------------------------------

    def __len__(self) -> int:
        """Live documents (added and not replaced), flushed or not."""
        return len(self._number)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._number

    def add(self, doc_id: str, text: str, role: str = "cohort") -> None:
        """Keep ``text`` for later checks; an id already present is replaced by the new text.

        Visible to ``check`` at once; on disk after ``flush``.
        """
        if role not in ("cohort", "reference"):
            raise ValueError(f"role must be 'cohort' or 'reference', got {role!r}")
        previous = self._number.get(doc_id)
        if previous is not None:
            if self._text(previous) == text and self._role(previous) == role:
                return  # re-adding the same document changes nothing
            self._deleted.add(previous)
        prepared = prepare(Document(doc_id, text, role), self.options)
        self._pending.append(prepared)
        self._number[doc_id] = self._count + len(self._pending) - 1

    def add_base(self, text: str) -> None:
        """Text everyone may share from now on (the resolution studied, the prompt, a template)."""
        self._pending_base.append(prepare(Document("base", text, "base"), self.options).grams)

    def flush(self) -> None:
        """Write what was added since the last flush; the index on disk is then complete and consistent.

        What other writers flushed meanwhile is taken in first, so nothing of theirs is lost or overwritten.
        """
        with _locked(self.directory, exclusive=True):
            self._catch_up()
            self._flush_locked()

    def _catch_up(self) -> None:
        """Take in the segments, deletions and base text that other writers flushed since this object read."""
        try:
            disk = json.loads((self.directory / MANIFEST).read_text(encoding="utf-8"))
            entries = list(disk["segments"])
            disk_deleted = {int(number) for number in disk["deleted"]}
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise IndexFileError(f"Tệp {MANIFEST} của chỉ mục {self.directory} bị hỏng ({error}).") from error
        # Numbers given to pending documents and to their replaced versions move with the count.
        before = self._count
        pending_deleted = {number - before for number in self._deleted if number >= before}
        self._deleted = {number for number in self._deleted if number < before} | disk_deleted
        if [entry["name"] for entry in entries] != [segment.name for segment in self._segments]:
            held = {segment.name: segment for segment in self._segments}
            self._segments, self._count = [], 0
            try:
                for entry in entries:
                    segment = held.get(str(entry["name"]))
                    if (
                        segment is not None
                        and segment.sha256 == entry["sha256"]
                        and segment.first == self._count
                    ):
                        self._segments.append(segment)
                        self._count += len(segment.ids)
                    else:
                        self._load_segment(entry)
            except IndexFileError:
                raise
            except (KeyError, TypeError, ValueError, OSError) as error:
                raise IndexFileError(
                    f"Chỉ mục {self.directory} bị hỏng ({error}); hãy dựng lại chỉ mục."
                ) from error
        if disk["base"] is not None and disk["base"] != self._manifest["base"]:
            theirs = np.asarray(self._load_array(disk["base"]), dtype=np.uint64)
            self._base = np.union1d(self._base, theirs)
        self._manifest = disk
        self._number = {}
        for segment in self._segments:
            for offset, doc_id in enumerate(segment.ids):
                if segment.first + offset not in self._deleted:
                    self._number[doc_id] = segment.first + offset
        self._deleted |= {self._count + offset for offset in pending_deleted}
        for offset, prepared in enumerate(self._pending):
            number = self._count + offset
            if number in self._deleted:
                continue
            previous = self._number.get(prepared.id)
            if previous is not None:
                self._deleted.add(previous)  # this writer's later text replaces the one flushed meanwhile
            self._number[prepared.id] = number

    def _flush_locked(self) -> None:
        if self._pending:
            self._segments.append(self._write_segment(self._pending))
            self._count += len(self._pending)
            self._pending = []
        if self._pending_base:
            self._base = np.unique(np.concatenate([self._base, *self._pending_base]))
            self._pending_base = []
            name = f"base-{len(self._manifest['segments']):06d}.npy"
            path = self.directory / name
            _atomic_write(path, lambda stream: np.save(stream, self._base, allow_pickle=False))
            old = self._manifest["base"]
            self._manifest["base"] = {"name": name, "sha256": _sha256(path)}
            if old is not None and old["name"] != name:
                (self.directory / old["name"]).unlink(missing_ok=True)
        if len(self._segments) > _MAX_SEGMENTS:
            self._merge()
        self._manifest["segments"] = [s.entry() for s in self._segments]
        self._manifest["deleted"] = sorted(self._deleted)
        self._write_manifest()

    def _write_segment(self, documents: list[Prepared]) -> _Segment:
        first = self._count
        token_bounds = np.zeros(len(documents) + 1, dtype=np.int64)
        token_bounds[1:] = np.cumsum([len(p.tokens) for p in documents])
        tokens = np.concatenate([p.tokens for p in documents]) if documents else np.zeros(0, np.uint64)
        hashes = [p.grams for p in documents]
        places = [p.positions for p in documents]
        owners = [np.full(len(p.grams), first + offset, dtype=np.int64) for offset, p in enumerate(documents)]
        post_hash, post_doc = np.concatenate(hashes), np.concatenate(owners)
        post_pos = np.concatenate(places).astype(np.int64)
        order = np.argsort(post_hash, kind="stable")
        segment = _Segment(
            name=f"seg-{first:09d}-{len(documents):06d}.npz",
            first=first,
            ids=[p.id for p in documents],
            roles=[p.role for p in documents],
            texts=[p.text for p in documents],
            token_bounds=token_bounds,
            tokens=tokens,
            post_hash=post_hash[order],
            post_doc=post_doc[order],
            post_pos=post_pos[order],
        )
        self._save(segment)
        return segment

    def _save(self, segment: _Segment) -> None:
        encoded = [text.encode("utf-8") for text in segment.texts]
        # offsets in characters of the decoded blob: texts are cut back out of it after decoding
        text_bounds = np.zeros(len(segment.texts) + 1, dtype=np.int64)
        text_bounds[1:] = np.cumsum([len(text) for text in segment.texts])
        meta = json.dumps({"ids": segment.ids, "roles": segment.roles}, ensure_ascii=False).encode("utf-8")
        arrays: dict[str, npt.NDArray[Any]] = {
            "meta": np.frombuffer(meta, dtype=np.uint8),
            "text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
            "text_bounds": text_bounds,
            "token_bounds": segment.token_bounds,
            "tokens": segment.tokens,
            "post_hash": segment.post_hash,
            "post_doc": (segment.post_doc - segment.first).astype(np.int32),
            "post_pos": segment.post_pos.astype(np.int32),
        }
        path = self.directory / segment.name
        _atomic_write(path, lambda stream: np.savez(stream, **arrays))  # type: ignore[arg-type]
        segment.sha256 = _sha256(path)

    def _merge(self) -> None:
        """Merge every segment into one (old files are removed once the manifest no longer names them)."""
        old = self._segments
        merged = _Segment(
            name=f"seg-{0:09d}-{self._count:06d}-m{len(self._manifest['segments']):04d}.npz",
            first=0,
            ids=[doc_id for s in old for doc_id in s.ids],
            roles=[role for s in old for role in s.roles],
            texts=[text for s in old for text in s.texts],
            token_bounds=np.concatenate(
                [[0], np.cumsum(np.concatenate([np.diff(s.token_bounds) for s in old]))]
            ).astype(np.int64),
            tokens=np.concatenate([s.tokens for s in old]),
            post_hash=np.zeros(0, dtype=np.uint64),
            post_doc=np.zeros(0, dtype=np.int64),
            post_pos=np.zeros(0, dtype=np.int64),
        )
        hashes = np.concatenate([s.post_hash for s in old])
        owners = np.concatenate([s.post_doc for s in old])
        places = np.concatenate([s.post_pos for s in old])
        order = np.argsort(hashes, kind="stable")
        merged.post_hash, merged.post_doc, merged.post_pos = hashes[order], owners[order], places[order]
        self._save(merged)
        self._segments = [merged]
        self._manifest["segments"] = [merged.entry()]
        self._write_manifest()
        for segment in old:
            (self.directory / segment.name).unlink(missing_ok=True)

    def _write_manifest(self) -> None:
        data = json.dumps(self._manifest, ensure_ascii=False, indent=1).encode("utf-8")
        _atomic_write(self.directory / MANIFEST, lambda stream: stream.write(data))

    # -- reading --------------------------------------------------------------------------------------

    def _locate(self, number: int) -> tuple[_Segment | None, int]:
        if number >= self._count:
            return None, number - self._count
        for segment in self._segments:
            if number < segment.first + len(segment.ids):
                return segment, number - segment.first
        raise IndexError(number)

    def _text(self, number: int) -> str:
        segment, offset = self._locate(number)
        return self._pending[offset].text if segment is None else segment.texts[offset]

    def _role(self, number: int) -> str:
        segment, offset = self._locate(number)
        return self._pending[offset].role if segment is None else segment.roles[offset]

    def _prepared(self, number: int) -> Prepared:
        segment, offset = self._locate(number)
        if segment is None:
            return self._pending[offset]
        lo, hi = int(segment.token_bounds[offset]), int(segment.token_bounds[offset + 1])
        text = segment.texts[offset]
        tokens = segment.tokens[lo:hi]
        # fingerprints are not needed to align
        return Prepared(
            segment.ids[offset], segment.roles[offset], len(text), text, tokens, _NO_GRAMS, _NO_POS
        )

    def _postings(self, sampled: U64) -> tuple[I64, I64, I64]:
        """Every posting of ``sampled``'s hashes: (document numbers, index into ``sampled``, position)."""
        docs: list[I64] = []
        which: list[I64] = []
        places: list[I64] = []
        for segment in self._segments:
            left = np.searchsorted(segment.post_hash, sampled, side="left")
            right = np.searchsorted(segment.post_hash, sampled, side="right")
            counts = right - left
            total = int(counts.sum())
            if total == 0:
                continue
            rows = np.repeat(left, counts) + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            docs.append(segment.post_doc[rows])
            places.append(segment.post_pos[rows])
            which.append(np.repeat(np.arange(len(sampled)), counts))
        for offset, pending in enumerate(self._pending):
            mine = np.flatnonzero(np.isin(sampled, pending.grams))
            theirs = np.searchsorted(pending.grams, sampled[mine])
            docs.append(np.full(len(mine), self._count + offset, dtype=np.int64))
            which.append(mine.astype(np.int64))
            places.append(pending.positions[theirs].astype(np.int64))
        if not docs:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(docs), np.concatenate(which), np.concatenate(places)

    def check(self, doc_id: str, text: str) -> list[Pair]:
        """Pairs between the document ``text`` (as ``a``, id ``doc_id``) and the documents in the index.

        A document kept under the same id is not compared (it is this document's earlier version).
        Candidates are chosen as in a cohort check (``candidates``): a chain of shared fingerprints
        that are neither base text nor common in the index.
        """
        query = prepare(Document(doc_id, text, "cohort"), self.options)
        sampled = query.grams
        docs, which, places = self._postings(sampled)
        if self._deleted:
            live = ~np.isin(docs, np.fromiter(self._deleted, dtype=np.int64))
            docs, which, places = docs[live], which[live], places[live]
        frequency = np.bincount(which, minlength=len(sampled))
        frequent = frequency >= common_threshold(len(self), self.options)
        if frequent.any():
            signatures = np.zeros(len(sampled), dtype=np.uint64)
            np.add.at(signatures, which, mix(docs))
            minority = frequent & (frequency <= RING_MAX_SHARE * len(self))
            frequent &= ~ring_material(minority, signatures, self.options)
        common = sampled[frequent]
        base = self._base
        if self._pending_base:
            base = np.union1d(base, np.concatenate(self._pending_base))
        excluded = np.union1d(base, common)
        useful = ~np.isin(sampled[which], excluded) if len(excluded) else np.ones(len(which), dtype=bool)
        own = self._number.get(doc_id, -1)
        useful &= docs != own
        numbers = chained_pairs(
            docs[useful], query.positions[which[useful]].astype(np.int64), places[useful], self.options
        )
        found: list[Pair] = []
        for number in numbers.tolist():
            pair = align(query, self._prepared(number), base, self.options, common=common)
            if pair is not None:
                found.append(pair)
        return list(sort_pairs(found))

    def close(self) -> None:
        """Flush what is pending; the index can be opened again later."""
        if self._pending or self._pending_base:
            self.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
