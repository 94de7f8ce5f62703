"""A member's own invitations on the phone: the QR code before the conference, how it went after."""

from __future__ import annotations

import datetime as dt
import uuid

from django.test import Client
from django.utils import timezone

from quantriet.campaigns import services
from quantriet.campaigns.models import Delegate
from quantriet.campaigns.views.delegates import qr_svg
from tests.campaigns.conftest import Setup, campaign_values, make_point

URL = "/campaigns/my/"


def coming_invitation(setup: Setup, days: int = 0) -> Delegate:
    """Dave (a member of XA2 with an account) invited to a conference ``days`` from today."""
    today = timezone.localdate()
    campaign = services.create_campaign(
        None,
        **campaign_values(
            setup.world,
            setup.document,
            title="Học tập Quy định 22",
            conference_date=today,
            plan_deadline=today + dt.timedelta(days=30),
            report_deadline=today + dt.timedelta(days=60),
        ),
    )
    conference = services.create_conference(
        None,
        campaign,
        title="Hội nghị quán triệt Quy định 22",
        held_on=today + dt.timedelta(days=days),
        starts_at=dt.time(14, 0),
    )
    point = make_point(conference, setup.world.xa, "Điểm cầu xã An Hòa")
    (delegate,) = setup.invite(point, setup.world.m_dave)
    return delegate


def test_a_member_sees_the_qr_code_of_a_coming_conference_and_nobody_elses(setup: Setup) -> None:
    mine = coming_invitation(setup, days=2)
    (other,) = setup.invite(mine.point, setup.world.m_xa1)
    page = setup.world.client_for(setup.world.dave).get(URL).content.decode()
    assert "Hội nghị quán triệt Quy định 22" in page and "14:00" in page
    assert mine.code_display in page and str(qr_svg(mine, fluid=True)) in page
    assert other.code_display not in page and "Nguyễn Văn An" not in page
    # The campaigns menu and page lead there.
    listing = setup.world.client_for(setup.world.dave).get("/campaigns/").content.decode()
    assert 'href="/campaigns/"' in listing and f"/campaigns/my/#inv-{mine.pk}" in listing


def test_after_the_conference_the_page_says_how_it_went_and_shows_no_code(setup: Setup) -> None:
    world = setup.world
    (past,) = setup.invite(setup.point_xa, world.m_dave)  # the setup's conference was in 2025
    client = world.client_for(world.dave)
    page = client.get(URL).content.decode()
    assert "Chưa điểm danh" in page and past.code_display not in page and "<svg" not in page
    services.record_absence(None, past, reason="Đi công tác")
    assert "Vắng có lý do: Đi công tác" in client.get(URL).content.decode()
    services.record_absence(None, past, reason="")
    assert "Vắng không lý do" in client.get(URL).content.decode()
    today = coming_invitation(setup)
    at_start = today.conference.start()  # check-ins are taken only around the conference, whenever this runs
    services.check_in_delegate(
        None, today.point, today, client_id=uuid.uuid4(), method="scan", received_at=at_start
    )
    page = client.get(URL).content.decode()
    assert "Đã điểm danh" in page and today.code_display not in page
    # Once checked in, the campaigns page no longer lists the conference as one to attend.
    assert f"#inv-{today.pk}" not in client.get("/campaigns/").content.decode()


def test_someone_never_invited_or_without_a_member_record_gets_an_empty_page(setup: Setup) -> None:
    coming_invitation(setup)
    for user in (setup.world.eve, setup.world.bob):
        response = setup.world.client_for(user).get(URL)
        assert response.status_code == 200
        assert "Bạn chưa được mời dự hội nghị học tập, quán triệt nào." in response.content.decode()
    # A member with no roles and no invitation still takes part in campaigns: the menu has the entry.
    dave = setup.world.client_for(setup.world.dave)
    Delegate.objects.filter(member=setup.world.m_dave).delete()
    assert "Học tập, quán triệt" in dave.get("/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(setup: Setup) -> None:
    coming_invitation(setup)
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
