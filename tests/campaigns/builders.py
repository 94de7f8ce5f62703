"""One campaign with one conference and its first bridge point, built through the public services.

Tests across apps need "a point whose desk is open now" (check-ins are taken only around the
conference's day, so it is held today from midnight) or a point of a past conference; this builds either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import BridgePoint
from quantriet.documents.models import Document
from quantriet.orgs.models import Unit


def point_of_new_conference(
    *,
    organiser: Unit,
    document: Document,
    host_unit: Unit,
    title: str = "Học tập Nghị quyết 35",
    held_on: dt.date | None = None,
    starts_at: dt.time = dt.time(0, 0),
    point_name: str = "Điểm cầu thôn 2",
    **point: Any,
) -> BridgePoint:
    """A campaign of ``organiser`` (its own scope, all members) with a conference held on ``held_on``
    (today by default) and one point hosted by ``host_unit``; ``point`` holds add_point's other fields."""
    held_on = held_on or timezone.localdate()
    campaign = campaign_services.create_campaign(
        None,
        title=title,
        organising_unit=organiser,
        scope_unit=organiser,
        audience="all_members",
        documents=[document],
        conference_date=held_on,
        plan_deadline=held_on + dt.timedelta(days=30),
        report_deadline=held_on + dt.timedelta(days=60),
    )
    conference = campaign_services.create_conference(
        None, campaign, title=title, held_on=held_on, starts_at=starts_at
    )
    values: dict[str, Any] = {"is_main": True, "address": "Nhà văn hóa", "capacity": 30} | point
    return campaign_services.add_point(None, conference, host_unit=host_unit, name=point_name, **values)
