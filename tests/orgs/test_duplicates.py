"""The same person (folded name and date of birth) registered twice in the province is caught.

Card and CCCD numbers are unique (the services refuse them); a namesake born the same day may be
another person, so it is a warning, and it names the registered member only to those who may see them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from quantriet.orgs.models import Member
from tests.conftest import World
from tests.orgs.import_fixtures import member, run_cli, write_xlsx

OUTSIDE = "trùng với một đảng viên ở đơn vị khác ngoài phạm vi của bạn"


def _row(name: str, card: str, cell: str) -> list[Any]:
    return member(name, "17/05/1985", "Nam", "02/03/2010", "02/03/2011", card, cell)


def test_an_import_adding_a_namesake_from_outside_the_scope_is_warned_without_details(
    world: World, tmp_path: Path
) -> None:
    # Nguyễn Văn An (world) is in XA1: outside charlie's reach (XB), inside alice's (the province).
    assert world.m_xa1.date_of_birth == dt.date(1985, 5, 17)
    path = write_xlsx(tmp_path / "ds.xlsx", [_row("nguyen van  AN", "30000009", "XB1")])
    status, out = run_cli("import", "members", str(path), "--scope", "XB", "--as", "charlie")
    assert status == 1
    assert "Trùng họ tên và ngày sinh với một đảng viên ở đơn vị khác ngoài phạm vi của bạn" in out
    assert "An Hòa" not in out and "10000001" not in out and "thôn 1" not in out
    # alice sees the whole province: she is told who and where.
    status, out = run_cli("import", "members", str(path), "--scope", "XB", "--as", "alice")
    assert status == 1
    assert "Nguyễn Văn An, Đảng bộ xã An Hòa › Chi bộ thôn 1, số thẻ 10000001" in out
    status, out = run_cli(
        "import", "members", str(path), "--scope", "XB", "--as", "alice", "--confirm-warnings"
    )
    assert status == 0, out
    assert Member.objects.filter(name_folded="nguyen van an").count() == 2


def test_the_member_form_warns_of_a_namesake_outside_the_scope_and_saves_once_confirmed(world: World) -> None:
    client = world.client_for(world.charlie)  # Nguyễn Văn An is in XA1, outside charlie's XB
    data = {
        "full_name": "Nguyễn Văn  An",
        "date_of_birth": "17/05/1985",
        "sex": "male",
        "admission_date": "02/03/2010",
        "full_membership_date": "02/03/2011",
        "card_number": "",
        "status": "full",
        "placed_since": "",
    }
    response = client.post(f"/units/{world.xb1.pk}/members/new/", data)
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Trùng họ tên và ngày sinh với một đảng viên ở đơn vị khác ngoài phạm vi của bạn" in page
    assert "An Hòa" not in page and "10000001" not in page and "thôn 1" not in page
    assert Member.objects.filter(name_folded="nguyen van an").count() == 1
    # A confirmation of other warnings does not cover this one.
    response = client.post(f"/units/{world.xb1.pk}/members/new/", {**data, "confirm_warnings": "0" * 16})
    assert response.status_code == 200
    digest = _confirm_value(page)
    response = client.post(f"/units/{world.xb1.pk}/members/new/", {**data, "confirm_warnings": digest})
    assert response.status_code == 302
    assert Member.objects.filter(name_folded="nguyen van an").count() == 2


def test_editing_a_member_does_not_count_the_member_as_their_own_namesake(world: World) -> None:
    client = world.client_for(world.alice)
    member_ = world.m_xa1
    response = client.post(
        f"/members/{member_.pk}/edit/",
        {
            "full_name": member_.full_name,
            "date_of_birth": "17/05/1985",
            "sex": "male",
            "admission_date": "02/03/2010",
            "full_membership_date": "02/03/2011",
            "card_number": member_.card_number,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def _confirm_value(page: str) -> str:
    marker = 'name="confirm_warnings" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]
