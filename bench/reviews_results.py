"""The annual review's result boards at 100,000 members, on SQLite and PostgreSQL.

    python -m bench.reviews_results                      # SQLite, and PostgreSQL if one answers
    python -m bench.reviews_results --database sqlite    # one database only
    python -m bench.reviews_results --shape small        # a smoke run of the harness

The tree: 1 province, 10 communes, 100 cells each (1,000 cells); 100,000 members spread over the cells
and one review each in a yearly period the province opened, in every state (decided at each of the four
levels, not rated, still pending), plus the organisations' reviews of every commune and cell; a second
year for the years' chart. Pages are requested through Django's test client as the province's
organisation staff: the board of the province (by commune), of a commune (by cell), of a cell (with its
members), and a commune's distribution over the years; ``--requests`` timings each after two warm-up
requests, median and p95, and the queries of one request. Goal (issue 13): under 300 ms.

The tree and the members are built as in ``bench.orgs_pages``; PostgreSQL (``DATABASE_URL`` or
127.0.0.1:5432) gets a scratch database ``quantriet_bench_reviews_results``, dropped and created here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from typing import Any

from bench.orgs_pages import _add_members, _build_units, _measure, _postgres_url, run_child

SHAPES = {"full": (10, 100, 100_000), "small": (3, 5, 2_000)}  # communes, cells per commune, members
# Its own scratch database: other benchmarks may be running on the same server.
BENCH_DB = "quantriet_bench_reviews_results"
# The share of each outcome among the reviews (decided levels, not rated, pending).
OUTCOMES = (("htxs", 12), ("htt", 55), ("ht", 22), ("kht", 2), ("not_rated", 3), ("", 6))


def _period(unit: Any, year: int) -> Any:
    from quantriet.reviews.models import PeriodKind, ReviewPeriod

    return ReviewPeriod.objects.create(
        unit=unit,
        kind=PeriodKind.YEAR,
        year=year,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        rule_set="qd366" if year >= 2025 else "qd124",
        title=f"Đánh giá, xếp loại năm {year} (thử tải)",
        self_assessment_until=dt.date(year, 12, 10),
        meeting_until=dt.date(year, 12, 20),
        decisions_until=dt.date(year, 12, 31),
    )


def _fields(outcome: str) -> dict[str, Any]:
    if outcome == "not_rated":
        return {"state": "not_rated", "standing": "exempted"}
    if outcome:
        return {"state": "decided", "proposed_level": outcome, "decided_level": outcome}
    return {"state": "proposed", "proposed_level": "htt"}


def child(requests: int, shape: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from quantriet.orgs import services
    from quantriet.orgs.models import Member, Role, Unit
    from quantriet.reviews.models import MemberReview, OrganisationReview

    call_command("migrate", "--noinput", verbosity=0)
    communes, cells_per_commune, members = SHAPES[shape]
    started = time.perf_counter()
    _centre, province, cells = _build_units(1, communes, cells_per_commune)
    rng = random.Random(13)
    _add_members(cells, 0, members, rng)
    outcomes = [o for o, weight in OUTCOMES for _ in range(weight)]
    grassroots = dict(Unit.objects.filter(id__in=[c.pk for c in cells]).values_list("pk", "parent_id"))
    units = [province.pk, *sorted(set(grassroots.values())), *grassroots]
    periods = [_period(province, 2024), _period(province, 2025)]
    for period in periods:
        rows = [
            MemberReview(
                period=period,
                member_id=member_id,
                unit_id=unit_id,
                grassroots_id=grassroots[unit_id],
                **_fields(rng.choice(outcomes)),
            )
            for member_id, unit_id in Member.objects.values_list("pk", "unit_id").iterator()
        ]
        MemberReview.objects.bulk_create(rows, batch_size=5_000)
        OrganisationReview.objects.bulk_create(
            [OrganisationReview(period=period, unit_id=u, **_fields(rng.choice(outcomes))) for u in units],
            batch_size=5_000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    staff = User.objects.create_user("bench.tochuc", password=None)
    services.grant_role(None, staff, province, Role.ORGANISATION)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    board = reverse("reviews:results", kwargs={"period_id": periods[-1].pk})
    commune = cells[0].parent
    pages = []
    for label, url, query in (
        ("board: province (by commune)", board, {}),
        ("board: commune (by cell)", board, {"unit": str(commune.pk)}),
        ("board: cell (its members)", board, {"unit": str(cells[0].pk)}),
        ("years: province", reverse("reviews:unit_years", kwargs={"unit_id": province.pk}), {}),
        ("years: commune", reverse("reviews:unit_years", kwargs={"unit_id": commune.pk}), {}),
    ):
        row: dict[str, Any] = {"page": label, **_measure(client, url, query, requests)}
        print(f"  {connection.vendor} {label:<32} {row}", file=sys.stderr, flush=True)
        pages.append(row)
    return {
        "vendor": connection.vendor,
        "reviews": MemberReview.objects.filter(period=periods[-1]).count(),
        "build_s": built,
        "pages": pages,
    }


def render(results: list[dict[str, Any]], requests: int) -> str:
    lines = [
        "| database | member reviews in the year | page | median ms | p95 ms | queries |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for result in results:
        for page in result["pages"]:
            if page.get("status") != 200:
                lines.append(f"| {result['vendor']} | {result['reviews']:,} | {page['page']} | — | — | — |")
                continue
            lines.append(
                f"| {result['vendor']} | {result['reviews']:,} | {page['page']} | "
                f"{page['median_ms']:.1f} | {page['p95_ms']:.1f} | {page['queries']} |"
            )
    return "\n".join(lines) + f"\n\n{requests} timed requests per page after 2 warm-up requests.\n"


def main(argv: list[str] | None = None) -> int:
    summary = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.reviews_results", description=summary)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="full")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(child(options.requests, options.shape)))
        return 0
    databases = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    if options.database == "both" and _postgres_url() is None:
        print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only.", file=sys.stderr)
        databases = ["sqlite"]
    args = ["--requests", str(options.requests), "--shape", options.shape]
    results = [run_child("bench.reviews_results", database, BENCH_DB, args) for database in databases]
    print(render(results, options.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
