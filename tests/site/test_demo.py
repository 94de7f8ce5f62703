"""The demo province: what `quantriet demo` loads, that it loads once, and that its logins work."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

from quantriet.campaigns.models import BridgePoint
from quantriet.campaigns.selectors import access as campaign_access
from quantriet.cli import main
from quantriet.orgs import access, selectors
from quantriet.orgs.access import Capability
from quantriet.orgs.models import (
    Exemption,
    Level,
    Member,
    MemberStatus,
    Placement,
    Position,
    PositionKind,
    Unit,
    UnitEvent,
    UnitLink,
)
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.site.demo import ACCOUNTS, DEMO_PASSWORD, DemoSummary

RESTRUCTURING = dt.date(2025, 7, 1)


def test_the_demo_has_about_120_grassroots_units_and_a_few_thousand_members(
    demo: DemoSummary, db: Any
) -> None:
    assert demo.created
    active_grassroots = Unit.objects.filter(level=Level.GRASSROOTS, valid_to__isnull=True).count()
    assert 110 <= active_grassroots <= 130
    assert 2000 <= Member.objects.count() <= 6000
    root = Unit.objects.get(code="TW")
    assert root.parent is None and root.level == Level.CENTRAL
    assert Unit.objects.get(code="SL").parent == root


def test_every_unit_links_to_itself_and_to_each_ancestor_and_nothing_else(demo: DemoSummary, db: Any) -> None:
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    links: dict[int, set[tuple[int, int]]] = {}
    for ancestor, descendant, distance in UnitLink.objects.values_list(
        "ancestor_id", "descendant_id", "distance"
    ):
        links.setdefault(descendant, set()).add((ancestor, distance))
    depths = dict(Unit.objects.values_list("pk", "depth"))
    for pk in parents:
        chain, current, distance = set(), pk, 0
        while current is not None:
            chain.add((current, distance))
            current, distance = parents[current], distance + 1
        assert links[pk] == chain, f"unit {pk}"
        assert depths[pk] == len(chain) - 1


def test_every_member_on_the_roll_has_one_open_placement_in_their_unit(demo: DemoSummary, db: Any) -> None:
    members = Member.objects.filter(status__in=ON_ROLL_STATUSES)
    open_placements = dict(Placement.objects.filter(end__isnull=True).values_list("member_id", "unit_id"))
    assert Placement.objects.filter(end__isnull=True).count() == len(open_placements)
    for pk, unit_id in members.values_list("pk", "unit_id"):
        assert open_placements[pk] == unit_id
    assert not Member.objects.filter(unit__valid_to__isnull=False).exists()
    assert not Member.objects.exclude(unit__level__in=[Level.CELL, Level.GRASSROOTS]).exists()


def test_the_district_closed_on_1_july_2025_and_its_communes_keep_their_history(
    demo: DemoSummary, db: Any
) -> None:
    district = Unit.objects.get(code="SL-BD")
    assert district.valid_to == RESTRUCTURING
    assert not district.children.filter(valid_to__isnull=True).exists()
    assert district.children.filter(valid_to=RESTRUCTURING).count() >= 8
    ward = Unit.objects.get(code="SL-BD-01")
    assert ward.name == "Đảng bộ phường Lam Hải" and ward.parent and ward.parent.code == "SL"
    assert ward.name_on(dt.date(2024, 1, 1)) == "Đảng bộ xã Lam Hải"
    kinds = set(UnitEvent.objects.filter(date=RESTRUCTURING).values_list("kind", flat=True))
    assert {"merged", "moved", "renamed", "dissolved"} <= kinds


def test_a_member_moved_by_the_merger_was_in_their_old_cell_in_2024(demo: DemoSummary, db: Any) -> None:
    old_cell = Unit.objects.get(code="SL-BD-TT-01")
    assert old_cell.valid_to == RESTRUCTURING
    moved = Member.objects.filter(placements__unit=old_cell).first()
    assert moved is not None
    assert moved.unit_on(dt.date(2024, 6, 1)) == old_cell
    assert moved.unit_on(dt.date(2025, 8, 1)) == moved.unit != old_cell


def test_the_demo_has_positions_probationers_exemptions_and_one_suspension(
    demo: DemoSummary, db: Any
) -> None:
    assert Member.objects.filter(status=MemberStatus.SUSPENDED).count() == 1
    probationary = Member.objects.filter(status=MemberStatus.PROBATIONARY)
    assert probationary.count() > 20
    assert not probationary.exclude(full_membership_date__isnull=True).exists()
    assert Exemption.objects.count() > 5
    cells_without_secretary = Unit.objects.filter(level=Level.CELL, valid_to__isnull=True).exclude(
        positions__kind=PositionKind.SECRETARY
    )
    assert not cells_without_secretary.exists()
    assert Position.objects.filter(kind=PositionKind.PRESENTER).count() > 10


def test_searching_nguyen_van_finds_accented_names(demo: DemoSummary, db: Any) -> None:
    staff = User.objects.get(username="tochuc.tinh")
    found = list(selectors.search_members(staff, query="nguyen van")[:50])
    assert found and all("Nguyễn Văn" in m.full_name for m in found)


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
def test_each_printed_login_signs_in_with_the_printed_password(
    demo: DemoSummary, db: Any, account: Any, settings: Any
) -> None:
    settings.OTP_REQUIRED = False  # as `quantriet demo` runs (QUANTRIET_DEMO=1); the suite turns it on
    client = Client()
    response = client.post(reverse("login"), {"username": account.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_accounts_reach_exactly_their_own_part_of_the_tree(demo: DemoSummary, db: Any) -> None:
    province, commune = Unit.objects.get(code="SL"), Unit.objects.get(code="SL-X097")
    cell = Unit.objects.get(code="SL-BD-TT-02")
    other_cell = commune.children.exclude(pk=cell.pk).first()
    assert other_cell is not None
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
    assert access.can(users["tochuc.tinh"], Capability.EDIT_MEMBERS, other_cell)
    assert access.can(users["tuyengiao.tinh"], Capability.VIEW_MEMBERS, other_cell)
    assert not access.can(users["tuyengiao.tinh"], Capability.EDIT_MEMBERS, other_cell)
    assert access.can(users["tochuc.xa"], Capability.EDIT_MEMBERS, cell)
    assert not access.can(users["tochuc.xa"], Capability.VIEW_MEMBERS, province)
    assert access.can(users["bithu.chibo"], Capability.VIEW_MEMBER_DETAIL, cell)
    assert not access.can(users["bithu.chibo"], Capability.VIEW_MEMBERS, other_cell)
    point_staff = users["diemcau.xa"]
    points = {p.host_unit_id: p for p in BridgePoint.objects.select_related("conference__campaign")}
    own = [p for unit_id, p in points.items() if access.can(point_staff, Capability.CHECK_IN, unit_id)]
    assert len(own) == 1 and own[0].host_unit_id != commune.pk
    assert campaign_access.may_check_in(point_staff, own[0])
    assert not campaign_access.may_check_in(point_staff, points[commune.pk])
    assert not access.can(point_staff, Capability.EDIT_MEMBERS, own[0].host_unit_id)
    plain = users["dangvien"]
    assert list(access.members(plain).values_list("user_id", flat=True)) == [plain.pk]
    assert users["quantri"].is_superuser


def test_running_demo_twice_loads_nothing_new_and_prints_the_logins(
    demo: DemoSummary, db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (Unit.objects.count(), Member.objects.count(), User.objects.count(), Placement.objects.count())
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "đã có sẵn" in out
    for account in ACCOUNTS:
        assert account.username in out
    assert DEMO_PASSWORD in out
    after = (Unit.objects.count(), Member.objects.count(), User.objects.count(), Placement.objects.count())
    assert after == before


def test_card_numbers_are_unique_and_names_are_clean(demo: DemoSummary, db: Any) -> None:
    duplicates = Member.objects.values("card_number").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()
    assert not Member.objects.filter(Q(full_name__startswith=" ") | Q(full_name__contains="  ")).exists()


def test_the_demo_member_sees_reads_of_their_record_and_corrections_in_every_state(
    demo: DemoSummary, db: Any, settings: Any
) -> None:
    settings.OTP_REQUIRED = False
    client = Client()
    client.post(reverse("login"), {"username": "dangvien", "password": DEMO_PASSWORD})
    reads = client.get("/me/reads/").content.decode()
    staff = User.objects.get(username="tochuc.xa")
    assert staff.first_name in reads
    corrections = client.get("/me/corrections/").content.decode()
    for state in ("Đang chờ xử lý", "Đã chấp nhận và sửa hồ sơ", "Không chấp nhận"):
        assert state in corrections
    staff_client = Client()
    staff_client.post(reverse("login"), {"username": "tochuc.xa", "password": DEMO_PASSWORD})
    queue = staff_client.get("/members/corrections/").content.decode()
    assert User.objects.get(username="dangvien").first_name in queue
    assert "Ngày vào Đảng" in queue


def test_the_readme_states_what_the_demo_loads_and_lists_every_login(demo: DemoSummary, db: Any) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    stated = re.search(
        r"holds (\d+) grassroots organisations and (\d+) cells in operation, (\d+) units\s+dissolved"
        r".*?([\d,]+) invented members on the roll",
        readme,
        re.DOTALL,
    )
    assert stated, "the README no longer states the demo's figures"
    grassroots, cells, closed, on_roll = (int(g.replace(",", "")) for g in stated.groups())
    assert (grassroots, cells, closed, on_roll) == (demo.grassroots, demo.cells, demo.closed, demo.on_roll)
    for account in ACCOUNTS:
        assert f"| `{account.username}` |" in readme, account.username
