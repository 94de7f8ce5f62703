"""The annual review's cell meeting page (proposals, the rules' explanation per member, the live quota)
at 100,000 members, on SQLite and PostgreSQL.

    python -m bench.reviews_meeting                      # SQLite, and PostgreSQL if one answers
    python -m bench.reviews_meeting --database sqlite    # one database only
    python -m bench.reviews_meeting --shape small        # a smoke run of the harness

The tree: 1 province, 10 communes (grassroots organisations), 100 cells each (1,000 cells); 100,000
members spread over the cells (100 per cell, 10,000 per commune: the quota of a commune counts
10,000 reviews), built as in ``bench.orgs_pages``. One 2025 review period of the province (Quy định
366-QĐ/TW) with a review per member (bulk_create: points from 55 to 100, most self-assessed, 60% with
a proposal — HTXS, HTT, HT — and 2% exempted) and one per commune and cell. Requested through Django's
test client as the province's organisation staff: the meeting page of a cell (every member's row with
what the rules allow and why, and the commune's quota), the live quota the page's script asks for when
a select changes (with five selects changed), and the decision page of the same cell; ``--requests``
timings each after two warm-up requests, median and p95, and the queries of one request.

PostgreSQL (``DATABASE_URL`` or 127.0.0.1:5432) gets a scratch database ``quantriet_bench_reviews_meeting``,
dropped and created here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from typing import Any

from bench.orgs_pages import _add_members, _build_units, _measure, _postgres_url, run_child

SHAPES = {"full": (10, 100, 100_000), "small": (3, 5, 2_000)}  # communes, cells per commune, members
BENCH_DB = "quantriet_bench_reviews_meeting"


def _profile(client: Any, url: str, query: dict[str, str]) -> None:
    """The slowest calls of one request, to stderr (``--profile``)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, query)  # compiled templates, caches
    with CaptureQueriesContext(connection) as captured:
        client.get(url, query)
    for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"])):
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}", file=sys.stderr)
    profile = cProfile.Profile()
    profile.enable()
    client.get(url, query)
    profile.disable()
    pstats.Stats(profile, stream=sys.stderr).sort_stats(
        os.environ.get("BENCH_SORT", "cumulative")
    ).print_stats(60)


def child(requests: int, shape: str, profile: bool = False) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from quantriet.orgs import services
    from quantriet.orgs.models import Member, Role
    from quantriet.reviews.models import (
        MemberReview,
        OrganisationReview,
        ReviewPeriod,
        ReviewState,
        Standing,
    )

    call_command("migrate", "--noinput", verbosity=0)
    communes, cells_per_commune, members = SHAPES[shape]
    started = time.perf_counter()
    _centre, province, cells = _build_units(1, communes, cells_per_commune)
    rng = random.Random(13)
    _add_members(cells, 0, members, rng)
    period = ReviewPeriod.objects.create(
        unit=province,
        kind="year",
        year=2025,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        rule_set="qd366",
        title="Đánh giá, xếp loại năm 2025 (thử tải)",
        self_assessment_until=dt.date(2025, 12, 10),
        meeting_until=dt.date(2025, 12, 20),
        decisions_until=dt.date(2025, 12, 31),
    )
    parent_of = {cell.pk: cell.parent_id for cell in cells}
    answers = {"ket_qua": "Hoàn thành các nhiệm vụ được giao; tích cực tham gia sinh hoạt chi bộ."}
    rows = []
    for member_id, unit_id in Member.objects.values_list("pk", "unit_id").iterator():
        points = rng.randint(55, 100)
        exempted = rng.random() < 0.02
        proposed = ""
        if not exempted and rng.random() < 0.6:
            proposed = "htxs" if points >= 90 and rng.random() < 0.15 else "htt" if points >= 70 else "ht"
        rows.append(
            MemberReview(
                period=period,
                member_id=member_id,
                unit_id=unit_id,
                grassroots_id=parent_of[unit_id],
                standing=Standing.EXEMPTED if exempted else Standing.RATED,
                state=ReviewState.NOT_RATED
                if exempted
                else ReviewState.PROPOSED
                if proposed
                else ReviewState.SELF_ASSESSED,
                facts={"points": points, "tasks_done_share": 1.0},
                prefill={"campaigns": True, "campaigns_attended": 3, "campaigns_absent": 0},
                answers=answers,
                self_level="htt" if points >= 70 else "ht",
                proposed_level=proposed,
            )
        )
    MemberReview.objects.bulk_create(rows, batch_size=5_000)
    units = {cell.parent for cell in cells} | set(cells)
    OrganisationReview.objects.bulk_create(
        [
            OrganisationReview(
                period=period, unit=u, grassroots_id=u.parent_id if u.level == "cell" else u.pk
            )
            for u in units
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    staff = User.objects.create_user("bench.tochuc", password=None)
    services.grant_role(None, staff, province, Role.ORGANISATION)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    cell = cells[0]
    meeting = reverse("reviews:meeting", kwargs={"period_id": period.pk, "unit_id": cell.pk})
    quota = reverse("reviews:meeting_quota", kwargs={"period_id": period.pk, "unit_id": cell.pk})
    decide = reverse("reviews:decide", kwargs={"period_id": period.pk, "unit_id": cell.pk})
    changed = MemberReview.objects.filter(period=period, unit=cell, standing=Standing.RATED)[:5]
    selects = {f"m{pk}": "htxs" for pk in changed.values_list("pk", flat=True)}
    pages = []
    for label, url, query in (
        ("meeting page of a cell (rows + quota)", meeting, {}),
        ("live quota (5 selects changed)", quota, selects),
        ("decision page of the cell", decide, {}),
    ):
        if profile:
            _profile(client, url, query)
        row: dict[str, Any] = {"page": label, **_measure(client, url, query, requests)}
        print(f"  {connection.vendor} {label:<40} {row}", file=sys.stderr, flush=True)
        pages.append(row)
    return {
        "vendor": connection.vendor,
        "members": MemberReview.objects.filter(period=period).count(),
        "per_cell": MemberReview.objects.filter(period=period, unit=cell).count(),
        "per_grassroots": MemberReview.objects.filter(period=period, grassroots_id=cell.parent_id).count(),
        "build_s": built,
        "pages": pages,
    }


def render(results: list[dict[str, Any]], requests: int) -> str:
    lines = [
        "| database | reviews | in the cell | in its commune | page | median ms | p95 ms | queries |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for result in results:
        head = (
            f"| {result['vendor']} | {result['members']:,} | {result['per_cell']} "
            f"| {result['per_grassroots']:,}"
        )
        for page in result["pages"]:
            if page.get("status") != 200:
                lines.append(f"{head} | {page['page']} | — | — | {page.get('status')} |")
                continue
            lines.append(
                f"{head} | {page['page']} | {page['median_ms']:.1f} | {page['p95_ms']:.1f} "
                f"| {page['queries']} |"
            )
    return "\n".join(lines) + f"\n\n{requests} timed requests per page after 2 warm-up requests.\n"


def main(argv: list[str] | None = None) -> int:
    summary = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.reviews_meeting", description=summary)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="full")
    parser.add_argument("--profile", action="store_true", help="print where one request of each page goes")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(child(options.requests, options.shape, options.profile)))
        return 0
    databases = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    if options.database == "both" and _postgres_url() is None:
        print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only.", file=sys.stderr)
        databases = ["sqlite"]
    args = ["--requests", str(options.requests), "--shape", options.shape]
    args += ["--profile"] if options.profile else []
    results = [run_child("bench.reviews_meeting", database, BENCH_DB, args) for database in databases]
    print(render(results, options.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
