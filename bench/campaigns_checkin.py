"""Check-in load against the real server: gunicorn + PostgreSQL, 3,300 delegates at 122 bridge points.

    python -m bench.campaigns_checkin                          # burst, as fast as 50 clients can go
    python -m bench.campaigns_checkin --seconds 60             # the 5-minute burst compressed to 60 s
    python -m bench.campaigns_checkin --mode faults            # restart gunicorn and PostgreSQL mid-burst
    python -m bench.campaigns_checkin --mode ceiling           # 1 worker: the sustained rate of one core

What it does: drops and creates the scratch database of ``DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/quantriet_bench), migrates it, builds a province with 122 communes,
3,300 members, one campaign, one conference with 122 points and 27-28 invited delegates each, and one
office-staff account per point (signed in by creating its session, the way the login view does, so
the run does not spend a minute in password hashing). It starts gunicorn with ``--workers`` workers on
the project's WSGI application, then ``--concurrency`` client threads scan every delegate's QR payload
once (``POST /campaigns/points/<id>/check-in.json``, with the session and CSRF headers a browser sends)
while ``--pollers`` threads keep reloading the point and conference boards.

A client retries on a refused connection, a timeout or a 5xx with the *same* client_id until it gets an
answer, as the offline desk does. Afterwards the database is read: lost = acknowledged or attempted
check-ins with no row; duplicated = rows beyond one per delegate or with a client_id nobody sent.

Faults mode: ``--offline-points`` points hold their check-ins (an offline desk) and send them after the
burst; gunicorn is killed and restarted at one third of the burst and PostgreSQL restarted
(``pg_ctlcluster --skip-systemctl-redirect 15 main restart``) at two thirds; finally a sample of
already acknowledged check-ins is sent again and must come back as replays.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "campaigns-checkin.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/quantriet_bench"
POINTS, DELEGATES = 122, 3_300
SECRET = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - a scratch server


# ---------------------------------------------------------------- child: build the province


def build(points: int, delegates: int) -> dict[str, Any]:
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from quantriet.campaigns import services
    from quantriet.documents import services as document_services
    from quantriet.orgs import services as org_services
    from quantriet.orgs.models import Level, Role
    from quantriet.site.demo.bulk import MemberSpec, UnitSpec, bulk_create_members, bulk_create_units

    call_command("migrate", "--noinput", verbosity=0)
    province = UnitSpec("Tỉnh ủy Thử tải", "BP", Level.CENTRAL_DIRECT, None)
    communes = [
        UnitSpec(f"Đảng bộ xã Thử {i + 1}", f"BP{i:03d}", Level.GRASSROOTS, province) for i in range(points)
    ]
    bulk_create_units([province, *communes])
    born = dt.date(1970, 1, 1)
    specs = [
        MemberSpec(
            f"Đại biểu Thử {n + 1}",
            born,
            "male" if n % 2 else "female",
            dt.date(1995, 1, 1),
            dt.date(1996, 1, 1),
            f"{20_000_000 + n}",
            communes[n % points].unit,
            "full",
        )
        for n in range(delegates)
    ]
    members = bulk_create_members(specs)
    document = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 20), is_public=True
    )
    today = dt.date.today()
    campaign = services.create_campaign(
        None,
        title="Đợt thử tải điểm danh",
        organising_unit=province.unit,
        scope_unit=province.unit,
        audience="all_members",
        documents=[document],
        conference_date=today,
        plan_deadline=today + dt.timedelta(days=30),
        report_deadline=today + dt.timedelta(days=90),
    )
    conference = services.create_conference(
        None,
        campaign,
        title="Hội nghị thử tải",
        held_on=today,
        starts_at=dt.time(0, 0),  # desk open all day
    )

    def signed_in(user: Any) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return str(session.session_key)

    organiser = User.objects.create_user("bench.btg", password=None)
    org_services.grant_role(None, organiser, province.unit, Role.ORGANISATION)
    out: dict[str, Any] = {"conference": conference.pk, "organiser": signed_in(organiser), "points": []}
    for i, commune in enumerate(communes):
        point = services.add_point(
            None,
            conference,
            host_unit=commune.unit,
            name=f"Điểm cầu xã Thử {i + 1}",
            is_main=i == 0,
            address="Hội trường",
            capacity=60,
        )
        invited = services.invite_members(None, point, members[i::points]).created
        staff = User.objects.create_user(f"bench.diemcau{i + 1}", password=None)
        org_services.grant_role(None, staff, commune.unit, Role.OFFICE)
        out["points"].append(
            {"id": point.pk, "session": signed_in(staff), "codes": [services.qr_payload(d) for d in invited]}
        )
    return out


# ---------------------------------------------------------------- parent: server, load, checks


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "quantriet.site.settings",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
    }


def _psql(database_url: str, sql: str, *, admin: bool = False) -> str:
    parts = urlsplit(database_url)
    url = urlunsplit(parts._replace(path="/postgres")) if admin else database_url
    return subprocess.run(
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-Atc", sql], check=True, capture_output=True, text=True
    ).stdout


def recreate(database_url: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    _psql(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin=True)
    _psql(database_url, f'CREATE DATABASE "{name}"', admin=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, env: dict[str, str], workers: int, port: int) -> None:
        self.env, self.workers, self.port = env, workers, port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "quantriet.site.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                "--timeout", "30", "--log-level", "warning",
            ],
            env=self.env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        if self.process is not None:
            # A crash, not a graceful stop: the master and every worker at once (they share the socket).
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Item:
    point: int
    session: str
    code: str
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)  # one request, ms
    end_to_end: list[float] = field(default_factory=list)  # first try to answer, retries included, ms
    statuses: dict[int, int] = field(default_factory=dict)
    retries: int = 0
    acknowledged: set[str] = field(default_factory=set)
    attempted: set[str] = field(default_factory=set)
    board: list[float] = field(default_factory=list)
    board_statuses: dict[int, int] = field(default_factory=dict)


CSRF = secrets.token_hex(16)  # 32 characters: Django takes the unmasked secret in the header too


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, session: str, body: bytes | None = None) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise


def check_in(client: Client, item: Item, tally: Tally, give_up: float) -> None:
    body = json.dumps({"code": item.code, "client_id": item.client_id, "method": "scan"}).encode()
    path = f"/campaigns/points/{item.point}/check-in.json"
    first = time.perf_counter()
    with tally.lock:
        tally.attempted.add(item.client_id)
    while True:
        started = time.perf_counter()
        try:
            status, _body = client.request("POST", path, item.session, body)
        except (OSError, http.client.HTTPException):
            status = 0
        took = (time.perf_counter() - started) * 1000
        if status in (200, 201, 400, 403, 404, 409):
            with tally.lock:
                tally.latencies.append(took)
                tally.end_to_end.append((time.perf_counter() - first) * 1000)
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
                if status in (200, 201):
                    tally.acknowledged.add(item.client_id)
            return
        with tally.lock:
            tally.retries += 1
        if time.monotonic() > give_up:
            return
        time.sleep(0.2)  # the server is restarting: wait a little, then the same client_id again


def run_items(items: list[Item], port: int, tally: Tally, concurrency: int, seconds: float) -> float:
    """Send ``items`` from ``concurrency`` threads, spread evenly over ``seconds`` (0: flat out)."""
    cursor = iter(enumerate(items))
    lock = threading.Lock()
    start = time.monotonic()
    give_up = start + max(seconds, 60) + 120

    def worker() -> None:
        client = Client(port)
        while True:
            with lock:
                nxt = next(cursor, None)
            if nxt is None:
                return
            index, item = nxt
            if seconds:
                due = start + index * seconds / len(items)
                time.sleep(max(0.0, due - time.monotonic()))
            check_in(client, item, tally, give_up)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - start


def poll_boards(port: int, data: dict[str, Any], tally: Tally, stop: threading.Event, pause: float) -> None:
    client = Client(port)
    rng = random.Random()
    while not stop.is_set():
        if rng.random() < 0.2:
            path, session = f"/campaigns/conferences/{data['conference']}/board/", data["organiser"]
        else:
            point = rng.choice(data["points"])
            path, session = f"/campaigns/points/{point['id']}/board/", point["session"]
        started = time.perf_counter()
        try:
            status, _body = client.request("GET", path, session)
        except (OSError, http.client.HTTPException):
            status = 0
        with tally.lock:
            tally.board_statuses[status] = tally.board_statuses.get(status, 0) + 1
            if status == 200:
                tally.board.append((time.perf_counter() - started) * 1000)
        stop.wait(pause)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def verify(database_url: str, items: list[Item], tally: Tally) -> dict[str, Any]:
    rows = _psql(database_url, "SELECT client_id, delegate_id FROM campaigns_checkin").split()
    in_db = [r.split("|") for r in rows]
    ids = {cid for cid, _d in in_db}
    sent = {i.client_id for i in items}
    per_delegate: dict[str, int] = {}
    for _cid, delegate in in_db:
        per_delegate[delegate] = per_delegate.get(delegate, 0) + 1
    return {
        "rows": len(in_db),
        "acknowledged": len(tally.acknowledged),
        "lost_acknowledged": len(tally.acknowledged - ids),  # answered 200/201 but not in the database
        "lost_attempted": len(tally.attempted - ids),  # sent at least once, never stored
        "duplicated": sum(n - 1 for n in per_delegate.values() if n > 1) + len(ids - sent),
        "never_sent": len(sent - tally.attempted),
    }


def summary(tally: Tally, elapsed: float, n: int) -> dict[str, Any]:
    return {
        "check_ins": n,
        "elapsed_s": round(elapsed, 2),
        "rate_per_s": round(n / elapsed, 1) if elapsed else None,
        "p50_ms": round(pct(tally.latencies, 0.50), 1),
        "p95_ms": round(pct(tally.latencies, 0.95), 1),
        "p99_ms": round(pct(tally.latencies, 0.99), 1),
        "max_ms": round(max(tally.latencies, default=float("nan")), 1),
        "end_to_end_p95_ms": round(pct(tally.end_to_end, 0.95), 1),
        "end_to_end_max_ms": round(max(tally.end_to_end, default=float("nan")), 1),
        "statuses": dict(sorted(tally.statuses.items())),
        "retries": tally.retries,
        "board_requests": len(tally.board),
        "board_p50_ms": round(pct(tally.board, 0.50), 1),
        "board_p95_ms": round(pct(tally.board, 0.95), 1),
        "board_statuses": dict(sorted(tally.board_statuses.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.campaigns_checkin", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--mode", choices=["burst", "faults", "ceiling"], default="burst")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default 2×cores; ceiling: 1)"
    )
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--seconds", type=float, default=0, help="spread the burst over this long (0: flat out)"
    )
    parser.add_argument(
        "--pollers", type=int, default=6, help="threads reloading the boards, 1 request/s each"
    )
    parser.add_argument("--points", type=int, default=POINTS)
    parser.add_argument("--delegates", type=int, default=DELEGATES)
    parser.add_argument(
        "--offline-points", type=int, default=10, help="faults mode: desks offline until the end"
    )
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)  # child process
    options = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if options.build:
        print(json.dumps(build(options.points, options.delegates)))
        return 0

    env = _env(database_url)
    started = time.perf_counter()
    recreate(database_url)
    built = subprocess.run(
        [sys.executable, "-m", "bench.campaigns_checkin", "--build",
         "--points", str(options.points), "--delegates", str(options.delegates)],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(built.stdout.strip().splitlines()[-1])
    build_s = time.perf_counter() - started
    items = [Item(p["id"], p["session"], code) for p in data["points"] for code in p["codes"]]
    random.Random(5).shuffle(items)
    print(f"built {len(data['points'])} points, {len(items)} delegates in {build_s:.0f} s", file=sys.stderr)

    workers = options.workers or (1 if options.mode == "ceiling" else 2 * (os.cpu_count() or 1))
    server = Server(env, workers, _free_port())
    server.start()
    tally = Tally()
    stop = threading.Event()
    pollers = [
        threading.Thread(target=poll_boards, args=(server.port, data, tally, stop, 1.0))
        for _ in range(options.pollers)
    ]
    for t in pollers:
        t.start()
    result: dict[str, Any] = {"mode": options.mode, "workers": workers, "concurrency": options.concurrency,
                              "seconds": options.seconds, "cores": os.cpu_count()}  # fmt: skip
    try:
        if options.mode == "faults":
            result.update(faults(options, data, items, server, tally, database_url))
        else:
            elapsed = run_items(items, server.port, tally, options.concurrency, options.seconds)
            result.update(summary(tally, elapsed, len(items)))
    finally:
        stop.set()
        for t in pollers:
            t.join()
        server.stop()
    result.update(verify(database_url, items, tally))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    OUT.parent.mkdir(exist_ok=True)
    previous = json.loads(OUT.read_text()) if OUT.exists() else {}
    previous[options.mode] = result
    OUT.write_text(json.dumps(previous, indent=2, ensure_ascii=False))
    ok = result["lost_acknowledged"] == 0 and result["lost_attempted"] == 0 and result["duplicated"] == 0
    return 0 if ok else 1


def faults(
    options: argparse.Namespace,
    data: dict[str, Any],
    items: list[Item],
    server: Server,
    tally: Tally,
    database_url: str,
) -> dict[str, Any]:
    offline = {p["id"] for p in data["points"][: options.offline_points]}
    live = [i for i in items if i.point not in offline]
    held = [i for i in items if i.point in offline]
    events: list[str] = []
    seconds = options.seconds or 60.0  # the restarts need a burst that lasts long enough to hit

    def saboteur() -> None:
        time.sleep(seconds / 3)
        t = time.monotonic()
        server.kill()
        server.start()
        events.append(f"gunicorn killed and restarted in {time.monotonic() - t:.1f} s")
        time.sleep(seconds / 3)
        t = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True
        )  # fmt: skip
        events.append(f"PostgreSQL restarted in {time.monotonic() - t:.1f} s")

    sabotage = threading.Thread(target=saboteur)
    sabotage.start()
    elapsed = run_items(live, server.port, tally, options.concurrency, seconds)
    sabotage.join()
    # The offline desks come back: their queues are sent, then sent again (a second synchronisation).
    t = time.monotonic()
    run_items(held, server.port, tally, options.concurrency, 0)
    first_sync = dict(tally.statuses)
    run_items(held, server.port, tally, options.concurrency, 0)
    replay_sample = random.Random(9).sample(live, min(300, len(live)))
    run_items(replay_sample, server.port, tally, options.concurrency, 0)
    result = summary(tally, elapsed, len(live))
    result.update(
        {
            "events": events,
            "offline_points": len(offline),
            "offline_check_ins": len(held),
            "offline_sync_s": round(time.monotonic() - t, 2),
            "statuses_after_first_sync": dict(sorted(first_sync.items())),
            "replayed_sample": len(replay_sample),
        }
    )
    return result


if __name__ == "__main__":
    sys.exit(main())
