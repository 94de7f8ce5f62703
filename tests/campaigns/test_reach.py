"""A campaign reaches the people who carry it out: the units of its scope read it (and their own share of
its boards), its members see it on their page; only the organisers change it; siblings see nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quantriet.campaigns import services
from quantriet.campaigns.models import Absence, Campaign
from quantriet.orgs import services as org_services
from quantriet.orgs.models import Role
from tests.campaigns.conftest import Setup, campaign_values, make_point

MY = "/campaigns/my/"


def commune_campaign(setup: Setup, **extra: Any) -> Campaign:
    """A campaign the province organises for the XA commune only."""
    world = setup.world
    values = {"title": "Học tập riêng xã An Hòa", "scope_unit": world.xa, **extra}
    return services.create_campaign(None, **campaign_values(world, setup.document, **values))


def edit_urls(setup: Setup) -> list[str]:
    # (A point's own forms answer 403 to its staff, who see the point: see test_access.py.)
    c, conf = setup.campaign.pk, setup.conference.pk
    return [
        f"/campaigns/{c}/edit/",
        f"/campaigns/{c}/conferences/new/",
        f"/campaigns/{c}/report.xlsx",
        f"/campaigns/{c}/report.docx",
        f"/campaigns/conferences/{conf}/edit/",
        f"/campaigns/conferences/{conf}/delete/",
        f"/campaigns/conferences/{conf}/points/new/",
        f"/campaigns/conferences/{conf}/agenda/new/",
    ]


def test_a_commune_and_a_cell_in_scope_read_the_province_campaign_without_edit_buttons(setup: Setup) -> None:
    world = setup.world
    services.add_agenda_item(None, setup.conference, order=1, title="Quán triệt Nghị quyết 35")
    for user in (world.eve, world.bob):  # office staff of the commune XA; secretary of the cell XA1
        client = world.client_for(user)
        page = client.get(f"/campaigns/{setup.campaign.pk}/")
        assert page.status_code == 200, user.username
        text = page.content.decode()
        assert "35-NQ/TW" in text and f"/documents/{setup.document.pk}/" in text  # through the registry
        assert "10/10/2025" in text and "31/12/2025" in text  # the deadlines
        assert f"/campaigns/{setup.campaign.pk}/edit/" not in text
        assert f"/campaigns/{setup.campaign.pk}/conferences/new/" not in text
        assert f"/campaigns/{setup.campaign.pk}/report.xlsx" not in text
        assert "report-task" not in text  # the learning report is not asked yet
        conference = client.get(f"/campaigns/conferences/{setup.conference.pk}/").content.decode()
        assert "Quán triệt Nghị quyết 35" in conference  # the programme
        assert f"/campaigns/conferences/{setup.conference.pk}/edit/" not in conference
        assert "/agenda/new/" not in conference and "/points/new/" not in conference
        programme = client.get(f"/campaigns/conferences/{setup.conference.pk}/programme/")
        assert programme.status_code == 200 and "Quán triệt Nghị quyết 35" in programme.content.decode()
        # What changes the campaign does not exist for them (404, not 403), and nothing changed.
        for url in edit_urls(setup):
            assert client.get(url).status_code == 404, (user.username, url)
        assert client.post(f"/campaigns/{setup.campaign.pk}/edit/", {"title": "Bị sửa"}).status_code == 404
    assert Campaign.objects.get(pk=setup.campaign.pk).title == "Học tập Nghị quyết 35"


def test_the_document_of_the_campaign_opens_for_a_cell(setup: Setup) -> None:
    bob = setup.world.client_for(setup.world.bob)
    assert bob.get(f"/documents/{setup.document.pk}/").status_code == 200


def test_sibling_units_outside_the_scope_still_get_404(setup: Setup) -> None:
    world = setup.world
    theirs = commune_campaign(setup)
    conference = services.create_conference(
        None, theirs, title="Hội nghị riêng xã An Hòa", held_on=dt.date(2025, 9, 12), starts_at=dt.time(8, 0)
    )
    charlie = world.client_for(world.charlie)  # XB: outside XA's scope
    for url in (
        f"/campaigns/{theirs.pk}/",
        f"/campaigns/conferences/{conference.pk}/",
        f"/campaigns/conferences/{conference.pk}/programme/",
        f"/campaigns/conferences/{conference.pk}/board/",
        f"/campaigns/{theirs.pk}/edit/",
    ):
        assert charlie.get(url).status_code == 404, url
    assert "Học tập riêng xã An Hòa" not in charlie.get("/campaigns/").content.decode()
    # bob's cell XA1 is inside it.
    assert world.client_for(world.bob).get(f"/campaigns/{theirs.pk}/").status_code == 200


def test_a_commune_sees_its_own_points_and_members_never_another_communes(setup: Setup) -> None:
    world = setup.world
    setup.invite(setup.point_xa, world.m_xa1)
    setup.invite(setup.point_xb, world.m_xb1)
    services.record_absence(None, setup.point_xb.delegates.get(), reason="Đi công tác ở Bình Minh")
    eve = world.client_for(world.eve)  # office staff of XA
    conference = eve.get(f"/campaigns/conferences/{setup.conference.pk}/").content.decode()
    assert "Điểm cầu xã An Hòa" in conference and "Điểm cầu Tỉnh ủy" in conference  # its own, the main
    assert "Điểm cầu xã Bình Minh" not in conference
    assert f'href="/campaigns/points/{setup.point_xa.pk}/"' in conference
    assert f'href="/campaigns/points/{setup.main.pk}/"' not in conference
    programme = eve.get(f"/campaigns/conferences/{setup.conference.pk}/programme/").content.decode()
    assert "Điểm cầu xã Bình Minh" not in programme
    board = eve.get(f"/campaigns/conferences/{setup.conference.pk}/board/").content.decode()
    assert "Chi bộ thôn 1" in board and "Chi bộ thôn 3" not in board
    assert "Điểm cầu xã Bình Minh" not in board
    detail = eve.get(f"/campaigns/{setup.campaign.pk}/").content.decode()
    assert "Điểm cầu xã Bình Minh" not in detail and "Bình Minh" not in detail.split("h-charts")[-1]
    # The other commune's points, absences and board stay closed to her.
    for url in (
        f"/campaigns/points/{setup.point_xb.pk}/",
        f"/campaigns/points/{setup.point_xb.pk}/board/",
        f"/campaigns/points/{setup.point_xb.pk}/absences/",
    ):
        assert eve.get(url).status_code == 404, url
    # The province sees the whole.
    whole = world.client_for(world.alice).get(f"/campaigns/conferences/{setup.conference.pk}/board/")
    assert "Chi bộ thôn 3" in whole.content.decode()


def test_a_member_sees_the_campaigns_meant_for_them_on_their_page(setup: Setup) -> None:
    world = setup.world
    commune_campaign(setup, title="Đợt cho cán bộ chủ chốt", audience="key_cadres")
    commune_campaign(setup, title="Đợt cho báo cáo viên", audience="categories", categories=["presenter"])
    commune_campaign(setup, title="Đợt cho đảng viên", audience="categories", categories=["member"])
    commune_campaign(setup, title="Đợt của xã bên", scope_unit=world.xb)
    dave = world.client_for(world.dave)  # a plain member of XA2, with an account
    page = dave.get(MY).content.decode()
    assert "Đợt học tập của tôi" in page
    assert "Học tập Nghị quyết 35" in page and "Đợt cho đảng viên" in page
    assert f'href="/campaigns/{setup.campaign.pk}/"' in page and "10/09/2025" in page
    for other in ("Đợt cho cán bộ chủ chốt", "Đợt cho báo cáo viên", "Đợt của xã bên"):
        assert other not in page, other
    detail = dave.get(f"/campaigns/{setup.campaign.pk}/")
    assert detail.status_code == 200 and "/edit/" not in detail.content.decode()
    # A member has no share of the boards: their attendance is on their own page.
    assert dave.get(f"/campaigns/conferences/{setup.conference.pk}/board/").status_code == 404
    key = Campaign.objects.get(title="Đợt cho cán bộ chủ chốt")
    assert dave.get(f"/campaigns/{key.pk}/").status_code == 404
    # Once he holds a committee post, the key cadres' campaign is his too (and the plain members' is not).
    org_services.add_position(None, world.m_dave, unit=world.xa2, kind="secretary", start=dt.date(2024, 1, 1))
    page = world.client_for(world.dave).get(MY).content.decode()
    assert "Đợt cho cán bộ chủ chốt" in page and "Đợt cho đảng viên" not in page


def test_a_member_outside_the_audience_sees_only_what_they_were_invited_to(setup: Setup) -> None:
    world = setup.world
    theirs = commune_campaign(setup, title="Đợt cho cấp ủy viên", audience="key_cadres")
    conference = services.create_conference(
        None, theirs, title="Hội nghị cấp ủy", held_on=dt.date(2025, 9, 12), starts_at=dt.time(8, 0)
    )
    dave = world.client_for(world.dave)
    assert "Đợt cho cấp ủy viên" not in dave.get(MY).content.decode()
    assert dave.get(f"/campaigns/{theirs.pk}/").status_code == 404
    # Invited by hand, he takes part: the campaign is his.
    setup.invite(make_point(conference, world.xa, "Điểm cầu cấp ủy"), world.m_dave)
    assert "Đợt cho cấp ủy viên" in dave.get(MY).content.decode()
    assert dave.get(f"/campaigns/{theirs.pk}/").status_code == 200


def test_a_suspended_member_is_not_reached_by_the_audience(setup: Setup) -> None:
    world = setup.world
    world.m_dave.status = "suspended"
    world.m_dave.save(update_fields=["status"])
    dave = world.client_for(world.dave)
    assert "Học tập Nghị quyết 35" not in dave.get(MY).content.decode()
    assert dave.get(f"/campaigns/{setup.campaign.pk}/").status_code == 404


def test_a_unit_with_a_role_but_no_campaign_right_sees_nothing(setup: Setup) -> None:
    world = setup.world
    org_services.grant_role(None, world.eve, world.xb, Role.INSPECTION)  # inspection: no campaigns
    other = commune_campaign(setup, title="Đợt của xã Bình Minh", scope_unit=world.xb)
    assert world.client_for(world.eve).get(f"/campaigns/{other.pk}/").status_code == 404


def test_the_list_page_costs_the_same_number_of_queries_however_many_campaigns(
    setup: Setup, django_assert_num_queries: Any
) -> None:
    world = setup.world
    for n in range(3):
        commune_campaign(setup, title=f"Đợt {n}")
    bob = world.client_for(world.bob)
    bob.get("/campaigns/")  # the session and the caches warm up
    # session, user, member line, roles, count and page of campaigns, plan campaigns, invitations,
    # the menu's own member record, staffed points
    with django_assert_num_queries(10):
        first = bob.get("/campaigns/")
    for n in range(3, 8):
        commune_campaign(setup, title=f"Đợt {n}")
    with django_assert_num_queries(10):
        second = bob.get("/campaigns/")
    assert first.content.decode().count("/campaigns/") < second.content.decode().count("/campaigns/")
    dave = world.client_for(world.dave)
    dave.get("/campaigns/")
    # dave is a member: his category is one more query, no role means no query for staffed points, and
    # the menu asks for his own member record once for all its entries.
    with django_assert_num_queries(9):
        mine = dave.get("/campaigns/").content.decode()
    assert "Đợt 7" in mine


def test_a_commune_records_why_its_members_stayed_away_from_the_main_point(setup: Setup) -> None:
    world = setup.world
    (an,) = setup.invite(setup.main, world.m_xa1)  # a member of XA invited to the province's own point
    (cuong,) = setup.invite(setup.main, world.m_xb1)  # and one of XB
    url = f"/campaigns/conferences/{setup.conference.pk}/absences/"
    eve = world.client_for(world.eve)  # office staff of XA: she cannot open the main point
    assert eve.get(f"/campaigns/points/{setup.main.pk}/absences/").status_code == 404
    conference = eve.get(f"/campaigns/conferences/{setup.conference.pk}/").content.decode()
    assert f'href="{url}"' in conference
    page = eve.get(url).content.decode()
    assert "Nguyễn Văn An" in page and "Lê Hoàng Cường" not in page
    assert eve.post(url, {"delegate": an.pk, "reason": "Ốm"}).status_code == 302
    assert an.absence.reason == "Ốm"
    # XB's member is not hers to record: 404, nothing written.
    assert eve.post(url, {"delegate": cuong.pk, "reason": "Bịa"}).status_code == 404
    assert not Absence.objects.filter(delegate=cuong).exists()
    # A member reading the campaign has nothing to record here; the organisers record for everyone.
    assert world.client_for(world.dave).get(url).status_code == 404
    whole = world.client_for(world.alice).get(url).content.decode()
    assert "Nguyễn Văn An" in whole and "Lê Hoàng Cường" in whole


def test_the_read_only_pages_cost_the_same_however_many_conferences_and_points(setup: Setup) -> None:
    world = setup.world
    eve = world.client_for(world.eve)
    dave = world.client_for(world.dave)
    pages = (
        (eve, f"/campaigns/{setup.campaign.pk}/"),
        (eve, f"/campaigns/conferences/{setup.conference.pk}/"),
        (eve, f"/campaigns/conferences/{setup.conference.pk}/board/"),
        (dave, MY),
    )
    setup.invite(setup.point_xa, world.m_dave)
    for client, url in pages:
        client.get(url)  # the session and the caches warm up
    counts = []
    for n in range(2):
        counts.append([queries(client, url) for client, url in pages])
        conference = services.create_conference(
            None, setup.campaign, title=f"Hội nghị {n}", held_on=dt.date(2025, 9, 20), starts_at=dt.time(8, 0)
        )
        for cell in (world.xa1, world.xa2):
            setup.invite(make_point(conference, cell, f"Điểm cầu {cell.code} {n}"), world.m_xa1)
        setup.invite(make_point(conference, world.xa, f"Điểm cầu xã {n}"), world.m_dave)
        make_point(setup.conference, world.xa1, f"Điểm cầu thêm {n}")
    assert counts == [EXPECTED_QUERIES, EXPECTED_QUERIES]


# Detail, conference, conference board (eve), "my campaigns" (dave). The learning reports' panel reads
# the requirement on the detail page, and the member's reports on their page. Each table by unit reads
# the units' parent paths in one query (the detail's attendance; the board's live and after-the-day).
EXPECTED_QUERIES = [15, 13, 19, 10]  # the conference's host units with their paths: one query


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)
