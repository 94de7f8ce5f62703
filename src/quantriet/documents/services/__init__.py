"""Every write to the document registry; each validates, runs in one transaction and is audited.

``scan_citations`` is the public service other apps call for their own texts (plans, reports).
Import and export live in ``services.transfer``.
"""

from __future__ import annotations

from quantriet.documents.services.citations import forget_citations, scan_citations
from quantriet.documents.services.documents import (
    create_document,
    find_same,
    rescan_document,
    update_document,
)
from quantriet.documents.services.fields import read_symbol, validate_document_fields
from quantriet.documents.services.files import ReadFile, read_upload
from quantriet.documents.services.relations import add_relation, remove_relation

__all__ = [
    "ReadFile",
    "add_relation",
    "create_document",
    "find_same",
    "forget_citations",
    "read_symbol",
    "read_upload",
    "remove_relation",
    "rescan_document",
    "scan_citations",
    "update_document",
    "validate_document_fields",
]
