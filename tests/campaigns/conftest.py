"""A campaign of the province in the shared test world, built through the public services.

campaign "Học tập Nghị quyết 35" (organiser and scope: PROV; audience: all members)
└── conference (held 2025-09-10 at 07:30)
    ├── main      hosted by PROV   (main point)
    ├── point_xa  hosted by XA     ← eve is office staff of XA: she checks in here and sees nothing else
    └── point_xb  hosted by XB     ← charlie (organisation staff of XB) checks in here
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from quantriet.campaigns import services
from quantriet.campaigns.models import BridgePoint, Campaign, Conference, Delegate
from quantriet.documents import services as document_services
from quantriet.documents.models import Document
from quantriet.orgs import services as org_services
from quantriet.orgs.models import Role
from tests.conftest import World

HELD_ON = dt.date(2025, 9, 10)


@dataclass
class Setup:
    world: World
    document: Document
    campaign: Campaign
    conference: Conference
    main: BridgePoint
    point_xa: BridgePoint
    point_xb: BridgePoint

    def invite(self, point: BridgePoint, *members: Any) -> list[Delegate]:
        return services.invite_members(None, point, members).created


def campaign_values(world: World, document: Document, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Học tập Nghị quyết 35",
        "organising_unit": world.province,
        "scope_unit": world.province,
        "audience": "all_members",
        "documents": [document],
        "conference_date": HELD_ON,
        "plan_deadline": dt.date(2025, 10, 10),
        "report_deadline": dt.date(2025, 12, 31),
    }
    values.update(extra)
    return values


def make_point(conference: Conference, unit: Any, name: str, *, is_main: bool = False) -> BridgePoint:
    return services.add_point(
        None, conference, host_unit=unit, name=name, is_main=is_main, address="Hội trường", capacity=100
    )


@pytest.fixture
def setup(world: World) -> Setup:
    document = document_services.create_document(
        None,
        doc_type="Nghị quyết",
        symbol="35-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        is_public=True,
        subject="Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
    )
    campaign = services.create_campaign(None, **campaign_values(world, document))
    conference = services.create_conference(
        None, campaign, title="Hội nghị trực tuyến quán triệt", held_on=HELD_ON, starts_at=dt.time(7, 30)
    )
    org_services.grant_role(None, world.eve, world.xa, Role.OFFICE)
    return Setup(
        world=world,
        document=document,
        campaign=campaign,
        conference=conference,
        main=make_point(conference, world.province, "Điểm cầu Tỉnh ủy", is_main=True),
        point_xa=make_point(conference, world.xa, "Điểm cầu xã An Hòa"),
        point_xb=make_point(conference, world.xb, "Điểm cầu xã Bình Minh"),
    )


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@dataclass
class Clock:
    """The server's clock as a test sets it: conferences take check-ins only around their day."""

    now: dt.datetime

    def set(self, moment: dt.datetime) -> None:
        self.now = moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """``timezone.now`` held at 07:20 on the conference's day (ten minutes before its start) until set."""
    held = Clock(local(HELD_ON, 7, 20))
    monkeypatch.setattr(timezone, "now", lambda: held.now)
    return held
