"""Settings for mypy's Django plugin: the real settings with a placeholder key, nothing else."""

from __future__ import annotations

import os

os.environ.setdefault("QUANTRIET_DEMO", "1")

from quantriet.site.settings import *  # noqa: F403
