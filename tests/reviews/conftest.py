"""The reviews app's test world: the shared province, with a commune whose roll has every standing.

    Tỉnh ủy Mẫu (PROV)                      ← alice: organisation staff (MANAGE_REVIEWS, DECIDE_RATINGS)
    ├── Đảng bộ xã An Hòa (XA, grassroots)            ← olga: organisation staff of the commune
    │   ├── Chi bộ thôn 1 (XA1, cell)                 ← bob: its secretary
    │   │     An (holds "Phó Bí thư" at the XA committee: rated at XA1 and at XA), Hoa (exempted),
    │   │     Khánh (suspended)
    │   └── Chi bộ thôn 2 (XA2, cell)
    │         Bình, Dũng (dave's account), Nam (admitted two months before the end of 2025)
    └── Đảng bộ xã Bình Minh (XB) → Chi bộ thôn 3 (XB1): Cường   ← charlie: organisation staff of XB

The period fixtures are for 2025 (Quy định 366-QĐ/TW), with the timetable in December 2025 — a fixed past
year, so no test depends on today's date except through ``period.is_open``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from quantriet.orgs import services
from quantriet.orgs.models import Member, Role
from tests.conftest import PASSWORD, World, build_world, make_member

YEAR = 2025
SELF_UNTIL = dt.date(2025, 12, 10)
MEETING_UNTIL = dt.date(2025, 12, 20)
DECISIONS_UNTIL = dt.date(2025, 12, 31)


@dataclass
class ReviewWorld:
    w: World
    olga: User
    an: Member  # XA1, holds a post at the XA committee
    hoa: Member  # XA1, exempted for the whole year
    khanh: Member  # XA1, suspended
    binh: Member  # XA2
    dung: Member  # XA2, dave's account
    nam: Member  # XA2, admitted 2025-10-31

    def __getattr__(self, name: str) -> Any:
        # rw.alice, rw.xa1… reach the shared world.
        return getattr(self.w, name)


def build_review_world() -> ReviewWorld:
    w = build_world()
    olga = User.objects.create_user("olga", "olga@example.org", PASSWORD)
    services.grant_role(None, olga, w.xa, Role.ORGANISATION)
    an = w.m_xa1
    services.add_position(None, an, unit=w.xa, kind="deputy", start=dt.date(2020, 10, 1))
    hoa = make_member(w.xa1, "Phạm Thị Hoa", "10000011", sex="female")
    services.add_exemption(None, hoa, start=dt.date(2024, 6, 1), end=None, reason="Tuổi cao, sức yếu")
    khanh = make_member(w.xa1, "Vũ Văn Khánh", "10000012")
    services.change_status(None, khanh, "suspended", date=dt.date(2025, 8, 1), note="Đình chỉ sinh hoạt")
    nam = make_member(
        w.xa2,
        "Hoàng Minh Nam",
        "10000013",
        admission_date=dt.date(2025, 10, 31),
        full_membership_date=None,
        status="probationary",
    )
    return ReviewWorld(w=w, olga=olga, an=an, hoa=hoa, khanh=khanh, binh=w.m_xa2, dung=w.m_dave, nam=nam)


@pytest.fixture
def rw(db: Any) -> ReviewWorld:
    return build_review_world()


def open_current(rw: ReviewWorld, unit: Any = None, **changes: Any) -> Any:
    """This year's period (qd366) opened by alice, its timetable ahead of today: self-assessments are taken.

    Deadlines relative to today, so the forms are open at any hour of any day; the period's span (this year)
    always contains them.
    """
    from django.utils import timezone

    from quantriet.reviews.services.periods import open_period

    today = timezone.localdate()
    values: dict[str, Any] = {
        "unit": unit or rw.xa,
        "kind": "year",
        "year": today.year,
        "self_assessment_until": today + dt.timedelta(days=10),
        "meeting_until": today + dt.timedelta(days=20),
        "decisions_until": today + dt.timedelta(days=30),
    }
    values.update(changes)
    return open_period(rw.alice, **values)
