"""Units of the same name are told apart by their path on the campaign's pages: a conference's points, a
point's delegates and its invitation proposal, the members who stayed away."""

from __future__ import annotations

from quantriet.campaigns import services
from quantriet.orgs import services as org_services
from tests.campaigns.conftest import Setup, make_point
from tests.conftest import make_member

SCHOOL = "Chi bộ Trường THCS"


def test_same_named_cells_are_shown_with_their_commune(setup: Setup) -> None:
    world = setup.world
    school_a = org_services.create_unit(None, name=SCHOOL, code="THCSA", level="cell", parent=world.xa)
    school_b = org_services.create_unit(None, name=SCHOOL, code="THCSB", level="cell", parent=world.xb)
    teacher_a = make_member(school_a, "Phạm Thu Hà", "20000001")
    teacher_b = make_member(school_b, "Vũ Minh Khoa", "20000002")
    point = make_point(setup.conference, school_b, "Điểm cầu trường học")
    services.invite_members(None, setup.main, [teacher_a, teacher_b])
    alice = world.client_for(world.alice)

    conference = alice.get(f"/campaigns/conferences/{setup.conference.pk}/").content.decode()
    assert f"Đảng bộ xã Bình Minh › {SCHOOL}" in conference  # the school hosting a point

    main = alice.get(f"/campaigns/points/{setup.main.pk}/").content.decode()
    assert f"Đảng bộ xã An Hòa › {SCHOOL}" in main and f"Đảng bộ xã Bình Minh › {SCHOOL}" in main

    # Below a point's host its own name is known: the proposal's cells are named from there down.
    make_member(school_b, "Đỗ Thị Lan", "20000003")
    proposal = alice.get(f"/campaigns/points/{point.pk}/invite/").content.decode()
    assert "Đỗ Thị Lan" in proposal and f'<td data-label="Chi bộ">{SCHOOL}</td>' in proposal
