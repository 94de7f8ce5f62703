"""A 2025 review period of the province with every member's and organisation's review, built with the ORM
(so the meeting's and decision's tests do not wait on how periods are opened).

XA (Đảng bộ xã An Hòa) counts the quota. Besides the shared world's roll, XA2 has six more members
("Thành viên 1…6"), so that one HTXS fits the quota (20% of five HTT is one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from quantriet.orgs.models import Member, Unit
from quantriet.reviews.models import (
    MemberReview,
    OrganisationReview,
    PeriodKind,
    PeriodState,
    ReviewPeriod,
    ReviewState,
    Standing,
)
from tests.conftest import make_member
from tests.reviews.conftest import DECISIONS_UNTIL, MEETING_UNTIL, SELF_UNTIL, YEAR, ReviewWorld

EXTRA = 6


@dataclass
class MeetingWorld:
    rw: ReviewWorld
    period: ReviewPeriod
    reviews: dict[str, MemberReview]  # by first name; "an@xa" is An's review at the commune committee
    extra: list[MemberReview]
    orgs: dict[str, OrganisationReview] = field(default_factory=dict)  # by unit code

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rw, name)

    def fresh(self, key: str) -> MemberReview:
        return MemberReview.objects.get(pk=self.reviews[key].pk)


def _review(period: ReviewPeriod, member: Member, unit: Unit, grassroots: Unit, **extra: Any) -> MemberReview:
    fields: dict[str, Any] = {
        "facts": {"points": 95},
        "self_level": "htxs",
        "state": ReviewState.SELF_ASSESSED,
        "answers": {"ket_qua": "Hoàn thành các nhiệm vụ được giao."},
    }
    fields.update(extra)
    return MemberReview.objects.create(
        period=period, member=member, unit=unit, grassroots=grassroots, **fields
    )


def build_meeting_world(rw: ReviewWorld, *, state: str = PeriodState.OPEN) -> MeetingWorld:
    period = ReviewPeriod.objects.create(
        unit=rw.province,
        kind=PeriodKind.YEAR,
        year=YEAR,
        start=dt.date(YEAR, 1, 1),
        end=dt.date(YEAR, 12, 31),
        rule_set="qd366",
        title=f"Đánh giá, xếp loại năm {YEAR}",
        self_assessment_until=SELF_UNTIL,
        meeting_until=MEETING_UNTIL,
        decisions_until=DECISIONS_UNTIL,
        state=state,
    )
    xa = rw.xa
    not_rated = {"state": ReviewState.NOT_RATED, "self_level": ""}
    reviews = {
        "an": _review(period, rw.an, rw.xa1, xa),
        "an@xa": _review(period, rw.an, xa, xa, post="Phó Bí thư Đảng ủy"),
        "hoa": _review(period, rw.hoa, rw.xa1, xa, standing=Standing.EXEMPTED, **not_rated),
        "khanh": _review(period, rw.khanh, rw.xa1, xa, standing=Standing.SUSPENDED, **not_rated),
        "binh": _review(period, rw.binh, rw.xa2, xa),
        "dung": _review(period, rw.dung, rw.xa2, xa, facts={"points": 80}),
        "nam": _review(period, rw.nam, rw.xa2, xa, standing=Standing.NEW, **not_rated),
        "cuong": _review(period, rw.m_xb1, rw.xb1, rw.xb),
    }
    extra = [
        _review(
            period, make_member(rw.xa2, f"Thành viên {i}", f"2000000{i}"), rw.xa2, xa, facts={"points": 85}
        )
        for i in range(1, EXTRA + 1)
    ]
    orgs = {
        unit.code: OrganisationReview.objects.create(
            period=period, unit=unit, grassroots=xa if unit.level == "cell" else unit, facts={"points": 92}
        )
        for unit in (xa, rw.xa1, rw.xa2)
    }
    return MeetingWorld(rw=rw, period=period, reviews=reviews, extra=extra, orgs=orgs)


@pytest.fixture(name="mw")
def meeting_world(rw: ReviewWorld) -> MeetingWorld:
    return build_meeting_world(rw)
