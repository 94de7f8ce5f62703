"""XA2's objects for the access tests, built once per module: each test runs in a savepoint of its own.

Building the province and XA2's objects for each of the ~800 tests cost about as much as the requests
themselves; the tests compare the whole database before and after, so a savepoint rolled back after
each test keeps them apart as well as a new world would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test.utils import override_settings

from tests.access.model import Objects
from tests.access.objects import build_objects
from tests.conftest import build_world, kept_until_the_end


@pytest.fixture(scope="module")
def shared_objects(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Objects]:
    media = tmp_path_factory.mktemp("media")  # XA2's plan file
    with override_settings(MEDIA_ROOT=media), kept_until_the_end(django_db_blocker):
        yield build_objects(build_world())


@pytest.fixture
def objects(shared_objects: Objects, db: Any) -> Objects:
    """The shared objects, in the test's own transaction (pytest-django's, nested in the shared one)."""
    return shared_objects
