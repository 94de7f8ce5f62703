"""Citations of Vietnamese party and state documents in free text (pure: no Django, no apps).

Example:
    >>> from quantriet.docref import extract
    >>> [c.id for c in extract("Nghị quyết số 35-NQ/TW ngày 20/10/2018")]
    ['35-NQ/TW']
"""

from __future__ import annotations

from quantriet.docref.extract import extract
from quantriet.docref.model import Citation
from quantriet.docref.symbols import canonical_symbol, symbol_key

__all__ = ["Citation", "canonical_symbol", "extract", "symbol_key"]
