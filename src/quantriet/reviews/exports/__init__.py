"""Files out of the annual review (XLSX lists, DOCX papers in party format); one module per part."""

from __future__ import annotations
