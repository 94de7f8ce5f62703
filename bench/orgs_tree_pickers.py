"""The units tree and the unit and member pickers at 100,000 units and 100,000 members.

    python -m bench.orgs_tree_pickers                    # SQLite, and PostgreSQL if one answers on 5432
    python -m bench.orgs_tree_pickers --database sqlite  # one database only
    python -m bench.orgs_tree_pickers --write-readme     # also replace its section of bench/README.md

The data is ``bench/orgs_pages.py``'s: the Centre, 34 provinces, 98 communes each, 29 cells per commune
(99,995 units), and 100,000 members all in the first province's cells. Two signed-in users: the
first province's organisation staff (2,941 units, every member) and a staff member with a role at the
Centre (all 99,995 units), so each picker searches the largest scope a user can have. Each request
goes through Django's test client after two warm-up requests; we report the median and 95th
percentile of ``--requests`` timings and the number of SQL queries of one request.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.orgs_pages import SHAPES, _add_members, _build_units, _postgres_url, run_child

# Its own scratch database, so that it may run beside bench.orgs_pages (whose is quantriet_bench).
BENCH_DB = "quantriet_bench_tree"

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"
START, END = "<!-- orgs_tree_pickers:start -->", "<!-- orgs_tree_pickers:end -->"


def _requests(province: Any, commune: Any, cell: Any) -> list[tuple[str, str, str, dict[str, str]]]:
    """(who, label, path, query): what a person opening the tree or filling a form asks for."""
    return [
        ("province", "home page (units overview)", "/", {}),
        ("province", "tree page", "/units/", {}),
        ("province", "tree opened to a cell", "/units/", {"open": str(cell.pk)}),
        ("province", "node: the province's 98 communes", f"/units/{province.pk}/tree/", {}),
        ("province", "node: a commune's 29 cells", f"/units/{commune.pk}/tree/", {}),
        ("province", "tree search “thon 7” (page 1)", "/units/", {"q": "thon 7"}),
        ("province", "unit picker “chi bo thon 1”", "/units/pick/", {"q": "chi bo thon 1"}),
        ("province", "unit picker “xa thu 1-5” (inside names)", "/units/pick/", {"q": "xa thu 1-5"}),
        ("province", "unit picker code “P00C001”", "/units/pick/", {"q": "P00C001"}),
        (
            "province",
            "unit picker with the commune “thon 7 thu 1-50”",
            "/units/pick/",
            {"q": "thon 7 thu 1-50"},
        ),
        ("centre", "unit picker “chi bo thon 1”", "/units/pick/", {"q": "chi bo thon 1"}),
        ("centre", "unit picker “thu 20-9” (inside names)", "/units/pick/", {"q": "thu 20-9"}),
        ("centre", "unit picker code “P33C097”", "/units/pick/", {"q": "P33C097"}),
        ("centre", "home page (units overview)", "/", {}),
        ("centre", "tree opened to a cell", "/units/", {"open": str(cell.pk)}),
        ("province", "member picker “nguyen van”", "/members/pick/", {"q": "nguyen van"}),
        ("province", "member picker given name “lan”", "/members/pick/", {"q": "lan"}),
        ("province", "member picker card “1000123”", "/members/pick/", {"q": "1000123"}),
        ("centre", "member picker “tran thi”", "/members/pick/", {"q": "tran thi"}),
    ]


def _measure(client: Any, url: str, query: dict[str, str], requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    queries = len(captured)
    if response.status_code != 200:
        return {"status": response.status_code}
    found = len(response.json()["results"]) if "pick" in url else None
    client.get(url, query)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url, query)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "status": 200,
        "median_ms": statistics.median(timings),
        "p95_ms": p95,
        "queries": queries,
        "found": found,
    }


def child(requests: int, shape: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from quantriet.orgs import services
    from quantriet.orgs.models import Member, Role, Unit

    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    provinces, communes, cells_per_commune, member_steps = SHAPES[shape]
    centre, province, cells = _build_units(provinces, communes, cells_per_commune)
    _add_members(cells, 0, member_steps[-1], random.Random(7))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    results: dict[str, Any] = {
        "vendor": connection.vendor,
        "units": Unit.objects.count(),
        "members": Member.objects.count(),
        "build_s": time.perf_counter() - started,
        "rows": [],
    }
    clients = {}
    for who, unit in (("province", province), ("centre", centre)):
        user = User.objects.create_user(f"bench.{who}", password=None)
        services.grant_role(None, user, unit, Role.ORGANISATION)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[who] = client
    cell = cells[len(cells) // 2]
    for who, label, url, query in _requests(province, cell.parent, cell):
        row: dict[str, Any] = {"who": who, "request": label, "url": url, "query": query}
        row.update(_measure(clients[who], url, query, requests))
        results["rows"].append(row)
        print(f"  {connection.vendor} {who:<8} {label:<42} {row}", file=sys.stderr, flush=True)
    # The machine's load while measuring: on shared cores it explains more of the figures than the code.
    results["load"] = os.getloadavg()[1]
    return results


def render(results: list[dict[str, Any]], requests: int) -> str:
    lines = [
        "## Units tree and pickers",
        "",
        "Reproduce: `.venv/bin/python -m bench.orgs_tree_pickers --write-readme` (issue 11).",
        f"{requests} timed requests each after 2 warm-up requests, through Django's test client",
        "(no network). “province”: organisation staff of the province holding all the members (2,941",
        "units); “centre”: a role at the Centre (every unit). Pickers answer at most 20 suggestions with",
        "their paths; “found” is how many. Names starting with the text and codes come from indexes; text",
        "inside names is searched only when those leave room. Machine: 2 shared cores, so differences",
        "under about 2× between runs are noise.",
        "",
    ]
    for result in results:
        name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(result["vendor"], result["vendor"])
        lines += [
            f"### {name}",
            "",
            f"{result['units']:,} units, {result['members']:,} members, built in {result['build_s']:.0f} s; "
            f"load average {result.get('load', 0):.1f} on the machine while measuring.",
            "",
            "| user | request | median ms | p95 ms | queries | found |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for row in result["rows"]:
            if row.get("status") != 200:
                lines.append(f"| {row['who']} | {row['request']} | — | — | {row.get('status')} | |")
                continue
            found = "" if row.get("found") is None else str(row["found"])
            lines.append(
                f"| {row['who']} | {row['request']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
                f"{row['queries']} | {found} |"
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
    parser = argparse.ArgumentParser(
        prog="python -m bench.orgs_tree_pickers", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="full")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--save", type=Path, help="also write the measurements as JSON to this file")
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
            "bench.orgs_tree_pickers",
            database,
            BENCH_DB,
            ["--requests", str(options.requests), "--shape", options.shape],
        )
        for database in databases
    ]
    if options.save is not None:
        options.save.write_text(json.dumps(results, indent=1), encoding="utf-8")
    section = render(results, options.requests)
    print(section)
    if options.write_readme and options.shape == "full":
        write_readme(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
