"""The quota per group, and the settings the unverified rules are kept under."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib

import pytest

from quantriet.rules import (
    RULE_SETS,
    Discipline,
    DisciplineKind,
    Effect,
    Grade,
    Level,
    MemberFacts,
    Period,
    Proposal,
    allowed_level,
    check_quota,
    get_rule_set,
)

XS, HTT = Level.EXCELLENT, Level.GOOD


def group(name: str, excellent: list[tuple[str, float]], good: int) -> list[Proposal]:
    return [Proposal(key, name, XS, rank) for key, rank in excellent] + [
        Proposal(f"{name}-g{i}", name, HTT) for i in range(good)
    ]


def test_htxs_within_a_fifth_of_htt_passes_and_one_more_is_refused_with_the_one_to_lower() -> None:
    within = check_quota(group("XA", [("an", 90)], good=5), rule_set="hd21")
    over = check_quota(group("XA", [("an", 96), ("binh", 91)], good=5), rule_set="hd21")

    assert not within.exceeded and within.groups[0].allowed_excellent == 1
    (xa,) = over.exceeded
    assert (xa.excellent, xa.good, xa.allowed_excellent, xa.to_reduce, xa.to_lower) == (2, 5, 1, 1, ("binh",))
    assert xa.message_vi == (
        "XA: 2 HTXS, 5 HTT — tối đa 1 HTXS (không quá 20% số HTT; Hướng dẫn 21-HD/BTCTW (18/10/2019)): "
        "vượt tỉ lệ, cần hạ 1 đề xuất HTXS xuống HTT (binh)."
    )


def test_lowering_counts_the_lowered_among_htt_so_the_fewest_suffice() -> None:
    # 4 HTXS, 10 HTT: lowering 2 gives 2 HTXS for 12 HTT (2.4 allowed); lowering 1 gives 3 for 11 (2.2).
    report = check_quota(group("XB", [("a", 1), ("b", 2), ("c", 3), ("d", 4)], good=10), rule_set="qd124")

    assert report.groups[0].to_reduce == 2
    assert report.to_lower == ("a", "b")
    assert "Quy định 124-QĐ/TW, Điều 12" in report.groups[0].message_vi


def test_groups_are_counted_apart_and_ties_are_broken_by_key() -> None:
    proposals = group("XA", [("m2", 90), ("m1", 90)], good=0) + group("XB", [("m3", 90)], good=5)

    report = check_quota(proposals, rule_set="qd366")

    assert [(g.group, g.to_reduce, g.to_lower) for g in report.groups] == [
        ("XA", 2, ("m1", "m2")),
        ("XB", 0, ()),
    ]


def test_the_quota_can_be_turned_off_where_unverified_and_its_ratio_changed() -> None:
    proposals = group("XA", [("a", 1), ("b", 2)], good=5)

    off = check_quota(proposals, rule_set=get_rule_set("qd366").with_options(quota_enabled=False))
    wider = check_quota(proposals, rule_set="qd366", ratio=0.4)

    assert not off.enabled and not off.exceeded
    assert not wider.exceeded and wider.groups[0].allowed_excellent == 2
    assert "chưa kiểm chứng" in get_rule_set("qd366").quota_citation
    assert "quota_enabled" in get_rule_set("qd366").unverified


def test_a_province_setting_changes_the_answer_and_the_reason_says_it_is_unverified() -> None:
    sick = MemberFacts(points=95, tasks_on_time_share=1, tasks_exceeded_share=0.5, sick_leave_days=100)
    qd366 = get_rule_set("qd366")

    assert allowed_level(sick, Period.year(2025)).level is XS
    capped = allowed_level(sick, Period.year(2025), rule_set=qd366.with_options(sick_leave_cap_days=90))
    assert capped.level is Level.DONE
    assert not capped.binding[0].verified and "chưa kiểm chứng" in capped.binding[0].text_vi

    assert allowed_level(MemberFacts(points=95), Period.year(2025)).unknown == (
        "tasks_on_time_share",
        "tasks_exceeded_share",
        "shortcomings_remedied_share",
    )
    (reason,) = allowed_level(MemberFacts(points=95, breached_prohibitions=True), Period.year(2025)).binding
    assert not reason.verified and "chưa kiểm chứng" in reason.text_vi
    off = qd366.with_options(decree_disqualifiers=False)
    assert (
        allowed_level(
            MemberFacts(points=95, breached_prohibitions=True), Period.year(2025), rule_set=off
        ).level
        is XS
    )


def test_a_2022_rating_re_read_in_2026_is_judged_by_hd21() -> None:
    facts = MemberFacts(
        task_grades=(Grade.EXCELLENT,), sick_leave_days=95
    )  # qd366 has no sick-leave cap by default

    then = allowed_level(facts, Period.year(2022), today=dt.date(2022, 12, 15))
    later = allowed_level(facts, Period.year(2022), today=dt.date(2026, 12, 5))

    assert then == later
    assert later.rule_set == "hd21" and later.level is Level.DONE
    assert later.binding[0].citation.startswith("Hướng dẫn 21-HD/BTCTW")


def test_not_rated_members_are_not_proposable_and_the_reason_says_why() -> None:
    answer = allowed_level(MemberFacts(exempted=True, suspended=True), Period.year(2023))

    assert not answer.rated and not answer.allows(Level.NOT_DONE)
    assert [r.code for r in answer.binding] == ["exempted", "suspended"]
    assert all(r.effect is Effect.NOT_RATED for r in answer.reasons)
    assert answer.explain_vi().startswith("Không xếp loại chất lượng năm 2023.\n- Đảng viên được miễn")


def test_a_proposal_above_the_level_allowed_is_refused_with_the_reason_and_its_text() -> None:
    facts = MemberFacts(task_grades=(Grade.EXCELLENT,), other_grades=(Grade.GOOD,), sick_leave_days=95)
    answer = allowed_level(facts, Period.year(2021))

    assert answer.refusal_vi(Level.DONE) is None
    assert answer.refusal_vi(Level.EXCELLENT) == (
        "Không thể xếp HTXS năm 2021: tối đa HT (Nghỉ ốm 95 ngày trong năm 2021 (từ 90 ngày trở lên): "
        "tối đa HT — Hướng dẫn 21-HD/BTCTW (18/10/2019))."
    )


def test_a_reason_names_the_heaviest_discipline_of_the_period() -> None:
    disciplines = (
        Discipline(DisciplineKind.REPRIMAND, dt.date(2021, 2, 1)),
        Discipline(DisciplineKind.WARNING, dt.date(2021, 9, 1)),
        Discipline(DisciplineKind.EXPULSION, dt.date(2022, 1, 5)),
    )

    (reason,) = allowed_level(MemberFacts(disciplines=disciplines), Period.year(2021)).binding

    assert reason.message_vi == "Bị kỷ luật cảnh cáo trong năm 2021 (quyết định ngày 01/09/2021)"


def test_qd124_members_can_be_freed_from_the_collectives_criteria_rules() -> None:
    facts = MemberFacts(other_grades=(Grade.POOR,), tasks_on_time_share=1.0, tasks_exceeded_share=0.6)
    own_rules = get_rule_set("qd124").with_options(criteria_rules_for_members=False)

    assert allowed_level(facts, Period.year(2023)).level is Level.NOT_DONE
    assert allowed_level(facts, Period.year(2023), rule_set=own_rules).level is XS


def test_a_member_who_is_not_a_civil_servant_is_not_missing_a_civil_service_rating() -> None:
    facts = MemberFacts(task_grades=(Grade.EXCELLENT,), other_grades=(Grade.GOOD,), tasks_done_share=1.0)

    answer = allowed_level(facts, Period.year(2021))

    assert answer.level is XS and answer.unknown == ()


def test_every_rule_set_lists_only_option_names_it_has() -> None:
    for rule_set in RULE_SETS:
        for name in rule_set.unverified:
            rule_set.with_options(**{name: getattr(rule_set.options, name)})


@pytest.mark.parametrize(
    "name",
    [
        "quantriet.rules.allowed",
        "quantriet.rules.quota",
        "quantriet.rules.rulesets",
        "quantriet.rules.levels",
        "quantriet.rules.facts",
        "quantriet.rules.reasons",
    ],
)
def test_documented_examples_hold(name: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0 and failures == 0
