"""People and units named as a user knows them: the desk's history names who recorded or reversed a
check-in by their name (not a login), and a member's page names their cell with its parent path."""

from __future__ import annotations

import datetime as dt
import uuid

from quantriet.campaigns import services
from tests.campaigns.conftest import Setup
from tests.conftest import World


def test_the_check_ins_page_names_who_recorded_and_who_reversed_each(setup: Setup) -> None:
    world = setup.world
    world.alice.first_name = "Vũ Kim Mai"  # as accounts hold a name (the menu shows it so)
    world.alice.save(update_fields=["first_name"])
    delegates = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    received = setup.conference.start() - dt.timedelta(minutes=5)
    for delegate in delegates:
        done = services.check_in_delegate(
            world.alice, setup.point_xa, delegate, client_id=uuid.uuid4(), method="name", received_at=received
        )
    services.reverse_check_in(world.alice, done.check_in, reason="Bấm nhầm người")
    page = world.client_for(world.alice).get(f"/campaigns/points/{setup.point_xa.pk}/check-ins/")
    text = page.content.decode().split("<table", 1)[1]
    assert text.count("Vũ Kim Mai") == 3  # two recorded, one reversed
    assert ">alice<" not in text and "bởi alice" not in text
    # Someone without a name on their account is still named by their login.
    services.check_in_guest(
        world.eve, setup.point_xa, name="Hồ Vãng Lai", client_id=uuid.uuid4(), received_at=received
    )
    text = (
        world.client_for(world.alice)
        .get(f"/campaigns/points/{setup.point_xa.pk}/check-ins/")
        .content.decode()
    )
    assert ">eve<" in text


def test_a_members_page_names_their_cell_with_its_parent_path(world: World) -> None:
    text = world.client_for(world.alice).get(f"/members/{world.m_xa2.pk}/").content.decode()
    assert "Đảng bộ xã An Hòa › Chi bộ thôn 2" in text
    own = world.client_for(world.dave).get("/me/").content.decode()
    assert "Đảng bộ xã An Hòa › Chi bộ thôn 2" in own
