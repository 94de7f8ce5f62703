"""Who sees and changes what: organisers their campaigns, a point's staff their point only (and, as staff
of a unit in the campaign's scope, the campaign read-only: see test_reach.py)."""

from __future__ import annotations

import uuid

from quantriet.campaigns import services
from quantriet.campaigns.models import Campaign, CheckIn
from tests.campaigns.conftest import Setup, campaign_values


def test_point_staff_see_their_point_only(setup: Setup) -> None:
    world = setup.world
    setup.invite(setup.point_xa, world.m_xa1)
    setup.invite(setup.point_xb, world.m_xb1)
    eve = world.client_for(world.eve)
    page = eve.get(f"/campaigns/points/{setup.point_xa.pk}/").content.decode()
    assert "Nguyễn Văn An" in page and "Lê Hoàng Cường" not in page
    assert eve.get(f"/campaigns/points/{setup.point_xa.pk}/check-in/").status_code == 200
    assert eve.get(f"/campaigns/points/{setup.point_xa.pk}/board/").status_code == 200
    listing = eve.get("/campaigns/").content.decode()
    assert "Điểm cầu xã An Hòa" in listing and "Điểm cầu xã Bình Minh" not in listing
    for url in (
        f"/campaigns/points/{setup.point_xb.pk}/",
        f"/campaigns/points/{setup.point_xb.pk}/check-in/",
        f"/campaigns/points/{setup.point_xb.pk}/board/",
        f"/campaigns/points/{setup.main.pk}/",
    ):
        assert eve.get(url).status_code == 404, url
    # XA lies in the province's scope: she reads the campaign, and the board of her own share only.
    board = eve.get(f"/campaigns/conferences/{setup.conference.pk}/board/").content.decode()
    assert "Điểm cầu xã An Hòa" in board and "Điểm cầu xã Bình Minh" not in board
    assert "Lê Hoàng Cường" not in board
    # Nor may she change the list of her own point.
    assert eve.get(f"/campaigns/points/{setup.point_xa.pk}/invite/").status_code == 403
    assert (
        eve.post(f"/campaigns/points/{setup.point_xa.pk}/guests/new/", {"guest_name": "X"}).status_code == 403
    )


def test_point_staff_cannot_check_in_at_another_point(setup: Setup) -> None:
    an = setup.invite(setup.point_xb, setup.world.m_xb1)[0]
    eve = setup.world.client_for(setup.world.eve)
    response = eve.post(
        f"/campaigns/points/{setup.point_xb.pk}/check-in.json",
        {"code": an.code, "client_id": str(uuid.uuid4()), "method": "typed"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_a_unit_cannot_see_or_change_a_sibling_units_campaign(setup: Setup) -> None:
    world = setup.world
    theirs = services.create_campaign(
        None,
        **campaign_values(
            world, setup.document, title="Đợt của xã Bình Minh", organising_unit=world.xb, scope_unit=world.xb
        ),
    )
    # charlie organises in XB; his campaign is his; the province's reaches XB, so he reads it, no more.
    charlie = world.client_for(world.charlie)
    assert charlie.get(f"/campaigns/{theirs.pk}/").status_code == 200
    assert charlie.get(f"/campaigns/{setup.campaign.pk}/").status_code == 200
    assert charlie.post(f"/campaigns/{setup.campaign.pk}/edit/", {"title": "Bị sửa"}).status_code == 404
    listing = charlie.get("/campaigns/").content.decode()
    campaigns_table = listing.split('class="grid responsive campaigns"')[1].split("</table>")[0]
    assert "Đợt của xã Bình Minh" in campaigns_table and "Học tập Nghị quyết 35" in campaigns_table
    # XB owes the province a plan: its plans board is linked too.
    plans_section = listing.split('class="linklist plan-campaigns"')[1].split("</ul>")[0]
    assert f'href="/campaigns/{setup.campaign.pk}/plans/"' in plans_section
    # The province above sees and manages both.
    alice = world.client_for(world.alice)
    assert alice.get(f"/campaigns/{theirs.pk}/edit/").status_code == 200
    # bob, a cell secretary in XA, does not see XB's, reads the province's, and may not create one.
    bob = world.client_for(world.bob)
    assert bob.get(f"/campaigns/{theirs.pk}/").status_code == 404
    assert bob.get(f"/campaigns/{setup.campaign.pk}/").status_code == 200
    assert bob.get(f"/campaigns/{setup.campaign.pk}/edit/").status_code == 404
    assert Campaign.objects.get(pk=setup.campaign.pk).title == "Học tập Nghị quyết 35"


def test_point_staff_who_only_check_in_cannot_edit_the_campaign(setup: Setup) -> None:
    world = setup.world
    # charlie hosts point_xb but the campaign is the province's: he checks in, and that is all.
    charlie = world.client_for(world.charlie)
    assert charlie.get(f"/campaigns/points/{setup.point_xb.pk}/check-in/").status_code == 200
    assert charlie.get(f"/campaigns/conferences/{setup.conference.pk}/points/new/").status_code == 404
    assert (
        charlie.post(
            f"/campaigns/points/{setup.point_xb.pk}/invite/", {"member": [str(world.m_xb1.pk)]}
        ).status_code
        == 403
    )
    assert not setup.point_xb.delegates.exists()


def test_invitations_are_printed_by_organisers_and_the_points_staff_only(setup: Setup) -> None:
    world = setup.world
    an = setup.invite(setup.point_xa, world.m_xa1)[0]
    url = f"/campaigns/delegates/{an.pk}/invitation/"
    assert world.client_for(world.alice).get(url).status_code == 200
    assert world.client_for(world.eve).get(url).status_code == 200
    assert world.client_for(world.charlie).get(url).status_code == 404
    assert world.client_for(world.dave).get(url).status_code == 404
