"""Access cases of the annual review's results: the board, its files, the years, the histories.

The objects (made once per test database): a yearly period XA2 opened for itself, Trần Thị Bình's review
decided HTXS with a reason, and XA2's own review. Neither outsider (bob at XA1, charlie at XB) reads any
of it; "my results" shows each user their own (none for the outsiders).
"""

from __future__ import annotations

import datetime as dt

from quantriet.reviews.models import (
    MemberReview,
    OrganisationReview,
    PeriodKind,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
)
from tests.access.model import OWN, Case, Objects, one


def period(o: Objects) -> ReviewPeriod:
    """XA2's period of 2025 with Bình's and XA2's decided reviews (made once)."""
    w = o.world
    found, created = ReviewPeriod.objects.get_or_create(
        unit=w.xa2,
        kind=PeriodKind.YEAR,
        start=dt.date(2025, 1, 1),
        defaults={
            "year": 2025,
            "end": dt.date(2025, 12, 31),
            "rule_set": RuleSetCode.QD366,
            "title": "Đánh giá, xếp loại năm 2025 của Chi bộ thôn 2",
            "self_assessment_until": dt.date(2025, 12, 10),
            "meeting_until": dt.date(2025, 12, 20),
            "decisions_until": dt.date(2025, 12, 31),
        },
    )
    if created:
        MemberReview.objects.create(
            period=found,
            member=w.m_xa2,
            unit=w.xa2,
            grassroots=w.xa,
            state=ReviewState.DECIDED,
            decided_level="htxs",
            decision_reason="Chi bộ thôn 2 biểu dương Trần Thị Bình",
        )
        OrganisationReview.objects.create(
            period=found, unit=w.xa2, state=ReviewState.DECIDED, decided_level="htt"
        )
    return found


def _period_url(o: Objects, tail: str) -> str:
    return f"/reviews/results/periods/{period(o).pk}/{tail}"


CASES: dict[str, Case] = {
    "reviews/results/periods/<int:period_id>/": Case(
        lambda o: [_period_url(o, ""), _period_url(o, f"?unit={o.world.xa2.pk}")]
    ),
    "reviews/results/periods/<int:period_id>/list.xlsx": Case(
        one(lambda o: _period_url(o, f"list.xlsx?unit={o.world.xa2.pk}"))
    ),
    "reviews/results/periods/<int:period_id>/decision.docx": Case(
        one(lambda o: _period_url(o, "decision.docx"))
    ),
    "reviews/results/periods/<int:period_id>/report.docx": Case(one(lambda o: _period_url(o, "report.docx"))),
    "reviews/results/units/<int:unit_id>/years/": Case(
        one(lambda o: f"/reviews/results/units/{period(o).unit_id}/years/")
    ),
    "reviews/results/units/<int:unit_id>/history/": Case(
        one(lambda o: f"/reviews/results/units/{period(o).unit_id}/history/")
    ),
    "reviews/results/members/<int:member_id>/": Case(
        one(lambda o: f"/reviews/results/members/{period(o) and o.world.m_xa2.pk}/")
    ),
    # Each user's own results: the outsiders see theirs (none), never XA2's.
    "reviews/results/mine/": Case(one(lambda o: "/reviews/results/mine/"), allowed=OWN),
}
EFFECTIVE_UNSAFE: tuple[str, ...] = ()
