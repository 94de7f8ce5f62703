"""A unit's locality (the place on its papers) comes in with the units file; a blank cell keeps it."""

from __future__ import annotations

from pathlib import Path

from quantriet.orgs.models import Unit
from tests.conftest import World
from tests.orgs.import_fixtures import UNIT_HEADER, run_cli, write_xlsx

HEADER = [*UNIT_HEADER, "Địa danh"]


def _import(tmp_path: Path, rows: list[list[str]]) -> tuple[int, str]:
    path = write_xlsx(tmp_path / "dv.xlsx", rows, header=HEADER, titles=(["DANH SÁCH TỔ CHỨC ĐẢNG"],))
    return run_cli("import", "units", str(path), "--scope", "PROV", "--as", "alice")


def test_the_locality_column_sets_new_and_existing_units_and_a_blank_cell_keeps_it(
    world: World, tmp_path: Path
) -> None:
    rows = [
        ["XC", "Đảng bộ xã Cát Tiên", "Đảng bộ cơ sở", "PROV", "", " Cát  Tiên "],
        ["XA", "Đảng bộ xã An Hòa", "Đảng bộ cơ sở", "PROV", "", "An Hòa"],
        ["XB", "Đảng bộ xã Bình Minh", "Đảng bộ cơ sở", "PROV", "", ""],
    ]
    Unit.objects.filter(code="XB").update(locality="Bình Minh")
    status, out = _import(tmp_path, rows)
    assert status == 0, out
    assert dict(Unit.objects.filter(code__in=["XC", "XA", "XB"]).values_list("code", "locality")) == {
        "XC": "Cát Tiên",
        "XA": "An Hòa",
        "XB": "Bình Minh",
    }
