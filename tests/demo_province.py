"""The demo province for the tests that need it, loaded once per test process (the default suite's time).

Loading the demo takes 25-45 s; five modules and a browser test use it. On SQLite the first of them in a
process loads it and takes a copy of every table's stored values and of its files (plans, the copy index);
each later one deletes every row and puts that copy back, in a few seconds, its files in a new folder. Each
module thus starts from the same freshly loaded demo, in a transaction rolled back when the module ends
(each test also runs in a savepoint of its own, pytest-django's), so what one module writes is gone before
the next. On PostgreSQL each loads the demo, as before."""

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
from django.contrib.contenttypes.models import ContentType
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
def _demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new folder for the demo's media and copy index, holding the files of the copy if there is one."""
    folder = tmp_path_factory.mktemp("demo")
    if _copy is not None and connection.vendor == "sqlite":
        shutil.copytree(_copy.files, folder, dirs_exist_ok=True)
    with override_settings(MEDIA_ROOT=folder / "media", COPY_INDEX_DIR=folder / "copyindex"):
        store.forget()
        try:
            yield folder
        finally:
            store.forget()
            # The copy's content types may carry other ids than the database had before (a test on a
            # transactional database flushes them and they come back with new ones).
            ContentType.objects.clear_cache()


def _demo_rows(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """The demo as just loaded: put back from the copy, or loaded (and copied, on SQLite)."""
    global _copy
    sqlite = connection.vendor == "sqlite"
    if sqlite and _copy is not None:
        with transaction.atomic():
            _put_back(_copy)
        ContentType.objects.clear_cache()
        return _copy.summary
    summary = load_demo(io.StringIO())
    if sqlite:
        files = tmp_path_factory.mktemp("demo-as-loaded")
        shutil.copytree(folder, files, dirs_exist_ok=True)
        _copy = _take_copy(summary, files)
    return summary


@contextmanager
def fresh_demo(django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSummary]:
    """The demo as just loaded (its media and copy index in a folder of the module's), rolled back at the
    end. Use it in a module-scoped fixture; each test then runs in a savepoint inside it."""
    with _demo_folder(tmp_path_factory) as folder, django_db_blocker.unblock(), transaction.atomic():
        try:
            yield _demo_rows(folder, tmp_path_factory)
        finally:
            transaction.set_rollback(True)


@contextmanager
def committed_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSummary]:
    """The demo as just loaded, committed, for a test on a transactional database (a browser test's live
    server): the test's flush removes it."""
    with _demo_folder(tmp_path_factory) as folder:
        yield _demo_rows(folder, tmp_path_factory)
