"""The province's plans board: grouped by the next level with drill-down, every unit named with its path.

The province of the shared world gets a bloc committee with two grassroots organisations, and a cell
called "Chi bộ Trường THCS" under each commune and each organisation of the bloc (four cells of the
same name, as a real province holds dozens):

PROV ─┬─ XA (grassroots) ── XA1, XA2, Chi bộ Trường THCS
      ├─ XB (grassroots) ── XB1, Chi bộ Trường THCS
      └─ KHOI (intermediate) ─┬─ Đảng bộ Công ty Sông Lam (grassroots) ── Chi bộ Trường THCS
                              └─ Đảng bộ Bệnh viện tỉnh (grassroots) ── Chi bộ Trường THCS
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from quantriet.campaigns import services
from quantriet.campaigns.models import Campaign, ImplementationPlan, PlanObligation
from quantriet.orgs import services as org_services
from quantriet.orgs.models import Unit
from tests.campaigns.conftest import Setup

SCHOOL = "Chi bộ Trường THCS"


@dataclass
class Province:
    setup: Setup
    bloc: Unit
    company: Unit
    hospital: Unit
    schools: list[Unit]  # under XA, XB, the company, the hospital

    @property
    def campaign(self) -> Campaign:
        return self.setup.campaign

    def owe(self, obligation: str, units: list[Unit] | None = None) -> None:
        self.campaign.plans_owed_by = obligation
        self.campaign.save(update_fields=["plans_owed_by"])
        self.campaign.chosen_plan_units.set(units or [])

    def board(self, query: str = "", user: Any = None) -> str:
        client = self.setup.world.client_for(user or self.setup.world.alice)
        response = client.get(f"/campaigns/{self.campaign.pk}/plans/{query}")
        assert response.status_code == 200
        return str(response.content.decode())


@pytest.fixture
def province(setup: Setup) -> Province:
    world = setup.world

    def unit(name: str, code: str, level: str, parent: Unit) -> Unit:
        return org_services.create_unit(None, name=name, code=code, level=level, parent=parent)

    bloc = unit("Đảng ủy Khối Cơ quan tỉnh", "KHOI", "intermediate", world.province)
    company = unit("Đảng bộ Công ty Sông Lam", "CTY", "grassroots", bloc)
    hospital = unit("Đảng bộ Bệnh viện tỉnh", "BV", "grassroots", bloc)
    schools = [
        unit(SCHOOL, f"THCS{n}", "cell", parent)
        for n, parent in enumerate((world.xa, world.xb, company, hospital), start=1)
    ]
    return Province(setup, bloc, company, hospital, schools)


def submit(province: Province, unit: Unit, *, late: bool = False) -> ImplementationPlan:
    campaign = province.campaign
    plan = services.submit_plan(
        None,
        campaign,
        unit,
        symbol="12-KH/ĐU",
        issued_on=dt.date(2025, 9, 15),
        actions_text="Quán triệt | Văn phòng | 30/09/2025",
        file_data=b"Ke hoach thuc hien.",
        file_name="ke-hoach.txt",
    )
    day = campaign.plan_deadline + dt.timedelta(days=3 if late else -3)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    ImplementationPlan.objects.filter(pk=plan.pk).update(submitted_at=moment)
    return plan


def table(page: str, css: str) -> list[list[str]]:
    """The rows of the table of class ``css``, each a list of its cells' text."""
    found = re.search(rf'<table class="[^"]*\b{css}\b[^"]*">(.*?)</table>', page, re.S)
    if found is None:
        return []
    body = found[1].split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_province_board_lists_the_units_directly_below_not_every_cell(province: Province) -> None:
    # The default: the level directly below the organiser owes a plan; the cells work under theirs.
    page = province.board()
    assert [r[:2] for r in table(page, "plans")] == [
        ["Đảng bộ xã An Hòa", "Chưa nộp"],
        ["Đảng bộ xã Bình Minh", "Chưa nộp"],
        ["Đảng ủy Khối Cơ quan tỉnh", "Chưa nộp"],
    ]
    assert SCHOOL not in page and "Chi bộ thôn" not in page
    assert table(page, "plan-groups") == []


def test_the_grassroots_organisations_are_grouped_by_the_next_level_and_drilled_into(
    province: Province,
) -> None:
    province.owe(PlanObligation.GRASSROOTS)
    submit(province, province.company, late=True)
    approved = submit(province, province.hospital)
    services.review_plan(None, approved, approve=True, comment="")
    page = province.board()
    # The communes owe their own plan and hold no other: shown singly; the bloc holds two: a group row.
    assert [r[:2] for r in table(page, "plans")] == [
        ["Đảng bộ xã An Hòa", "Chưa nộp"],
        ["Đảng bộ xã Bình Minh", "Chưa nộp"],
    ]
    # owed, handed in, approved, late, returned, missing
    assert table(page, "plan-groups") == [["Đảng ủy Khối Cơ quan tỉnh", "2", "2", "1", "1", "0", "0"]]
    assert f'href="?unit={province.bloc.pk}"' in page
    assert "Chưa nộp: <strong>2</strong>" in page and "Đã duyệt: <strong>1</strong>" in page

    inside = province.board(f"?unit={province.bloc.pk}")
    assert [r[:2] for r in table(inside, "plans")] == [
        ["Đảng ủy Khối Cơ quan tỉnh › Đảng bộ Bệnh viện tỉnh", "Đã duyệt"],
        ["Đảng ủy Khối Cơ quan tỉnh › Đảng bộ Công ty Sông Lam", "Nộp muộn"],
    ]
    assert table(inside, "plan-groups") == []
    assert "Chưa nộp: <strong>0</strong>" in inside  # the counts are those of the bloc
    trail = inside.split('class="plan-trail"', 1)[1].split("</nav>", 1)[0]
    assert 'href="?"' in trail and "Tỉnh ủy Mẫu" in trail and "Đảng ủy Khối Cơ quan tỉnh" in trail


def test_cells_of_the_same_name_are_told_apart_by_their_path(province: Province) -> None:
    province.owe(PlanObligation.CHOSEN, province.schools)
    submit(province, province.schools[1])
    page = province.board("?state=missing")
    assert [r[0] for r in table(page, "plans")] == [
        f"Đảng bộ xã An Hòa › {SCHOOL}",
        f"Đảng ủy Khối Cơ quan tỉnh › Đảng bộ Bệnh viện tỉnh › {SCHOOL}",
        f"Đảng ủy Khối Cơ quan tỉnh › Đảng bộ Công ty Sông Lam › {SCHOOL}",
    ]
    # Grouped, every commune and the bloc is a row (each holds a school) and none of them is a school.
    grouped = province.board()
    assert [r[0] for r in table(grouped, "plan-groups")] == [
        "Đảng bộ xã An Hòa",
        "Đảng bộ xã Bình Minh",
        "Đảng ủy Khối Cơ quan tỉnh",
    ]
    plan_page = province.setup.world.client_for(province.setup.world.alice).get(
        f"/campaigns/{province.campaign.pk}/plans/{province.schools[2].pk}/"
    )
    text = plan_page.content.decode()
    assert f"Kế hoạch thực hiện: Đảng ủy Khối Cơ quan tỉnh › Đảng bộ Công ty Sông Lam › {SCHOOL}" in text
    assert f"/plans/?unit={province.company.pk}" in text  # back to the board where it is listed


def test_a_commune_lands_on_its_own_units_and_cannot_open_another_subtree(province: Province) -> None:
    world = province.setup.world
    province.owe(PlanObligation.CHOSEN, [world.xb1, province.schools[1], province.schools[0]])
    page = province.board(user=world.charlie)  # organisation staff of XB
    # The only group in their reach is opened at once.
    assert [r[0] for r in table(page, "plans")] == [
        "Đảng bộ xã Bình Minh › Chi bộ thôn 3",
        f"Đảng bộ xã Bình Minh › {SCHOOL}",
    ]
    assert "An Hòa" not in page.split("<h1>", 1)[1]
    client = world.client_for(world.charlie)
    assert client.get(f"/campaigns/{province.campaign.pk}/plans/?unit={world.xa.pk}").status_code == 404
    # A unit outside the campaign's scope is no board at all, for anyone.
    outside = org_services.create_unit(
        None, name="Tỉnh ủy Khác", code="KHAC", level="central_direct", parent=None
    )
    alice = world.client_for(world.alice)
    assert alice.get(f"/campaigns/{province.campaign.pk}/plans/?unit={outside.pk}").status_code == 404
    assert alice.get(f"/campaigns/{province.campaign.pk}/plans/?unit=abc").status_code == 404


@pytest.mark.parametrize("query", ["", "?drill", "?state=missing"])
def test_the_board_costs_the_same_number_of_queries_however_many_units(
    province: Province, django_assert_num_queries: Any, query: str
) -> None:
    province.owe(PlanObligation.GRASSROOTS)
    world = province.setup.world
    url = {"": "", "?drill": f"?unit={province.bloc.pk}", "?state=missing": "?state=missing"}[query]
    alice = world.client_for(world.alice)
    alice.get(f"/campaigns/{province.campaign.pk}/plans/{url}")  # the session and the caches warm up
    # session, user, campaign, roles, [the board's unit], the links below it, does it owe a plan itself,
    # the plans' states, the paths (rows and groups), the units shown, their plans and reminders, [the
    # trail]; the menu's member record and the campaign's reach (member, delegate)
    expected = {"": 14, "?drill": 16, "?state=missing": 14}[query]
    with django_assert_num_queries(expected):
        first = alice.get(f"/campaigns/{province.campaign.pk}/plans/{url}")
    for n in range(12):
        commune = org_services.create_unit(
            None, name=f"Đảng bộ xã Mới {n}", code=f"MOI{n}", level="grassroots", parent=province.bloc
        )
        org_services.create_unit(None, name=SCHOOL, code=f"MOI{n}C", level="cell", parent=commune)
        submit(province, commune, late=n % 2 == 0)
    with django_assert_num_queries(expected):
        second = alice.get(f"/campaigns/{province.campaign.pk}/plans/{url}")
    assert len(second.content) > len(first.content) or query == "?state=missing"


def test_a_long_list_comes_page_by_page(province: Province, monkeypatch: Any) -> None:
    monkeypatch.setattr("quantriet.campaigns.views.plans.ROWS_PER_PAGE", 2)
    province.owe(PlanObligation.CHOSEN, province.schools)
    first = province.board("?state=missing")
    assert [r[0] for r in table(first, "plans")] == [
        f"Đảng bộ xã An Hòa › {SCHOOL}",
        f"Đảng bộ xã Bình Minh › {SCHOOL}",
    ]
    assert "Đơn vị 1–2 trong 4." in first and 'href="?state=missing&amp;page=2"' in first
    second = province.board("?state=missing&page=2")
    assert [r[0] for r in table(second, "plans")] == [
        f"Đảng ủy Khối Cơ quan tỉnh › Đảng bộ Bệnh viện tỉnh › {SCHOOL}",
        f"Đảng ủy Khối Cơ quan tỉnh › Đảng bộ Công ty Sông Lam › {SCHOOL}",
    ]
    assert 'href="?state=missing&amp;page=1"' in second and "page=3" not in second
    # A page past the end shows the last one; a page that is no number, the first.
    assert table(province.board("?state=missing&page=9"), "plans") == table(second, "plans")
    assert table(province.board("?state=missing&page=x"), "plans") == table(first, "plans")
