"""Reading a spreadsheet (XLSX or CSV) as offices keep it into rows, or refusing it as a whole.

``reading`` opens the file within the bounds ``limits`` sets (size, rows, columns, kept errors: any
file stays within a few hundred megabytes and a bounded time, see bench/importers_fuzz.py), with
``encoding`` for CSV and ``xlsx_scan`` checking an XLSX's parts before they are read; ``columns``
finds the header row and an app's columns (a ``Layout``) under their Vietnamese names; ``rows`` and
``values`` read a row's cells (dates as offices write them, words among named choices); ``errors``
holds what a refused file and its rows answer.
"""
