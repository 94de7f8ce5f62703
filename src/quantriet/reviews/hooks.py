"""What the reviews app adds to pages and descriptions other apps own, registered once at start-up.

Each part appends its registration here (one line each) so ``apps.py`` stays one call.
"""

from __future__ import annotations


def register() -> None:
    """Register the app's API description, home sections and record links (none yet)."""
