"""The home page (each person's to-do list) at 100,000 members and learning reports, per role.

    python -m bench.home_pages                    # 100,000 members, SQLite in a temporary folder
    python -m bench.home_pages --members 5000     # a smaller province (the query counts must not change)
    DATABASE_URL=postgres://.../scratch python -m bench.home_pages   # PostgreSQL (an empty scratch database)

One province: communes of 10 cells, cells of 100 members (bulk-created), one campaign over the whole
province whose requirement made a report row per member; a fifth of the reports handed in, the plan and
report deadlines passed (so the organisers' page counts what is late). Signed in: a member, a cell's
secretary, a commune's organisation staff, the province's organisation staff. Each home page is
requested through Django's test client after two warm-up requests; we print the median and 95th
percentile of ``--requests`` timings and the SQL queries of one request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time

CELL_SIZE = 100
CELLS_PER_COMMUNE = 10
ROLES = ("member", "secretary", "commune", "province")


def build(members: int) -> dict[str, object]:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from quantriet.campaigns import services as campaign_services
    from quantriet.documents import services as document_services
    from quantriet.orgs import services as org_services
    from quantriet.orgs.models import Level, Role
    from quantriet.reports.models import ALL_FORMATS, LearningReport, Requirement
    from quantriet.reports.services.requirements import RequirementFields, save_requirement
    from quantriet.site.demo.bulk import MemberSpec, UnitSpec, bulk_create_members, bulk_create_units

    call_command("migrate", "--noinput", verbosity=0)
    province = UnitSpec("Tỉnh ủy Thử tải", "HP", Level.CENTRAL_DIRECT, None)
    cell_count = -(-members // CELL_SIZE)
    communes = [
        UnitSpec(f"Đảng bộ xã Thử {i + 1}", f"HP{i:03d}", Level.GRASSROOTS, province)
        for i in range(-(-cell_count // CELLS_PER_COMMUNE))
    ]
    cells = [
        UnitSpec(f"Chi bộ thôn Thử {i + 1}", f"HP{i // CELLS_PER_COMMUNE:03d}-{i:05d}", Level.CELL,
                 communes[i // CELLS_PER_COMMUNE])
        for i in range(cell_count)
    ]  # fmt: skip
    bulk_create_units([province, *communes, *cells])
    specs = [
        MemberSpec(f"Đảng viên Thử {n + 1}", dt.date(1975, 1, 1), "male" if n % 2 else "female",
                   dt.date(2000, 1, 1), dt.date(2001, 1, 1), f"{40_000_000 + n}", cells[n // CELL_SIZE].unit,  # type: ignore[arg-type]
                   "full")
        for n in range(members)
    ]  # fmt: skip
    created = bulk_create_members(specs)
    document = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True,
        subject="Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
    )  # fmt: skip
    today = timezone.localdate()
    campaign = campaign_services.create_campaign(
        None, title="Học tập Nghị quyết 35 (thử tải)", organising_unit=province.unit,
        scope_unit=province.unit, audience="all_members", documents=[document],
        conference_date=today - dt.timedelta(days=20), plan_deadline=today - dt.timedelta(days=5),
        report_deadline=today + dt.timedelta(days=10),
    )  # fmt: skip
    save_requirement(
        None, campaign,
        RequirementFields(writers="audience", categories=[], deadline=today + dt.timedelta(days=1),
                          guidance="Liên hệ bản thân", min_words=300, max_words=5000,
                          formats=list(ALL_FORMATS), late_policy="mark"),
    )  # fmt: skip
    Requirement.objects.filter(campaign=campaign).update(deadline=today - dt.timedelta(days=1))
    handed_in = list(LearningReport.objects.filter(campaign=campaign).values_list("pk", flat=True)[::5])
    for start in range(0, len(handed_in), 5000):
        LearningReport.objects.filter(pk__in=handed_in[start : start + 5000]).update(
            status="submitted", submitted_at=timezone.now()
        )
    users = {role: User.objects.create_user(f"bench.home.{role}", password=None) for role in ROLES}
    org_services.grant_role(None, users["province"], province.unit, Role.ORGANISATION)  # type: ignore[arg-type]
    org_services.grant_role(None, users["commune"], communes[0].unit, Role.ORGANISATION)  # type: ignore[arg-type]
    org_services.grant_role(None, users["secretary"], cells[0].unit, Role.SECRETARY)  # type: ignore[arg-type]
    member = created[5]
    member.user = users["member"]
    member.save(update_fields=["user"])
    return {"reports": LearningReport.objects.count(), "users": users}


def measure(users: dict[str, object], requests: int, slowest: int) -> list[tuple[str, int, float, float]]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    rows = []
    for role in ROLES:
        client = Client()
        client.force_login(users[role])  # type: ignore[arg-type]
        for _ in range(2):
            assert client.get("/").status_code == 200
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get("/")
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((role, len(queries), statistics.median(times), p95))
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:slowest]:
            print(f"# {role}: {float(query['time']) * 1000:.0f} ms {query['sql'][:400]}", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.home_pages", description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--slowest", type=int, default=0, help="print each page's N slowest queries")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quantriet.site.settings_test")
    os.environ["QUANTRIET_DATA_DIR"] = tempfile.mkdtemp(prefix="quantriet-bench-home-")
    os.environ["OTP_REQUIRED"] = "0"  # force_login stands for the whole sign-in here
    import django

    django.setup()
    from django.db import connection

    started = time.monotonic()
    built = build(options.members)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
            cursor.execute("ANALYZE")
    print(f"# {built['reports']:,} reports built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    print(f"Home page, {options.members:,} members and reports, {connection.vendor}:\n")
    print("| role | queries | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    rows = measure(built["users"], options.requests, options.slowest)  # type: ignore[arg-type]
    for role, queries, p50, p95 in rows:
        print(f"| {role} | {queries} | {p50:.0f} | {p95:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
