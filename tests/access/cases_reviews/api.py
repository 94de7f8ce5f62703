"""Access cases of the annual review's JSON API (``/api/v1/reviews/``).

The objects are made on first use (``xa2_reviews``): a 2025 period opened by the XA2 cell itself, so
neither outsider (bob of the sibling cell, charlie of the other commune) is in its line, with Trần Thị
Bình's review (proposed HTT, so a decision can follow) and Đặng Văn Dũng's (dave's own; pending).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quantriet.reviews.models import MemberReview, ReviewPeriod, ReviewState
from tests.access.model import Case, Objects, one


@dataclass(frozen=True)
class Xa2Reviews:
    period: ReviewPeriod
    binh: MemberReview  # proposed HTT by the cell
    dung: MemberReview  # dave's own, not yet assessed


def xa2_reviews(o: Objects) -> Xa2Reviews:
    """XA2's period and reviews, made once per test database."""
    world = o.world
    period, _created = ReviewPeriod.objects.get_or_create(
        unit=world.xa2,
        kind="year",
        start=dt.date(2025, 1, 1),
        defaults={
            "year": 2025,
            "end": dt.date(2025, 12, 31),
            "rule_set": "qd366",
            "title": "Đánh giá, xếp loại đảng viên năm 2025",
            "self_assessment_until": dt.date(2025, 12, 10),
            "meeting_until": dt.date(2025, 12, 20),
            "decisions_until": dt.date(2025, 12, 31),
        },
    )
    binh, _created = MemberReview.objects.get_or_create(
        period=period,
        member=world.m_xa2,
        unit=world.xa2,
        defaults={
            "grassroots": world.xa,
            "state": ReviewState.PROPOSED,
            "self_level": "htt",
            "proposed_level": "htt",
            "allowed_level": "htxs",
            "facts": {"points": 85},
        },
    )
    dung, _created = MemberReview.objects.get_or_create(
        period=period, member=world.m_dave, unit=world.xa2, defaults={"grassroots": world.xa}
    )
    return Xa2Reviews(period, binh, dung)


CASES: dict[str, Case] = {
    "api/v1/reviews/periods/": Case(
        lambda o: ["/api/v1/reviews/periods/", "/api/v1/reviews/periods/?state=open"],
        kind="api",
        allowed=frozenset({200}),  # every reader gets their own line's periods
    ),
    "api/v1/reviews/periods/<int:period_id>/": Case(
        one(lambda o: f"/api/v1/reviews/periods/{xa2_reviews(o).period.pk}/"),
        kind="api",
        unsafe=(("patch", {"state": "closed"}), ("delete", None)),
    ),
    "api/v1/reviews/periods/<int:period_id>/member-reviews/": Case(
        lambda o: [
            f"/api/v1/reviews/periods/{xa2_reviews(o).period.pk}/member-reviews/",
            f"/api/v1/reviews/periods/{xa2_reviews(o).period.pk}/member-reviews/?unit={o.world.xa2.pk}",
        ],
        kind="api",
    ),
    "api/v1/reviews/periods/<int:period_id>/results/": Case(
        one(lambda o: f"/api/v1/reviews/periods/{xa2_reviews(o).period.pk}/results/"),
        kind="api",
    ),
    "api/v1/reviews/member-reviews/<int:review_id>/": Case(
        lambda o: [
            f"/api/v1/reviews/member-reviews/{xa2_reviews(o).binh.pk}/",
            f"/api/v1/reviews/member-reviews/{xa2_reviews(o).dung.pk}/",
        ],
        kind="api",
        unsafe=(("patch", {"decided_level": "htxs"}), ("delete", None)),
    ),
}
EFFECTIVE_UNSAFE: tuple[str, ...] = ()
