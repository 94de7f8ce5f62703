"""A self-refreshing board is logged once per reader and scope within BULK_READ_REFRESH_SECONDS."""

from __future__ import annotations

from django.core.cache import cache
from django.test import override_settings

from quantriet.orgs.models import BulkAccessLog
from tests.campaigns.conftest import Setup


def test_a_refreshing_board_is_logged_once_then_again_after_the_period(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/conferences/{setup.conference.pk}/board/"
    for _ in range(5):
        assert client.get(url).status_code == 200
    assert BulkAccessLog.objects.filter(what="campaigns.board").count() == 1
    cache.clear()  # the period has passed
    assert client.get(url).status_code == 200
    assert BulkAccessLog.objects.filter(what="campaigns.board").count() == 2


def test_another_board_of_the_same_reader_is_logged_too(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    assert client.get(f"/campaigns/conferences/{setup.conference.pk}/board/").status_code == 200
    assert client.get(f"/campaigns/points/{setup.point_xb.pk}/board/").status_code == 200
    assert client.get(f"/campaigns/points/{setup.point_xb.pk}/board/").status_code == 200
    assert BulkAccessLog.objects.filter(what="campaigns.board").count() == 2


@override_settings(BULK_READ_REFRESH_SECONDS=600)
def test_an_export_is_logged_every_time(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/{setup.campaign.pk}/report.xlsx"
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert BulkAccessLog.objects.filter(what="campaigns.report.xlsx").count() == 3
