"""Importing units and members from XLSX, XLS and CSV files as party offices keep them.

Reading a file into rows, or refusing it as a whole, is ``core.sheets``'s; ``columns`` names the
columns of the two spreadsheets (the layouts ``core.sheets`` finds the header row by); ``units``
and ``members`` check every row (collecting all problems) and write everything in one transaction,
or nothing; ``jobs``
runs an import from the CLI or as a background job with progress; ``report`` writes the error
report as a spreadsheet.
"""

from __future__ import annotations

from quantriet.core.sheets.errors import ImportRejected, ImportSummary, RowError
from quantriet.orgs.imports.columns import LAYOUTS, MEMBER_LAYOUT, UNIT_LAYOUT
from quantriet.orgs.imports.jobs import confirm_job, create_job, import_file, run_job
from quantriet.orgs.imports.report import write_error_report, write_template

__all__ = [
    "LAYOUTS",
    "MEMBER_LAYOUT",
    "UNIT_LAYOUT",
    "ImportRejected",
    "ImportSummary",
    "RowError",
    "confirm_job",
    "create_job",
    "import_file",
    "run_job",
    "write_error_report",
    "write_template",
]
