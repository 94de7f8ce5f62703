"""The folded search columns of a document, recomputed on every write (see selectors.search_documents)."""

from __future__ import annotations

from quantriet.documents.models import Document
from quantriet.documents.textkeys import words
from quantriet.text import fold


def index_document(document: Document) -> None:
    """Fill ``search_words`` (metadata words) and ``search_text`` (folded body and file text)."""
    number = document.number
    parts = [
        document.doc_type,
        document.symbol,
        number,
        number.lstrip("0"),  # "08-QĐi/TW" is found as "8 qdi" too
        document.issuer,
        document.term,
        str(document.issued_on.year) if document.issued_on else "",
        document.subject,
    ]
    found = words(" ".join(parts))
    document.search_words = f" {' '.join(found)} " if found else ""
    document.search_text = fold(f"{document.body}\n{document.file_text}")
