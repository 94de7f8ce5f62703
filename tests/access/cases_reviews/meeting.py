"""Access cases of the cell meeting, the decisions and a review's page (cancel, re-rate).

The objects are made on first use (``xa2_reviews``): the province's 2025 period (shared with the other
parts' cases through get_or_create), Trần Thị Bình's review at XA2 (self-assessed, 95 points), Đặng Văn
Dũng's (decided HTT) and XA2's organisation review (decided HTT). Outsiders (bob at XA1, charlie at XB)
reach none of them: 404.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body changes data for alice (the province's staff).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from quantriet.reviews.models import (
    MemberReview,
    OrganisationReview,
    PeriodKind,
    ReviewPeriod,
    ReviewState,
)
from tests.access.model import Case, Objects, one


@dataclass(frozen=True)
class Xa2Reviews:
    period: ReviewPeriod
    binh: MemberReview  # self-assessed, not yet proposed
    dung: MemberReview  # decided HTT
    cell: OrganisationReview  # XA2's, decided HTT


def xa2_reviews(o: Objects) -> Xa2Reviews:
    world = o.world
    period, _created = ReviewPeriod.objects.get_or_create(
        unit=world.province,
        kind=PeriodKind.YEAR,
        start=dt.date(2025, 1, 1),
        defaults={
            "year": 2025,
            "end": dt.date(2025, 12, 31),
            "rule_set": "qd366",
            "title": "Đánh giá, xếp loại năm 2025",
            "self_assessment_until": dt.date(2025, 12, 10),
            "meeting_until": dt.date(2025, 12, 20),
            "decisions_until": dt.date(2025, 12, 31),
        },
    )
    decided = {
        "state": ReviewState.DECIDED,
        "proposed_level": "htt",
        "decided_level": "htt",
        "decided_at": dt.datetime(2025, 12, 28, 9, 0, tzinfo=dt.UTC),
    }
    binh, _created = MemberReview.objects.get_or_create(
        period=period,
        member=world.m_xa2,
        unit=world.xa2,
        defaults={"grassroots": world.xa, "facts": {"points": 95}, "state": ReviewState.SELF_ASSESSED},
    )
    dung, _created = MemberReview.objects.get_or_create(
        period=period,
        member=world.m_dave,
        unit=world.xa2,
        defaults={"grassroots": world.xa, "facts": {"points": 95}, **decided},
    )
    cell, _created = OrganisationReview.objects.get_or_create(
        period=period,
        unit=world.xa2,
        collective=False,
        defaults={"grassroots": world.xa, "facts": {"points": 95}, **decided},
    )
    return Xa2Reviews(period, binh, dung, cell)


def _propose(o: Objects) -> dict[str, Any]:
    key = f"m{xa2_reviews(o).binh.pk}"
    return {f"level_{key}": "htt", f"comment_{key}": "Bị đề xuất", "meeting_comment": "Bị ghi"}


def _decide(o: Objects) -> dict[str, Any]:
    found = xa2_reviews(o)
    binh, dung = f"m{found.binh.pk}", f"m{found.dung.pk}"
    return {f"level_{binh}": "ht", f"reason_{binh}": "Bị quyết định", f"level_{dung}": "htt"}


POST_ONLY = frozenset({404, 405})
RERATE = {"level": "ht", "reason": "Bị xếp loại lại"}
CANCEL = {"reason": "Bị hủy"}


def _at(o: Objects, path: str) -> str:
    found = xa2_reviews(o)
    return f"/reviews/{found.period.pk}/{path}/{o.world.xa2.pk}/"


CASES: dict[str, Case] = {
    "reviews/<int:period_id>/meeting/<int:unit_id>/": Case(
        one(lambda o: _at(o, "meeting")), unsafe=(("post", _propose),)
    ),
    "reviews/<int:period_id>/meeting/<int:unit_id>/quota/": Case(
        one(lambda o: _at(o, "meeting") + f"quota/?m{xa2_reviews(o).binh.pk}=htxs")
    ),
    "reviews/<int:period_id>/decide/<int:unit_id>/": Case(
        one(lambda o: _at(o, "decide")), unsafe=(("post", _decide),)
    ),
    "reviews/members/<int:review_id>/": Case(one(lambda o: f"/reviews/members/{xa2_reviews(o).dung.pk}/")),
    "reviews/members/<int:review_id>/cancel/": Case(
        one(lambda o: f"/reviews/members/{xa2_reviews(o).dung.pk}/cancel/"),
        allowed=POST_ONLY,
        unsafe=(("post", CANCEL),),
    ),
    "reviews/members/<int:review_id>/rerate/": Case(
        one(lambda o: f"/reviews/members/{xa2_reviews(o).dung.pk}/rerate/"),
        allowed=POST_ONLY,
        unsafe=(("post", RERATE),),
    ),
    "reviews/organisations/<int:review_id>/": Case(
        one(lambda o: f"/reviews/organisations/{xa2_reviews(o).cell.pk}/")
    ),
    "reviews/organisations/<int:review_id>/cancel/": Case(
        one(lambda o: f"/reviews/organisations/{xa2_reviews(o).cell.pk}/cancel/"),
        allowed=POST_ONLY,
        unsafe=(("post", CANCEL),),
    ),
    "reviews/organisations/<int:review_id>/rerate/": Case(
        one(lambda o: f"/reviews/organisations/{xa2_reviews(o).cell.pk}/rerate/"),
        allowed=POST_ONLY,
        unsafe=(("post", RERATE),),
    ),
}

EFFECTIVE_UNSAFE: tuple[str, ...] = (
    "reviews/<int:period_id>/meeting/<int:unit_id>/",
    "reviews/<int:period_id>/decide/<int:unit_id>/",
    "reviews/members/<int:review_id>/cancel/",
    "reviews/members/<int:review_id>/rerate/",
    "reviews/organisations/<int:review_id>/cancel/",
    "reviews/organisations/<int:review_id>/rerate/",
)
