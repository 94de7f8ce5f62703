"""Checking an XLSX's XML with expat before openpyxl's tree parser sees it.

openpyxl builds an element tree as it reads and keeps what it does not know (and every open ancestor)
until the end of the part, so the structure is checked first with expat, which keeps nothing: nesting
depth, elements kept outside rows or inside one row, text in one element. Parts openpyxl reads whole on
opening are checked beforehand (``check_parts``); worksheets as openpyxl reads them
(``CheckedArchive``), which also collects what read-only openpyxl does not expose: merged ranges, and
formulas saved without a result (``data_only`` would read those as empty cells).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from quantriet.archives import ZIP_ERRORS, ArchiveRefused, XmlWalker, walk_xml
from quantriet.core.sheets.limits import (
    MAX_ELEMENTS_OUTSIDE_ROWS,
    MAX_ELEMENTS_PER_ROW,
    MAX_SHARED_STRINGS,
    MAX_XML_DEPTH,
)

# Excel keeps at most 32,767 characters in a cell; a longer run of text is not a spreadsheet's.
MAX_TEXT_PER_ELEMENT = 65_536
# Other parts (styles, workbook, relationships) of a real file hold far fewer elements.
MAX_ELEMENTS_OTHER_PART = 500_000
# Formula cells without a saved result kept for the message (the message names the first ones).
MAX_FORMULAS_KEPT = 20_000
_SHEETS = "xl/worksheets/"
_REF = re.compile(r"^[A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?$")


@dataclass
class SheetFacts:
    merged: list[str] = field(default_factory=list)
    formulas_without_value: list[str] = field(default_factory=list)


class _SheetScan:
    def __init__(self, part: str, max_rows: int) -> None:
        self.part = part
        self.facts = SheetFacts()
        self.rows = 0
        self.max_rows = max_rows
        self.row_depth = 0
        self.row_elements = 0
        self.outside = 0
        self.cell_ref = ""
        self.cell_formula = False
        self.cell_value = False
        self.in_value = False
        self.text_length = 0

    def start(self, tag: str, attributes: dict[str, str], depth: int) -> None:
        self.text_length = 0
        if self.row_depth:
            self.row_elements += 1
            if self.row_elements > MAX_ELEMENTS_PER_ROW:
                raise ArchiveRefused("too_many_elements", self.part)
        elif tag == "row":
            self.row_depth, self.row_elements = depth, 0
            self.rows += 1
            if self.rows > self.max_rows:
                raise ArchiveRefused("too_many_rows", self.part)
        else:
            self.outside += 1
            if self.outside > MAX_ELEMENTS_OUTSIDE_ROWS:
                raise ArchiveRefused("too_many_elements", self.part)
            if tag == "mergeCell":
                ref = attributes.get("ref", "")
                if _REF.match(ref):
                    self.facts.merged.append(ref)
        if tag == "c":
            self.cell_ref = attributes.get("r", "")
            self.cell_formula = self.cell_value = False
        elif tag == "f":
            self.cell_formula = True
        elif tag == "v":
            self.in_value = True

    def end(self, tag: str, depth: int) -> None:
        if tag == "v":
            self.in_value = False
        elif tag == "c":
            formulas = self.facts.formulas_without_value
            kept = len(formulas) < MAX_FORMULAS_KEPT
            if kept and self.cell_formula and not self.cell_value and _REF.match(self.cell_ref):
                formulas.append(self.cell_ref)
        if depth == self.row_depth:
            self.row_depth = 0

    def text(self, data: str) -> None:
        self.text_length += len(data)
        if self.text_length > MAX_TEXT_PER_ELEMENT:
            raise ArchiveRefused("too_many_elements", self.part)
        if self.in_value and not self.cell_value and data.strip():
            self.cell_value = True


class _PartScan:
    def __init__(self, part: str) -> None:
        self.part = part
        self.strings = part == "xl/sharedStrings.xml"
        self.elements = 0
        self.text_length = 0

    def start(self, tag: str, attributes: dict[str, str], depth: int) -> None:
        self.text_length = 0
        if self.strings:
            self.elements += tag == "si"
            if self.elements > MAX_SHARED_STRINGS:
                raise ArchiveRefused("too_many_elements", self.part)
            return
        self.elements += 1
        if self.elements > MAX_ELEMENTS_OTHER_PART:
            raise ArchiveRefused("too_many_elements", self.part)

    def text(self, data: str) -> None:
        self.text_length += len(data)
        if self.text_length > MAX_TEXT_PER_ELEMENT:
            raise ArchiveRefused("too_many_elements", self.part)


def check_parts(path: Path) -> None:
    """Check every XML part openpyxl reads whole when it opens the workbook (all but the worksheets).

    Raises:
        ArchiveRefused: a part nested too deep, holding too many elements or too long a text, or damaged.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename
                if not name.endswith((".xml", ".rels")) or info.is_dir() or name.startswith(_SHEETS):
                    continue
                with archive.open(info) as source:
                    part = _PartScan(name)
                    walk_xml(source, max_depth=MAX_XML_DEPTH, part=name, start=part.start, text=part.text)
    except ArchiveRefused:
        raise  # a ValueError too: keep its reason
    except ZIP_ERRORS as error:  # a local header that disagrees with the directory, bad compressed data
        raise ArchiveRefused("corrupt") from error


class _CheckedSource:
    """A worksheet part as openpyxl reads it: each chunk goes through the scan before openpyxl sees it."""

    def __init__(self, raw: IO[bytes], scan: _SheetScan) -> None:
        self._raw = raw
        self._walker = XmlWalker(
            max_depth=MAX_XML_DEPTH, part=scan.part, start=scan.start, end=scan.end, text=scan.text
        )

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._walker.feed(data, final=not data)
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> _CheckedSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class CheckedArchive:
    """The workbook's zip as read-only openpyxl uses it, with every worksheet read through a scan.

    Worksheets are checked as they are read rather than beforehand, so a sheet read only up to the
    row limit is checked only that far (a million-row sheet is refused in seconds), and the merged
    ranges and formulas of a sheet read to its end are known once it has been read (``facts``).
    """

    def __init__(self, archive: zipfile.ZipFile, max_rows: int) -> None:
        self._archive = archive
        self._max_rows = max_rows
        self._facts: dict[str, SheetFacts] = {}

    def open(self, name: str, *args: Any, **kwargs: Any) -> IO[bytes]:
        raw = self._archive.open(name, *args, **kwargs)
        if not str(name).lstrip("/").startswith(_SHEETS):
            return raw
        scan = _SheetScan(str(name), self._max_rows)
        self._facts[str(name)] = scan.facts
        return cast(IO[bytes], _CheckedSource(raw, scan))

    def facts(self, name: str) -> SheetFacts:
        """What the last reading of worksheet ``name`` found."""
        return self._facts.get(name, SheetFacts())

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._archive, attribute)


@contextmanager
def _no_size_probe() -> Iterator[None]:
    # A read-only sheet measures itself when created, parsing its XML up to the <dimension> element —
    # the whole sheet, keeping an emptied element per row, when there is none (1,048,000 rows: 25 s
    # and 100 MB before the first row is read). The importer reads what is there (reset_dimensions)
    # and never needs the size. Patched only while the workbook opens; only the importers read
    # spreadsheets in this mode.
    probe = ReadOnlyWorksheet._get_size
    ReadOnlyWorksheet._get_size = lambda self: None
    try:
        yield
    finally:
        ReadOnlyWorksheet._get_size = probe


def open_checked(path: Path, max_rows: int) -> tuple[Any, CheckedArchive]:
    """``load_workbook(path, read_only=True, data_only=True)`` reading its worksheets through a scan.

    Call ``check_parts`` first: opening reads the other parts whole. A worksheet holding more than
    ``max_rows`` row elements (empty ones too: cells far to the right are parsed though never kept) is
    refused as it is read (``ArchiveRefused("too_many_rows")``), which bounds the time a sheet can take.
    """
    reader = ExcelReader(str(path), read_only=True, data_only=True, keep_links=False)
    archive = CheckedArchive(reader.archive, max_rows)
    reader.archive = archive
    with _no_size_probe():
        reader.read()
    return reader.wb, archive
