"""The migrated test database, kept between runs on SQLite (the default suite's time).

Each pytest-xdist worker makes its own in-memory test database, and migrating it takes 15-25 s. The
database ``migrate`` leaves behind is the same as long as the migrations are: so the first run keeps a copy
of it in ``~/.cache/quantriet/test-databases`` (``QUANTRIET_TEST_DB_CACHE`` chooses another folder; ``off``
keeps none), named by a digest of every migration file of every installed app, the Django, SQLite and
Python versions and the database options, and a later run whose digest matches copies it into its test
database instead of migrating. A changed, added or removed migration changes the digest, so it migrates
afresh. PostgreSQL, and any database but the in-memory SQLite one, always migrates.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import django
from django.apps import apps
from django.core import management
from django.db import connections
from django.db.migrations.loader import MigrationLoader


def _folder() -> Path | None:
    chosen = os.environ.get("QUANTRIET_TEST_DB_CACHE", "")
    if chosen == "off":
        return None
    return Path(chosen) if chosen else Path.home() / ".cache" / "quantriet" / "test-databases"


def _digest(alias: str) -> str | None:
    """What the migrated database depends on; None when an app with models has no migrations (its tables
    would come from the models, which the digest does not read)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    if any(c.label not in loader.migrated_apps and list(c.get_models()) for c in apps.get_app_configs()):
        return None
    digest = hashlib.sha256()
    versions = (django.__version__, sqlite3.sqlite_version, sys.version)
    digest.update(repr((versions, connections[alias].settings_dict.get("OPTIONS"))).encode())
    for key in sorted(loader.disk_migrations):
        source = sys.modules[loader.disk_migrations[key].__module__].__file__
        digest.update(repr(key).encode())
        digest.update(Path(str(source)).read_bytes())
    return digest.hexdigest()[:32]


@contextmanager
def migrations_kept() -> Iterator[list[bool]]:
    """While the test databases are made: ``migrate`` on the in-memory SQLite database is a copy of the
    kept database when there is one, and is kept when there was none. The block yields a flag to set to
    False once they are made."""
    folder = _folder()
    active = [True]
    migrate = management.call_command

    def call_command(name: Any, *args: Any, **options: Any) -> Any:
        alias = options.get("database", "default")
        connection = connections[alias]
        if not active[0] or name != "migrate" or folder is None or connection.vendor != "sqlite":
            return migrate(name, *args, **options)
        digest = _digest(alias)
        if digest is None or not connection.is_in_memory_db():
            return migrate(name, *args, **options)
        kept = folder / f"migrated-{digest}.sqlite3"
        connection.ensure_connection()
        if kept.exists():
            with closing(sqlite3.connect(kept)) as source:
                source.backup(connection.connection)
            return None
        result = migrate(name, *args, **options)
        folder.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        with closing(sqlite3.connect(partial)) as target:
            connection.connection.backup(target)
        os.replace(partial, kept)  # whole or not at all, when two workers keep it at once
        return result

    with mock.patch.object(management, "call_command", call_command):
        yield active
