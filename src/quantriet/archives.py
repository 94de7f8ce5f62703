"""Opening what an outsider sent as a zip of XML parts (DOCX, XLSX) without letting it exhaust memory.

Pure Python, shared by the DOCX reader and the spreadsheet importers. Two guards:

- ``check_zip`` reads only the archive's directory: too many parts, or parts that declare more
  uncompressed bytes than a real document needs, are refused before anything is inflated. The
  declared sizes are binding: ``zipfile`` never inflates a part past its declared size (it stops and
  fails the CRC check), so they bound what reading the archive can cost.
- ``walk_xml`` streams one part through expat (C speed, no tree kept) and refuses nesting deeper
  than a real document has: parsers that build a tree (openpyxl's, ElementTree) keep every open
  ancestor, so a few megabytes of ``<a><a><a>…`` become gigabytes.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.parsers import expat

__all__ = ["ZIP_ERRORS", "ArchiveRefused", "XmlWalker", "ZipLimits", "check_zip", "walk_xml"]

_CHUNK = 1 << 20
# What zipfile raises on a damaged or unreadable archive or member, besides BadZipFile: a local header
# that disagrees with the directory, bad compressed data, an encrypted part, an unknown method.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)


class ArchiveRefused(ValueError):
    """The archive or one of its parts is damaged or larger than allowed.

    ``reason`` is one of ``corrupt``, ``too_large``, ``too_many_entries``, ``part_too_large``,
    ``too_deep``, ``too_many_elements``; ``part`` names the part concerned, when there is one.
    """

    def __init__(self, reason: str, part: str = "") -> None:
        super().__init__(f"{reason}: {part}" if part else reason)
        self.reason = reason
        self.part = part


@dataclass(frozen=True)
class ZipLimits:
    max_total: int  # declared uncompressed bytes of all parts together
    max_entries: int
    # Declared uncompressed bytes of one part, by name; parts not named are bound by max_total only.
    max_part: tuple[tuple[str, int], ...] = ()


def check_zip(source: str | Path | IO[bytes], limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The archive's directory, once it is known to stay within ``limits``; raises ``ArchiveRefused``."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as error:
        raise ArchiveRefused("corrupt") from error
    if len(infos) > limits.max_entries:
        raise ArchiveRefused("too_many_entries")
    if sum(info.file_size for info in infos) > limits.max_total:
        raise ArchiveRefused("too_large")
    per_part = dict(limits.max_part)
    for info in infos:
        limit = per_part.get(info.filename)
        if limit is not None and info.file_size > limit:
            raise ArchiveRefused("part_too_large", info.filename)
    return infos


StartHandler = Callable[[str, dict[str, str], int], None]  # (tag without namespace, attributes, depth)
EndHandler = Callable[[str, int], None]
TextHandler = Callable[[str], None]


class XmlWalker:
    """Feed one part's bytes through expat as they come, calling the handlers; see ``walk_xml``.

    Fed chunk by chunk, it can check a part while another parser reads it (``feed`` each chunk that
    parser is about to read), so only the bytes that are really read are checked, once.
    """

    def __init__(
        self,
        *,
        max_depth: int,
        part: str = "",
        start: StartHandler | None = None,
        end: EndHandler | None = None,
        text: TextHandler | None = None,
    ) -> None:
        self.part = part
        self.depth = 0
        self._max_depth = max_depth
        self._start, self._end = start, end
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._parser.StartElementHandler = self._on_start
        self._parser.EndElementHandler = self._on_end
        if text is not None:
            self._parser.CharacterDataHandler = text
        # Entities are never fetched from outside the part (expat fetches nothing by itself), and a
        # document type declaration has no business in an Office part: refuse it rather than expand it.
        self._parser.StartDoctypeDeclHandler = self._refuse_doctype

    def _on_start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > self._max_depth:
            raise ArchiveRefused("too_deep", self.part)
        if self._start is not None:
            self._start(tag.rpartition(" ")[2], attributes, self.depth)

    def _on_end(self, tag: str) -> None:
        if self._end is not None:
            self._end(tag.rpartition(" ")[2], self.depth)
        self.depth -= 1

    def _refuse_doctype(self, *_args: object) -> None:
        raise ArchiveRefused("corrupt", self.part)

    def feed(self, data: bytes, *, final: bool = False) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as error:
            raise ArchiveRefused("corrupt", self.part) from error


def walk_xml(
    stream: IO[bytes],
    *,
    max_depth: int,
    part: str = "",
    start: StartHandler | None = None,
    end: EndHandler | None = None,
    text: TextHandler | None = None,
) -> None:
    """Stream ``stream`` through expat, calling the handlers; raise ``ArchiveRefused`` on bad XML.

    Tags are given without their namespace (``{ns}row`` and ``x:row`` both as ``row``). Handlers may
    raise ``ArchiveRefused`` themselves to stop early (e.g. too many elements of some kind).
    """
    walker = XmlWalker(max_depth=max_depth, part=part, start=start, end=end, text=text)
    try:
        while chunk := stream.read(_CHUNK):
            walker.feed(chunk)
    except ArchiveRefused:
        raise  # a ValueError too: keep its reason
    except ZIP_ERRORS as error:  # a part that fails its CRC check, say
        raise ArchiveRefused("corrupt", part) from error
    walker.feed(b"", final=True)
