"""The HTXS quota: within each grassroots organisation (or peer group), HTXS may not exceed 20% of HTT.

The check runs over the proposals (or decisions) of a whole group at once and, when a group is over, says
how many HTXS proposals to lower to HTT and which: the fewest changes, lowest-ranked first. Lowering one
HTXS to HTT both removes an HTXS and adds an HTT, so the count is the smallest ``k`` with
``excellent - k <= ratio * (good + k)``.

>>> people = [Proposal("a", "XA", Level.EXCELLENT, rank=91), Proposal("b", "XA", Level.EXCELLENT, rank=95)]
>>> people += [Proposal(f"g{i}", "XA", Level.GOOD) for i in range(5)]
>>> report = check_quota(people, rule_set="hd21")
>>> report.groups[0].to_reduce, report.groups[0].to_lower
(1, ('a',))
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from quantriet.rules.levels import Level
from quantriet.rules.rulesets import RuleSet, get_rule_set

__all__ = ["GroupQuota", "Proposal", "QuotaReport", "apply_resolution", "check_quota"]


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed (or decided) level.

    Attributes:
        key: who it is about (a member's or an organisation's id), unique within the call.
        group: the grassroots organisation or peer group the quota is counted in.
        level: the level proposed.
        rank: how strongly the proposal stands (its points, say): the lowest are suggested for
            lowering first; ties are broken by ``key``.
    """

    key: str
    group: str
    level: Level
    rank: float = 0.0


@dataclass(frozen=True, slots=True)
class GroupQuota:
    """The quota in one group.

    Attributes:
        group: the group's key.
        excellent: HTXS proposals.
        good: HTT proposals.
        allowed_excellent: how many HTXS the current HTT count allows (rounded down).
        to_reduce: the fewest HTXS to lower to HTT to meet the quota (0 when within it).
        to_lower: the keys suggested for lowering, ``to_reduce`` of them, lowest rank first.
        citation: the text behind the quota.
        ratio: the ratio applied.
    """

    group: str
    excellent: int
    good: int
    allowed_excellent: int
    to_reduce: int
    to_lower: tuple[str, ...]
    citation: str
    ratio: Fraction = Fraction(1, 5)

    @property
    def exceeded(self) -> bool:
        """Whether the group is over its quota."""
        return self.to_reduce > 0

    @property
    def message_vi(self) -> str:
        """The group's state as a Vietnamese sentence, with the count to reduce when over."""
        state = (
            f"{self.group}: {self.excellent} HTXS, {self.good} HTT — tối đa {self.allowed_excellent} HTXS "
            f"(không quá {float(self.ratio) * 100:g}% số HTT; {self.citation})"
        )
        if not self.exceeded:
            return state + "."
        names = ", ".join(self.to_lower)
        return f"{state}: vượt tỉ lệ, cần hạ {self.to_reduce} đề xuất HTXS xuống HTT ({names})."


@dataclass(frozen=True, slots=True)
class QuotaReport:
    """The answer of :func:`check_quota`.

    Attributes:
        rule_set: the rule set's code.
        enabled: False when the quota is turned off for the rule set (no group is then over).
        ratio: the ratio applied.
        groups: one entry per group, sorted by group key.
    """

    rule_set: str
    enabled: bool
    ratio: Fraction
    groups: tuple[GroupQuota, ...]

    @property
    def exceeded(self) -> tuple[GroupQuota, ...]:
        """The groups over their quota."""
        return tuple(g for g in self.groups if g.exceeded)

    @property
    def to_lower(self) -> tuple[str, ...]:
        """Every key suggested for lowering, group by group."""
        return tuple(key for g in self.groups for key in g.to_lower)


def _allowed(good: int, ratio: Fraction) -> int:
    return math.floor(ratio * good)


def _to_reduce(excellent: int, good: int, ratio: Fraction) -> int:
    # excellent - k <= ratio * (good + k)  <=>  k >= (excellent - ratio * good) / (1 + ratio)
    needed = (excellent - ratio * good) / (1 + ratio)
    k = max(0, math.ceil(needed))
    # The level counts are whole numbers; floor() on the allowance can need one more.
    while k < excellent and excellent - k > _allowed(good + k, ratio):
        k += 1
    return min(k, excellent)


def check_quota(
    proposals: Iterable[Proposal],
    *,
    rule_set: RuleSet | str,
    ratio: Fraction | float | None = None,
) -> QuotaReport:
    """Count HTXS against HTT in each group and suggest the fewest proposals to lower where over.

    Args:
        proposals: every proposal of the groups concerned (other levels are ignored).
        rule_set: the rule set (or its code) of the period; its options say whether the quota applies
            and its ratio.
        ratio: overrides the rule set's ratio (between 0 and 1).

    Returns:
        One :class:`GroupQuota` per group, with the count to reduce and the keys to lower.

    Raises:
        ValueError: an unknown rule set, a ratio outside 0–1, or a key given twice.
    """
    rules = get_rule_set(rule_set) if isinstance(rule_set, str) else rule_set
    used = Fraction(rules.options.quota_ratio if ratio is None else ratio).limit_denominator(10_000)
    if not 0 <= used <= 1:
        raise ValueError(f"A quota ratio lies between 0 and 1, not {ratio!r}.")
    by_group: dict[str, list[Proposal]] = {}
    good: dict[str, int] = {}
    seen: set[str] = set()
    for proposal in proposals:
        if not isinstance(proposal.level, Level):
            raise ValueError(f"Proposal {proposal.key!r} has level {proposal.level!r}; give a Level.")
        if proposal.key in seen:
            raise ValueError(f"Proposal {proposal.key!r} is given twice; one proposal per key.")
        seen.add(proposal.key)
        by_group.setdefault(proposal.group, [])
        good.setdefault(proposal.group, 0)
        if proposal.level is Level.EXCELLENT:
            by_group[proposal.group].append(proposal)
        elif proposal.level is Level.GOOD:
            good[proposal.group] += 1
    groups = []
    for group in sorted(by_group):
        excellent = by_group[group]
        n_good = good[group]
        k = _to_reduce(len(excellent), n_good, used) if rules.options.quota_enabled else 0
        lowest = sorted(excellent, key=lambda p: (p.rank, p.key))[:k]
        groups.append(
            GroupQuota(
                group=group,
                excellent=len(excellent),
                good=n_good,
                allowed_excellent=_allowed(n_good, used),
                to_reduce=k,
                to_lower=tuple(p.key for p in lowest),
                citation=rules.quota_citation,
                ratio=used,
            )
        )
    return QuotaReport(rules.code, rules.options.quota_enabled, used, tuple(groups))


def apply_resolution(proposals: Iterable[Proposal], report: QuotaReport) -> list[Proposal]:
    """The proposals with the suggested ones lowered from HTXS to HTT, in the order given."""
    lower = set(report.to_lower)
    return [
        Proposal(p.key, p.group, Level.GOOD, p.rank) if p.key in lower and p.level is Level.EXCELLENT else p
        for p in proposals
    ]
