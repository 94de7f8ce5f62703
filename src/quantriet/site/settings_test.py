"""Settings for the test suite: the real settings, plus a fast password hasher and inline tasks.

``DATABASE_URL`` still chooses the database, so CI runs the same suite on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QUANTRIET_DEMO", "1")
# The suite runs with the second factor required, as production does (tests/conftest.py passes it).
os.environ.setdefault("OTP_REQUIRED", "1")
if not os.environ.get("QUANTRIET_DATA_DIR"):
    os.environ["QUANTRIET_DATA_DIR"] = tempfile.mkdtemp(prefix="quantriet-test-")
# pytest-xdist's workers (PYTEST_XDIST_WORKER=gw0, gw1, …) inherit this environment from the controlling
# process: each takes a directory of its own under it, so two workers never write the same media file or
# copy index. Idempotent, for processes a worker starts that read these settings again.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker:
    for _name in ("QUANTRIET_DATA_DIR", "COPY_INDEX_DIR"):
        _path = os.environ.get(_name)
        if _path and os.path.basename(_path) != _worker:
            os.environ[_name] = os.path.join(_path, _worker)
    os.makedirs(os.environ["QUANTRIET_DATA_DIR"], exist_ok=True)
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
# The suite sends tens of thousands of API requests as a handful of people from one address: the rate limits
# are tested on their own (tests/api/test_rate_limits.py, with low limits), not by every other test.
os.environ.setdefault("API_RATE_LIMIT", "100000000/m")
os.environ.setdefault("API_FAILED_AUTH_RATE_LIMIT", "100000000/m")

from quantriet.site.settings import *  # noqa: E402, F403 - the environment above must be set first

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
SECURE_SSL_REDIRECT = False
