"""Every member's allowed level for a province: the rating rules (``quantriet.rules``) at 100,000 members.

    .venv/bin/python -m bench.rules_allowed                     # 100,000 members, 1,000 organisations
    .venv/bin/python -m bench.rules_allowed --members 20000     # a smaller province
    .venv/bin/python -m bench rules_allowed                     # through the benchmark runner

The facts are generated (fixed seed): a province of grassroots organisations of 40–160 members, each
member with criteria grades, points, task shares, and the rarer facts at plausible rates (exemptions,
suspensions, recent admissions, discipline, long sick leave, maternity leave, civil-service ratings,
leaders with their units' results). The same facts are judged for a year under each rule set (2022:
hd21, 2024: qd124, 2025: qd366) and for a quarter of 2025; then the HTXS quota is checked over every
grassroots organisation, each member proposed at the level allowed. The pure package only: no Django,
no database. The bound the issue sets is 60 s for the whole province; the run fails above it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from collections import Counter

from quantriet.rules import (
    Discipline,
    DisciplineKind,
    Grade,
    Level,
    MemberFacts,
    OrganisationFacts,
    Period,
    Proposal,
    allowed_level,
    check_quota,
    rule_set_for,
)

BOUND_S = 60.0
SEED = 20261205
PERIODS = (Period.year(2022), Period.year(2024), Period.year(2025), Period.quarter(2025, 3))
GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.AVERAGE, Grade.POOR)


def _rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _grade(rng: random.Random, excellent: float) -> Grade:
    roll = rng.random()
    if roll < excellent:
        return Grade.EXCELLENT
    if roll < 0.93:
        return Grade.GOOD
    return Grade.AVERAGE if roll < 0.995 else Grade.POOR


def _discipline(rng: random.Random) -> tuple[Discipline, ...]:
    if rng.random() >= 0.015:
        return ()
    year = rng.choice((2022, 2024, 2025))
    kind = rng.choices(list(DisciplineKind), weights=(70, 22, 6, 2))[0]
    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    return (Discipline(kind, day, self_detected=rng.random() < 0.3),)


def member(rng: random.Random) -> MemberFacts:
    """One generated member, with facts every rule set reads."""
    leader = rng.random() < 0.08
    # Results go together: about one member in six is strong on every task criterion.
    strong = rng.random() < 0.17
    return MemberFacts(
        task_grades=tuple(_grade(rng, 0.97 if strong else 0.3) for _ in range(3)),
        other_grades=tuple(_grade(rng, 0.25) for _ in range(4)),
        points=round(min(100.0, max(0.0, rng.gauss(82, 9))), 1),
        tasks_done_share=1.0 if rng.random() < 0.95 else rng.random(),
        tasks_on_time_share=1.0 if rng.random() < 0.8 else rng.uniform(0.6, 1.0),
        tasks_exceeded_share=rng.uniform(0.4, 1.0) if strong else rng.random(),
        shortcomings_remedied_share=1.0 if rng.random() < 0.85 else rng.random(),
        disciplines=_discipline(rng),
        degradation_concluded=rng.random() < 0.001,
        admitted_on=dt.date(rng.randint(1960, 2025), rng.randint(1, 12), rng.randint(1, 28)),
        exempted=rng.random() < 0.02,
        suspended=rng.random() < 0.002,
        sick_leave_days=rng.randint(90, 200) if rng.random() < 0.03 else rng.randint(0, 20),
        maternity_leave_days=180 if rng.random() < 0.01 else 0,
        civil_servant_level=rng.choice((None, None, Level.EXCELLENT, Level.GOOD, Level.GOOD, Level.DONE)),
        is_leader=leader,
        led_units_levels=tuple(rng.choice(list(Level)) for _ in range(2)) if leader else None,
        breached_prohibitions=rng.random() < 0.002,
        corruption_in_led_unit=leader and rng.random() < 0.005,
    )


def organisation(rng: random.Random) -> OrganisationFacts:
    """One generated grassroots organisation."""
    return OrganisationFacts(
        task_grades=(_grade(rng, 0.3),),
        other_grades=(_grade(rng, 0.3), _grade(rng, 0.3)),
        points=round(min(100.0, max(0.0, rng.gauss(84, 7))), 1),
        tasks_done_share=1.0 if rng.random() < 0.95 else rng.uniform(0.8, 1.0),
        tasks_on_time_share=1.0 if rng.random() < 0.8 else rng.uniform(0.7, 1.0),
        tasks_exceeded_share=rng.random(),
        shortcomings_remedied_share=1.0 if rng.random() < 0.85 else rng.random(),
        tasks_late_share=rng.choice((0.0, 0.0, 0.05, 0.1, 0.25)),
        disciplines=_discipline(rng),
        leadership_disciplines=_discipline(rng) + _discipline(rng),
        subordinates_disciplined=1 if rng.random() < 0.03 else 0,
        founded_on=dt.date(rng.randint(1975, 2025), rng.randint(1, 12), 1),
    )


Province = tuple[list[tuple[str, MemberFacts]], list[OrganisationFacts]]


def province(members: int, seed: int = SEED) -> Province:
    """``members`` members in grassroots organisations of 40–160, each member with its organisation's key."""
    rng = random.Random(seed)
    people: list[tuple[str, MemberFacts]] = []
    organisations: list[OrganisationFacts] = []
    while len(people) < members:
        key = f"TCCS-{len(organisations) + 1:04d}"
        organisations.append(organisation(rng))
        size = min(rng.randint(40, 160), members - len(people))
        people.extend((key, member(rng)) for _ in range(size))
    return people, organisations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rules_allowed", description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args(argv)

    rss_start = _rss_mb()
    started = time.perf_counter()
    people, organisations = province(options.members, options.seed)
    generated = time.perf_counter() - started
    print(
        f"{len(people):,} members in {len(organisations):,} grassroots organisations generated in "
        f"{generated:.1f} s; resident memory {rss_start:.0f} MB before, {_rss_mb():.0f} MB after",
        flush=True,
    )
    print(
        "| period | rule set | members: wall s | CPU s | members/s (CPU) | organisations s | quota s "
        "| HTXS | HTT | HT | KHT | not rated | groups over quota | to lower |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for period in PERIODS:
        code = rule_set_for(period).code
        t0, c0 = time.perf_counter(), time.process_time()
        answers = [(group, allowed_level(facts, period)) for group, facts in people]
        t1, c1 = time.perf_counter(), time.process_time()
        for facts in organisations:
            allowed_level(facts, period)
        t2 = time.perf_counter()
        proposals = [
            Proposal(f"m{i}", group, answer.level, rank=people[i][1].points or 0.0)
            for i, (group, answer) in enumerate(answers)
            if answer.level is not None
        ]
        report = check_quota(proposals, rule_set=code)
        t3 = time.perf_counter()
        levels = Counter(answer.level for _, answer in answers)
        worst = max(worst, t3 - t0)
        counts = [levels[level] for level in (Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE, None)]
        print(
            f"| {period.label_vi} | {code} | {t1 - t0:.2f} | {c1 - c0:.2f} | {len(people) / (c1 - c0):,.0f} "
            f"| {t2 - t1:.2f} | {t3 - t2:.2f} | {' | '.join(f'{n:,}' for n in counts)} "
            f"| {len(report.exceeded):,} | {len(report.to_lower):,} |",
            flush=True,
        )
        del answers, proposals, report
    print(f"peak resident memory {_rss_mb():.0f} MB; slowest period {worst:.1f} s (bound {BOUND_S:.0f} s)")
    if worst > BOUND_S:
        print(f"over the bound: {worst:.1f} s > {BOUND_S:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
