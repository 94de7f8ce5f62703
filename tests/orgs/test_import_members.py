"""Importing member lists through the ``quantriet import`` command (the web upload runs the same code)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from quantriet.orgs.models import AuditEntry, Member, MemberStatus, Placement
from tests.conftest import World, make_member
from tests.orgs.import_fixtures import good_members, member, run_cli, write_xlsx


def _counts() -> tuple[int, int, int]:
    return Member.objects.count(), Placement.objects.count(), AuditEntry.objects.count()


def test_a_clean_sheet_with_titles_above_the_header_imports_every_member(
    world: World, tmp_path: Path
) -> None:
    before = Member.objects.count()
    path = write_xlsx(tmp_path / "ds.xlsx", good_members())
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--as", "alice")
    assert status == 0, out
    assert "thêm 3" in out
    assert Member.objects.count() == before + 3
    hoa = Member.objects.get(card_number="20000001")
    assert (hoa.date_of_birth, hoa.sex, hoa.unit, hoa.status) == (
        dt.date(1980, 9, 5),
        "female",
        world.xa1,
        MemberStatus.FULL,
    )
    khanh = Member.objects.get(card_number="20000002")  # a number cell, an Excel date cell
    assert (khanh.date_of_birth, khanh.admission_date, khanh.status) == (
        dt.date(1990, 1, 15),
        dt.date(2015, 6, 1),
        MemberStatus.FULL,  # a full-membership date and no status: full
    )
    tuan = Member.objects.get(full_name="Hoàng Minh Tuấn")
    assert (tuan.card_number, tuan.date_of_birth, tuan.admission_date) == (
        None,
        dt.date(1995, 3, 7),
        dt.date(2020, 5, 19),
    )
    assert Placement.objects.filter(member=tuan, unit=world.xa1, end__isnull=True).exists()
    assert AuditEntry.objects.filter(action="member.import", unit=world.xa).count() == 1
    assert Member.objects.filter(name_folded="hoang minh tuan").count() == 1


def test_reimporting_the_same_file_changes_nothing(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", good_members())
    assert run_cli("import", "members", str(path), "--scope", "XA")[0] == 0
    snapshot = list(Member.objects.order_by("pk").values())
    counts = _counts()
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 0
    assert "thêm 0, cập nhật 0, giữ nguyên 3" in out
    assert list(Member.objects.order_by("pk").values()) == snapshot
    assert _counts()[:2] == counts[:2]


def test_a_changed_row_updates_the_member_through_the_audited_services(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", good_members())
    run_cli("import", "members", str(path), "--scope", "XA")
    rows = good_members()
    rows[0][1] = "Phạm Thị Hoa Mai"
    rows[0][7] = "XA2"
    write_xlsx(path, rows)
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 0, out
    assert "cập nhật 1, giữ nguyên 2" in out
    hoa = Member.objects.get(card_number="20000001")
    assert (hoa.full_name, hoa.unit) == ("Phạm Thị Hoa Mai", world.xa2)
    assert AuditEntry.objects.filter(action="member.update", target_id=str(hoa.pk)).exists()
    assert AuditEntry.objects.filter(action="member.transfer", target_id=str(hoa.pk)).exists()
    assert hoa.placements.count() == 2


def test_names_with_stray_spaces_or_decomposed_accents_are_normalised_not_rejected(
    world: World, tmp_path: Path
) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn   Thị  Ánh ")
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [member("  " + nfd, "01/01/1990", "Nữ", "01/01/2015", "01/01/2016", "30000001", "XA1")],
    )
    assert run_cli("import", "members", str(path), "--scope", "XA")[0] == 0
    assert Member.objects.get(card_number="30000001").full_name == "Nguyễn Thị Ánh"


def test_empty_rows_are_skipped(world: World, tmp_path: Path) -> None:
    rows = good_members()
    rows.insert(1, [None] * 9)
    rows.insert(2, ["", "  ", "", "", "", "", "", "", ""])
    path = write_xlsx(tmp_path / "ds.xlsx", rows)
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 0, out
    assert "thêm 3" in out and "bỏ qua 2 dòng trống" in out


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    rows = [
        member(
            "Đỗ Văn Một", "31/02/1980", "Nam", "01/01/2005", "", "40000001", "XA1"
        ),  # row 5: impossible date
        member(
            "Đỗ Văn Hai", "01/01/1890", "Nam", "01/01/1920", "", "40000002", "XA1"
        ),  # row 6: older than 120
        member(
            "Đỗ Văn Ba", "01/01/1990", "Nam", "01/01/1985", "", "40000003", "XA1"
        ),  # row 7: admitted before birth
        member(
            "Đỗ Văn Bốn", "01/01/1990", "Nam", "01/01/2015", "", "40000003", "XA1"
        ),  # row 8: card repeated
        member(
            "Đỗ Văn Năm", "01/01/1990", "Nam", "01/01/2015", "", "10000003", "XA1"
        ),  # row 9: card of an XB1 member
        member("Đỗ Văn Sáu", "01/01/1990", "Khác", "01/01/2015", "", "40000006", "XA1"),  # row 10: sex
        member(
            "Đỗ Văn Bảy", "01/01/1990", "Nam", "01/01/2015", "", "40000007", "XB1"
        ),  # row 11: sibling commune
        member(
            "", "01/01/1990", "Nam", "abc", "", "40000008", "XA1", "Sắp kết nạp"
        ),  # row 12: name, date, status
        member(
            "Đỗ Văn Chín", "01/01/1990", "Nam", "01/01/2015", "01/01/2016", "40000009", "XA1"
        ),  # row 13: fine
    ]
    path = write_xlsx(tmp_path / "ds.xlsx", rows)
    counts = _counts()
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--as", "alice")
    assert status == 1
    assert _counts() == counts
    expected = [
        ("Dòng 5 · Ngày sinh", "Ngày 31/02/1980 không có thật"),
        ("Dòng 6 · Ngày sinh", "trên 120 tuổi"),
        ("Dòng 7 · Ngày vào Đảng", "Ngày vào Đảng phải sau ngày sinh"),
        ("Dòng 8 · Số thẻ đảng viên", "trùng với dòng 7 của tệp"),
        ("Dòng 9 · Số thẻ đảng viên", "Số thẻ đảng viên 10000003 đã thuộc về một đảng viên khác"),
        ("Dòng 10 · Giới tính", "Giới tính “Khác” không hợp lệ"),
        ("Dòng 11 · Mã chi bộ", "Không có đơn vị mã “XB1” trong phạm vi “Đảng bộ xã An Hòa”"),
        ("Dòng 12 · Họ và tên", "để trống"),
        ("Dòng 12 · Ngày vào Đảng", "“abc” không phải là ngày"),
        ("Dòng 12 · Tình trạng", "Tình trạng “Sắp kết nạp” không hợp lệ"),
    ]
    lines = out.splitlines()
    for where, what in expected:
        assert any(line.startswith(where) and what in line for line in lines), (where, what, out)
    assert "Dòng 13" not in out
    assert "Tệp có 10 lỗi" in out
    assert "    → " in out  # every error says what to do


def test_a_missing_or_renamed_column_names_what_was_expected_and_what_was_found(
    world: World, tmp_path: Path
) -> None:
    header = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Ngày vào Đảng", "Số thẻ", "Mã chi bộ"]
    path = write_xlsx(
        tmp_path / "ds.xlsx", [[1, "A", "1990", "Nam", "01/01/2015", "1", "XA1"]], header=header
    )
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 1
    assert "Thiếu cột “Ngày sinh”" in out
    assert "Các cột tìm thấy: “STT”, “Họ và tên”, “Năm sinh”" in out
    assert "“Ngày chính thức”" in out  # the expected list


def test_headers_match_without_accents_case_or_spacing_and_by_synonym(world: World, tmp_path: Path) -> None:
    header = ["ho  ten", "NGAY SINH", "Gioi tinh", "Ngày kết nạp", "So the", "Chi bộ"]
    rows = [["Lý Thị Lan", "02/02/1992", "Nữ", "02/02/2016", "50000001", "Chi bộ thôn 2"]]
    path = write_xlsx(tmp_path / "ds.xlsx", rows, header=header, titles=())
    # No full-membership column: a probationary member since 2016, a warning to confirm.
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--confirm-warnings")
    assert status == 0, out
    assert Member.objects.get(card_number="50000001").unit == world.xa2


def test_a_cell_name_that_is_ambiguous_in_the_scope_asks_for_the_code(world: World, tmp_path: Path) -> None:
    from quantriet.orgs import services

    services.create_unit(None, name="Chi bộ thôn 1", code="XA9", level="cell", parent=world.xa)
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [["Lý Thị Lan", "02/02/1992", "Nữ", "02/02/2016", "Chi bộ thôn 1"]],
        header=["Họ tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Chi bộ"],
    )
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 1
    assert "Có 2 đơn vị cùng tên “Chi bộ thôn 1”" in out and "Mã chi bộ" in out


def test_a_probationary_member_without_a_card_is_matched_by_name_and_birth_date(
    world: World, tmp_path: Path
) -> None:
    existing = make_member(
        world.xa1,
        "Trịnh Văn Long",
        None,
        status="probationary",
        full_membership_date=None,
        date_of_birth=dt.date(1989, 9, 9),
    )
    path = write_xlsx(
        tmp_path / "ds.xlsx", [member("Trịnh Văn Long", "09/09/1989", "Nam", "02/03/2010", "", "", "XA1")]
    )
    # Probationary since 2010: a warning, confirmed.
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--confirm-warnings")
    assert status == 0, out
    assert "giữ nguyên 1" in out
    assert Member.objects.filter(full_name="Trịnh Văn Long").count() == 1
    # Later the member receives a card: the same person is updated, not duplicated.
    write_xlsx(path, [member("Trịnh Văn Long", "09/09/1989", "Nam", "02/03/2010", "", "60000001", "XA1")])
    assert run_cli("import", "members", str(path), "--scope", "XA", "--confirm-warnings")[0] == 0
    existing.refresh_from_db()
    assert existing.card_number == "60000001"


@pytest.mark.parametrize("user", ["charlie", "bob", "eve"])
def test_a_user_cannot_import_into_a_unit_outside_their_import_rights(
    world: World, tmp_path: Path, user: str
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", good_members())
    counts = _counts()
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--as", user)
    assert status == 1
    assert "Không có đơn vị mã “XA”" in out
    assert _counts() == counts


def test_charlie_cannot_place_members_in_the_sibling_commune_from_his_own_scope(
    world: World, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [member("Đinh Văn Tư", "01/01/1990", "Nam", "01/01/2015", "", "70000001", "XA1")],
    )
    status, out = run_cli("import", "members", str(path), "--scope", "XB", "--as", "charlie")
    assert status == 1
    assert "Không có đơn vị mã “XA1” trong phạm vi “Đảng bộ xã Bình Minh”" in out
    assert not Member.objects.filter(card_number="70000001").exists()


def test_members_cannot_be_registered_at_a_committee_above_the_cells(world: World, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [member("Đinh Văn Tư", "01/01/1990", "Nam", "01/01/2015", "", "70000001", "PROV")],
    )
    status, out = run_cli("import", "members", str(path), "--scope", "PROV")
    assert status == 1
    assert "Đảng viên sinh hoạt ở chi bộ hoặc tổ chức cơ sở đảng" in out


def test_members_created_in_bulk_read_back_like_members_created_one_by_one(
    world: World, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", good_members())
    run_cli("import", "members", str(path), "--scope", "XA")
    imported = Member.objects.get(card_number="20000001")
    by_service = make_member(
        world.xa1, "Phạm Thị Hoa", "20000009", sex="female", date_of_birth=dt.date(1980, 9, 5)
    )
    assert (imported.name_folded, imported.name_sort) == (by_service.name_folded, by_service.name_sort)
    assert abs((imported.created_at - by_service.created_at).total_seconds()) < 60
    assert imported.placements.get().start == imported.admission_date
    assert Member.objects.filter(name_folded__contains="pham thi hoa").count() == 2


def test_a_card_held_outside_the_scope_is_named_as_held_only_to_someone_who_sees_its_holder(
    world: World, tmp_path: Path
) -> None:
    # 10000001 is Nguyễn Văn An's, in XA1: inside alice's reach, outside charlie's (XB).
    held = [member("Người Mới", "01/01/1990", "Nam", "01/01/2015", "01/01/2016", "10000001", "XB1")]
    free = [member("Người Mới", "01/01/1990", "Nam", "01/01/2015", "01/01/2016", "10009999", "XB1")]
    path = write_xlsx(tmp_path / "ds.xlsx", held)
    status, out = run_cli("import", "members", str(path), "--scope", "XB", "--as", "charlie")
    assert status == 1
    assert "Số thẻ đảng viên 10000001 không dùng được" in out
    assert "đã thuộc về" not in out and "Nguyễn Văn An" not in out and "thôn 1" not in out
    status, out = run_cli("import", "members", str(path), "--scope", "XB", "--as", "alice")
    assert status == 1 and "Số thẻ đảng viên 10000001 đã thuộc về một đảng viên khác" in out
    # The unit column answers alike for a code that exists out of reach and one that does not exist.
    for code in ("XA1", "ZZ9"):
        row = [member("Người Mới", "01/01/1990", "Nam", "01/01/2015", "01/01/2016", "10009999", code)]
        status, out = run_cli(
            "import", "members", str(write_xlsx(tmp_path / "u.xlsx", row)), "--scope", "XB", "--as", "charlie"
        )
        assert status == 1 and f"Không có đơn vị mã “{code}” trong phạm vi “Đảng bộ xã Bình Minh”" in out
    status, out = run_cli(
        "import", "members", str(write_xlsx(tmp_path / "f.xlsx", free)), "--scope", "XB", "--as", "charlie"
    )
    assert status == 0, out
