"""``python -m quantriet.copycheck.cli``: the same as ``quantriet copycheck``."""

from __future__ import annotations

import sys

from quantriet.copycheck.cli import main

sys.exit(main())
