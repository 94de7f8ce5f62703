"""What one imported file may hold: the one place the importers (units, members, documents) read limits.

The numbers come from settings (``IMPORT_MAX_*``, environment variables of the same names). They keep
every import, whatever the file holds, within a few hundred megabytes of memory and a bounded time:

- the upload itself (``IMPORT_MAX_BYTES``) and what its zip declares unpacked
  (``IMPORT_MAX_UNCOMPRESSED_BYTES``; the shared strings bound apart, because openpyxl keeps every
  one of them in memory);
- rows with data (``IMPORT_MAX_ROWS``): a larger list is refused as a whole and the message says to
  split it (a province's 400,000 members go in one file per district, say);
- columns read (``IMPORT_MAX_COLUMNS``): cells further right are never read, so a cell at XFD costs
  nothing;
- problems kept (``IMPORT_MAX_ERRORS``): the first ones, then "and N more", so the job row, its page
  and errors.xlsx stay small whatever the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from quantriet.archives import ZipLimits

# Nesting of a real sheet: worksheet/sheetData/row/c/is/r/t is 7; extensions go a little deeper.
MAX_XML_DEPTH = 40
# Elements openpyxl keeps until the end of a part (outside rows) or of a row: a real sheet has a few
# thousand of the first (columns, merged ranges, validations) and ~5 per cell of the second.
MAX_ELEMENTS_OUTSIDE_ROWS = 100_000
MAX_ELEMENTS_PER_ROW = 5 * 16_384
MAX_PARTS = 2_000
# openpyxl keeps every shared string in memory (about 150 bytes each with its list), so their part is
# bound apart: a real 50,000-row list has one or two hundred thousand (names, card numbers), 8 MB.
MAX_SHARED_STRINGS = 500_000
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int
    max_uncompressed: int
    max_rows: int
    max_columns: int
    max_errors: int

    @property
    def zip(self) -> ZipLimits:
        return ZipLimits(
            max_total=self.max_uncompressed,
            max_entries=MAX_PARTS,
            max_part=(("xl/sharedStrings.xml", min(MAX_SHARED_STRINGS_BYTES, self.max_uncompressed)),),
        )


def current() -> ImportLimits:
    return ImportLimits(
        max_bytes=int(settings.IMPORT_MAX_BYTES),
        max_uncompressed=int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 160 * 1024 * 1024)),
        max_rows=int(getattr(settings, "IMPORT_MAX_ROWS", 50_000)),
        max_columns=int(getattr(settings, "IMPORT_MAX_COLUMNS", 64)),
        max_errors=int(getattr(settings, "IMPORT_MAX_ERRORS", 1_000)),
    )
