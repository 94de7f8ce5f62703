"""The demo's annual review: five decided years within the quota, this year's review at every step, the
award candidates and badges due, and each demo account's part of it reachable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quantriet import rules
from quantriet.orgs.models import Unit
from quantriet.reviews.demo.current import timetable
from quantriet.reviews.demo.history import review_years
from quantriet.reviews.models import (
    AwardForm,
    AwardProposal,
    BadgeProposal,
    Discipline,
    Level,
    MemberReview,
    OrganisationReview,
    PeriodState,
    ProposalState,
    ReviewPeriod,
    ReviewState,
    Standing,
)
from quantriet.reviews.selectors import awards as select
from quantriet.reviews.services import proposing
from quantriet.reviews.services.periods import check_timetable
from quantriet.site.demo import DemoSummary
from quantriet.site.demo.province import find_province
from tests.conftest import pass_second_factor


def _province() -> Unit:
    found = find_province()
    assert found is not None
    return found.province


def _client(username: str) -> Client:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)
    return client


def _open() -> ReviewPeriod:
    return ReviewPeriod.objects.get(unit=_province(), state=PeriodState.OPEN)


def test_five_closed_years_each_under_the_rule_set_of_its_dates_and_this_year_open(
    demo: DemoSummary, db: Any
) -> None:
    closed, current = review_years(timezone.localdate())
    periods = ReviewPeriod.objects.filter(unit=_province()).order_by("year")
    assert [p.year for p in periods] == [*closed, current]
    for period in periods:
        assert period.rule_set == rules.rule_set_for(period.rules_period()).code
        assert period.state == (PeriodState.OPEN if period.year == current else PeriodState.CLOSED)
    if closed == [2021, 2022, 2023, 2024, 2025]:
        assert [p.rule_set for p in periods] == ["hd21", "hd21", "qd124", "qd124", "qd366", "qd366"]


def test_every_member_and_organisation_rated_in_the_closed_years_is_decided_within_the_quota(
    demo: DemoSummary, db: Any
) -> None:
    for period in ReviewPeriod.objects.filter(unit=_province(), state=PeriodState.CLOSED):
        members = MemberReview.objects.filter(period=period)
        assert members.count() > 2500
        assert not members.filter(standing=Standing.RATED).exclude(state=ReviewState.DECIDED).exists()
        assert not members.exclude(standing=Standing.RATED).exclude(state=ReviewState.NOT_RATED).exists()
        assert not members.filter(state=ReviewState.DECIDED, decided_level="").exists()
        organisations = OrganisationReview.objects.filter(period=period)
        assert organisations.count() > 500
        assert not organisations.exclude(state=ReviewState.DECIDED).exists()
        proposals = [
            rules.Proposal(str(pk), str(group), rules.Level(level))
            for pk, group, level in members.filter(state=ReviewState.DECIDED).values_list(
                "pk", "grassroots_id", "decided_level"
            )
        ]
        report = rules.check_quota(proposals, rule_set=period.rule_set)
        assert not report.exceeded, period.year
        levels = set(members.values_list("decided_level", flat=True))
        assert {Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE} <= levels


def test_each_kht_has_a_discipline_of_that_year_and_says_why(demo: DemoSummary, db: Any) -> None:
    failed = MemberReview.objects.filter(period__unit=_province(), decided_level=Level.NOT_DONE)
    assert failed.count() >= 5
    for review in failed.select_related("period"):
        assert Discipline.objects.filter(
            member_id=review.member_id, decided_on__year=review.period.year
        ).exists()
        assert "kỷ luật" in review.decision_reason
        assert review.allowed_level == Level.NOT_DONE and review.allowed_reasons


def test_the_exempted_and_the_suspended_are_not_rated(demo: DemoSummary, db: Any) -> None:
    not_rated = MemberReview.objects.filter(period__unit=_province(), state=ReviewState.NOT_RATED)
    standings = set(not_rated.values_list("standing", flat=True))
    assert {Standing.EXEMPTED, Standing.SUSPENDED, Standing.NEW} <= standings
    assert not not_rated.exclude(decided_level="").exists()


def test_this_years_review_is_at_every_step_and_its_deadlines_are_ahead(demo: DemoSummary, db: Any) -> None:
    period = _open()
    today = timezone.localdate()
    assert today < period.self_assessment_until <= period.meeting_until <= period.decisions_until
    states = set(MemberReview.objects.filter(period=period).values_list("state", flat=True))
    assert set(ReviewState.values) <= states
    mine = MemberReview.objects.get(period=period, member__user__username="dangvien")
    assert mine.state == ReviewState.PENDING
    cell = mine.unit
    in_cell = MemberReview.objects.filter(period=period, unit=cell)
    assert in_cell.filter(state=ReviewState.SELF_ASSESSED).count() >= 5
    assert not in_cell.filter(state__in=[ReviewState.PROPOSED, ReviewState.DECIDED]).exists()
    commune = cell.parent
    proposed = MemberReview.objects.filter(period=period, unit__parent=commune, state=ReviewState.PROPOSED)
    assert proposed.exists()


def test_the_secretary_proposing_every_member_htxs_is_refused_on_the_quota(
    demo: DemoSummary, db: Any
) -> None:
    period = _open()
    secretary = User.objects.get(username="bithu.chibo")
    mine = MemberReview.objects.get(period=period, member__user__username="dangvien")
    rows = [
        proposing.Proposed(review, Level.EXCELLENT)
        for review in MemberReview.objects.filter(
            period=period, unit=mine.unit, state=ReviewState.SELF_ASSESSED
        ).select_related("period", "unit", "grassroots")
    ]
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        proposing.propose_many(secretary, rows)
    assert "quota" in refused.value.message_dict
    assert "cần hạ" in " ".join(refused.value.message_dict["quota"])


def test_award_candidates_appear_for_last_year_and_this_year(demo: DemoSummary, db: Any) -> None:
    closed, current = review_years(timezone.localdate())
    province = _province()
    forms = list(AwardForm.objects.filter(unit=province))
    assert {f.kind for f in forms} == {"giay_khen", "bang_khen", "co_thi_dua"}
    for form in forms:
        assert select.candidates(form, closed[-1], province).exists(), form.name
    members_form = next(f for f in forms if f.basis == "member_years")
    assert select.candidates(members_form, current, province).exists()
    states = set(AwardProposal.objects.values_list("state", flat=True))
    assert set(ProposalState.values) <= states


def test_badges_are_proposed_in_every_state_and_more_are_due(demo: DemoSummary, db: Any) -> None:
    today = timezone.localdate()
    states = set(BadgeProposal.objects.values_list("state", flat=True))
    assert set(ProposalState.values) <= states
    assert select.badges_due_query(_province(), today.year + 1).exists()
    assert BadgeProposal.objects.filter(due_on__gt=today, state=ProposalState.PROPOSED).exists()
    assert {b.years for b in BadgeProposal.objects.all()} & {30, 40, 45, 50}


def test_each_demo_account_reaches_its_part_of_the_review(demo: DemoSummary, db: Any) -> None:
    period = _open()
    closed = ReviewPeriod.objects.filter(unit=_province(), state=PeriodState.CLOSED).first()
    assert closed is not None
    mine = MemberReview.objects.get(period=period, member__user__username="dangvien")
    proposed = (
        MemberReview.objects.filter(period=period, unit__parent=mine.unit.parent, state=ReviewState.PROPOSED)
        .values_list("unit_id", flat=True)
        .first()
    )
    year = review_years(timezone.localdate())[0][-1]
    pages = {
        "dangvien": [
            reverse("reviews:self"),
            reverse("reviews:self_form", args=[mine.pk]),
            reverse("reviews:my_results"),
            reverse("reviews:member_history", args=[mine.member_id]),
        ],
        "bithu.chibo": [reverse("reviews:meeting", args=[period.pk, mine.unit_id])],
        "tochuc.xa": [
            reverse("reviews:decide", args=[period.pk, proposed]),
            reverse("reviews:period", args=[period.pk]),
        ],
        "tochuc.tinh": [
            reverse("reviews:periods"),
            reverse("reviews:results", args=[closed.pk]),
            f"{reverse('reviews:award_candidates')}?year={year}",
            reverse("reviews:award_proposals"),
            reverse("reviews:badges"),
            reverse("reviews:badge_proposals"),
        ],
    }
    for username, urls in pages.items():
        client = _client(username)
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)


def test_the_member_sees_the_years_decided_on_their_own_results(demo: DemoSummary, db: Any) -> None:
    mine = MemberReview.objects.get(period=_open(), member__user__username="dangvien")
    years = set(
        MemberReview.objects.filter(member_id=mine.member_id, state=ReviewState.DECIDED).values_list(
            "period__year", flat=True
        )
    )
    assert len(years) >= 2
    page = _client("dangvien").get(reverse("reviews:my_results")).content.decode()
    for year in years:
        assert str(year) in page


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_on_any_day_the_open_periods_timetable_is_ahead_and_inside_its_window(year: int) -> None:
    day = dt.date(year, 1, 1)
    while day.year == year:
        closed, current = review_years(day)
        assert closed == list(range(current - 5, current)) and current in (year - 1, year)
        deadlines = timetable(current, day)
        span = rules.Period.year(current)
        check_timetable(span, *deadlines)  # the service's own check: raises when outside the window
        assert span.start <= day < deadlines[0] <= deadlines[1] <= deadlines[2], day
        day += dt.timedelta(days=1)
