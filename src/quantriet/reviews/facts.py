"""The rules' facts about a review: what was typed (the stored ``facts``) and what the platform knows.

``member_facts`` and ``organisation_facts`` build ``rules.MemberFacts`` / ``rules.OrganisationFacts`` from a
review: the facts its member or collective (or the cell meeting) gave, the discipline decisions of the period,
the standing (exempted, suspended), the admission or foundation date. ``allowance`` asks the period's rule
set what they allow.

``prefill_members`` gathers, for many members at once and in a fixed number of queries, what the platform
recorded in the period: conferences attended or missed (campaigns), learning reports handed in, passed or
found copied (reports), disciplines and exemptions. It is shown to the member beside their form and is not
theirs to edit; the reviews app sits above campaigns and reports and reads them through their selectors and
models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quantriet import rules
from quantriet.campaigns.models import AttendanceStatus, Delegate
from quantriet.campaigns.selectors.boards import status_of, with_status
from quantriet.orgs.models import Exemption, Member, Position, Unit, UnitLink
from quantriet.reports.models import LearningReport, ReportStatus
from quantriet.reviews.models import Discipline, MemberReview, OrganisationReview, ReviewPeriod, Standing

__all__ = [
    "FactsError",
    "allowance",
    "clean_facts",
    "member_facts",
    "organisation_facts",
    "prefill_members",
    "prefill_units",
]

Review = MemberReview | OrganisationReview
BATCH = 2000

# What a stored ``facts`` value may be, by name (JSON values: numbers, booleans, level and grade codes).
SHARES = (
    "tasks_done_share",
    "tasks_on_time_share",
    "tasks_exceeded_share",
    "shortcomings_remedied_share",
    "tasks_late_share",
)
DAYS = ("sick_leave_days", "maternity_leave_days")
FLAGS = (
    "degradation_concluded",
    "breached_prohibitions",
    "corruption_in_led_unit",
    "committee_suspension_only",
    "is_leader",
)
GRADES = ("task_grades", "other_grades")
# Set by the platform, never taken from what a member typed.
DERIVED = frozenset(
    {
        "disciplines",
        "leadership_disciplines",
        "subordinates_disciplined",
        "exempted",
        "suspended",
        "admitted_on",
        "founded_on",
    }
)


class FactsError(ValueError):
    """A stored or typed fact the rules cannot read; ``message_vi`` says which and why."""

    def __init__(self, field: str, message_vi: str) -> None:
        super().__init__(f"{field}: {message_vi}")
        self.field = field
        self.message_vi = message_vi


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FactsError(name, _("phải là một số"))
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
        raise FactsError(name, _("phải là một số"))
    try:
        return float(value)
    except OverflowError:  # an integer past float's range (10**400): no fact is that large
        raise FactsError(name, _("là một số quá lớn")) from None


def clean_facts(raw: Mapping[str, Any], *, member: bool = True) -> dict[str, Any]:
    """The stored facts checked and normalised (JSON-safe), derived facts dropped.

    Raises:
        FactsError: a value out of range or of the wrong kind.
    """
    clean: dict[str, Any] = {}
    for name, value in raw.items():
        if name in DERIVED or value is None or value == "":
            continue
        if name in SHARES:
            share = _number(name, value)
            if not 0 <= share <= 1:
                raise FactsError(name, _("tỷ lệ phải từ 0% đến 100%"))
            clean[name] = share
        elif name == "points":
            points = _number(name, value)
            if not 0 <= points <= 100:
                raise FactsError(name, _("điểm phải từ 0 đến 100"))
            clean[name] = points
        elif name in DAYS or name == "subordinates_disciplined":
            days = _number(name, value)
            if days != int(days) or not 0 <= days <= 3660:
                raise FactsError(name, _("số ngày phải là số nguyên từ 0 đến 3660"))
            clean[name] = int(days)
        elif name in FLAGS:
            if not isinstance(value, bool):
                raise FactsError(name, _("phải là có hoặc không"))
            clean[name] = value
        elif name in GRADES:
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or any(v not in rules.Grade._value2member_map_ for v in values):
                raise FactsError(name, _("mức đánh giá tiêu chí không hợp lệ"))
            clean[name] = list(values)
        elif name == "civil_servant_level":
            if value not in rules.Level._value2member_map_:
                raise FactsError(name, _("mức xếp loại công chức, viên chức không hợp lệ"))
            clean[name] = value
        elif name == "led_units_levels":
            if not isinstance(value, list) or any(v not in rules.Level._value2member_map_ for v in value):
                raise FactsError(name, _("mức xếp loại đơn vị không hợp lệ"))
            clean[name] = list(value)
        else:
            raise FactsError(name, _("không phải thông tin dùng để xếp loại"))
    if not member:
        for name in (*DAYS, "civil_servant_level", "led_units_levels", "is_leader"):
            clean.pop(name, None)
    return clean


def _as_rules(values: dict[str, Any], kind: type[Any]) -> dict[str, Any]:
    known = {f.name for f in fields(kind)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            continue
        if name in GRADES:
            out[name] = tuple(rules.Grade(v) for v in value)
        elif name == "civil_servant_level":
            out[name] = rules.Level(value)
        elif name == "led_units_levels":
            out[name] = tuple(rules.Level(v) for v in value)
        else:
            out[name] = value
    return out


def _in_period(period: ReviewPeriod) -> Q:
    return Q(decided_on__gte=period.start, decided_on__lte=period.end)


def member_facts(review: MemberReview, disciplines: Sequence[Discipline] | None = None) -> rules.MemberFacts:
    """The member's facts for the rules: what was given, the period's disciplines, the standing.

    ``disciplines`` (the member's decisions in the period) may be passed by a page that read them for many
    reviews at once; otherwise they are read here (one query).

    Raises:
        FactsError: a stored fact the rules cannot read.
    """
    period = review.period
    values = _as_rules(clean_facts(review.facts if isinstance(review.facts, dict) else {}), rules.MemberFacts)
    if disciplines is None:
        disciplines = list(Discipline.objects.filter(_in_period(period), member_id=review.member_id))
    values["disciplines"] = tuple(d.as_rules() for d in disciplines)
    values["exempted"] = review.standing == Standing.EXEMPTED
    values["suspended"] = review.standing == Standing.SUSPENDED
    values["admitted_on"] = review.member.admission_date
    values.setdefault("is_leader", bool(review.post))
    return rules.MemberFacts(**values)


def organisation_facts(review: OrganisationReview) -> rules.OrganisationFacts:
    """The organisation's facts: what was given, its own and its leaders' disciplines, subordinates'.

    Raises:
        FactsError: a stored fact the rules cannot read.
    """
    period = review.period
    raw = review.facts if isinstance(review.facts, dict) else {}
    values = _as_rules(clean_facts(raw, member=False), rules.OrganisationFacts)
    in_period = Discipline.objects.filter(_in_period(period))
    values["disciplines"] = tuple(d.as_rules() for d in in_period.filter(unit_id=review.unit_id))
    leaders = Position.objects.filter(
        Q(end__isnull=True) | Q(end__gte=period.start), unit_id=review.unit_id, start__lte=period.end
    ).values("member_id")
    values["leadership_disciplines"] = tuple(d.as_rules() for d in in_period.filter(member_id__in=leaders))
    below = UnitLink.objects.filter(ancestor_id=review.unit_id, distance__gt=0).values("descendant_id")
    values["subordinates_disciplined"] = (
        in_period.filter(unit_id__in=below).values("unit_id").distinct().count()
    )
    values["founded_on"] = review.unit.valid_from
    return rules.OrganisationFacts(**values)


def allowance(review: Review) -> rules.Allowance:
    """What the period's rule set allows ``review``, with its reasons (facts it cannot read: not rated)."""
    period = review.period
    try:
        found: rules.MemberFacts | rules.OrganisationFacts = (
            member_facts(review) if isinstance(review, MemberReview) else organisation_facts(review)
        )
        return rules.allowed_level(found, period.rules_period(), rule_set=period.rule_set)
    except ValueError as error:
        why = error.message_vi if isinstance(error, FactsError) else str(error)
        reason = rules.Reason(
            "facts_invalid",
            rules.Effect.NOT_RATED,
            None,
            _("Thông tin xếp loại không hợp lệ (%(e)s); cần sửa trước khi xếp loại") % {"e": why},
            _("Quy định của đợt đánh giá"),
        )
        return rules.Allowance(None, period.rule_set, period.rules_period(), (reason,))


def allowance_for(review: Review, typed: Mapping[str, Any]) -> rules.Allowance:
    """The allowance if ``typed`` facts replaced the stored ones (a form's preview); nothing is saved."""
    saved = review.facts
    review.facts = {**(saved if isinstance(saved, dict) else {}), **typed}
    try:
        return allowance(review)
    finally:
        review.facts = saved


# --- the standing: rated, or not and why -------------------------------------------------------------


def standing_of(member: Member, period: ReviewPeriod, exempted: bool) -> Standing:
    """Whether the member is classified in the period, by the rule set's own not-rated reasons."""
    answer = rules.allowed_level(
        rules.MemberFacts(
            exempted=exempted,
            suspended=member.status == "suspended",
            admitted_on=member.admission_date,
        ),
        period.rules_period(),
        rule_set=period.rule_set,
    )
    codes = {r.code for r in answer.reasons if r.effect is rules.Effect.NOT_RATED}
    if "exempted" in codes:
        return Standing.EXEMPTED
    if "suspended" in codes:
        return Standing.SUSPENDED
    if "admitted_recently" in codes:
        return Standing.NEW
    return Standing.RATED


def unit_standing(unit: Unit, period: ReviewPeriod) -> Standing:
    answer = rules.allowed_level(
        rules.OrganisationFacts(founded_on=unit.valid_from), period.rules_period(), rule_set=period.rule_set
    )
    return Standing.RATED if answer.rated else Standing.NEW


# --- what the platform knows --------------------------------------------------------------------------


def _day(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _empty() -> dict[str, Any]:
    return {
        "campaigns": [],
        "campaigns_attended": 0,
        "campaigns_absent": 0,
        "reports": [],
        "reports_submitted": 0,
        "reports_passed": 0,
        "reports_copied": 0,
        "disciplines": [],
        "exemptions": [],
    }


def _batches(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.PASSED, ReportStatus.CASE, ReportStatus.COPIED)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.MADE_UP)


def prefill_members(
    member_ids: Sequence[int], period: ReviewPeriod, today: dt.date
) -> dict[int, dict[str, Any]]:
    """What the platform recorded about each member in the period: four queries per 2,000 members."""
    found: dict[int, dict[str, Any]] = {pk: _empty() for pk in member_ids}
    held_by = min(period.end, today)
    for ids in _batches(list(member_ids)):
        delegates = with_status(
            Delegate.objects.filter(
                member_id__in=ids,
                conference__held_on__gte=period.start,
                conference__held_on__lte=held_by,
            )
        ).select_related("conference__campaign")
        for delegate in delegates.order_by("conference__held_on", "id"):
            assert delegate.member_id is not None
            entry = found[delegate.member_id]
            status = status_of(delegate)
            entry["campaigns"].append(
                {
                    "title": delegate.conference.campaign.title,
                    "conference": delegate.conference.title,
                    "date": delegate.conference.held_on.isoformat(),
                    "status": str(status),
                    "label": str(AttendanceStatus(status).label),
                }
            )
            entry["campaigns_attended" if status in ATTENDED else "campaigns_absent"] += 1
        reports = LearningReport.objects.filter(
            member_id__in=ids,
            campaign__conference_date__gte=period.start,
            campaign__conference_date__lte=period.end,
        ).select_related("campaign")
        for report in reports.order_by("campaign__conference_date", "id"):
            entry = found[report.member_id]
            entry["reports"].append(
                {
                    "title": report.campaign.title,
                    "status": report.status,
                    "label": str(ReportStatus(report.status).label),
                    "late": report.late,
                }
            )
            entry["reports_submitted"] += report.status in HANDED_IN
            entry["reports_passed"] += report.status == ReportStatus.PASSED
            entry["reports_copied"] += report.status == ReportStatus.COPIED
        for discipline in Discipline.objects.filter(_in_period(period), member_id__in=ids).order_by(
            "decided_on", "id"
        ):
            assert discipline.member_id is not None
            found[discipline.member_id]["disciplines"].append(_discipline(discipline))
        exemptions = Exemption.objects.filter(
            Q(end__isnull=True) | Q(end__gte=period.start), member_id__in=ids, start__lte=period.end
        ).order_by("start", "id")
        for exemption in exemptions:
            found[exemption.member_id]["exemptions"].append(
                {
                    "start": exemption.start.isoformat(),
                    "end": exemption.end.isoformat() if exemption.end else None,
                    "reason": exemption.reason,
                }
            )
    return found


def _discipline(discipline: Discipline) -> dict[str, Any]:
    return {
        "kind": discipline.kind,
        "label": str(discipline.get_kind_display()),
        "decided_on": discipline.decided_on.isoformat(),
        "number": discipline.decision_number,
        "self_detected": discipline.self_detected,
    }


def prefill_units(unit_ids: Sequence[int], period: ReviewPeriod) -> dict[int, dict[str, Any]]:
    """The disciplines of each organisation in the period (one query per 2,000 units)."""
    found: dict[int, dict[str, Any]] = {pk: {"disciplines": []} for pk in unit_ids}
    for ids in _batches(list(unit_ids)):
        for discipline in Discipline.objects.filter(_in_period(period), unit_id__in=ids).order_by(
            "decided_on", "id"
        ):
            assert discipline.unit_id is not None
            found[discipline.unit_id]["disciplines"].append(_discipline(discipline))
    return found


def prefill_lines(prefill: Mapping[str, Any]) -> list[str]:
    """The prefill as sentences for a page (the member's form, the meeting's row)."""
    lines: list[str] = []
    if "campaigns" in prefill:
        lines.append(
            _("Học tập, quán triệt: dự %(a)s hội nghị, vắng %(b)s.")
            % {"a": prefill.get("campaigns_attended", 0), "b": prefill.get("campaigns_absent", 0)}
        )
    if "reports" in prefill:
        lines.append(
            _("Bài thu hoạch: đã nộp %(s)s, đạt %(p)s, kết luận sao chép %(c)s.")
            % {
                "s": prefill.get("reports_submitted", 0),
                "p": prefill.get("reports_passed", 0),
                "c": prefill.get("reports_copied", 0),
            }
        )
    for item in prefill.get("disciplines", []):
        lines.append(
            _("Kỷ luật: %(kind)s ngày %(day)s")
            % {"kind": item["label"], "day": _day(dt.date.fromisoformat(item["decided_on"]))}
        )
    for item in prefill.get("exemptions", []):
        start = _day(dt.date.fromisoformat(item["start"]))
        end = _day(dt.date.fromisoformat(item["end"])) if item.get("end") else _("nay")
        lines.append(_("Miễn công tác và sinh hoạt đảng: %(a)s – %(b)s") % {"a": start, "b": end})
    return lines
