"""Properties of the rules over generated facts (Hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.rules import (
    Allowance,
    Discipline,
    DisciplineKind,
    Grade,
    Level,
    MemberFacts,
    OrganisationFacts,
    Period,
    Proposal,
    allowed_level,
    apply_resolution,
    check_quota,
    get_rule_set,
    rule_set_for,
)

PERIODS = st.one_of(
    st.integers(2019, 2032).map(Period.year),
    st.builds(Period.quarter, st.integers(2025, 2032), st.integers(1, 4)),
    st.integers(2021, 2030).map(lambda first: Period.term(first, first + 5)),
)
DAYS = st.dates(dt.date(2018, 1, 1), dt.date(2033, 12, 31))
SHARES = st.none() | st.floats(0, 1)
GRADES = st.lists(st.sampled_from(Grade), max_size=3).map(tuple)
LEVELS = st.sampled_from(Level)
DISCIPLINES = st.builds(Discipline, st.sampled_from(DisciplineKind), DAYS, st.booleans())

COMMON = {
    "task_grades": GRADES,
    "other_grades": GRADES,
    "points": st.none() | st.floats(0, 100),
    "tasks_done_share": SHARES,
    "tasks_on_time_share": SHARES,
    "tasks_exceeded_share": SHARES,
    "shortcomings_remedied_share": SHARES,
    "disciplines": st.lists(DISCIPLINES, max_size=2).map(tuple),
    "degradation_concluded": st.booleans(),
}
MEMBERS = st.builds(
    MemberFacts,
    **COMMON,
    admitted_on=st.none() | DAYS,
    exempted=st.booleans(),
    suspended=st.booleans(),
    committee_suspension_only=st.booleans(),
    sick_leave_days=st.integers(0, 200),
    maternity_leave_days=st.integers(0, 200),
    civil_servant_level=st.none() | LEVELS,
    is_leader=st.booleans(),
    led_units_levels=st.none() | st.lists(LEVELS, max_size=3).map(tuple),
    breached_prohibitions=st.booleans(),
    corruption_in_led_unit=st.booleans(),
)
ORGANISATIONS = st.builds(
    OrganisationFacts,
    **COMMON,
    founded_on=st.none() | DAYS,
    leadership_disciplines=st.lists(DISCIPLINES, max_size=2).map(tuple),
    subordinates_disciplined=st.integers(0, 3),
    tasks_late_share=SHARES,
)
FACTS = st.one_of(MEMBERS, ORGANISATIONS)


def no_higher(after: Allowance, before: Allowance) -> bool:
    if before.level is None or after.level is None:
        return before.level is None and after.level is None
    return after.level <= before.level


@given(FACTS, PERIODS, DISCIPLINES, st.booleans())
@settings(max_examples=100)
def test_adding_a_discipline_never_raises_a_level(
    facts: MemberFacts | OrganisationFacts, period: Period, discipline: Discipline, to_leadership: bool
) -> None:
    before = allowed_level(facts, period)
    more: MemberFacts | OrganisationFacts
    if isinstance(facts, OrganisationFacts) and to_leadership:
        more = dataclasses.replace(facts, leadership_disciplines=(*facts.leadership_disciplines, discipline))
    else:
        more = dataclasses.replace(facts, disciplines=(*facts.disciplines, discipline))

    assert no_higher(allowed_level(more, period), before)


@given(FACTS, PERIODS, st.floats(0, 100), st.floats(0, 100))
@settings(max_examples=100)
def test_more_points_never_lower_a_level(
    facts: MemberFacts | OrganisationFacts, period: Period, low: float, high: float
) -> None:
    low, high = min(low, high), max(low, high)
    fewer = allowed_level(dataclasses.replace(facts, points=low), period)
    more = allowed_level(dataclasses.replace(facts, points=high), period)

    assert no_higher(fewer, more)


@given(FACTS, st.integers(2019, 2026), st.dates(dt.date(2019, 1, 1), dt.date(2060, 12, 31)))
@settings(max_examples=100)
def test_re_reading_a_period_gives_the_same_answer_whatever_today_is(
    facts: MemberFacts | OrganisationFacts, year: int, today: dt.date
) -> None:
    period = Period.year(year)
    today = max(today, period.start)

    then = allowed_level(facts, period, today=dt.date(year, 12, 20))
    now = allowed_level(facts, period, today=today)

    assert now == then
    assert now.rule_set == ("hd21" if year <= 2022 else "qd124" if year <= 2024 else "qd366")


PROPOSALS = st.lists(
    st.tuples(
        st.sampled_from(["XA", "XB", "XC"]),
        st.sampled_from([Level.EXCELLENT, Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE]),
        st.integers(0, 100),
    ),
    max_size=60,
).map(lambda rows: [Proposal(f"m{i}", group, level, rank) for i, (group, level, rank) in enumerate(rows)])


def counts(proposals: list[Proposal], group: str) -> tuple[int, int]:
    levels = [p.level for p in proposals if p.group == group]
    return levels.count(Level.EXCELLENT), levels.count(Level.GOOD)


@given(
    PROPOSALS, st.sampled_from(["hd21", "qd124", "qd366"]), st.none() | st.fractions(0, 1, max_denominator=20)
)
@settings(max_examples=100)
def test_the_quota_is_never_exceeded_after_the_suggested_resolution_and_no_fewer_changes_would_do(
    proposals: list[Proposal], code: str, ratio: Fraction | None
) -> None:
    report = check_quota(proposals, rule_set=code, ratio=ratio)
    resolved = apply_resolution(proposals, report)
    used = Fraction(1, 5) if ratio is None else ratio

    for name in {p.group for p in proposals}:
        excellent, good = counts(resolved, name)
        assert excellent <= used * good or excellent == 0
    for group in report.groups:
        before_excellent, before_good = counts(proposals, group.group)
        assert (group.excellent, group.good) == (before_excellent, before_good)
        assert len(group.to_lower) == group.to_reduce
        if group.to_reduce:
            # One change fewer would leave the group over its quota.
            k = group.to_reduce - 1
            assert before_excellent - k > used * (before_good + k)
            # The lowest-ranked are lowered: none kept ranks below one lowered.
            ranks = {p.key: (p.rank, p.key) for p in proposals}
            excellent_keys = {
                p.key for p in proposals if p.group == group.group and p.level is Level.EXCELLENT
            }
            lowered = {ranks[key] for key in group.to_lower}
            kept = {ranks[key] for key in excellent_keys} - lowered
            assert max(lowered) <= min(kept, default=max(lowered))
        else:
            assert before_excellent <= used * before_good or before_excellent == 0


@given(PERIODS)
def test_every_period_from_2019_has_exactly_one_rule_set(period: Period) -> None:
    governing = [code for code in ("hd21", "qd124", "qd366") if get_rule_set(code).governs(period)]

    assert governing == [rule_set_for(period).code]
