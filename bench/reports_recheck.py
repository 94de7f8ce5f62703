"""The whole-cohort re-check of a province campaign, through the page and the worker, with its progress.

    python -m bench.reports_recheck                          # 100,000 reports of ~2,000 syllables
    python -m bench.reports_recheck --reports 10000          # scaled down

What it does: drops and creates the scratch database of ``DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/quantriet_reports_bench), builds the province (``bench.reports_world``)
with every member's report already handed in and checked (bulk-inserted versions of about ``--words``
syllables made of corpus fragments, 5% lightly edited copies of earlier ones), starts gunicorn and one
copycheck worker (``quantriet worker --queues copycheck``; ``COHORT_WORKERS`` unset: one process per
core, or ``DASK_SCHEDULER`` when given in the environment), then, as the organiser, POSTs the cohort
page's button and polls ``cohort_progress`` every two seconds as the page's script does, printing the
bar. Timed: from the POST to the run's state "done" (reading every text from PostgreSQL, the engine's
stages, storing the findings and counting the reports again). Checked: every planted copy has a finding
between the two reports. Figures go to bench/out/reports-recheck.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.reports_world import DEFAULT_URL, ROOT, Process, build_in_child, env, psql, recreate

OUT = ROOT / "bench" / "out" / "reports-recheck.json"
CSRF = secrets.token_hex(16)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, method: str, path: str, session: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}{path}"
    conn.request(method, path, body=b"" if method == "POST" else None, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reports_recheck",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=2_000)
    parser.add_argument("--limit", type=float, default=1800, help="give up after this many seconds")
    options = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    work = Path(tempfile.mkdtemp(prefix="reports-recheck-"))
    environment = env(database_url, work / "copyindex")
    started = time.monotonic()
    recreate(database_url)
    world = build_in_child(
        database_url, work / "copyindex", members=options.reports, writers=1, existing=options.reports,
        words=options.words,
    )  # fmt: skip
    campaign = world["campaign"]
    print(
        f"# built in {time.monotonic() - started:.0f} s: {world['existing']} reports ({world['text_source']})"
    )
    port = _free_port()
    python = sys.executable
    web = Process(
        "gunicorn",
        [python, "-m", "gunicorn", "quantriet.site.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        environment, work / "gunicorn.log",
    )  # fmt: skip
    worker = Process(
        "copycheck",
        [python, "-m", "quantriet", "worker", "--queues", "copycheck"],
        environment,
        work / "w.log",
    )
    web.start()
    worker.start()
    result: dict[str, Any] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _request(port, "GET", "/healthz", "")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        session = world["organiser"]
        clicked = time.monotonic()
        status, _body = _request(port, "POST", f"/reports/campaigns/{campaign}/cohort/", session)
        if status != 302 or not int(psql(database_url, "SELECT count(*) FROM reports_cohortrun")):
            raise RuntimeError(f"starting the run answered {status} and started nothing")
        progress: list[tuple[float, int]] = []
        shown = -1
        while True:
            status, body = _request(port, "GET", f"/reports/campaigns/{campaign}/cohort/progress/", session)
            run = json.loads(body)
            at = time.monotonic() - clicked
            progress.append((round(at, 1), run["percent"]))
            if run["percent"] != shown or run["finished"]:
                print(
                    f"  {at:6.1f} s  {run['state']:8}  {run['percent']:3d}%  {run['pairs']} pairs", flush=True
                )
                shown = run["percent"]
            if run["finished"]:
                break
            if at > options.limit:
                raise RuntimeError("the run did not finish in time")
            time.sleep(2)
        elapsed = time.monotonic() - clicked
        pairs = {
            frozenset(map(int, line.split("|")))
            for line in psql(
                database_url,
                "SELECT report_id, other_report_id FROM reports_finding WHERE other_report_id IS NOT NULL",
            ).split()
        }
        findings = int(psql(database_url, "SELECT count(*) FROM reports_finding"))
        row = psql(
            database_url,
            f"SELECT state, total, done, pairs, error FROM reports_cohortrun WHERE campaign_id={campaign}",
        )
        result = {
            "reports": world["existing"],
            "planted_copies": world["existing_copies"],
            "words": options.words,
            "text_source": world["text_source"],
            "run": row.strip(),
            "elapsed_s": round(elapsed, 1),
            "findings": findings,
            "report_pairs_with_findings": len(pairs),
            "progress_samples": len(progress),
            "progress_first_move_s": next((at for at, p in progress if p > 0), None),
            "build_s": world["build_s"],
            "dask_scheduler": os.environ.get("DASK_SCHEDULER", ""),
        }
    finally:
        worker.stop()
        web.stop()
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0 if result.get("run", "").startswith("done") else 1


if __name__ == "__main__":
    sys.exit(main())
