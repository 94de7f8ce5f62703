"""The implementation plans board of a province: 100 communes, 7,000 cells, on SQLite and PostgreSQL.

    python -m bench.campaigns_plans_board                      # SQLite, and PostgreSQL if one answers
    python -m bench.campaigns_plans_board --database sqlite    # one database only
    python -m bench.campaigns_plans_board --shape small        # a smoke run of the harness

The tree: 1 province, 100 communes, 70 cells each (7,000 cells), built in bulk as in ``bench.orgs_pages``.
Two province-wide campaigns: one where the communes owe a plan (the default, the level directly below),
one where the organisers listed all 7,000 cells (the worst case: the board groups them by commune).
Three in five units have a plan, in every state (bulk_create), and one in ten of the others was
reminded. The board ``/campaigns/<id>/plans/`` is requested through Django's test client as the
province's organisation staff: the communes' board, the cells' board grouped by commune, one commune
drilled into, and every missing cell of the province listed with its path; ``--requests`` timings each
after two warm-up requests, median and p95, and the queries of one request.

PostgreSQL (``DATABASE_URL`` or 127.0.0.1:5432) gets a scratch database
``quantriet_bench_plans_board``, dropped and created here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from typing import Any

from bench.orgs_pages import _build_units, _measure, _postgres_url, run_child

SHAPES = {"full": (100, 70), "small": (5, 4)}  # communes, cells per commune
# Its own scratch database: other benchmarks' (quantriet_bench) may be running on the same server.
BENCH_DB = "quantriet_bench_plans_board"


def _plans(campaign: Any, units: list[Any], rng: random.Random) -> None:
    """Plans for three in five units, in every state; a reminder for one in ten of the rest."""
    from django.utils import timezone

    from quantriet.campaigns.models import ImplementationPlan, PlanStatus, Reminder

    on_time = timezone.now() - dt.timedelta(days=3)
    late = timezone.now() + dt.timedelta(days=1)
    statuses = [PlanStatus.APPROVED] * 3 + [PlanStatus.SUBMITTED] * 2 + [PlanStatus.RETURNED]
    plans, reminders = [], []
    for n, unit in enumerate(units):
        if rng.random() < 0.6:
            plans.append(
                ImplementationPlan(
                    campaign=campaign,
                    unit=unit,
                    symbol=f"{n + 1}-KH/CB",
                    issued_on=campaign.conference_date,
                    file=f"plans/bench/{n}.txt",
                    file_name="ke-hoach.txt",
                    status=rng.choice(statuses),
                    submitted_at=late if rng.random() < 0.15 else on_time,
                )
            )
        elif rng.random() < 0.1:
            reminders.append(Reminder(campaign=campaign, unit=unit))
    ImplementationPlan.objects.bulk_create(plans, batch_size=2_000)
    Reminder.objects.bulk_create(reminders, batch_size=2_000)


def child(requests: int, shape: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from quantriet.campaigns.models import Campaign, PlanObligation
    from quantriet.orgs import services
    from quantriet.orgs.models import Role

    call_command("migrate", "--noinput", verbosity=0)
    communes, cells_per_commune = SHAPES[shape]
    started = time.perf_counter()
    _centre, province, cells = _build_units(1, communes, cells_per_commune)
    commune_units = list(province.children.order_by("id"))
    today = timezone.localdate()
    campaigns: dict[str, Any] = {}
    for obligation in (PlanObligation.BELOW, PlanObligation.CHOSEN):
        campaigns[obligation] = Campaign.objects.create(
            title=f"Học tập Nghị quyết (thử tải, {obligation})",
            organising_unit=province,
            scope_unit=province,
            audience="all_members",
            conference_date=today - dt.timedelta(days=20),
            plan_deadline=today,
            report_deadline=today,
            plans_owed_by=obligation,
        )
    campaigns[PlanObligation.CHOSEN].chosen_plan_units.set(cells)
    rng = random.Random(11)
    _plans(campaigns[PlanObligation.BELOW], commune_units, rng)
    _plans(campaigns[PlanObligation.CHOSEN], cells, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    staff = User.objects.create_user("bench.tochuc", password=None)
    services.grant_role(None, staff, province, Role.ORGANISATION)
    client = Client(raise_request_exception=False)
    client.force_login(staff)

    def board(obligation: str) -> str:
        return reverse("campaigns:plans", kwargs={"campaign_id": campaigns[obligation].pk})

    commune = cells[0].parent
    pages = []
    for label, url, query in (
        (f"communes owe: province ({communes} rows)", board(PlanObligation.BELOW), {}),
        ("cells owe: province (by commune)", board(PlanObligation.CHOSEN), {}),
        ("cells owe: one commune (its cells)", board(PlanObligation.CHOSEN), {"unit": str(commune.pk)}),
        ("cells owe: every missing cell", board(PlanObligation.CHOSEN), {"state": "missing"}),
    ):
        row: dict[str, Any] = {"page": label, **_measure(client, url, query, requests)}
        print(f"  {connection.vendor} {label:<40} {row}", file=sys.stderr, flush=True)
        pages.append(row)
    return {"vendor": connection.vendor, "cells": len(cells), "build_s": built, "pages": pages}


def render(results: list[dict[str, Any]], requests: int) -> str:
    lines = ["| database | cells | page | median ms | p95 ms | queries |", "|---|---:|---|---:|---:|---:|"]
    for result in results:
        for page in result["pages"]:
            if page.get("status") != 200:
                lines.append(f"| {result['vendor']} | {result['cells']:,} | {page['page']} | — | — | — |")
                continue
            lines.append(
                f"| {result['vendor']} | {result['cells']:,} | {page['page']} | "
                f"{page['median_ms']:.1f} | {page['p95_ms']:.1f} | {page['queries']} |"
            )
    return "\n".join(lines) + f"\n\n{requests} timed requests per page after 2 warm-up requests.\n"


def main(argv: list[str] | None = None) -> int:
    summary = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.campaigns_plans_board", description=summary)
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
    results = [run_child("bench.campaigns_plans_board", database, BENCH_DB, args) for database in databases]
    print(render(results, options.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
