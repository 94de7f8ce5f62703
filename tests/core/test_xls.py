"""Old Excel 97-2003 (.xls) member lists import like .xlsx ones; damaged or hostile ones are refused.

``fixtures/members.xls`` was saved by LibreOffice Calc ("MS Excel 97" filter) from a sheet with a
title above the header, Excel date cells, a card number typed as a number, a name typed in the
TCVN3 font and a second sheet of notes.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

import pytest

from quantriet.core.sheets.errors import ImportRejected
from quantriet.core.sheets.reading import read_table
from quantriet.orgs.imports.columns import MEMBER_LAYOUT
from quantriet.orgs.models import Member, MemberStatus
from tests.conftest import World
from tests.orgs.import_fixtures import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "members.xls"


def test_an_xls_member_list_is_read_with_its_dates_numbers_and_header_under_the_title() -> None:
    table = read_table(FIXTURE, "danh-sach.xls", MEMBER_LAYOUT)
    assert table.header.row == 4
    rows = dict(table.rows)
    assert rows[5][1:5] == ("Phạm Thị Hoa", "05/09/1980", "Nữ", dt.date(2005, 2, 3))
    assert rows[5][6] == 20000101.0  # the importer's text() turns it into "20000101"
    assert rows[6][2] == dt.date(1975, 4, 30)
    assert len(table.rows) == 3


def test_the_members_of_an_xls_file_are_imported_and_the_legacy_font_name_is_offered_in_unicode(
    world: World, tmp_path: Path
) -> None:
    status, out = run_cli("import", "members", str(FIXTURE), "--scope", "XA", "--as", "alice")
    # The TCVN3 name is converted only once someone confirms it (a warning, nothing written yet).
    assert status == 1, out
    assert "Nguyễn Văn Trường" in out and not Member.objects.filter(card_number="20000101").exists()
    status, out = run_cli(
        "import", "members", str(FIXTURE), "--scope", "XA", "--as", "alice", "--confirm-warnings"
    )
    assert status == 0, out
    assert "thêm 3" in out
    truong = Member.objects.get(card_number="20000102")
    assert (truong.full_name, truong.date_of_birth, truong.unit, truong.status) == (
        "Nguyễn Văn Trường",
        dt.date(1975, 4, 30),
        world.xa2,
        MemberStatus.FULL,
    )
    assert Member.objects.get(card_number="20000101").admission_date == dt.date(2005, 2, 3)


def _refusal(path: Path, name: str = "ds.xls") -> str:
    with pytest.raises(ImportRejected) as refused:
        read_table(path, name, MEMBER_LAYOUT)
    assert len(refused.value.errors) == 1
    return refused.value.errors[0].message


def test_a_damaged_xls_or_another_file_named_xls_is_refused_in_one_sentence(tmp_path: Path) -> None:
    data = FIXTURE.read_bytes()
    cut = tmp_path / "cut.xls"
    cut.write_bytes(data[: len(data) // 2])
    assert "Excel 97-2003" in _refusal(cut)
    text = tmp_path / "notes.xls"
    text.write_bytes("Họ và tên,Ngày sinh\n".encode())
    assert "không phải là bảng tính Excel 97-2003" in _refusal(text)
    ole_not_excel = tmp_path / "word.xls"
    ole_not_excel.write_bytes(data[:8] + b"\x00" * 4000)
    assert "Excel 97-2003" in _refusal(ole_not_excel)


def test_hostile_xls_bytes_never_escape_as_anything_but_a_refusal(tmp_path: Path) -> None:
    """Byte flips, cuts and repeated records: each file is read or refused, quickly."""
    data = FIXTURE.read_bytes()
    rng = random.Random(11)
    target = tmp_path / "fuzz.xls"
    started = time.monotonic()
    for _case in range(150):
        mutated = bytearray(data)
        for _flip in range(rng.randint(1, 40)):
            mutated[rng.randrange(512, len(mutated))] = rng.randrange(256)
        if rng.random() < 0.2:
            mutated = mutated[: rng.randrange(512, len(mutated))]
        target.write_bytes(bytes(mutated))
        try:
            table = read_table(target, "fuzz.xls", MEMBER_LAYOUT)
        except ImportRejected as refused:
            assert refused.errors and refused.errors[0].message
        else:
            assert len(table.rows) <= 50_000
    assert time.monotonic() - started < 60
