"""The demo province comes with a campaign: a conference today, a main point, bridge points, delegates."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from quantriet.campaigns.models import Campaign, Delegate
from quantriet.site.demo import load_demo


def test_the_demo_campaign_is_ready_to_check_in(db: Any) -> None:
    load_demo(io.StringIO())
    campaign = Campaign.objects.get()
    assert campaign.documents.filter(symbol="35-NQ/TW").exists()
    conference = campaign.conferences.get()
    assert conference.held_on == timezone.localdate()
    points = list(conference.points.all())
    assert sum(p.is_main for p in points) == 1 and len(points) >= 3
    delegates = Delegate.objects.filter(conference=conference)
    assert delegates.count() > 10
    assert set(delegates.values_list("category", flat=True)) <= {"secretary", "committee"}
    # The commune's organisation staff check in at their own point.
    client = Client()
    client.force_login(User.objects.get(username="tochuc.xa"))
    listing = client.get("/campaigns/").content.decode()
    own = [p for p in points if f"/campaigns/points/{p.pk}/check-in/" in listing]
    assert len(own) == 1
    assert client.get(f"/campaigns/points/{own[0].pk}/check-in/").status_code == 200
    propaganda = Client()
    propaganda.force_login(User.objects.get(username="tuyengiao.tinh"))
    assert propaganda.get(f"/campaigns/conferences/{conference.pk}/board/").status_code == 200
    assert propaganda.get(f"/campaigns/{campaign.pk}/edit/").status_code == 200
