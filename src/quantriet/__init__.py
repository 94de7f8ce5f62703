"""quantriet: a platform for the party-building work of Vietnamese party committees."""

from __future__ import annotations

__version__ = "0.1.0"
