"""The party's rules as plain functions: member records, and the annual rating of members and organisations.

Pure: no Django, no app imports. Each check takes plain values and returns findings that carry a
Vietnamese sentence (and, for the register, an English one), so the web forms, the importer and the CLI
say the same thing.

- ``membership``: is a member record plausible (:func:`check_member`)?
- ``rulesets``, ``allowed``, ``quota``: the rating rule sets ``hd21`` (2019–2022), ``qd124`` (2023–2024)
  and ``qd366`` (from 2025) as data keyed by the period they govern; :func:`allowed_level` gives the
  highest level the rules allow with every cap and its text; :func:`check_quota` holds HTXS within 20% of
  HTT per group and says which proposals to lower.
"""

from __future__ import annotations

from quantriet.rules.allowed import allowed_level
from quantriet.rules.facts import Discipline, MemberFacts, OrganisationFacts, Period, PeriodKind
from quantriet.rules.levels import DisciplineKind, Grade, Level
from quantriet.rules.membership import Finding, check_member
from quantriet.rules.quota import GroupQuota, Proposal, QuotaReport, apply_resolution, check_quota
from quantriet.rules.reasons import Allowance, Effect, Reason
from quantriet.rules.rulesets import RULE_SETS, NoRuleSetError, Options, RuleSet, get_rule_set, rule_set_for

__all__ = [
    "RULE_SETS",
    "Allowance",
    "Discipline",
    "DisciplineKind",
    "Effect",
    "Finding",
    "Grade",
    "GroupQuota",
    "Level",
    "MemberFacts",
    "NoRuleSetError",
    "Options",
    "OrganisationFacts",
    "Period",
    "PeriodKind",
    "Proposal",
    "QuotaReport",
    "Reason",
    "RuleSet",
    "allowed_level",
    "apply_resolution",
    "check_member",
    "check_quota",
    "get_rule_set",
    "rule_set_for",
]
