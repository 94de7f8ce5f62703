"""Benchmarks: slow scale runs kept out of the test suite. ``python -m bench`` runs them all.

Figures go to ``bench/README.md``. Benchmarks may read ``../shared/corpora`` when present; no corpus
text is ever committed.
"""

from __future__ import annotations
