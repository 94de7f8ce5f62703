"""Importing units and members from XLSX and CSV files as party offices keep them.

Reading (``reading``, ``encoding``, ``xlsx_scan``) turns a file into rows or refuses it as a whole,
within the bounds ``limits`` sets (size, rows, columns, kept errors: any file stays within a few
hundred megabytes and a bounded time, see bench/importers_fuzz.py); ``columns``
finds the header row and the columns under their Vietnamese names; ``units`` and ``members`` check
every row (collecting all problems) and write everything in one transaction, or nothing; ``jobs``
runs an import from the CLI or as a background job with progress; ``report`` writes the error
report as a spreadsheet.
"""

from __future__ import annotations

from quantriet.orgs.imports.columns import LAYOUTS, MEMBER_LAYOUT, UNIT_LAYOUT
from quantriet.orgs.imports.errors import ImportRejected, ImportSummary, RowError
from quantriet.orgs.imports.jobs import create_job, import_file, run_job
from quantriet.orgs.imports.report import write_error_report, write_template

__all__ = [
    "LAYOUTS",
    "MEMBER_LAYOUT",
    "UNIT_LAYOUT",
    "ImportRejected",
    "ImportSummary",
    "RowError",
    "create_job",
    "import_file",
    "run_job",
    "write_error_report",
    "write_template",
]
