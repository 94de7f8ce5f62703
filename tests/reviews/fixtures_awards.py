"""Decided ratings made straight with the ORM, for the recognition tests (the rating services are
another part's): a year period at the province, and members' or organisations' decided levels in it."""

from __future__ import annotations

import datetime as dt

from quantriet.orgs.models import Member, Unit
from quantriet.reviews.models import (
    AwardForm,
    MemberReview,
    OrganisationReview,
    PeriodKind,
    ReviewPeriod,
    ReviewState,
)


def year_period(unit: Unit, year: int) -> ReviewPeriod:
    period, _created = ReviewPeriod.objects.get_or_create(
        unit=unit,
        kind=PeriodKind.YEAR,
        start=dt.date(year, 1, 1),
        defaults={
            "year": year,
            "end": dt.date(year, 12, 31),
            "rule_set": "qd366" if year >= 2025 else ("qd124" if year >= 2023 else "hd21"),
            "title": f"Đánh giá, xếp loại năm {year}",
            "self_assessment_until": dt.date(year, 12, 10),
            "meeting_until": dt.date(year, 12, 20),
            "decisions_until": dt.date(year, 12, 31),
            "state": "closed",
        },
    )
    return period


def rate(member: Member, levels: dict[int, str], *, province: Unit, place: Unit | None = None) -> None:
    """Decided ratings of ``member`` by year ("htxs", "htt"…; "" leaves the year proposed, undecided)."""
    unit = place or member.unit
    grassroots = unit.parent or unit
    for year, level in levels.items():
        MemberReview.objects.create(
            period=year_period(province, year),
            member=member,
            unit=unit,
            grassroots=grassroots,
            state=ReviewState.DECIDED if level else ReviewState.PROPOSED,
            proposed_level=level or "htxs",
            decided_level=level,
        )


def rate_unit(unit: Unit, levels: dict[int, str], *, province: Unit) -> None:
    for year, level in levels.items():
        OrganisationReview.objects.create(
            period=year_period(province, year),
            unit=unit,
            grassroots=unit,
            state=ReviewState.DECIDED if level else ReviewState.PROPOSED,
            decided_level=level,
        )


def award_form(unit: Unit, basis: str, years: int = 5, name: str = "") -> AwardForm:
    return AwardForm.objects.create(
        unit=unit,
        name=name or f"Giấy khen {basis} {years}",
        kind="giay_khen" if basis.startswith("member") else "bang_khen",
        basis=basis,
        years=years,
        granted_by="Ban Thường vụ Tỉnh ủy",
    )


EXCELLENT_FIVE = {2021: "htxs", 2022: "htxs", 2023: "htxs", 2024: "htxs", 2025: "htxs"}
