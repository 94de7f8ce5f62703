"""The files of a copy check: which ones, under which ids, and their text (or why it could not be read).

Ids follow the command-line contract (shared/contracts/copycheck.md): a file's path as found, relative
to the current directory when the path given was relative, absolute otherwise, with directories searched
recursively in sorted order so that two runs over the same tree list the same documents in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from quantriet.copycheck.model import Document
from quantriet.copycheck.report import SkippedFile
from quantriet.text import ExtractionError, extract_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "InputError",
    "InputFile",
    "LoadedText",
    "SkippedFile",
    "collect_inputs",
    "load_document",
    "load_text",
    "unique_inputs",
]

# Far above any learning report; a larger file is a mistake (a scanned book, a database dump) that would
# only cost memory.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class InputError(ValueError):
    """A path given on the command line does not exist or cannot be listed; ``str()`` is Vietnamese."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read: its document id, where it is, and the role the command line gave it."""

    id: str
    path: str
    role: str
    # Whether ``path`` is a symbolic link, when the directory listing said so (no system call needed to
    # find the file's real path then); None: not known, asked when needed.
    symlink: bool | None = None


@dataclass(frozen=True, slots=True)
class LoadedText:
    """The text of an input file, exactly as decoded (offsets in the results are offsets into it)."""

    source: InputFile
    text: str


def _is_hidden(name: str) -> bool:
    # Editors' and operating systems' litter (.DS_Store, .~lock files, .git) is not a report.
    return name.startswith(".")


def _walk(top: str) -> Iterable[tuple[str, bool]]:
    """The files under ``top``, in order, each with whether it is a symbolic link."""
    entries: list[tuple[str, bool, bool]] = []
    try:
        with os.scandir(top) as scan:
            for entry in scan:
                if not _is_hidden(entry.name):
                    entries.append((entry.name, entry.is_dir(follow_symlinks=True), entry.is_symlink()))
    except OSError as error:
        raise InputError(
            f"Không đọc được thư mục {top}: {error.strerror or error}. Hãy kiểm tra quyền đọc thư mục."
        ) from error
    for name, is_dir, is_link in sorted(entries):
        path = os.path.join(top, name)
        if is_dir:
            yield from _walk(path)
        else:
            yield path, is_link


def _shown(path: str) -> str:
    shown = path if os.path.isabs(path) else os.path.normpath(path)
    return PurePath(shown).as_posix() if os.sep != "/" else shown


def collect_inputs(paths: Sequence[str], role: str) -> list[InputFile]:
    """The files named by ``paths`` (files, or directories searched recursively) with their ids.

    Raises:
        InputError: a path does not exist.
    """
    found: list[InputFile] = []
    for given in paths:
        if not os.path.exists(given):
            raise InputError(
                f"Không tìm thấy {given}: tệp hoặc thư mục không tồn tại. Hãy kiểm tra lại đường dẫn."
            )
        base = os.path.normpath(given) if not os.path.isabs(given) else given
        files = list(_walk(base)) if os.path.isdir(given) else [(base, os.path.islink(base))]
        found.extend(InputFile(_shown(path), path, role, is_link) for path, is_link in files)
    return found


def unique_inputs(groups: Sequence[Sequence[InputFile]]) -> list[InputFile]:
    """Each file once, in the first group that names it (cohort before reference before base)."""
    seen: set[str] = set()
    unique: list[InputFile] = []
    folders: dict[str, str] = {}  # realpath resolves every folder of the path: once per folder here
    for group in groups:
        for item in group:
            folder, name = os.path.split(item.path)
            is_link = item.symlink if item.symlink is not None else os.path.islink(item.path)
            if is_link or name in ("", os.curdir, os.pardir):
                key = os.path.realpath(item.path)
            else:
                real = folders.get(folder)
                if real is None:
                    real = folders[folder] = os.path.realpath(folder)
                key = os.path.join(real, name)
            if key not in seen:
                seen.add(key)
                unique.append(item)
    return unique


def load_text(source: InputFile, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText | SkippedFile:
    """Read and decode one file; a file that cannot be read becomes a :class:`SkippedFile`.

    A module-level function taking plain values, so runners can call it in other processes.
    """
    try:
        size = os.stat(source.path).st_size
        if size > max_bytes:
            # Refuse before reading: a 100 MB file should cost nothing.
            raise ExtractionError(
                "too_large",
                f"Tệp có dung lượng {size / 1048576:.0f} MB, vượt quá giới hạn {max_bytes / 1048576:.0f} MB "
                "của một bài; hãy kiểm tra lại tệp (có thể nhầm tệp) hoặc tăng giới hạn bằng --max-mb.",
                f"The file is {size / 1048576:.0f} MB, over the limit of {max_bytes / 1048576:.0f} MB "
                "for one report; check the file or raise the limit with --max-mb.",
            )
        return LoadedText(source, extract_text(_read(source.path, size), source.path).text)
    except ExtractionError as error:
        return SkippedFile(source.id, error.message("vi"), error.code)
    except OSError as error:
        return SkippedFile(
            source.id,
            f"Không đọc được tệp: {error.strerror or error}. Hãy kiểm tra quyền đọc tệp.",
            "unreadable",
        )


def _read(path: str, size: int) -> bytes:
    """The whole file (``size`` bytes when it has not grown since): ``os.read`` on a descriptor, without
    the buffered file object ``open`` builds (half the cost of reading a report of a few kilobytes)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = [os.read(descriptor, size + 1)]
        while chunks[-1]:  # to the end, as ``read()`` does
            chunks.append(os.read(descriptor, max(size, 1 << 16)))
    finally:
        os.close(descriptor)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def load_document(source: InputFile, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | SkippedFile:
    """``load_text`` as the engine's loader (``check_sources``): a Document in the file's role, or why not."""
    loaded = load_text(source, max_bytes)
    if isinstance(loaded, SkippedFile):
        return loaded
    return Document(source.id, loaded.text, source.role)
