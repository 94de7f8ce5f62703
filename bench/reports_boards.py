"""The learning reports' board and review queue at 100,000 reports, on SQLite and PostgreSQL.

    python -m bench.reports_boards                      # SQLite, and PostgreSQL if one answers
    python -m bench.reports_boards --database sqlite    # one database only
    python -m bench.reports_boards --shape small        # a smoke run of the harness

The tree: 1 province, 10 communes, 100 cells each (1,000 cells); 100,000 members spread over the
cells and one report row each for one province-wide campaign, in every state (bulk_create: required,
submitted on time and late, passed, returned, open case, copying confirmed). The board is requested
through Django's test client as the province's organisation staff: the province (grouped by
commune), a commune (grouped by cell) and a cell (with the list of whom to chase); ``--requests``
timings each after two warm-up requests, median and p95, and the queries of one request.

``--proposed-index`` adds an index on (campaign, unit, status, late) before measuring: the board's
counts then come from the index alone (not in the schema yet; the figures with and without it say
what it is worth).

The tree and the members are built as in ``bench.orgs_pages``; PostgreSQL (``DATABASE_URL`` or
127.0.0.1:5432) gets a scratch database ``quantriet_bench_reports_boards``, dropped and created here.
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

SHAPES = {"full": (10, 100, 100_000), "small": (3, 5, 2_000)}  # communes, cells per commune, reports


PROPOSED_INDEX = "reports_board_counts_idx"
# Its own scratch database: other benchmarks' (quantriet_bench) may be running on the same server.
BENCH_DB = "quantriet_bench_reports_boards"


def child(requests: int, shape: str, proposed_index: bool = False) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from quantriet.campaigns.models import Campaign
    from quantriet.orgs import services
    from quantriet.orgs.models import Member, Role
    from quantriet.reports.models import LearningReport, ReportStatus, Requirement

    call_command("migrate", "--noinput", verbosity=0)
    communes, cells_per_commune, reports = SHAPES[shape]
    started = time.perf_counter()
    _centre, province, cells = _build_units(1, communes, cells_per_commune)
    rng = random.Random(11)
    _add_members(cells, 0, reports, rng)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title="Học tập Nghị quyết (thử tải)",
        organising_unit=province,
        scope_unit=province,
        audience="all_members",
        conference_date=today - dt.timedelta(days=20),
        plan_deadline=today,
        report_deadline=today,
    )
    Requirement.objects.create(
        campaign=campaign, writers="audience", deadline=today, formats=["typed"], late_policy="mark"
    )
    now = timezone.now()
    weights = [
        (ReportStatus.REQUIRED, 25),
        (ReportStatus.SUBMITTED, 30),
        (ReportStatus.PASSED, 30),
        (ReportStatus.RETURNED, 6),
        (ReportStatus.CASE, 5),
        (ReportStatus.COPIED, 4),
    ]
    statuses = [s for s, w in weights for _ in range(w)]
    rows = []
    for member_id, unit_id in Member.objects.values_list("pk", "unit_id").iterator():
        status = rng.choice(statuses)
        handed_in = status != ReportStatus.REQUIRED
        rows.append(
            LearningReport(
                campaign=campaign,
                member_id=member_id,
                unit_id=unit_id,
                status=status,
                late=handed_in and rng.random() < 0.1,
                submitted_at=now if handed_in else None,
            )
        )
    LearningReport.objects.bulk_create(rows, batch_size=5_000)
    if proposed_index:
        from django.db.models import Index

        with connection.schema_editor() as editor:
            editor.add_index(
                LearningReport, Index(fields=["campaign", "unit", "status", "late"], name=PROPOSED_INDEX)
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    staff = User.objects.create_user("bench.tochuc", password=None)
    services.grant_role(None, staff, province, Role.ORGANISATION)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    board = reverse("reports:board", kwargs={"campaign_id": campaign.pk})
    queue = reverse("reports:queue")
    commune = cells[0].parent
    chosen = {"campaign": str(campaign.pk)}
    pages = []
    for label, url, query in (
        ("board: province (by commune)", board, {}),
        ("board: commune (by cell)", board, {"unit": str(commune.pk)}),
        ("board: cell (whom to chase)", board, {"unit": str(cells[0].pk)}),
        # The review queue: findings first, one page of 50 read keys-first (issue 10 asks < 300 ms too).
        ("queue: province", queue, chosen),
        ("queue: commune", queue, {**chosen, "unit": str(commune.pk)}),
        ("queue: province, late only", queue, {**chosen, "state": "late"}),
    ):
        row: dict[str, Any] = {"page": label, **_measure(client, url, query, requests)}
        print(f"  {connection.vendor} {label:<32} {row}", file=sys.stderr, flush=True)
        pages.append(row)
    return {
        "vendor": connection.vendor + (" + index" if proposed_index else ""),
        "reports": LearningReport.objects.count(),
        "build_s": built,
        "pages": pages,
    }


def render(results: list[dict[str, Any]], requests: int) -> str:
    lines = [
        "| database | reports | page | median ms | p95 ms | queries |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for result in results:
        for page in result["pages"]:
            if page.get("status") != 200:
                lines.append(f"| {result['vendor']} | {result['reports']:,} | {page['page']} | — | — | — |")
                continue
            lines.append(
                f"| {result['vendor']} | {result['reports']:,} | {page['page']} | "
                f"{page['median_ms']:.1f} | {page['p95_ms']:.1f} | {page['queries']} |"
            )
    return "\n".join(lines) + f"\n\n{requests} timed requests per page after 2 warm-up requests.\n"


def main(argv: list[str] | None = None) -> int:
    summary = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.reports_boards", description=summary)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="full")
    parser.add_argument("--proposed-index", action="store_true", help="measure with the proposed index")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(child(options.requests, options.shape, options.proposed_index)))
        return 0
    databases = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    if options.database == "both" and _postgres_url() is None:
        print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only.", file=sys.stderr)
        databases = ["sqlite"]
    index = options.proposed_index
    args = [
        "--requests",
        str(options.requests),
        "--shape",
        options.shape,
        *(["--proposed-index"] if index else []),
    ]
    results = [run_child("bench.reports_boards", database, BENCH_DB, args) for database in databases]
    print(render(results, options.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
