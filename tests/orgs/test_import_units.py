"""Importing the organisation tree from a spreadsheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quantriet.orgs.models import AuditEntry, Unit, UnitEvent, UnitLink
from tests.conftest import World
from tests.orgs.import_fixtures import UNIT_HEADER, run_cli, write_xlsx

TREE = [
    ["XC", "Đảng bộ xã Cát Tiên", "Đảng bộ cơ sở", "PROV", "01/07/2025"],
    ["XC1", "Chi bộ thôn Một", "Chi bộ", "XC", "01/07/2025"],
    ["XC2", "Chi bộ thôn Hai", "chi bo", "XC", ""],
    ["XC2T", "Tổ đảng số 1", "Tổ đảng", "XC2", ""],
    ["XD", "Chi bộ cơ sở Trường Tiểu học", "Chi bộ cơ sở", "PROV", ""],
]


def _import(path: Path, scope: str = "PROV", *extra: str) -> tuple[int, str]:
    return run_cli("import", "units", str(path), "--scope", scope, *extra)


def _write(tmp_path: Path, rows: list[list[str]]) -> Path:
    return write_xlsx(tmp_path / "dv.xlsx", rows, header=UNIT_HEADER, titles=(["DANH SÁCH TỔ CHỨC ĐẢNG"],))


def test_a_tree_imports_with_levels_by_their_vietnamese_names_children_after_parents(
    world: World, tmp_path: Path
) -> None:
    rows = [TREE[3], TREE[1], TREE[0], TREE[2], TREE[4]]  # a group listed before its cell and commune
    status, out = _import(_write(tmp_path, rows), "PROV", "--as", "alice")
    assert status == 0, out
    assert "thêm 5" in out
    group = Unit.objects.get(code="XC2T")
    assert group.parent is not None
    assert (group.level, group.parent.code, group.depth) == ("group", "XC2", 3)
    assert Unit.objects.get(code="XD").level == "grassroots"
    assert Unit.objects.get(code="XC").valid_from == dt.date(2025, 7, 1)
    assert set(UnitLink.objects.filter(descendant=group).values_list("ancestor__code", flat=True)) == {
        "PROV",
        "XC",
        "XC2",
        "XC2T",
    }
    assert UnitEvent.objects.filter(unit=group, kind="created").exists()
    assert AuditEntry.objects.filter(action="unit.import").count() == 1


def test_reimporting_the_same_units_changes_nothing_and_a_rename_goes_through_the_history(
    world: World, tmp_path: Path
) -> None:
    path = _write(tmp_path, TREE)
    assert _import(path)[0] == 0
    events = UnitEvent.objects.count()
    status, out = _import(path)
    assert status == 0 and "thêm 0, cập nhật 0, giữ nguyên 5" in out
    assert UnitEvent.objects.count() == events
    renamed = [list(r) for r in TREE]
    renamed[1][1] = "Chi bộ thôn Một Mới"
    renamed[3][3] = "XC1"  # the group moves to the other cell
    status, out = _import(_write(tmp_path, renamed))
    assert status == 0 and "cập nhật 2" in out, out
    cell = Unit.objects.get(code="XC1")
    assert cell.name == "Chi bộ thôn Một Mới"
    assert cell.name_on(dt.date(2020, 1, 1)) == "Chi bộ thôn Một"
    assert Unit.objects.get(code="XC2T").parent == cell
    assert UnitLink.objects.filter(ancestor=cell, descendant__code="XC2T").exists()
    assert not UnitLink.objects.filter(ancestor__code="XC2", descendant__code="XC2T").exists()


def test_a_cycle_in_the_tree_is_reported_on_each_unit_of_the_loop_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    rows = [
        ["YA", "Đảng bộ A", "Đảng bộ cơ sở", "YC", ""],
        ["YB", "Đảng bộ B", "Đảng bộ cơ sở", "YA", ""],
        ["YC", "Đảng bộ C", "Đảng bộ cơ sở", "YB", ""],
        ["YD", "Chi bộ D", "Chi bộ", "XA", ""],
    ]
    before = Unit.objects.count()
    status, out = _import(_write(tmp_path, rows))
    assert status == 1
    assert "Vòng lặp trong cây tổ chức: YA → YC → YB → YA" in out
    assert out.count("Vòng lặp") == 3
    assert "Dòng 6" not in out  # the sound row is not blamed
    assert Unit.objects.count() == before


def test_a_loop_through_an_existing_unit_is_a_cycle_too(world: World, tmp_path: Path) -> None:
    status, out = _import(_write(tmp_path, [["XA", "Đảng bộ xã An Hòa", "Đảng bộ cơ sở", "XA1", ""]]))
    assert status == 1
    assert "Vòng lặp" in out or "không thể trực thuộc" in out
    assert Unit.objects.get(code="XA").parent == world.province


def test_bad_unit_rows_are_all_reported(world: World, tmp_path: Path) -> None:
    rows = [
        ["ZA", "Đảng bộ Z", "Đảng bộ cơ sở", "XA1", ""],  # row 3: a committee under a cell
        ["ZB", "Chi bộ Z", "Cấp lạ", "XA", ""],  # row 4: unknown level
        ["ZC", "", "Chi bộ", "XA", "30/02/2021"],  # row 5: no name, impossible date
        ["ZB", "Chi bộ Z2", "Chi bộ", "XA", ""],  # row 6: repeated code
        ["ZE", "Chi bộ E", "Chi bộ", "NOWHERE", ""],  # row 7: unknown parent
        ["XA2", "Chi bộ thôn 2", "Tổ đảng", "XA", ""],  # row 8: changing an existing unit's level
    ]
    status, out = _import(_write(tmp_path, rows))
    assert status == 1
    lines = out.splitlines()
    for where, what in [
        ("Dòng 3 · Cấp", "không thể trực thuộc đơn vị cấp “Chi bộ”"),
        ("Dòng 4 · Cấp", "Cấp “Cấp lạ” không hợp lệ"),
        ("Dòng 5 · Tên đơn vị", "để trống"),
        ("Dòng 5 · Ngày thành lập", "Ngày 30/02/2021 không có thật"),
        ("Dòng 6 · Mã đơn vị", "trùng với dòng 4"),
        ("Dòng 7 · Mã đơn vị cấp trên", "Không có đơn vị mã “NOWHERE”"),
        ("Dòng 8 · Cấp", "không đổi cấp được"),
    ]:
        assert any(line.startswith(where) and what in line for line in lines), (where, what, out)
    assert not Unit.objects.filter(code__startswith="Z").exists()


def test_charlie_cannot_hang_units_under_the_sibling_commune_or_reuse_its_codes(
    world: World, tmp_path: Path
) -> None:
    rows = [
        ["XB9", "Chi bộ mới", "Chi bộ", "XA", ""],  # parent outside charlie's scope
        ["XA2", "Chi bộ thôn 2", "Chi bộ", "XB", ""],  # a code of the sibling commune
    ]
    status, out = _import(_write(tmp_path, rows), "XB", "--as", "charlie")
    assert status == 1
    assert "Không có đơn vị mã “XA” trong tệp hoặc trong phạm vi “Đảng bộ xã Bình Minh”" in out
    # Neither whether nor where XA2 exists is confirmed to someone who cannot see it (issue 9, section 8).
    assert "Mã đơn vị “XA2” không dùng được trong phạm vi “Đảng bộ xã Bình Minh”" in out
    assert "đã được dùng" not in out and "An Hòa" not in out
    assert not Unit.objects.filter(code="XB9").exists()
    assert Unit.objects.get(code="XA2").parent == world.xa
    status, out = _import(_write(tmp_path, rows[:1]), "XA", "--as", "charlie")
    assert status == 1 and "Không có đơn vị mã “XA” trong phạm vi được nhập dữ liệu" in out


def test_a_dissolved_unit_in_the_file_is_created_and_closed(world: World, tmp_path: Path) -> None:
    header = [*UNIT_HEADER, "Ngày giải thể"]
    rows = [["HX", "Huyện ủy Cũ", "Huyện ủy", "PROV", "01/01/1990", "30/06/2025"]]
    path = write_xlsx(tmp_path / "dv.xlsx", rows, header=header, titles=())
    status, out = _import(path)
    assert status == 0, out
    old = Unit.objects.get(code="HX")
    assert (old.level, old.valid_to) == ("intermediate", dt.date(2025, 6, 30))
    assert _import(path)[1].count("giữ nguyên 1") == 1


def test_a_code_used_outside_the_scope_is_named_as_such_only_to_someone_who_sees_that_unit(
    world: World, tmp_path: Path
) -> None:
    rows = [["XA2", "Chi bộ thôn 2", "Chi bộ", "XB", ""]]
    status, out = _import(_write(tmp_path, rows), "XB", "--as", "alice")  # the province sees XA2
    assert status == 1 and "“XA2” đã được dùng cho một đơn vị ngoài phạm vi “Đảng bộ xã Bình Minh”" in out
    status, out = _import(_write(tmp_path, rows), "XB", "--as", "charlie")  # XB's staff does not
    assert status == 1 and "“XA2” không dùng được" in out and "đã được dùng" not in out
