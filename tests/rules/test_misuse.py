"""Misuse is refused with a clear ValueError: unknown rule sets, periods no rule set governs, bad facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from quantriet.rules import (
    Level,
    MemberFacts,
    NoRuleSetError,
    OrganisationFacts,
    Period,
    Proposal,
    allowed_level,
    check_quota,
    get_rule_set,
    rule_set_for,
)


def test_an_unknown_rule_set_is_refused_with_the_known_ones_named() -> None:
    with pytest.raises(NoRuleSetError, match=r"Unknown rule set 'hd16'; known: hd21, qd124, qd366") as caught:
        get_rule_set("hd16")
    assert "Không có bộ quy định xếp loại" in caught.value.message_vi
    with pytest.raises(ValueError, match="Unknown rule set"):
        allowed_level(MemberFacts(), Period.year(2021), rule_set="qd125")


@pytest.mark.parametrize(
    "period",
    [Period.year(2018), Period.year(1990), Period.quarter(2024, 4), Period.term(2020, 2024)],
    ids=["2018", "1990", "a quarter of 2024", "a term ending 2024"],
)
def test_a_period_no_rule_set_governs_is_refused_in_english_and_vietnamese(period: Period) -> None:
    with pytest.raises(NoRuleSetError, match="No rule set governs") as caught:
        rule_set_for(period)
    assert caught.value.message_vi.startswith(f"Chưa có quy định xếp loại cho {period.label_vi}")
    with pytest.raises(ValueError, match="No rule set governs"):
        allowed_level(MemberFacts(), period)


def test_a_rule_set_given_for_a_period_it_does_not_govern_is_refused() -> None:
    with pytest.raises(ValueError, match="Rule set hd21 governs year ratings of 2019–2022, not year"):
        allowed_level(MemberFacts(), Period.year(2025), rule_set="hd21")
    with pytest.raises(ValueError, match="Rule set qd124 governs"):
        allowed_level(MemberFacts(), Period.year(2022), rule_set=get_rule_set("qd124"))


def test_a_renamed_rule_set_is_refused_rather_than_judged_by_another_sets_rules() -> None:
    renamed = dataclasses.replace(get_rule_set("hd21"), code="hd21-tinh")

    with pytest.raises(ValueError, match="No rules are written for a rule set named 'hd21-tinh'"):
        allowed_level(MemberFacts(), Period.year(2021), rule_set=renamed)


def test_a_period_not_begun_is_refused_but_one_under_way_is_rated() -> None:
    with pytest.raises(ValueError, match="has not begun on 2025-12-31"):
        allowed_level(MemberFacts(points=80), Period.year(2026), today=dt.date(2025, 12, 31))

    assert (
        allowed_level(MemberFacts(points=80), Period.year(2026), today=dt.date(2026, 12, 1)).level
        is Level.GOOD
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tasks_done_share": 1.5}, "tasks_done_share is a share from 0 to 1, not 1.5"),
        ({"tasks_exceeded_share": -0.1}, "tasks_exceeded_share is a share from 0 to 1"),
        ({"points": 120}, "points are on a 100-point scale, not 120"),
        ({"sick_leave_days": -3}, "sick_leave_days cannot be negative"),
    ],
)
def test_facts_out_of_range_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allowed_level(MemberFacts(**changes), Period.year(2025))


def test_facts_of_another_kind_are_refused() -> None:
    with pytest.raises(ValueError, match="Facts must be MemberFacts or OrganisationFacts, not dict"):
        allowed_level({"points": 90}, Period.year(2025))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="task_grades must be Grade values"):
        allowed_level(MemberFacts(task_grades=(Level.EXCELLENT,)), Period.year(2021))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tasks_late_share is a share"):
        allowed_level(OrganisationFacts(tasks_late_share=2.0), Period.year(2025))


def test_impossible_periods_are_refused() -> None:
    with pytest.raises(ValueError, match="A quarter is 1, 2, 3 or 4, not 5"):
        Period.quarter(2025, 5)
    with pytest.raises(ValueError, match="A term spans several years"):
        Period.term(2025, 2025)
    with pytest.raises(ValueError, match="cannot end"):
        Period(Period.year(2025).kind, dt.date(2025, 5, 1), dt.date(2025, 4, 1))


def test_an_unknown_option_is_refused_with_the_known_ones_named() -> None:
    with pytest.raises(
        ValueError, match=r"Unknown rule-set option.*quota_percent; known: civil_servant_link"
    ):
        get_rule_set("qd366").with_options(quota_percent=30)


def test_a_quota_ratio_outside_zero_to_one_and_a_key_given_twice_are_refused() -> None:
    with pytest.raises(ValueError, match="A quota ratio lies between 0 and 1"):
        check_quota([], rule_set="hd21", ratio=1.5)
    twice = [Proposal("m1", "XA", Level.EXCELLENT), Proposal("m1", "XB", Level.GOOD)]
    with pytest.raises(ValueError, match="Proposal 'm1' is given twice"):
        check_quota(twice, rule_set="hd21")
    with pytest.raises(ValueError, match="Proposal 'm2' has level 'htxs'; give a Level"):
        check_quota([Proposal("m2", "XA", "htxs")], rule_set="hd21")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown rule set 'qd999'"):
        check_quota([], rule_set="qd999")
