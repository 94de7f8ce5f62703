from __future__ import annotations

from tests.access.model import Case

CASES: dict[str, Case] = {}
EFFECTIVE_UNSAFE: tuple[str, ...] = ()
