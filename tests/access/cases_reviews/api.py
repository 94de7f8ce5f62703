"""Access cases of the annual review's JSON API (``/api/v1/reviews/``).

The objects are made on first use (``xa2_reviews``): this year's period opened by the XA2 cell itself, so
neither outsider (bob of the sibling cell, charlie of the other commune) is in its line, with Trần Thị
Bình's review (proposed HTT, so a decision can follow) and Đặng Văn Dũng's (dave's own; pending). Its
timetable runs from today on (whole days: never hour-dependent), so dave's self-assessment is taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from quantriet.reviews.models import MemberReview, OrganisationReview, ReviewPeriod, ReviewState
from tests.access.model import Case, Objects, one


@dataclass(frozen=True)
class Xa2Reviews:
    period: ReviewPeriod
    binh: MemberReview  # proposed HTT by the cell
    dung: MemberReview  # dave's own, not yet assessed
    cell: OrganisationReview  # the XA2 cell itself, proposed HTT


def xa2_reviews(o: Objects) -> Xa2Reviews:
    """XA2's period and reviews, made once per test database."""
    world = o.world
    today = timezone.localdate()
    period, _created = ReviewPeriod.objects.get_or_create(
        unit=world.xa2,
        kind="year",
        start=dt.date(today.year, 1, 1),
        defaults={
            "year": today.year,
            "end": dt.date(today.year, 12, 31),
            "rule_set": "qd366",
            "title": "Đánh giá, xếp loại đảng viên năm nay",
            "self_assessment_until": today + dt.timedelta(days=10),
            "meeting_until": today + dt.timedelta(days=20),
            "decisions_until": today + dt.timedelta(days=30),
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
    cell, _created = OrganisationReview.objects.get_or_create(
        period=period,
        unit=world.xa2,
        collective=False,
        defaults={
            "grassroots": world.xa,
            "state": ReviewState.PROPOSED,
            "self_level": "htt",
            "proposed_level": "htt",
            "allowed_level": "htxs",
        },
    )
    return Xa2Reviews(period, binh, dung, cell)


SELF_ASSESSMENT = {
    "level": "htt",
    "form": "2C",
    "answers": {
        "uu_diem": "Chấp hành tốt chủ trương.",
        "ket_qua": "Hoàn thành nhiệm vụ.",
        "han_che": "Chưa chủ động.",
        "nguyen_nhan": "Bận việc.",
        "bien_phap": "Sắp xếp thời gian.",
    },
    "facts": {"points": 86},
}


COLLECTIVE_ASSESSMENT = {
    "level": "htt",
    "answers": {
        "ket_qua": "Hoàn thành các chỉ tiêu.",
        "han_che": "Sinh hoạt chưa đều.",
        "nguyen_nhan": "Đảng viên đi làm xa.",
        "bien_phap": "Xếp lịch sớm.",
    },
    "facts": {"points": 88},
}


def _post_only(
    action: str,
    review: Callable[[Xa2Reviews], MemberReview | OrganisationReview],
    *bodies: dict[str, Any],
    kind: str = "member-reviews",
) -> Case:
    """A write on one XA2 review: POST only (GET is not a method it answers, whoever asks)."""
    return Case(
        one(lambda o: f"/api/v1/reviews/{kind}/{review(xa2_reviews(o)).pk}/{action}/"),
        kind="api",
        allowed=frozenset({405}),
        anonymous=405,
        unsafe=tuple(("post", body) for body in bodies),
    )


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
    # Only dave writes his own (tests/properties fuzzes it as him); alice reads it and gets 403.
    "api/v1/reviews/member-reviews/<int:review_id>/self-assessment/": _post_only(
        "self-assessment", lambda r: r.dung, SELF_ASSESSMENT
    ),
    # Alice (the province's organisation staff) may propose at XA2 and decide strictly above it.
    "api/v1/reviews/member-reviews/<int:review_id>/proposal/": _post_only(
        "proposal", lambda r: r.binh, {"level": "ht", "comment": "Bị đề xuất"}, {"level": "htxs"}
    ),
    "api/v1/reviews/member-reviews/<int:review_id>/decision/": _post_only(
        "decision", lambda r: r.binh, {"level": "ht", "reason": "Bị quyết định"}, {"level": "htt"}
    ),
    "api/v1/reviews/periods/<int:period_id>/organisation-reviews/": Case(
        lambda o: [
            f"/api/v1/reviews/periods/{xa2_reviews(o).period.pk}/organisation-reviews/",
            f"/api/v1/reviews/periods/{xa2_reviews(o).period.pk}/organisation-reviews/?unit={o.world.xa2.pk}",
        ],
        kind="api",
    ),
    "api/v1/reviews/organisation-reviews/<int:review_id>/": Case(
        one(lambda o: f"/api/v1/reviews/organisation-reviews/{xa2_reviews(o).cell.pk}/"),
        kind="api",
        unsafe=(("patch", {"decided_level": "htxs"}), ("delete", None)),
    ),
    # Those who propose at XA2 (alice) fill in its Mẫu 01; proposed already, it is refused (nothing saved).
    "api/v1/reviews/organisation-reviews/<int:review_id>/self-assessment/": _post_only(
        "self-assessment", lambda r: r.cell, COLLECTIVE_ASSESSMENT, kind="organisation-reviews"
    ),
    "api/v1/reviews/organisation-reviews/<int:review_id>/proposal/": _post_only(
        "proposal",
        lambda r: r.cell,
        {"level": "ht", "comment": "Bị đề xuất"},
        {"level": "htxs"},
        kind="organisation-reviews",
    ),
    "api/v1/reviews/organisation-reviews/<int:review_id>/decision/": _post_only(
        "decision",
        lambda r: r.cell,
        {"level": "ht", "reason": "Bị quyết định"},
        {"level": "htt"},
        kind="organisation-reviews",
    ),
}
EFFECTIVE_UNSAFE: tuple[str, ...] = (
    "api/v1/reviews/member-reviews/<int:review_id>/proposal/",
    "api/v1/reviews/member-reviews/<int:review_id>/decision/",
    "api/v1/reviews/organisation-reviews/<int:review_id>/proposal/",
    "api/v1/reviews/organisation-reviews/<int:review_id>/decision/",
)
