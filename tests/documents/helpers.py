"""Small builders for the registry tests (through the public services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quantriet.documents import services
from quantriet.documents.models import Document


def make_document(symbol: str, doc_type: str, issued_on: dt.date | None = None, **extra: Any) -> Document:
    values: dict[str, Any] = {"doc_type": doc_type, "symbol": symbol, "issued_on": issued_on}
    values.update(extra)
    return services.create_document(None, **values)


def central(symbol: str, doc_type: str, issued_on: dt.date | None = None, **extra: Any) -> Document:
    return make_document(symbol, doc_type, issued_on, is_public=True, **extra)
