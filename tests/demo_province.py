"""The demo province for a test module, loaded once per test process (issue: the default suite's time).

Loading the demo takes 25-45 s, and six modules test it. On SQLite the first module of a process loads it
and takes a copy of every table's stored values and of its files (plans, the copy index); each later
module deletes every row and puts that copy back, in a transaction rolled back when the module ends, in
a fraction of a second. Each module thus starts from the same freshly loaded demo, in a folder of its
own, and what one module's tests write is gone before the next (each test also runs in a savepoint of
its own, pytest-django's). On PostgreSQL each module loads the demo, as before.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings

from quantriet.reports.checking import store
from quantriet.site.demo import DemoSummary, load_demo


@dataclass(frozen=True)
class _Copy:
    summary: DemoSummary
    files: Path
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]


_copy: _Copy | None = None


def _table_names() -> list[str]:
    return [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _take_copy(summary: DemoSummary, files: Path) -> _Copy:
    """Every row as SQLite stores it: the sqlite3 module's converters (Django's, for dates, booleans and
    decimals) are left out while reading, so writing the values back stores the very same ones."""
    raw = connection.connection.cursor()
    converters = dict(sqlite3.converters)
    sqlite3.converters.clear()
    try:
        tables = {}
        for table in _table_names():
            # Table names come from the schema, quoted; nothing here comes from a request.
            raw.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608
            tables[table] = ([d[0] for d in raw.description], raw.fetchall())
    finally:
        sqlite3.converters.update(converters)
        raw.close()
    return _Copy(summary, files, tables)


def _put_back(copy: _Copy) -> None:
    """Every table as the copy has it. Django's SQLite foreign keys are checked at commit, so the order
    of the tables does not matter; AUTOINCREMENT's counters follow the ids written."""
    raw = connection.connection.cursor()
    try:
        for table in _table_names():
            raw.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608
        for table, (columns, rows) in copy.tables.items():
            if rows:
                names = ", ".join(_quote(c) for c in columns)
                marks = ", ".join("?" for _ in columns)
                raw.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
    finally:
        raw.close()


@contextmanager
def fresh_demo(django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSummary]:
    """The demo as just loaded (its media and copy index in a folder of the module's), rolled back at the
    end. Use it in a module-scoped fixture; each test then runs in a savepoint inside it."""
    global _copy
    folder = tmp_path_factory.mktemp("demo")
    sqlite = connection.vendor == "sqlite"
    if sqlite and _copy is not None:
        shutil.copytree(_copy.files, folder, dirs_exist_ok=True)
    with (
        override_settings(MEDIA_ROOT=folder / "media", COPY_INDEX_DIR=folder / "copyindex"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        store.forget()
        if sqlite and _copy is not None:
            _put_back(_copy)
            summary = _copy.summary
        else:
            summary = load_demo(io.StringIO())
            if sqlite:
                files = tmp_path_factory.mktemp("demo-as-loaded")
                shutil.copytree(folder, files, dirs_exist_ok=True)
                _copy = _take_copy(summary, files)
        try:
            yield summary
        finally:
            transaction.set_rollback(True)
    store.forget()
