"""The plain facts a rating is judged on: the period, disciplines, a member's or an organisation's record.

A fact left at ``None`` is unknown: it caps nothing, and the answer names it among the facts it could not
use (``Allowance.unknown``), so a form can say what is still missing.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from quantriet.rules.levels import DisciplineKind, Grade, Level

__all__ = ["Discipline", "MemberFacts", "OrganisationFacts", "Period", "PeriodKind"]


class PeriodKind(enum.StrEnum):
    """What a rating covers: a year (every rule set), a quarter or a term (qd366 only)."""

    YEAR = "year"
    QUARTER = "quarter"
    TERM = "term"


@dataclass(frozen=True, slots=True)
class Period:
    """The span a rating covers, first and last day included. Build one with :meth:`year`,
    :meth:`quarter` or :meth:`term`.

    >>> Period.quarter(2025, 4).label_vi
    'quý IV năm 2025'
    """

    kind: PeriodKind
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"A period cannot end ({self.end}) before it starts ({self.start}).")

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4 of ``year``."""
        if quarter not in (1, 2, 3, 4):
            raise ValueError(f"A quarter is 1, 2, 3 or 4, not {quarter!r}.")
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(1)
        return cls(PeriodKind.QUARTER, start, end)

    @classmethod
    def term(cls, first_year: int, last_year: int) -> Period:
        """A term of office from the start of ``first_year`` to the end of ``last_year``."""
        if last_year <= first_year:
            raise ValueError(f"A term spans several years: {first_year}–{last_year} does not.")
        return cls(PeriodKind.TERM, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))

    @property
    def label_vi(self) -> str:
        """The period as a Vietnamese phrase: "năm 2022", "quý III năm 2025", "nhiệm kỳ 2025–2030"."""
        if self.kind is PeriodKind.YEAR:
            return f"năm {self.start.year}"
        if self.kind is PeriodKind.QUARTER:
            roman = ("I", "II", "III", "IV")[(self.start.month - 1) // 3]
            return f"quý {roman} năm {self.start.year}"
        return f"nhiệm kỳ {self.start.year}–{self.end.year}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Discipline:
    """One discipline decision.

    Attributes:
        kind: khiển trách, cảnh cáo, cách chức (giải tán for an organisation) or khai trừ.
        decided_on: the day it was decided. A violation counts once, in the period of this date,
            whenever it was committed.
        self_detected: the violation was found by the person or organisation itself and remedied
            (qd124 still allows HTT or HT for it).
    """

    kind: DisciplineKind
    decided_on: dt.date
    self_detected: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class _Common:
    task_grades: tuple[Grade, ...] = ()
    other_grades: tuple[Grade, ...] = ()
    points: float | None = None
    tasks_done_share: float | None = None
    tasks_on_time_share: float | None = None
    tasks_exceeded_share: float | None = None
    shortcomings_remedied_share: float | None = None
    disciplines: tuple[Discipline, ...] = ()
    degradation_concluded: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberFacts(_Common):
    """What is known of one party member for one period.

    Shares are fractions from 0 to 1. Grades are per criterion; only the lowest of each group matters.

    Attributes:
        task_grades: grades of the political-task result criteria (hd21, qd124).
        other_grades: grades of every other criterion (ideology, ethics, discipline, …).
        points: the score on the 100-point scale (qd366).
        tasks_done_share: share of the year's targets or tasks met.
        tasks_on_time_share: share of tasks done on time and with quality.
        tasks_exceeded_share: share of tasks that exceeded what was required.
        shortcomings_remedied_share: share of previously identified shortcomings remedied (qd366).
        disciplines: every discipline decision about the member; those decided outside the period
            are ignored.
        degradation_concluded: a competent body concluded degradation in political ideology, ethics or
            lifestyle, or "tự diễn biến", "tự chuyển hóa".
        admitted_on: the admission date (reviewed, not classified, when less than six months before
            the end of the period).
        exempted: exempted from party work and activities during the period.
        suspended: suspended from party activities during the period.
        committee_suspension_only: the suspension is only from committee duties (still rated).
        sick_leave_days: days of sick leave in the period.
        maternity_leave_days: days of maternity leave in the period (rated on the time worked).
        civil_servant_level: the member's rating as a civil servant or public employee; ``None`` for a
            member who is neither.
        is_leader: the member leads or manages a unit, an office or a field.
        led_units_levels: the ratings of the units the member leads, when known.
        breached_prohibitions: broke what members must not do or the duty to set an example (qd366).
        corruption_in_led_unit: corruption or waste occurred in a unit the member leads (qd366).
    """

    admitted_on: dt.date | None = None
    exempted: bool = False
    suspended: bool = False
    committee_suspension_only: bool = False
    sick_leave_days: int = 0
    maternity_leave_days: int = 0
    civil_servant_level: Level | None = None
    is_leader: bool = False
    led_units_levels: tuple[Level, ...] | None = None
    breached_prohibitions: bool = False
    corruption_in_led_unit: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganisationFacts(_Common):
    """What is known of one party organisation or leadership collective for one period.

    The grade, points and share attributes mean what they mean for :class:`MemberFacts`.

    Attributes:
        founded_on: when the organisation or collective was formed (not rated under six months old).
        disciplines: discipline decisions about the organisation itself.
        leadership_disciplines: disciplines of members of its leadership collective.
        subordinates_disciplined: how many subordinate organisations were disciplined in the period.
        tasks_late_share: share of tasks completed late (qd366: at most 20% for HT).
    """

    founded_on: dt.date | None = None
    leadership_disciplines: tuple[Discipline, ...] = ()
    subordinates_disciplined: int = 0
    tasks_late_share: float | None = None
