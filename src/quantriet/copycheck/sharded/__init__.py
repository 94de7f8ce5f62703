"""The copy check at national scale: the candidate search split over the workers of a Dask cluster.

``search_candidates_sharded`` gives the pairs and common n-grams of ``candidates.search_candidates`` with
no process holding every fingerprint (see ``search`` for how the work splits).
"""

from __future__ import annotations

from quantriet.copycheck.sharded.search import search_candidates_sharded

__all__ = ["search_candidates_sharded"]
