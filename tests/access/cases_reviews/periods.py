"""Access cases of review periods and self-assessments.

The objects are made on first use (``xa_period``): a fourth-quarter 2025 period opened by the XA commune
(its timetable far ahead, so alice's requests are taken), Đặng Văn Dũng's review at XA2 (dave's own) and
XA2's organisation review. Outsiders: bob (XA1's secretary, who manages no period) and charlie (XB's staff,
outside the commune) reach none of them: 404.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body changes data for alice (the province's staff).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quantriet.reviews.models import MemberReview, OrganisationReview, PeriodKind, ReviewPeriod
from tests.access.model import OWN, Case, Objects, one


@dataclass(frozen=True)
class XaPeriod:
    period: ReviewPeriod
    dung: MemberReview  # dave's own review at XA2
    cell: OrganisationReview  # XA2's Mẫu 01


def xa_period(o: Objects) -> XaPeriod:
    world = o.world
    period, _created = ReviewPeriod.objects.get_or_create(
        unit=world.xa,
        kind=PeriodKind.QUARTER,
        start=dt.date(2025, 10, 1),
        defaults={
            "year": 2025,
            "quarter": 4,
            "end": dt.date(2025, 12, 31),
            "rule_set": "qd366",
            "title": "Đánh giá quý IV năm 2025",
            "self_assessment_until": dt.date(2099, 12, 1),
            "meeting_until": dt.date(2099, 12, 15),
            "decisions_until": dt.date(2099, 12, 31),
        },
    )
    dung, _created = MemberReview.objects.get_or_create(
        period=period, member=world.m_dave, unit=world.xa2, defaults={"grassroots": world.xa, "form": "2B"}
    )
    cell, _created = OrganisationReview.objects.get_or_create(
        period=period, unit=world.xa2, collective=False, defaults={"grassroots": world.xa, "form": "01"}
    )
    return XaPeriod(period, dung, cell)


OPEN_FORM = {
    "unit": "XA",
    "kind": "year",
    "year": "2024",
    "self_assessment_until": "10/12/2024",
    "meeting_until": "20/12/2024",
    "decisions_until": "15/01/2025",
    "quota_enabled": "on",
    "quota_percent": "20",
}
SELF_FORM = {
    "form": "2B",
    "uu_diem": "Bị sửa",
    "ket_qua": "Bị sửa",
    "han_che": "Bị sửa",
    "nguyen_nhan": "Bị sửa",
    "bien_phap": "Bị sửa",
    "points": "80",
    "tasks_on_time_share": "100",
    "level": "ht",
}
COLLECTIVE_FORM = {
    "ket_qua": "Bị sửa",
    "han_che": "Bị sửa",
    "nguyen_nhan": "Bị sửa",
    "bien_phap": "Bị sửa",
    "points": "80",
    "tasks_on_time_share": "100",
    "level": "ht",
}

CASES: dict[str, Case] = {
    # The lists show what is in the user's own line: charlie sees his commune's (none of XA's).
    "reviews/periods/": Case(one(lambda o: "/reviews/periods/"), allowed=frozenset({200, 404})),
    "reviews/periods/open/": Case(
        one(lambda o: "/reviews/periods/open/"), allowed=frozenset({200, 404}), unsafe=(("post", OPEN_FORM),)
    ),
    # bob (XA1's secretary) sees XA's period — his cell's meeting is found there — counted in his reach only
    # (no XA2 marker may show); charlie (XB) gets 404.
    "reviews/periods/<int:period_id>/": Case(
        one(lambda o: f"/reviews/periods/{xa_period(o).period.pk}/"), allowed=frozenset({200, 404})
    ),
    "reviews/periods/<int:period_id>/close/": Case(
        one(lambda o: f"/reviews/periods/{xa_period(o).period.pk}/close/"),
        allowed=frozenset({405}),
        anonymous=405,
    ),
    "reviews/periods/<int:period_id>/refresh/": Case(
        one(lambda o: f"/reviews/periods/{xa_period(o).period.pk}/refresh/"),
        allowed=frozenset({405}),
        anonymous=405,
    ),
    "reviews/self/": Case(one(lambda o: "/reviews/self/"), allowed=OWN),
    "reviews/self/<int:review_id>/": Case(
        one(lambda o: f"/reviews/self/{xa_period(o).dung.pk}/"), unsafe=(("post", SELF_FORM),)
    ),
    "reviews/collective/<int:review_id>/": Case(
        one(lambda o: f"/reviews/collective/{xa_period(o).cell.pk}/"), unsafe=(("post", COLLECTIVE_FORM),)
    ),
}
EFFECTIVE_UNSAFE: tuple[str, ...] = (
    "reviews/periods/open/",
    "reviews/periods/<int:period_id>/close/",
    "reviews/periods/<int:period_id>/refresh/",
    "reviews/collective/<int:review_id>/",
)
