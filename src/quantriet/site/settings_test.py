"""Settings for the test suite: the real settings, plus a fast password hasher and inline tasks.

``DATABASE_URL`` still chooses the database, so CI runs the same suite on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QUANTRIET_DEMO", "1")
# The suite runs with the second factor required, as production does (tests/conftest.py passes it).
os.environ.setdefault("OTP_REQUIRED", "1")
os.environ.setdefault("QUANTRIET_DATA_DIR", tempfile.mkdtemp(prefix="quantriet-test-"))
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from quantriet.site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
SECURE_SSL_REDIRECT = False
