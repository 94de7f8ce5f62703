"""``python -m quantriet.docref extract [FILE...]``."""

from __future__ import annotations

import sys

from quantriet.docref.cli import main

sys.exit(main())
