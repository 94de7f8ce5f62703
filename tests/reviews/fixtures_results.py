"""Decided reviews made with the ORM for the results' tests (the services that make them are another part's).

On the shared world (tests/conftest.py): the province opened yearly periods for 2024 and 2025.

    2025  XA1  Nguyễn Văn An: HTT (decided), also rated at the commune committee as "Phó Bí thư": HTXS
          XA2  Trần Thị Bình: HTXS, with the rules' reasons and a step history; Đặng Văn Dũng: pending
          XB1  Lê Văn Cường: not rated (suspended)
          organisations: XA (HTXS), XA1 (HTT), XA2 (HT), XB (pending), XB1 (KHT)
    2024  XA1  An: HT;  XA2  Bình: HTT
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from quantriet.orgs.models import Member, Unit
from quantriet.reviews.models import (
    MemberReview,
    OrganisationReview,
    PeriodKind,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
    Standing,
    StepKind,
)
from tests.conftest import World

BINH_REASON = "Hoàn thành vượt mức các chỉ tiêu được giao, được chi bộ biểu dương"


@dataclass
class Results:
    w: World
    year: ReviewPeriod  # 2025
    last_year: ReviewPeriod  # 2024
    binh: MemberReview  # 2025


def make_period(unit: Unit, year: int, rule_set: str = RuleSetCode.QD366) -> ReviewPeriod:
    return ReviewPeriod.objects.create(
        unit=unit,
        kind=PeriodKind.YEAR,
        year=year,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        rule_set=rule_set,
        title=f"Kiểm điểm, đánh giá, xếp loại năm {year}",
        self_assessment_until=dt.date(year, 12, 10),
        meeting_until=dt.date(year, 12, 20),
        decisions_until=dt.date(year, 12, 31),
    )


def rate(
    period: ReviewPeriod, member: Member, level: str, *, unit: Unit | None = None, **extra: Any
) -> MemberReview:
    """A member review decided at ``level`` ("" leaves it pending; "not_rated" not rated)."""
    place = unit or member.unit
    fields: dict[str, Any] = {
        "period": period,
        "member": member,
        "unit": place,
        "grassroots": place.parent or place,
    }
    if level == "not_rated":
        fields |= {"state": ReviewState.NOT_RATED, "standing": Standing.SUSPENDED}
    elif level:
        fields |= {"state": ReviewState.DECIDED, "proposed_level": level, "decided_level": level}
    fields |= extra
    review = MemberReview.objects.create(**fields)
    if level and level != "not_rated":
        RatingStep.objects.create(member_review=review, kind=StepKind.DECISION, level=level)
    return review


def rate_unit(period: ReviewPeriod, unit: Unit, level: str, **extra: Any) -> OrganisationReview:
    fields: dict[str, Any] = {"period": period, "unit": unit}
    if level:
        fields |= {"state": ReviewState.DECIDED, "decided_level": level}
    fields |= extra
    return OrganisationReview.objects.create(**fields)


def build_results(w: World) -> Results:
    year = make_period(w.province, 2025)
    rate(year, w.m_xa1, "htt")
    rate(year, w.m_xa1, "htxs", unit=w.xa, post="Phó Bí thư")
    binh = rate(
        year,
        w.m_xa2,
        "htxs",
        self_level="htxs",
        decision_reason=BINH_REASON,
        allowed_reasons=[{"message_vi": "Đủ tiêu chuẩn mức cao nhất", "citation": "Quy định 366-QĐ/TW"}],
    )
    RatingStep.objects.create(member_review=binh, kind=StepKind.SELF, level="htxs")
    rate(year, w.m_dave, "")
    rate(year, w.m_xb1, "not_rated")
    for unit, level in ((w.xa, "htxs"), (w.xa1, "htt"), (w.xa2, "ht"), (w.xb, ""), (w.xb1, "kht")):
        rate_unit(year, unit, level)
    last_year = make_period(w.province, 2024, RuleSetCode.QD124)
    rate(last_year, w.m_xa1, "ht")
    rate(last_year, w.m_xa2, "htt")
    rate_unit(last_year, w.xa, "htt")
    return Results(w=w, year=year, last_year=last_year, binh=binh)


@pytest.fixture
def results(world: World) -> Results:
    return build_results(world)
