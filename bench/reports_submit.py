"""The deadline burst of learning reports against the real server: gunicorn + PostgreSQL + the workers.

    python -m bench.reports_submit                              # 100,000 members, 5,000 reports in 360 s
    python -m bench.reports_submit --seconds 3600               # the last hour at its real rate
    python -m bench.reports_submit --members 10000 --writers 500 --seconds 60   # a quick, scaled-down run

What it does: drops and creates the scratch database of ``DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/quantriet_reports_bench), builds the province (``bench.reports_world``:
``--members`` members, a campaign whose requirement gives each a report row, ``--writers`` of them with a
signed-in account), makes one report of about ``--words`` syllables per writer (5% lightly edited copies
of earlier ones), starts gunicorn and the workers the README prescribes, and has ``--concurrency`` client
threads submit every report once through the member's writing page (``POST /reports/<id>/write/``, form
encoded, with the session and CSRF headers a browser sends), spread evenly over ``--seconds``.

The issue's figure is 5,000 reports "in the last hour before the deadline". Arriving evenly over an hour
that is 1.4 a second; ``--seconds 360`` (the default) compresses the hour ten times, 13.9 a second, which
is harder than the real hour on every count (requests in flight, checks queued per second). A client
retries a refused connection, a timeout or a 5xx with the same text (the same text is one version, so a
retry never makes a second one).

Afterwards, from the database: *lost* = a report acknowledged (302 to its receipt) without a version of
that text; *unchecked* = versions still without ``checked_at`` once the queue is drained (``--drain``
seconds at most); the delay a reviewer waits is ``checked_at - submitted_at`` of each version (server
clocks). The index is then opened once more (caught up from the database and written to disk) and its
manifest read: documents = checked versions + library texts and nothing replaced means no text went in
twice. Planted copies whose source was also submitted must have a finding between the two (recall), and
no pair of versions may have findings in both directions. Figures go to bench/out/reports-submit.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.reports_world import (
    DEFAULT_URL,
    ROOT,
    Stack,
    Writer,
    build_in_child,
    env,
    pct,
    psql,
    recreate,
)

OUT = ROOT / "bench" / "out" / "reports-submit.json"
CSRF = secrets.token_hex(16)


@dataclass
class Item:
    report: int
    session: str
    text: str
    copies: int | None  # index of the item it copies


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    retries: int = 0
    acknowledged: set[int] = field(default_factory=set)  # report ids answered 302
    refused: list[tuple[int, int, str]] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, session: str, form: dict[str, str]) -> tuple[int, str]:
        """The status, and the redirect's address (or the body's end) of one POST."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}{path}",
        }
        try:
            self.conn.request("POST", path, body=urlencode(form).encode(), headers=headers)
            response = self.conn.getresponse()
            body = response.read()
            return response.status, response.getheader("Location") or body.decode("utf-8", "replace")[-300:]
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise


def submit_one(client: Client, item: Item, tally: Tally, give_up: float) -> None:
    path = f"/reports/{item.report}/write/"
    while True:
        started = time.perf_counter()
        try:
            status, answer = client.post(path, item.session, {"text": item.text})
        except (OSError, http.client.HTTPException):
            status, answer = 0, ""
        if status == 302 and "/receipt/" not in answer:
            status = 303  # sent somewhere else than the receipt (sign-in, ...): not acknowledged
        took = (time.perf_counter() - started) * 1000
        if status in (200, 302, 303, 400, 403, 404):
            with tally.lock:
                tally.latencies.append(took)
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
                if status == 302:
                    tally.acknowledged.add(item.report)
                else:
                    tally.refused.append((item.report, status, answer))
            return
        with tally.lock:
            tally.retries += 1
        if time.monotonic() > give_up:
            return
        time.sleep(0.5)  # the server or the database is restarting: the same text again shortly


def burst(items: list[Item], port: int, tally: Tally, concurrency: int, seconds: float) -> float:
    cursor = iter(enumerate(items))
    lock = threading.Lock()
    start = time.monotonic()
    give_up = start + seconds + 300

    def worker() -> None:
        client = Client(port)
        while True:
            with lock:
                nxt = next(cursor, None)
            if nxt is None:
                return
            index, item = nxt
            if seconds:
                time.sleep(max(0.0, start + index * seconds / len(items) - time.monotonic()))
            submit_one(client, item, tally, give_up)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - start


VERIFY = """
import json, django
django.setup()
from quantriet.reports.checking import arrival, rebuild, store
with store.locked(build=rebuild.build_into, catch_up=arrival.catch_up) as opened:
    opened.flush()
manifest = json.loads((store.index_dir() / "manifest.json").read_text())
size = sum(p.stat().st_size for p in store.index_dir().iterdir())
print(json.dumps({"documents": sum(s["documents"] for s in manifest["segments"]),
                  "replaced": len(manifest["deleted"]), "live": len(opened.index), "mb": size / 1e6}))
"""


def drain(database_url: str, seconds: float) -> float:
    """Wait until no version waits for its check (at most ``seconds``); returns the time waited."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            waiting = int(
                psql(database_url, "SELECT count(*) FROM reports_reportversion WHERE checked_at IS NULL")
            )
        except subprocess.CalledProcessError:
            waiting = -1  # the database is restarting
        if waiting == 0:
            break
        time.sleep(1)
    return time.monotonic() - started


def verify(database_url: str, environment: dict[str, str], items: list[Item], tally: Tally) -> dict[str, Any]:
    rows = psql(database_url, "SELECT report_id, digest, id FROM reports_reportversion").split()
    versions = [r.split("|") for r in rows]
    by_report: dict[int, list[int]] = {}
    for report, _digest, version in versions:
        by_report.setdefault(int(report), []).append(int(version))
    delays = [
        float(x)
        for x in psql(
            database_url,
            "SELECT extract(epoch FROM checked_at - submitted_at) FROM reports_reportversion "
            "WHERE checked_at IS NOT NULL",
        ).split()
    ]
    unchecked = int(psql(database_url, "SELECT count(*) FROM reports_reportversion WHERE checked_at IS NULL"))
    library = int(psql(database_url, "SELECT count(*) FROM reports_librarytext WHERE checked_at IS NOT NULL"))
    checked = len(versions) - unchecked
    both_ways = int(
        psql(
            database_url,
            "SELECT count(*) FROM reports_finding f JOIN reports_finding g "
            "ON f.version_id = g.other_version_id AND f.other_version_id = g.version_id "
            "WHERE f.id < g.id",
        )
    )
    pairs = {
        frozenset(map(int, line.split("|")))
        for line in psql(
            database_url,
            "SELECT report_id, other_report_id FROM reports_finding WHERE other_report_id IS NOT NULL",
        ).split()
    }
    planted = [
        (item.report, items[item.copies].report)
        for item in items
        if item.copies is not None
        and item.report in tally.acknowledged
        and items[item.copies].report in tally.acknowledged
    ]
    found = sum(frozenset(p) in pairs for p in planted)
    index = json.loads(
        subprocess.run(
            [sys.executable, "-c", VERIFY],
            env=environment,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return {
        "acknowledged": len(tally.acknowledged),
        "versions": len(versions),
        "lost": len(tally.acknowledged - set(by_report)),
        "second_versions": sum(len(v) - 1 for v in by_report.values()),
        "unchecked": unchecked,
        "check_delay_p50_s": round(pct(delays, 0.50), 2),
        "check_delay_p95_s": round(pct(delays, 0.95), 2),
        "check_delay_max_s": round(max(delays, default=float("nan")), 2),
        "index_documents": index["documents"],
        "index_expected": checked + library,
        "index_replaced": index["replaced"],
        "index_disk_mb": round(index["mb"], 1),
        "findings_both_ways": both_ways,
        "planted_copies": len(planted),
        "planted_found": found,
    }


def run(
    options: argparse.Namespace, faults: Callable[[Stack, float, float], dict[str, Any]] | None = None
) -> int:
    database_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    work = Path(tempfile.mkdtemp(prefix="reports-bench-"))
    index_dir = work / "copyindex"
    environment = env(database_url, index_dir)
    started = time.monotonic()
    recreate(database_url)
    world = build_in_child(database_url, index_dir, members=options.members, writers=options.writers)
    print(f"# built in {time.monotonic() - started:.0f} s (logs in {work})", flush=True)
    writer = Writer(options.seed)
    texts = list(writer.texts(len(world["writers"]), options.words))
    items = [
        Item(w["report"], w["session"], text, source)
        for w, (text, source) in zip(world["writers"], texts, strict=True)
    ]
    print(f"# {len(items)} reports of ~{options.words} syllables ({writer.source})", flush=True)
    port = _free_port()
    stack = Stack(environment, port, options.web_workers, options.check_workers, work)
    stack.start()
    supervise = threading.Event()

    def supervisor() -> None:  # what systemd's Restart=always does for the README's units
        while not supervise.wait(1.0):
            for process in stack.all():
                if process.process is not None and process.process.poll() is not None:
                    print(f"# {process.name} exited ({process.process.returncode}); restarting", flush=True)
                    process.start()

    threading.Thread(target=supervisor, daemon=True).start()
    tally = Tally()
    fault_log: dict[str, Any] = {}
    try:
        if faults is not None:
            runner = threading.Thread(
                target=lambda: fault_log.update(faults(stack, options.seconds, time.monotonic()))
            )
            runner.start()
        elapsed = burst(items, port, tally, options.concurrency, options.seconds)
        if faults is not None:
            runner.join()
        waited = drain(database_url, options.drain)
        figures = verify(database_url, environment, items, tally)
    finally:
        supervise.set()
        stack.stop()
    result = {
        "members": options.members,
        "reports": len(items),
        "words": options.words,
        "text_source": writer.source,
        "seconds": options.seconds,
        "elapsed_s": round(elapsed, 1),
        "rate_per_s": round(len(items) / elapsed, 2),
        "web_workers": options.web_workers,
        "check_workers": options.check_workers,
        "submit_p50_ms": round(pct(tally.latencies, 0.50), 1),
        "submit_p95_ms": round(pct(tally.latencies, 0.95), 1),
        "submit_p99_ms": round(pct(tally.latencies, 0.99), 1),
        "submit_max_ms": round(max(tally.latencies, default=float("nan")), 1),
        "statuses": dict(sorted(tally.statuses.items())),
        "retries": tally.retries,
        "refused_sample": tally.refused[:3],
        "drain_s": round(waited, 1),
        **figures,
        **({"faults": fault_log} if fault_log else {}),
        "build_s": world["build_s"],
    }
    OUT.parent.mkdir(exist_ok=True)
    out = OUT.with_name(OUT.stem + ("-faults" if faults else "") + ".json")
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(json.dumps(result, indent=1, ensure_ascii=False))
    bad = (
        result["lost"] or result["unchecked"] or result["index_documents"] != result["index_expected"]
        or result["index_replaced"] or result["findings_both_ways"] or result["second_versions"]
    )  # fmt: skip
    return 1 if bad else 0


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reports_submit",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--writers", type=int, default=5_000, help="reports submitted in the burst")
    parser.add_argument("--words", type=int, default=2_000)
    parser.add_argument("--seconds", type=float, default=360, help="the burst's length (3600: the real hour)")
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--check-workers", type=int, default=1)
    parser.add_argument("--drain", type=float, default=600, help="longest wait for the last checks")
    parser.add_argument("--seed", type=int, default=2026)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
