"""Five closed years of decided ratings for the demo province, written in bulk.

Each member is rated at the cell they belonged to at the end of the year (their placements), each cell and
grassroots organisation that existed all through the year's second half is rated too. Within every
grassroots organisation the HTXS count keeps to the quota (at most 20% of HTT). A chosen few — members and
organisations — are HTXS every year, so the award candidates appear; a few members were disciplined in a
year and rated KHT with the rules' reasons. The exempted and the suspended are not rated, and say why.

Going through the services row by row would take minutes for 20,000 reviews: the rows are built here and
saved with ``bulk_create``, as the services would have left them (a step per level set, what the rules
allowed at the decision).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, models
from django.utils import timezone

from quantriet import rules
from quantriet.orgs.models import Exemption, Member, MemberStatus, Placement, Unit, UnitLink
from quantriet.orgs.models.units import Level as UnitLevel
from quantriet.reviews.models import (
    Discipline,
    DisciplineKind,
    Level,
    MemberReview,
    OrganisationReview,
    PeriodKind,
    PeriodState,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
    Standing,
    StepKind,
)

BATCH = 2000
YEARS = 5
# Shares of the rated members of a grassroots organisation: HTXS is then trimmed to the quota.
EXCELLENT, GOOD, DONE = 0.15, 0.68, 0.15  # the rest KHT (only those disciplined)
DISCIPLINED_PER_YEAR = 5
STREAK_MEMBERS = 12  # HTXS every one of the five years
STREAK_UNITS = 6
RATED_LEVELS = (UnitLevel.GRASSROOTS, UnitLevel.CELL)
VIOLATIONS = (
    "Vi phạm quy định về những điều đảng viên không được làm",
    "Không thực hiện đúng quy định về sinh hoạt đảng, tự ý bỏ sinh hoạt chi bộ nhiều lần",
    "Vi phạm quy định về quản lý đất đai tại địa phương",
    "Vi phạm chính sách dân số và kế hoạch hóa gia đình",
    "Thiếu trách nhiệm để xảy ra sai phạm trong quản lý tài chính của đơn vị",
)


@dataclass
class Roll:
    """What the years are built from, read once."""

    members: dict[int, Member]
    placements: list[tuple[int, int, dt.date, dt.date | None]]  # member, unit, start, end
    units: dict[int, Unit]
    grassroots: dict[int, int]
    exempted: dict[int, list[tuple[dt.date, dt.date | None]]]
    streak_members: set[int] = field(default_factory=set)
    streak_units: set[int] = field(default_factory=set)


def review_years(today: dt.date) -> tuple[list[int], int]:
    """The closed years and the open one: a year's review runs into the next spring, its timetable at most
    to the end of June; from June on, this year's review is the open one (its deadlines fit either way)."""
    current = today.year if today.month >= 6 else today.year - 1
    return list(range(current - YEARS, current)), current


def read_roll(province: Unit, rng: random.Random) -> Roll:
    subtree = UnitLink.objects.filter(ancestor_id=province.pk).values("descendant_id")
    units = {u.pk: u for u in Unit.objects.filter(id__in=subtree, level__in=RATED_LEVELS)}
    found: dict[int, int] = {}
    for descendant, ancestor in (
        UnitLink.objects.filter(descendant_id__in=list(units), ancestor__level=UnitLevel.GRASSROOTS)
        .order_by("descendant_id", "distance")
        .values_list("descendant_id", "ancestor_id")
    ):
        found.setdefault(descendant, ancestor)
    members = {m.pk: m for m in Member.objects.filter(unit_id__in=subtree).order_by("pk")}
    placements = list(
        Placement.objects.filter(member_id__in=list(members), unit_id__in=list(units))
        .order_by("member_id", "start")
        .values_list("member_id", "unit_id", "start", "end")
    )
    exempted: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for member_id, start, end in Exemption.objects.filter(member_id__in=list(members)).values_list(
        "member_id", "start", "end"
    ):
        exempted[member_id].append((start, end))
    roll = Roll(members, placements, units, {pk: found.get(pk, pk) for pk in units}, exempted)
    return roll


def choose_streaks(roll: Roll, first_year: int, rng: random.Random, *, early: int, avoid: set[int]) -> None:
    """Members in the same cell since before the first year, without a post (rated at one place), one
    per grassroots organisation (three in ``early``, decided this year too) so every year's HTXS keep
    the quota; and organisations that existed all along, two of them cells of ``early``."""
    start = dt.date(first_year - 1, 1, 1)
    size: dict[int, int] = defaultdict(int)
    for _member, unit, _begun, end in roll.placements:
        if end is None:
            size[roll.grassroots[unit]] += 1
    settled = [
        (m, roll.grassroots[unit])
        for m, unit, begun, end in roll.placements
        if end is None
        and begun <= start
        and m not in avoid
        and roll.members[m].status == MemberStatus.FULL
        and m not in roll.exempted
        and size[roll.grassroots[unit]] >= 12
    ]
    rng.shuffle(settled)
    settled.sort(key=lambda pair: pair[1] != early)  # ``early``'s first: they are decided this year too
    taken: dict[int, int] = defaultdict(int)
    for member, group in settled:
        if len(roll.streak_members) < STREAK_MEMBERS and taken[group] < (3 if group == early else 1):
            roll.streak_members.add(member)
            taken[group] += 1
    lasting = [
        pk
        for pk, unit in sorted(roll.units.items())
        if unit.valid_to is None and (unit.valid_from is None or unit.valid_from <= start)
    ]
    ours = [pk for pk in lasting if roll.grassroots[pk] == early and pk != early]
    roll.streak_units = set(ours[:2])
    others = [pk for pk in lasting if roll.grassroots[pk] != early]
    roll.streak_units |= set(rng.sample(others, min(STREAK_UNITS - len(roll.streak_units), len(others))))


def _place(roll: Roll, end: dt.date) -> dict[int, int]:
    """Each member's cell at the end of the year: the placement covering that day."""
    return {
        member: unit
        for member, unit, start, stop in roll.placements
        if start <= end and (stop is None or stop > end)
    }


def _standing(roll: Roll, member: Member, period: ReviewPeriod, last_closed: bool) -> str:
    for start, stop in roll.exempted.get(member.pk, ()):
        if start <= period.end and (stop is None or stop >= period.start):
            return Standing.EXEMPTED
    if last_closed and member.status == MemberStatus.SUSPENDED:
        return Standing.SUSPENDED
    if member.admission_date > period.end - dt.timedelta(days=183):
        return Standing.NEW
    return Standing.RATED


def _period(province: Unit, year: int, opened_by: User) -> ReviewPeriod:
    span = rules.Period.year(year)
    rule_set = rules.rule_set_for(span)
    return ReviewPeriod.objects.create(
        unit=province,
        kind=PeriodKind.YEAR,
        year=year,
        start=span.start,
        end=span.end,
        rule_set=RuleSetCode(rule_set.code),
        title=f"Đánh giá, xếp loại chất lượng năm {year} — {province.name}",
        self_assessment_until=dt.date(year, 12, 5),
        meeting_until=dt.date(year, 12, 20),
        decisions_until=dt.date(year + 1, 1, 15),
        state=PeriodState.CLOSED,
        opened_by=opened_by,
        closed_by=opened_by,
        closed_at=_at(dt.date(year + 1, 1, 31)),
    )


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _levels(count: int, rng: random.Random) -> list[str]:
    """Levels for ``count`` rated people of one grassroots organisation, HTXS within the quota."""
    excellent = round(count * EXCELLENT)
    done = round(count * DONE)
    good = count - excellent - done
    while excellent > good // 5:  # the quota: HTXS at most 20% of HTT
        excellent, good = excellent - 1, good + 1
    levels = [Level.EXCELLENT] * excellent + [Level.GOOD] * good + [Level.DONE] * done
    rng.shuffle(levels)
    return [str(level) for level in levels]


Row = dict[str, Any]  # a review's values by attribute name, saved by ``insert``


def _allowed(row: Row, member: Member, discipline: Discipline, period: ReviewPeriod) -> None:
    facts = rules.MemberFacts(disciplines=(discipline.as_rules(),), admitted_on=member.admission_date)
    answer = rules.allowed_level(facts, period.rules_period(), rule_set=period.rule_set)
    row["allowed_level"] = answer.level.value if answer.level is not None else ""
    row["allowed_reasons"] = [r.text_vi for r in answer.reasons]


def _discipline(member: Member, year: int, rng: random.Random) -> Discipline:
    return Discipline(
        member=member,
        kind=rng.choice([DisciplineKind.REPRIMAND, DisciplineKind.WARNING]),
        decided_on=dt.date(year, rng.randint(3, 10), rng.randint(1, 28)),
        decision_number=f"{rng.randint(10, 99)}-QĐ/UBKT",
        reason=rng.choice(VIOLATIONS),
    )


def _member_year(
    roll: Roll, period: ReviewPeriod, rng: random.Random, *, last_closed: bool, disciplined: set[int]
) -> tuple[list[Row], list[Discipline]]:
    form = period.rule_set if period.rule_set != RuleSetCode.QD366 else "2B"
    by_group: dict[int, list[Row]] = defaultdict(list)
    rows: list[Row] = []
    for member_id, unit_id in sorted(_place(roll, period.end).items()):
        member = roll.members[member_id]
        if member.admission_date > period.end:
            continue
        standing = _standing(roll, member, period, last_closed)
        rated = standing == Standing.RATED
        row: Row = {
            "member_id": member_id,
            "unit_id": unit_id,
            "grassroots_id": roll.grassroots[unit_id],
            "standing": standing,
            "state": ReviewState.DECIDED if rated else ReviewState.NOT_RATED,
            "form": form,
        }
        rows.append(row)
        if rated:
            by_group[row["grassroots_id"]].append(row)
    candidates = sorted(
        r["member_id"]
        for group in by_group.values()
        for r in group
        if r["member_id"] not in roll.streak_members and r["member_id"] not in disciplined
    )
    punished = set(rng.sample(candidates, min(DISCIPLINED_PER_YEAR, len(candidates))))
    disciplines: list[Discipline] = []
    for group in by_group.values():
        ordinary = [r for r in group if r["member_id"] not in roll.streak_members | punished]
        streak = [r for r in group if r["member_id"] in roll.streak_members]
        levels = _levels(len(ordinary) + len(streak), rng)
        for row in streak:  # the quota's HTXS go to the five-year members first
            levels.remove(Level.EXCELLENT if Level.EXCELLENT in levels else Level.GOOD)
            row["decided_level"] = Level.EXCELLENT
        for row, level in zip(ordinary, levels, strict=False):
            row["decided_level"] = level
        for row in group:
            row["allowed_level"] = Level.EXCELLENT  # nothing known against the member: every level
            if row["member_id"] in punished:
                member = roll.members[row["member_id"]]
                discipline = _discipline(member, period.year, rng)
                disciplines.append(discipline)
                disciplined.add(member.pk)
                row["decided_level"] = Level.NOT_DONE
                label = discipline.get_kind_display().lower()
                row["decision_reason"] = f"Bị kỷ luật {label} trong năm: {discipline.reason.lower()}."
                _allowed(row, member, discipline, period)
            row["self_level"] = Level.GOOD if row["decided_level"] == Level.NOT_DONE else row["decided_level"]
            row["proposed_level"] = row["decided_level"]
    return rows, disciplines


def _organisation_year(roll: Roll, period: ReviewPeriod, rng: random.Random) -> list[Row]:
    half = dt.date(period.year, 7, 1)
    by_group: dict[int, list[Unit]] = defaultdict(list)
    for pk, unit in sorted(roll.units.items()):
        if (unit.valid_from is None or unit.valid_from <= half) and (
            unit.valid_to is None or unit.valid_to > period.end
        ):
            by_group[roll.grassroots[pk]].append(unit)
    form = "01" if period.rule_set == RuleSetCode.QD366 else f"{period.rule_set}-tc"
    rows: list[Row] = []
    for group in by_group.values():
        ordinary = [u.pk for u in group if u.pk not in roll.streak_units]
        chosen = dict(zip(ordinary, _levels(len(ordinary), rng), strict=True))
        for unit in group:
            level = Level.EXCELLENT if unit.pk in roll.streak_units else chosen[unit.pk]
            rows.append(
                {
                    "unit_id": unit.pk,
                    "grassroots_id": roll.grassroots[unit.pk],
                    "state": ReviewState.DECIDED,
                    "form": form,
                    "self_level": level,
                    "proposed_level": level,
                    "decided_level": level,
                    "allowed_level": Level.EXCELLENT,
                }
            )
    return rows


def load_history(province: Unit, roll: Roll, years: list[int], staff: User, rng: random.Random) -> None:
    """The closed years, oldest first: periods, reviews, their steps and the disciplines behind KHT."""
    disciplined: set[int] = set()
    for year in years:
        period = _period(province, year, staff)
        members, disciplines = _member_year(
            roll, period, rng, last_closed=year == years[-1], disciplined=disciplined
        )
        organisations = _organisation_year(roll, period, rng)
        stamp = {
            "self": _at(dt.date(year, 12, 1)),
            "proposed": _at(dt.date(year, 12, 15)),
            "decided": _at(dt.date(year + 1, 1, 10)),
        }
        decided = {
            "period_id": period.pk,
            "self_assessed_at": stamp["self"],
            "proposed_at": stamp["proposed"],
            "proposed_by_id": staff.pk,
            "decided_at": stamp["decided"],
            "decided_by_id": staff.pk,
        }
        for row in (*members, *organisations):
            row.update(decided if row["state"] == ReviewState.DECIDED else {"period_id": period.pk})
        Discipline.objects.bulk_create(disciplines, batch_size=BATCH)
        insert(MemberReview, members)
        insert(OrganisationReview, organisations)
        _steps(period, stamp)
        # ``opened_at`` is set to now on insert (auto_now_add): the period was opened that autumn.
        ReviewPeriod.objects.filter(pk=period.pk).update(opened_at=_at(dt.date(year, 11, 1)))


def insert(model: type[models.Model], rows: Sequence[Row]) -> None:
    """Save new rows with a plain ``executemany``: ``bulk_create`` spent most of the demo's load time
    building and compiling 20,000 reviews. Values go through the fields' own adaptation (JSON, dates),
    once per distinct value; missing ones get the field's default, ``auto_now`` ones now."""
    if not rows:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    cache: dict[tuple[str, Any], Any] = {}

    def prepare(field: Any, value: Any) -> Any:
        simple = isinstance(value, str | int | dt.date) or value is None
        key = (field.attname, value if simple else json.dumps(value, sort_keys=True, default=str))
        if key not in cache:
            cache[key] = field.get_db_prep_save(value, connection)
        return cache[key]

    defaults = {
        f.attname: prepare(
            f,
            now if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)) else f.get_default(),
        )
        for f in fields
    }
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    values = [
        tuple(
            defaults[f.attname]
            if f.attname not in row
            else row[f.attname]
            if isinstance(f, plain)
            else prepare(f, row[f.attname])
            for f in fields
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def _steps(period: ReviewPeriod, stamp: dict[str, Any]) -> None:
    """Each decided review's self-assessment, proposal and decision steps, on their days: one
    ``INSERT … SELECT`` per step and subject (building 50,000 step objects took most of the load time)."""
    step = RatingStep._meta
    columns = {f.name: f.column for f in step.concrete_fields}
    for model, subject in ((MemberReview, "member_review"), (OrganisationReview, "organisation_review")):
        meta = model._meta
        col = {f.name: f.column for f in meta.concrete_fields}
        for kind, level, reason, actor, day in (
            (StepKind.SELF, col["self_level"], "''", "NULL", stamp["self"]),
            (StepKind.PROPOSAL, col["proposed_level"], "''", col["proposed_by"], stamp["proposed"]),
            (
                StepKind.DECISION,
                col["decided_level"],
                col["decision_reason"],
                col["decided_by"],
                stamp["decided"],
            ),
        ):
            sql = (  # names from the models' meta, values as parameters
                f"INSERT INTO {step.db_table} ({columns[subject]}, {columns['kind']}, {columns['level']}, "  # noqa: S608
                f"{columns['reason']}, {columns['actor']}, {columns['at']}) "
                f"SELECT {col['id']}, %s, {level}, {reason}, {actor}, %s FROM {meta.db_table} "
                f"WHERE {col['period']} = %s AND {col['state']} = %s ORDER BY {col['id']}"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    sql,
                    [
                        str(kind),
                        connection.ops.adapt_datetimefield_value(day),
                        period.pk,
                        str(ReviewState.DECIDED),
                    ],
                )
