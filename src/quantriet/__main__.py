from __future__ import annotations

import sys

from quantriet.cli import main

sys.exit(main())
