"""Any file, however damaged, is imported or refused with Vietnamese reasons: never another exception.

Hypothesis mutates a valid member list (XLSX bytes flipped, cut or spliced; CSV text with any characters)
and hands it to each importer's entry point, as the background jobs do. (It found a damaged local zip
header escaping as BadZipFile.)
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quantriet.documents.services.transfer import import_documents
from quantriet.orgs.imports import ImportRejected, import_file
from tests.conftest import World
from tests.orgs.import_fixtures import csv_text, good_members, write_xlsx

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)


@pytest.fixture
def template(tmp_path: Path) -> bytes:
    return write_xlsx(tmp_path / "mau.xlsx", good_members()).read_bytes()


def _import(world: World, path: Path) -> None:
    """Through each importer (members and units as the job runs them, documents as its task does)."""
    for run in (
        lambda: import_file(path, path.name, "members", world.xa, world.alice),
        lambda: import_file(path, path.name, "units", world.xa, world.alice),
        lambda: import_documents(world.alice, path, path.name),
    ):
        try:
            run()
        except ImportRejected as rejected:
            assert rejected.errors and all(error.message.strip() for error in rejected.errors)


def _sheet_mutated(template: bytes, position: int, garbage: bytes) -> bytes:
    """The same workbook with the sheet's XML damaged (the zip itself stays readable)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cut = position % (len(data) + 1)
                data = data[:cut] + garbage + data[cut:]
            target.writestr(item, data)
    return out.getvalue()


@FUZZ
@given(position=st.integers(min_value=0), garbage=st.binary(max_size=64))
def test_a_damaged_sheet_is_imported_or_refused(
    world: World, tmp_path: Path, template: bytes, position: int, garbage: bytes
) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(_sheet_mutated(template, position, garbage))
    _import(world, path)


@FUZZ
@given(position=st.integers(min_value=0), garbage=st.binary(min_size=1, max_size=32), cut=st.booleans())
def test_damaged_or_cut_zip_bytes_are_imported_or_refused(
    world: World, tmp_path: Path, template: bytes, position: int, garbage: bytes, cut: bool
) -> None:
    at = position % len(template)
    data = template[:at] if cut else template[:at] + garbage + template[at + len(garbage) :]
    path = tmp_path / "ds.xlsx"
    path.write_bytes(data)
    _import(world, path)


@FUZZ
@given(
    text=st.text(max_size=300),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
    row=st.integers(min_value=0, max_value=3),
)
def test_any_text_in_a_csv_is_imported_or_refused(
    world: World, tmp_path: Path, text: str, encoding: str, row: int
) -> None:
    lines = csv_text(good_members()).splitlines(keepends=True)
    lines.insert(min(row + 2, len(lines)), text)
    path = tmp_path / "ds.csv"
    path.write_bytes("".join(lines).encode(encoding, errors="replace"))
    _import(world, path)
