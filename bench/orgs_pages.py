"""Page times at scale: 100,000 units, then 5,600 and 100,000 members, on SQLite and PostgreSQL.

    python -m bench.orgs_pages                      # SQLite, and PostgreSQL if one answers on 127.0.0.1:5432
    python -m bench.orgs_pages --database sqlite    # one database only
    python -m bench.orgs_pages --write-readme       # also replace the "Pages" section of bench/README.md

The tree is the Centre, 34 provinces, 98 communes each, 29 cells per commune (99,995 units, 4 levels,
about 390,000 closure links). Members are all placed in the first province, whose organisation staff
is the signed-in user, so every page works on the whole data set. Each page is requested through
Django's test client (no network, no template caching beyond Django's defaults) after two warm-up
requests; we report the median and 95th percentile of ``--requests`` timings and the number of SQL
queries of one request. The same query count at 5,600 and 100,000 members means no N+1.

PostgreSQL: the server of ``DATABASE_URL`` (or postgres://postgres@127.0.0.1:5432) gets a scratch
database ``quantriet_bench``, dropped and created by this script. SQLite: a file in a temporary folder.
Each database runs in a child process, because Django's settings are fixed once it starts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"
BENCH_DB = "quantriet_bench"
SHAPES = {  # provinces, communes per province, cells per commune, member counts
    "full": (34, 98, 29, (5_600, 100_000)),
    "small": (2, 5, 4, (200, 500)),  # a smoke run of the harness: seconds, not minutes
}
START, END = "<!-- orgs_pages:start -->", "<!-- orgs_pages:end -->"


# ---------------------------------------------------------------- child: build and measure


def _build_units(provinces: int, communes: int, cells: int) -> tuple[Any, Any, list[Any]]:
    """The tree, in bulk; returns the Centre, the measured province and that province's cells."""
    from quantriet.orgs.models import Level
    from quantriet.site.demo.bulk import UnitSpec, bulk_create_units

    centre = UnitSpec("Ban Chấp hành Trung ương", "TW", Level.CENTRAL, None)
    specs, first_cells = [centre], []
    first_province = None
    for p in range(provinces):
        province = UnitSpec(f"Tỉnh ủy Thử nghiệm {p + 1}", f"P{p:02d}", Level.CENTRAL_DIRECT, centre)
        first_province = first_province or province
        specs.append(province)
        for c in range(communes):
            commune = UnitSpec(
                f"Đảng bộ xã Thử {p + 1}-{c + 1}", f"P{p:02d}C{c:03d}", Level.GRASSROOTS, province
            )
            specs.append(commune)
            for k in range(cells):
                cell = UnitSpec(f"Chi bộ thôn {k + 1}", f"P{p:02d}C{c:03d}K{k:02d}", Level.CELL, commune)
                specs.append(cell)
                if p == 0:
                    first_cells.append(cell)
    bulk_create_units(specs)
    assert first_province is not None
    return centre.unit, first_province.unit, [cell.unit for cell in first_cells]


def _add_members(cells: list[Any], start: int, stop: int, rng: random.Random) -> None:
    from quantriet.site.demo.bulk import MemberSpec, bulk_create_members
    from quantriet.site.demo.names import invent_person

    today = dt.date.today()
    specs = []
    for index in range(start, stop):
        sex = "female" if rng.random() < 0.42 else "male"
        birth = today - dt.timedelta(days=rng.randint(20 * 365, 85 * 365))
        admitted = birth + dt.timedelta(days=rng.randint(18 * 365, 19 * 365 + 30))
        specs.append(
            MemberSpec(
                invent_person(rng, sex),
                birth,
                sex,
                admitted,
                admitted + dt.timedelta(days=365),
                f"{10_000_000 + index}",
                cells[index % len(cells)],
                "full",
            )
        )
    for chunk in range(0, len(specs), 20_000):
        bulk_create_members(specs[chunk : chunk + 20_000])


def _pages(
    province: Any, commune: Any, member_id: int
) -> list[tuple[str, str, dict[str, Any], dict[str, str]]]:
    """(label, URL name, kwargs, query string): the pages a provincial staff member uses most."""
    scope, local = {"unit": str(province.pk)}, {"unit": str(commune.pk)}
    return [
        ("home page", "home", {}, {}),
        ("unit tree", "orgs:unit_list", {}, {}),
        ("unit page (province)", "orgs:unit_detail", {"unit_id": province.pk}, {}),
        ("member list (province)", "orgs:member_list", {}, scope),
        ("member search “nguyen van”", "orgs:member_list", {}, {**scope, "q": "nguyen van"}),
        ("subtree member list (commune)", "orgs:member_list", {}, local),
        ("member page", "orgs:member_detail", {"member_id": member_id}, {}),
    ]


def _resolve(name: str, kwargs: dict[str, Any]) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _measure(client: Any, url: str, query: dict[str, str], requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    queries = len(captured)  # now: the next request's request_started signal empties the query log
    if response.status_code != 200:
        return {"status": response.status_code}
    client.get(url, query)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url, query)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {"status": 200, "median_ms": statistics.median(timings), "p95_ms": p95, "queries": queries}


def child(requests: int, shape: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from quantriet.orgs import services
    from quantriet.orgs.models import Member, Role, Unit, UnitLink

    call_command("migrate", "--noinput", verbosity=0)
    results: dict[str, Any] = {"vendor": connection.vendor, "steps": []}
    started = time.perf_counter()
    provinces, communes, cells_per_commune, member_steps = SHAPES[shape]
    _centre, province, cells = _build_units(provinces, communes, cells_per_commune)
    results["units"] = Unit.objects.count()
    results["links"] = UnitLink.objects.count()
    results["build_units_s"] = time.perf_counter() - started
    staff = User.objects.create_user("bench.tochuc", password=None)
    services.grant_role(None, staff, province, Role.ORGANISATION)
    client = Client(raise_request_exception=False)  # a broken page is reported, the others still measured
    client.force_login(staff)
    commune = cells[0].parent
    rng, have = random.Random(7), 0
    for target in member_steps:
        started = time.perf_counter()
        _add_members(cells, have, target, rng)
        have = target
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum (PostgreSQL) or a routine job (SQLite) would do
        step: dict[str, Any] = {"members": Member.objects.count(), "load_s": time.perf_counter() - started}
        member_id = (
            Member.objects.filter(unit__parent=commune).order_by("pk").values_list("pk", flat=True).first()
        )
        pages = []
        for label, name, kwargs, query in _pages(province, commune, member_id or 0):
            url = _resolve(name, kwargs)
            row: dict[str, Any] = {"page": label, "url": url, "query": query}
            if url is None:
                row["status"] = "no such page yet"
            else:
                row.update(_measure(client, url, query, requests))
            pages.append(row)
            print(
                f"  {connection.vendor} {target:>7,} members  {label:<32} {row}", file=sys.stderr, flush=True
            )
        step["pages"] = pages
        results["steps"].append(step)
    return results


# ---------------------------------------------------------------- parent: databases, report


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        return None
    return "postgres://postgres@127.0.0.1:5432/postgres"


def scratch_database(url: str, name: str, *, create: bool) -> str:
    """Drop the scratch database ``name`` on ``url``'s server and, when ``create``, make it again; its URL.

    Each benchmark has its own name: several may run on one server at once.
    """
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_child(module: str, database: str, scratch: str, args: list[str]) -> dict[str, Any]:
    """Run ``python -m module --child *args`` on a fresh SQLite file or PostgreSQL database ``scratch``
    (dropped afterwards: a few hundred MB nobody needs) and return the JSON its last line prints."""
    with tempfile.TemporaryDirectory(prefix="quantriet-bench-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "quantriet.site.settings",
            "QUANTRIET_DEMO": "1",
            "QUANTRIET_DEBUG": "0",
            "QUANTRIET_DATA_DIR": folder,
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "ERROR",
        }
        url: str | None = None
        if database == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        else:
            url = _postgres_url()
            if url is None:
                raise SystemExit("PostgreSQL does not answer on 127.0.0.1:5432 and DATABASE_URL is not set")
            env["DATABASE_URL"] = scratch_database(url, scratch, create=True)
        command = [sys.executable, "-m", module, "--child", *args]
        try:
            output = subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE)
        finally:
            if url is not None:
                scratch_database(url, scratch, create=False)
        return dict(json.loads(output.stdout.decode().strip().splitlines()[-1]))


def _fmt(value: Any, unit: str = "") -> str:
    return f"{value:,.1f}{unit}" if isinstance(value, float) else str(value)


def render(results: list[dict[str, Any]], requests: int) -> str:
    lines = [
        "## Pages",
        "",
        "Reproduce: `.venv/bin/python -m bench.orgs_pages --write-readme`.",
        f"{requests} timed requests per page after 2 warm-up requests, through Django's test client",
        "(no network, no web server). Machine: 2 shared cores. Signed in as organisation staff of the",
        "province that holds all the members. Query counts are the same at 5,600 and 100,000 members:",
        "no page makes one query per row. The cores are shared with other work, so differences of less",
        "than about 2× between two runs are noise; the slowest pages count members over a whole subtree.",
        "",
    ]
    for result in results:
        name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(result["vendor"], result["vendor"])
        lines += [
            f"### {name}",
            "",
            f"{result['units']:,} units ({result['links']:,} closure links), "
            f"built in {result['build_units_s']:.0f} s.",
            "",
            "| members | page | median ms | p95 ms | queries |",
            "|---:|---|---:|---:|---:|",
        ]
        for step in result["steps"]:
            for page in step["pages"]:
                if page.get("status") != 200:
                    lines.append(f"| {step['members']:,} | {page['page']} | — | — | {page.get('status')} |")
                    continue
                lines.append(
                    f"| {step['members']:,} | {page['page']} | {_fmt(page['median_ms'])} | "
                    f"{_fmt(page['p95_ms'])} | {page['queries']} |"
                )
        lines.append("")
    return "\n".join(lines)


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    block = f"{START}\n{section.rstrip()}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.orgs_pages", description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="full")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(child(options.requests, options.shape)))
        return 0
    databases = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    if options.database == "both" and _postgres_url() is None:
        print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only.", file=sys.stderr)
        databases = ["sqlite"]
    results = [
        run_child(
            "bench.orgs_pages",
            database,
            BENCH_DB,
            ["--requests", str(options.requests), "--shape", options.shape],
        )
        for database in databases
    ]
    section = render(results, options.requests)
    print(section)
    if options.write_readme and options.shape == "full":
        write_readme(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
