"""The rule sets as versioned data, keyed by the periods they govern.

A rating is judged by the set in force for its period, never by the one in force when it is read: the
2022 ratings stay under ``hd21`` however late they are re-read. What the consulted texts did not confirm
is an :class:`Options` field, with the default ``evaluation-rules.md`` states; a province changes one with
:meth:`RuleSet.with_options`.

>>> rule_set_for(Period.year(2022)).code, rule_set_for(Period.quarter(2025, 3)).code
('hd21', 'qd366')
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from fractions import Fraction

from quantriet.rules.facts import Period, PeriodKind
from quantriet.rules.levels import Level

__all__ = ["RULE_SETS", "NoRuleSetError", "Options", "RuleSet", "get_rule_set", "rule_set_for"]


class NoRuleSetError(ValueError):
    """No rule set governs the period asked about, or none has the name given.

    Attributes:
        message_vi: the same in Vietnamese, for the person who chose the period.
    """

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message_vi = message_vi


@dataclass(frozen=True, slots=True)
class Options:
    """The settings of a rule set; each names whether the texts consulted confirmed it.

    Attributes:
        quota_enabled: HTXS may not exceed ``quota_ratio`` of HTT within each grassroots organisation
            or peer group (hd21, qd124: confirmed; qd366: not confirmed, on by default).
        quota_ratio: the quota's ratio, 20%.
        min_months_to_rate: members admitted, and organisations formed, less than this many months
            before the end of the period are reviewed but not classified (0 turns it off).
        sick_leave_cap_days: sick leave of this many days or more caps a member at HT (hd21: "3 tháng",
            counted as 90 days); ``None`` where the set's texts were not found to say so.
        civil_servant_link: a member's civil-service rating bounds the party rating (HTXS needs HTXS;
            KHT gives KHT): hd21.
        criteria_rules_for_members: qd124 Art. 12's criteria rules (HTXS needs task criteria
            "Xuất sắc" and the others "Tốt"; "Kém" gives KHT) also judge members.
        poor_criteria_not_done: a criterion graded "Kém" gives KHT (qd124 Art. 12).
        member_discipline_like_collective: qd124 judges a member's discipline as Art. 12 judges a
            collective's: HTXS impossible, KHT unless self-detected and remedied (not confirmed).
        leader_units_min_for_excellent: a leader is HTXS only if every unit they lead is rated at least
            this (qd366: the units also HTXS; qd124: "their units must perform", read as HTT, not
            confirmed); ``None`` turns it off.
        decree_disqualifiers: qd366's KHT list mirroring Nghị định 335/2025/NĐ-CP (degradation,
            prohibitions, any discipline in the period, corruption in a unit one leads): not confirmed.
        degradation_not_done: concluded degradation gives KHT.
    """

    quota_enabled: bool = True
    quota_ratio: Fraction = Fraction(1, 5)
    min_months_to_rate: int = 6
    sick_leave_cap_days: int | None = None
    civil_servant_link: bool = False
    criteria_rules_for_members: bool = False
    poor_criteria_not_done: bool = False
    member_discipline_like_collective: bool = False
    leader_units_min_for_excellent: Level | None = None
    decree_disqualifiers: bool = False
    degradation_not_done: bool = True


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One version of the rating rules.

    Attributes:
        code: "hd21", "qd124" or "qd366".
        name_vi: the texts it stands for, as cited in explanations.
        citation: how an explanation cites the set when the article is not known.
        collective_citation: how it cites its rules for organisations and collectives.
        quota_citation: how it cites the quota.
        first_year: the first rating year it governs.
        last_year: the last one, ``None`` while it is in force.
        period_kinds: the kinds of period it rates.
        options: its settings.
        unverified: names of the options whose rules the consulted texts did not confirm for this set,
            whether on or off by default; a reason from one of them says so (``Reason.verified``).
    """

    code: str
    name_vi: str
    citation: str
    collective_citation: str
    quota_citation: str
    first_year: int
    last_year: int | None
    period_kinds: frozenset[PeriodKind]
    options: Options = field(default_factory=Options)
    unverified: frozenset[str] = frozenset()

    def governs(self, period: Period) -> bool:
        """Whether this set judges ratings of ``period`` (by the year the period ends, and its kind)."""
        year = period.end.year
        in_years = self.first_year <= year and (self.last_year is None or year <= self.last_year)
        return in_years and period.kind in self.period_kinds

    def with_options(self, **changes: object) -> RuleSet:
        """A copy with some options changed, e.g. ``get_rule_set("qd366").with_options(quota_enabled=False)``.

        Raises:
            ValueError: an option name that does not exist.
        """
        known = {f.name for f in dataclasses.fields(Options)}
        wrong = sorted(set(changes) - known)
        if wrong:
            raise ValueError(
                f"Unknown rule-set option(s): {', '.join(wrong)}; known: {', '.join(sorted(known))}."
            )
        return dataclasses.replace(self, options=dataclasses.replace(self.options, **changes))  # type: ignore[arg-type]

    @property
    def years_vi(self) -> str:
        """The years it governs, e.g. "2019–2022" or "từ 2025"."""
        return f"từ {self.first_year}" if self.last_year is None else f"{self.first_year}–{self.last_year}"


_YEAR = frozenset({PeriodKind.YEAR})

HD21 = RuleSet(
    code="hd21",
    name_vi="Quy định 132-QĐ/TW và Hướng dẫn 21-HD/BTCTW",
    citation="Hướng dẫn 21-HD/BTCTW (18/10/2019)",
    collective_citation="Hướng dẫn 21-HD/BTCTW (18/10/2019)",
    quota_citation="Hướng dẫn 21-HD/BTCTW (18/10/2019)",
    first_year=2019,
    last_year=2022,
    period_kinds=_YEAR,
    options=Options(sick_leave_cap_days=90, civil_servant_link=True),
    # Off by default: rules of the later sets a province may turn on for its old ratings.
    unverified=frozenset({"poor_criteria_not_done", "leader_units_min_for_excellent"}),
)

QD124 = RuleSet(
    code="qd124",
    name_vi="Quy định 124-QĐ/TW và Hướng dẫn 25-HD/BTCTW",
    citation="Quy định 124-QĐ/TW; Hướng dẫn 25-HD/BTCTW",
    collective_citation="Quy định 124-QĐ/TW, Điều 12",
    quota_citation="Quy định 124-QĐ/TW, Điều 12",
    first_year=2023,
    last_year=2024,
    period_kinds=_YEAR,
    options=Options(
        criteria_rules_for_members=True,
        poor_criteria_not_done=True,
        member_discipline_like_collective=True,
        leader_units_min_for_excellent=Level.GOOD,
    ),
    unverified=frozenset(
        {
            "criteria_rules_for_members",
            "member_discipline_like_collective",
            "leader_units_min_for_excellent",
            "degradation_not_done",
            "sick_leave_cap_days",
            "civil_servant_link",
        }
    ),
)

QD366 = RuleSet(
    code="qd366",
    name_vi="Quy định 366-QĐ/TW và Hướng dẫn 43-HD/BTCTW",
    citation="Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW",
    collective_citation="Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW",
    quota_citation="Quy định 366-QĐ/TW (tỉ lệ 20% chưa kiểm chứng, giữ như Quy định 124-QĐ/TW)",
    first_year=2025,
    last_year=None,
    period_kinds=frozenset(PeriodKind),
    options=Options(leader_units_min_for_excellent=Level.EXCELLENT, decree_disqualifiers=True),
    unverified=frozenset(
        {
            "quota_enabled",
            "decree_disqualifiers",
            "min_months_to_rate",
            "sick_leave_cap_days",
            "civil_servant_link",
        }
    ),
)

RULE_SETS: tuple[RuleSet, ...] = (HD21, QD124, QD366)
_BY_CODE = {rule_set.code: rule_set for rule_set in RULE_SETS}


def get_rule_set(code: str) -> RuleSet:
    """The rule set named ``code`` ("hd21", "qd124", "qd366").

    Raises:
        NoRuleSetError: (a ValueError) no rule set has that name.
    """
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise NoRuleSetError(
            f"Unknown rule set {code!r}; known: {', '.join(_BY_CODE)}.",
            f"Không có bộ quy định xếp loại {code!r}; chỉ có: {', '.join(_BY_CODE)}.",
        ) from None


def rule_set_for(period: Period) -> RuleSet:
    """The rule set in force for ``period``: the one governing the year the period ends in.

    Raises:
        NoRuleSetError: (a ValueError) no rule set governs it (a year before 2019; a quarter or a term
            before 2025).
    """
    for rule_set in RULE_SETS:
        if rule_set.governs(period):
            return rule_set
    spans = "; ".join(f"{r.code}: {r.years_vi} ({', '.join(sorted(r.period_kinds))})" for r in RULE_SETS)
    raise NoRuleSetError(
        f"No rule set governs {period.kind} ratings ending {period.end}; the rule sets are {spans}.",
        f"Chưa có quy định xếp loại cho {period.label_vi}: đánh giá theo năm từ 2019, theo quý và theo "
        "nhiệm kỳ từ 2025 (Quy định 366-QĐ/TW).",
    )
