"""The highest level the rules allow a member or an organisation, with every reason and its text.

Every rule is a cap ("at most HTT") or a disqualifier (a cap at KHT); the level allowed is the lowest cap
that applied, starting from HTXS. Rules only ever add caps, so a new fact that counts against someone
(a discipline, fewer points) can never raise their level.

>>> facts = MemberFacts(sick_leave_days=100, task_grades=(Grade.EXCELLENT,), tasks_done_share=1.0)
>>> answer = allowed_level(facts, Period.year(2021))
>>> answer.level.short, answer.reasons[0].text_vi
('HT', 'Nghỉ ốm 100 ngày trong năm 2021 (từ 90 ngày trở lên): tối đa HT — Hướng dẫn 21-HD/BTCTW (18/10/2019)')
"""

from __future__ import annotations

import datetime as dt

from quantriet.rules.facts import Discipline, MemberFacts, OrganisationFacts, Period
from quantriet.rules.levels import DisciplineKind, Grade, Level
from quantriet.rules.reasons import Allowance, Effect, Reason
from quantriet.rules.rulesets import RuleSet, get_rule_set, rule_set_for

__all__ = ["allowed_level"]


def allowed_level(
    facts: MemberFacts | OrganisationFacts,
    period: Period,
    *,
    rule_set: RuleSet | str | None = None,
    today: dt.date | None = None,
) -> Allowance:
    """The highest level the rules in force for ``period`` allow, with every reason that applied.

    Args:
        facts: what is known of the member (:class:`MemberFacts`) or the organisation or collective
            (:class:`OrganisationFacts`) for the period.
        period: the period rated.
        rule_set: the rule set to use, or its code; by default the one governing ``period``. A set
            with changed options (:meth:`RuleSet.with_options`) is how a province's settings apply.
        today: when given, the period must have begun by then (a rating of a period not yet begun is
            refused); the answer never depends on it otherwise.

    Returns:
        The level allowed (``None``: not rated), the reasons and the facts that were unknown.

    Raises:
        ValueError: no rule set governs the period, the rule set given does not govern it or is
            unknown or renamed, the facts are of an unknown type, a share lies outside 0–1, points
            outside 0–100, or the period has not begun by ``today``.
    """
    if isinstance(rule_set, str):
        rules = get_rule_set(rule_set)
    elif rule_set is None:
        rules = rule_set_for(period)
    else:
        rules = rule_set
    if not rules.governs(period):
        raise ValueError(
            f"Rule set {rules.code} governs {', '.join(sorted(rules.period_kinds))} ratings of "
            f"{rules.years_vi}, not {period.kind} {period.start}–{period.end}; leave rule_set out to use "
            "the one in force for the period."
        )
    if today is not None and today < period.start:
        raise ValueError(f"The period {period.start}–{period.end} has not begun on {today}.")
    if not isinstance(facts, (MemberFacts, OrganisationFacts)):
        raise ValueError(f"Facts must be MemberFacts or OrganisationFacts, not {type(facts).__name__}.")
    if rules.code not in ("hd21", "qd124", "qd366"):
        raise ValueError(
            f"No rules are written for a rule set named {rules.code!r}; change a known set's options "
            "with RuleSet.with_options instead of renaming it."
        )
    _check_ranges(facts)
    judge = _Judge(rules, period, facts)
    judge.run()
    return judge.answer()


def _check_ranges(facts: MemberFacts | OrganisationFacts) -> None:
    for name in (
        "tasks_done_share",
        "tasks_on_time_share",
        "tasks_exceeded_share",
        "shortcomings_remedied_share",
        "tasks_late_share",
    ):
        value = getattr(facts, name, None)
        if value is not None and not 0 <= value <= 1:
            raise ValueError(f"{name} is a share from 0 to 1, not {value!r}.")
    for name in ("task_grades", "other_grades"):
        if not all(isinstance(grade, Grade) for grade in getattr(facts, name)):
            raise ValueError(f"{name} must be Grade values (Grade.EXCELLENT, Grade.GOOD, …).")
    if facts.points is not None and not 0 <= facts.points <= 100:
        raise ValueError(f"points are on a 100-point scale, not {facts.points!r}.")
    for name in ("sick_leave_days", "maternity_leave_days", "subordinates_disciplined"):
        if getattr(facts, name, 0) < 0:
            raise ValueError(f"{name} cannot be negative.")


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


class _Judge:
    """Collects the reasons for one judgement; one method per rule set."""

    def __init__(self, rules: RuleSet, period: Period, facts: MemberFacts | OrganisationFacts) -> None:
        self.rules = rules
        self.options = rules.options
        self.period = period
        self.when = period.label_vi
        self.facts = facts
        self.member = facts if isinstance(facts, MemberFacts) else None
        self.organisation = facts if isinstance(facts, OrganisationFacts) else None
        self.reasons: list[Reason] = []
        self.unknown: list[str] = []

    # --- helpers -----------------------------------------------------------------------------------
    def cap(self, code: str, level: Level, message: str, citation: str, option: str | None = None) -> None:
        verified = option is None or option not in self.rules.unverified
        self.reasons.append(Reason(code, Effect.CAP, level, message, citation, verified))

    def note(self, code: str, message: str, citation: str, verified: bool = True) -> None:
        self.reasons.append(Reason(code, Effect.NOTE, None, message, citation, verified))

    def need(self, name: str, value: object) -> bool:
        if value is None or value == ():
            if name not in self.unknown:
                self.unknown.append(name)
            return False
        return True

    def in_period(self, disciplines: tuple[Discipline, ...]) -> list[Discipline]:
        # Heaviest first, so a reason names the heaviest discipline of the period.
        found = [d for d in disciplines if d.decided_on in self.period]
        return sorted(found, key=lambda d: (-d.kind.rank, d.decided_on)) if len(found) > 1 else found

    def answer(self) -> Allowance:
        not_rated = [r for r in self.reasons if r.effect is Effect.NOT_RATED]
        caps = sorted((r for r in self.reasons if r.effect is Effect.CAP), key=lambda r: (r.cap, r.code))
        notes = [r for r in self.reasons if r.effect is Effect.NOTE]
        if not_rated:
            return Allowance(None, self.rules.code, self.period, tuple(not_rated), ())
        level = min((r.cap for r in caps if r.cap is not None), default=Level.EXCELLENT)
        return Allowance(level, self.rules.code, self.period, (*caps, *notes), tuple(self.unknown))

    # --- the order of work -------------------------------------------------------------------------
    def run(self) -> None:
        self.not_rated()
        if any(r.effect is Effect.NOT_RATED for r in self.reasons):
            return
        {"hd21": self.hd21, "qd124": self.qd124, "qd366": self.qd366}[self.rules.code]()

    def not_rated(self) -> None:
        citation = self.rules.citation
        verified = self.rules.code != "qd366"
        months = self.options.min_months_to_rate
        threshold = _months_before(self.period.end, months) if months > 0 else None
        if self.member is not None:
            m = self.member
            if m.exempted:
                self.reasons.append(
                    Reason(
                        "exempted",
                        Effect.NOT_RATED,
                        None,
                        f"Đảng viên được miễn công tác và sinh hoạt đảng trong {self.when}",
                        citation,
                        verified,
                    )
                )
            if m.suspended and not m.committee_suspension_only:
                self.reasons.append(
                    Reason(
                        "suspended",
                        Effect.NOT_RATED,
                        None,
                        "Đảng viên bị đình chỉ sinh hoạt đảng",
                        citation,
                        verified,
                    )
                )
            if threshold is not None and m.admitted_on is not None and m.admitted_on > threshold:
                self.reasons.append(
                    Reason(
                        "admitted_recently",
                        Effect.NOT_RATED,
                        None,
                        f"Vào Đảng ngày {m.admitted_on:%d/%m/%Y}, chưa đủ {months} tháng tính đến cuối kỳ "
                        "(kiểm điểm từ khi vào Đảng, không xếp loại)",
                        citation,
                        verified,
                    )
                )
        else:
            o = self.organisation
            assert o is not None
            if threshold is not None and o.founded_on is not None and o.founded_on > threshold:
                self.reasons.append(
                    Reason(
                        "formed_recently",
                        Effect.NOT_RATED,
                        None,
                        f"Tổ chức, tập thể thành lập ngày {o.founded_on:%d/%m/%Y}, chưa đủ {months} tháng "
                        "tính đến cuối kỳ",
                        self.rules.collective_citation,
                        verified,
                    )
                )

    # --- shared rules --------------------------------------------------------------------------------
    def criteria(self, citation: str, option: str | None) -> None:
        f = self.facts
        if self.need("task_grades", f.task_grades):
            worst = min(f.task_grades)
            if worst < Grade.EXCELLENT:
                self.cap(
                    "task_criteria_not_excellent",
                    Level.GOOD,
                    f'Tiêu chí kết quả thực hiện nhiệm vụ chưa đạt "Xuất sắc" (thấp nhất: {worst.label_vi})',
                    citation,
                    option,
                )
        if self.need("other_grades", f.other_grades):
            worst = min(f.other_grades)
            if worst < Grade.GOOD:
                self.cap(
                    "criteria_below_good",
                    Level.GOOD,
                    f'Có tiêu chí dưới mức "Tốt" (thấp nhất: {worst.label_vi})',
                    citation,
                    option,
                )

    def poor_criteria(self, citation: str, option: str | None) -> None:
        grades = (*self.facts.task_grades, *self.facts.other_grades)
        if grades and min(grades) is Grade.POOR:
            self.cap("criteria_poor", Level.NOT_DONE, 'Có tiêu chí xếp mức "Kém"', citation, option)

    def degradation(self, citation: str, option: str | None) -> None:
        if (
            self.member is not None
            and self.member.degradation_concluded
            and self.options.degradation_not_done
        ):
            self.cap(
                "degradation",
                Level.NOT_DONE,
                'Bị kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống, "tự diễn biến", '
                '"tự chuyển hóa"',
                citation,
                option,
            )

    def sick_leave(self) -> None:
        days = self.options.sick_leave_cap_days
        if self.member is not None and days is not None and self.member.sick_leave_days >= days:
            self.cap(
                "sick_leave",
                Level.DONE,
                f"Nghỉ ốm {self.member.sick_leave_days} ngày trong {self.when} (từ {days} ngày trở lên)",
                self.rules.citation,
                "sick_leave_cap_days",
            )

    def maternity_leave(self) -> None:
        if self.member is not None and self.member.maternity_leave_days > 0:
            self.note(
                "maternity_leave",
                f"Nghỉ thai sản {self.member.maternity_leave_days} ngày: đánh giá theo thời gian "
                "thực tế công tác",
                self.rules.citation,
                verified=self.rules.code == "hd21",
            )

    def civil_servant(self) -> None:
        m = self.member
        if m is None or not self.options.civil_servant_link:
            return
        if m.civil_servant_level is None:  # not a civil servant or public employee
            return
        if m.civil_servant_level is Level.NOT_DONE:
            self.cap(
                "civil_servant_not_done",
                Level.NOT_DONE,
                "Xếp loại công chức, viên chức: Không hoàn thành nhiệm vụ",
                self.rules.citation,
                "civil_servant_link",
            )
        elif m.civil_servant_level < Level.EXCELLENT:
            self.cap(
                "civil_servant_not_excellent",
                Level.GOOD,
                f"Xếp loại công chức, viên chức chưa đạt HTXS ({m.civil_servant_level.short})",
                self.rules.citation,
                "civil_servant_link",
            )

    def led_units(self, citation: str) -> None:
        m = self.member
        minimum = self.options.leader_units_min_for_excellent
        if m is None or not m.is_leader or minimum is None:
            return
        if not self.need("led_units_levels", m.led_units_levels) or not m.led_units_levels:
            return
        worst = min(m.led_units_levels)
        if worst < minimum:
            self.cap(
                "led_unit_below",
                Level.GOOD,
                f"Đơn vị do đồng chí lãnh đạo, quản lý có kết quả {worst.short} "
                f"(cần từ {minimum.short} để xếp HTXS)",
                citation,
                "leader_units_min_for_excellent",
            )

    def share_below(self, name: str, value: float | None, minimum: float) -> bool:
        return self.need(name, value) and value is not None and value < minimum

    # --- hd21 ---------------------------------------------------------------------------------------
    def hd21(self) -> None:
        citation = self.rules.citation
        if self.organisation is not None:
            heavy = [
                d
                for d in self.in_period(self.organisation.leadership_disciplines)
                if d.kind >= DisciplineKind.WARNING
            ]
            if heavy:
                self.cap(
                    "leadership_warning_or_heavier",
                    Level.NOT_DONE,
                    f"Thành viên tập thể lãnh đạo bị kỷ luật {heavy[0].kind.label_vi} trong {self.when} "
                    "(từ cảnh cáo trở lên)",
                    self.rules.collective_citation,
                )
            if self.options.poor_criteria_not_done:
                self.poor_criteria(citation, "poor_criteria_not_done")
            return
        m = self.member
        assert m is not None
        self.degradation(citation, None)
        if self.share_below("tasks_done_share", m.tasks_done_share, 0.5):
            assert m.tasks_done_share is not None
            self.cap(
                "targets_below_half",
                Level.NOT_DONE,
                f"Hoàn thành dưới 50% chỉ tiêu, nhiệm vụ ({_pct(m.tasks_done_share)})",
                citation,
            )
        disciplined = self.in_period(m.disciplines)
        if disciplined:
            self.cap(
                "discipline",
                Level.NOT_DONE,
                f"Bị kỷ luật {disciplined[0].kind.label_vi} trong {self.when} (quyết định ngày "
                f"{disciplined[0].decided_on:%d/%m/%Y})",
                citation,
            )
        self.civil_servant()
        self.sick_leave()
        self.criteria(citation, None)
        if self.options.poor_criteria_not_done:
            self.poor_criteria(citation, "poor_criteria_not_done")
        self.led_units(citation)
        self.maternity_leave()

    # --- qd124 --------------------------------------------------------------------------------------
    def qd124(self) -> None:
        article = self.rules.collective_citation
        if self.organisation is not None:
            o = self.organisation
            self.criteria(article, None)
            if self.options.poor_criteria_not_done:
                self.poor_criteria(article, "poor_criteria_not_done")
            own = self.in_period(o.disciplines)
            leaders = self.in_period(o.leadership_disciplines)
            if own or leaders or o.subordinates_disciplined:
                self.cap(
                    "discipline_in_collective",
                    Level.GOOD,
                    "Tổ chức, thành viên tập thể lãnh đạo hoặc tổ chức trực thuộc "
                    f"bị kỷ luật trong {self.when}",
                    article,
                )
            hidden = [d for d in own if not d.self_detected]
            if hidden:
                self.cap(
                    "discipline_not_self_detected",
                    Level.NOT_DONE,
                    f"Bị kỷ luật {hidden[0].kind.label_vi} trong {self.when}, "
                    "vi phạm không do tự phát hiện, khắc phục",
                    article,
                )
            return
        m = self.member
        assert m is not None
        citation = self.rules.citation
        self.degradation(citation, "degradation_not_done")
        on_time = self.share_below("tasks_on_time_share", m.tasks_on_time_share, 1.0)
        exceeded = self.share_below("tasks_exceeded_share", m.tasks_exceeded_share, 0.5)
        if on_time or exceeded:
            self.cap(
                "targets_for_excellent",
                Level.GOOD,
                "Chưa hoàn thành 100% chỉ tiêu, nhiệm vụ đúng tiến độ, trong đó ít nhất 50% vượt mức",
                citation,
            )
        if self.options.criteria_rules_for_members:
            self.criteria(article, "criteria_rules_for_members")
        if self.options.criteria_rules_for_members and self.options.poor_criteria_not_done:
            self.poor_criteria(article, "criteria_rules_for_members")
        if self.options.member_discipline_like_collective:
            disciplined = self.in_period(m.disciplines)
            if disciplined:
                self.cap(
                    "discipline",
                    Level.GOOD,
                    f"Bị kỷ luật {disciplined[0].kind.label_vi} trong {self.when}",
                    article,
                    "member_discipline_like_collective",
                )
            hidden = [d for d in disciplined if not d.self_detected]
            if hidden:
                self.cap(
                    "discipline_not_self_detected",
                    Level.NOT_DONE,
                    f"Bị kỷ luật {hidden[0].kind.label_vi} trong {self.when}, "
                    "vi phạm không do tự phát hiện, khắc phục",
                    article,
                    "member_discipline_like_collective",
                )
        self.civil_servant()
        self.sick_leave()
        self.led_units(citation)
        self.maternity_leave()

    # --- qd366 --------------------------------------------------------------------------------------
    def qd366(self) -> None:
        citation = self.rules.citation
        f = self.facts
        if self.need("points", f.points) and f.points is not None:
            for below, level in ((50, Level.NOT_DONE), (70, Level.DONE), (90, Level.GOOD)):
                if f.points < below:
                    self.cap(
                        f"points_below_{below}", level, f"Đạt {f.points:g} điểm (dưới {below})", citation
                    )
                    break
        if self.share_below("tasks_on_time_share", f.tasks_on_time_share, 1.0):
            assert f.tasks_on_time_share is not None
            self.cap(
                "tasks_not_all_on_time",
                Level.DONE,
                f"Hoàn thành đúng tiến độ, bảo đảm chất lượng {_pct(f.tasks_on_time_share)} nhiệm vụ "
                "(chưa đủ 100%)",
                citation,
            )
        if self.share_below("tasks_exceeded_share", f.tasks_exceeded_share, 0.3):
            assert f.tasks_exceeded_share is not None
            self.cap(
                "tasks_exceeded_below_30",
                Level.GOOD,
                f"Nhiệm vụ vượt yêu cầu {_pct(f.tasks_exceeded_share)} (cần ít nhất 30% để xếp HTXS)",
                citation,
            )
        if self.share_below("shortcomings_remedied_share", f.shortcomings_remedied_share, 1.0):
            assert f.shortcomings_remedied_share is not None
            self.cap(
                "shortcomings_not_remedied",
                Level.GOOD,
                f"Khắc phục {_pct(f.shortcomings_remedied_share)} hạn chế, khuyết điểm đã chỉ ra "
                "(cần 100% để xếp HTXS)",
                citation,
            )
        if self.organisation is not None:
            o = self.organisation
            if (
                self.in_period(o.disciplines)
                or self.in_period(o.leadership_disciplines)
                or o.subordinates_disciplined
            ):
                self.cap(
                    "discipline_in_collective",
                    Level.GOOD,
                    "Tổ chức, thành viên tập thể lãnh đạo hoặc tổ chức trực thuộc "
                    f"bị kỷ luật trong {self.when}",
                    citation,
                )
            done = self.share_below("tasks_done_share", o.tasks_done_share, 1.0)
            late = self.need("tasks_late_share", o.tasks_late_share) and (o.tasks_late_share or 0) > 0.2
            if done or late:
                self.cap(
                    "collective_tasks_for_done",
                    Level.NOT_DONE,
                    "Tập thể chưa hoàn thành 100% nhiệm vụ hoặc trễ hạn quá 20%",
                    citation,
                )
            return
        m = self.member
        assert m is not None
        self.led_units(citation)
        if self.options.decree_disqualifiers:
            decree = f"{citation} (theo Nghị định 335/2025/NĐ-CP)"
            self.degradation(decree, "decree_disqualifiers")
            if m.breached_prohibitions:
                self.cap(
                    "prohibitions",
                    Level.NOT_DONE,
                    "Vi phạm những điều đảng viên không được làm hoặc trách nhiệm nêu gương",
                    decree,
                    "decree_disqualifiers",
                )
            disciplined = self.in_period(m.disciplines)
            if disciplined:
                self.cap(
                    "discipline",
                    Level.NOT_DONE,
                    f"Bị kỷ luật {disciplined[0].kind.label_vi} trong {self.when} (từ khiển trách trở lên)",
                    decree,
                    "decree_disqualifiers",
                )
            if m.is_leader and m.corruption_in_led_unit:
                self.cap(
                    "corruption_in_led_unit",
                    Level.NOT_DONE,
                    "Để xảy ra tham nhũng, lãng phí trong cơ quan, đơn vị do mình lãnh đạo, quản lý",
                    decree,
                    "decree_disqualifiers",
                )
        self.civil_servant()
        self.sick_leave()
        self.maternity_leave()
