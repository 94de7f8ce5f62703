"""What the learning-report benchmarks share: a province campaign on PostgreSQL, report texts, processes.

* ``build`` (run in a child process with Django set up): a province of ``members`` members in cells of
  100 (bulk-created rows), one campaign on one resolution whose requirement makes a report row per
  member, ``writers`` of them with an account and a signed-in session (created the way the login view
  does, so the run spends no time in password hashing), and optionally ``existing`` reports already
  submitted and checked (bulk-inserted versions), for the whole-cohort re-check.
* ``texts``: reports of about ``words`` syllables made of fragments of real Vietnamese sentences read
  from ``../shared/corpora`` at run time (``bench.copycheck.reports``; nothing of it is committed), with
  a share of lightly edited copies of earlier ones; without the corpora, invented sentences from a fixed
  vocabulary (as tests/reports/writing.py does).
* ``Stack``: gunicorn on the project's WSGI application, the task workers the README prescribes
  (``quantriet worker --queues copycheck``, ``quantriet worker --queues default``) and the sweeper
  (``quantriet reports check-pending --every 30``), each startable, killable and restartable.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/quantriet_reports_bench"
SECRET = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - a scratch server
CELL_SIZE = 100
CELLS_PER_COMMUNE = 10
COPY_SHARE = 0.05


# ---------------------------------------------------------------- texts


_VOCABULARY = (  # noqa: SIM905 - a phrase list reads better as text
    "đảng viên chi bộ nghị quyết học tập quán triệt nhận thức trách nhiệm gương mẫu rèn luyện đạo đức "
    "lối sống nhân dân cơ sở nhiệm vụ giải pháp thực hiện kế hoạch phong trào thi đua kinh tế xã hội văn "
    "hóa giáo dục y tế môi trường nông thôn mới đoàn kết thống nhất dân chủ kỷ luật kỷ cương tự phê bình "
    "sinh hoạt định kỳ chuyên đề tư tưởng chính trị cán bộ công chức năng lực phẩm chất uy tín niềm tin "
    "đấu tranh phản bác quan điểm sai trái thù địch mạng thông tin tuyên truyền vận động hộ gia đình thôn "
    "xóm khu dân cư bảo vệ nền tảng xây dựng chỉnh đốn tinh gọn bộ máy hiệu lực quả chuyển đổi số cải cách "
    "hành chính sản xuất hợp tác nông dân thanh niên phụ nữ cựu chiến binh mặt trận tổ quốc an ninh quốc "
    "phòng biên giới biển đảo du lịch công nghiệp dịch vụ đầu tư hạ tầng giao thông thủy lợi điện nước"
).split()


class Writer:
    """Makes report texts: corpus fragments when ``../shared/corpora`` is there, invented words if not."""

    def __init__(self, seed: int = 2026, fragments: int = 1_500_000) -> None:
        self.rng = random.Random(seed)
        self.pool: Any = None
        try:
            from bench.copycheck.reports import CORPORA, load_pool

            if (CORPORA / "news-dev.jsonl.gz").is_file():
                self.pool = load_pool(CORPORA, limit=fragments)
        except ImportError:
            self.pool = None
        self.source = "corpora" if self.pool is not None else "invented"

    def _sentence(self) -> str:
        if self.pool is not None:
            from bench.copycheck.reports import _sentence

            return str(_sentence(self.pool, self.rng))
        words = [self.rng.choice(_VOCABULARY) for _ in range(self.rng.randint(12, 22))]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def original(self, words: int) -> list[list[str]]:
        target = self.rng.randint(int(words * 0.9), int(words * 1.1))
        paragraphs: list[list[str]] = []
        count = 0
        while count < target:
            paragraph: list[str] = []
            for _ in range(self.rng.randint(4, 7)):
                sentence = self._sentence()
                paragraph.append(sentence)
                count += len(sentence.split())
                if count >= target:
                    break
            paragraphs.append(paragraph)
        return paragraphs

    def near_copy(self, source: list[list[str]]) -> list[list[str]]:
        """About 3% of words deleted, 3% replaced, 2% inserted; a paragraph of its own added."""
        vocabulary = self.pool.words if self.pool is not None else _VOCABULARY
        paragraphs = []
        for paragraph in source:
            edited = []
            for sentence in paragraph:
                out: list[str] = []
                for word in sentence.split():
                    roll = self.rng.random()
                    if roll < 0.03:
                        continue
                    out.append(self.rng.choice(vocabulary) if roll < 0.06 else word)
                    if self.rng.random() < 0.02:
                        out.append(self.rng.choice(vocabulary))
                if out:
                    edited.append(" ".join(out))
            paragraphs.append(edited)
        paragraphs.insert(self.rng.randrange(len(paragraphs) + 1), [self._sentence() for _ in range(4)])
        return paragraphs

    def texts(self, count: int, words: int = 2000) -> Iterator[tuple[str, int | None]]:
        """(text, index of the earlier text it copies or None) for ``count`` reports."""
        kept: dict[int, list[list[str]]] = {}
        for number in range(count):
            source = None
            if number >= 20 and kept and self.rng.random() < COPY_SHARE:
                source = self.rng.choice(list(kept))
            paragraphs = self.near_copy(kept[source]) if source is not None else self.original(words)
            if source is None and len(kept) < 2000:
                kept[number] = paragraphs
            yield "\n\n".join(" ".join(p) for p in paragraphs), source


# ---------------------------------------------------------------- database


def env(database_url: str, index_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "quantriet.site.settings",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
        "COPY_INDEX_DIR": str(index_dir),
        "QUANTRIET_DATA_DIR": str(index_dir.parent),
        "NOTIFY_BY_EMAIL": "0",
        **extra,
    }


def psql(database_url: str, sql: str, *, admin: bool = False) -> str:
    parts = urlsplit(database_url)
    url = urlunsplit(parts._replace(path="/postgres")) if admin else database_url
    return subprocess.run(
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-Atc", sql], check=True, capture_output=True, text=True
    ).stdout


def ensure_postgres() -> None:
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()
    if clusters and "online" not in clusters:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)


def recreate(database_url: str) -> None:
    ensure_postgres()
    name = urlsplit(database_url).path.lstrip("/")
    psql(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin=True)
    psql(database_url, f'CREATE DATABASE "{name}"', admin=True)


def restart_postgres() -> float:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
    return time.monotonic() - started


# ---------------------------------------------------------------- the province (child process)


def build(members: int, writers: int, existing: int, words: int, seed: int) -> dict[str, Any]:
    """Run with Django set up: the province, the campaign, the writers' sessions; returns what the
    load needs (report ids and session keys of the writers)."""
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from quantriet.campaigns import services as campaign_services
    from quantriet.documents import services as document_services
    from quantriet.orgs import services as org_services
    from quantriet.orgs.models import Level, Member, Role
    from quantriet.reports.models import ALL_FORMATS, LearningReport, ReportVersion
    from quantriet.reports.services.requirements import RequirementFields, save_requirement
    from quantriet.site.demo.bulk import MemberSpec, UnitSpec, bulk_create_members, bulk_create_units
    from quantriet.text.measure import report_words, text_digest

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    province = UnitSpec("Tỉnh ủy Thử tải Bài thu hoạch", "RP", Level.CENTRAL_DIRECT, None)
    cells_needed = -(-members // CELL_SIZE)
    communes = [
        UnitSpec(f"Đảng bộ xã Thử {i + 1}", f"RP{i:03d}", Level.GRASSROOTS, province)
        for i in range(-(-cells_needed // CELLS_PER_COMMUNE))
    ]
    cells = [
        UnitSpec(f"Chi bộ thôn Thử {i + 1}", f"RP{i // CELLS_PER_COMMUNE:03d}-{i:05d}", Level.CELL,
                 communes[i // CELLS_PER_COMMUNE])
        for i in range(cells_needed)
    ]  # fmt: skip
    bulk_create_units([province, *communes, *cells])
    born = dt.date(1975, 1, 1)
    specs = [
        MemberSpec(f"Đảng viên Thử {n + 1}", born, "male" if n % 2 else "female", dt.date(2000, 1, 1),
                   dt.date(2001, 1, 1), f"{30_000_000 + n}", cells[n // CELL_SIZE].unit, "full")  # type: ignore[arg-type]
        for n in range(members)
    ]  # fmt: skip
    created = bulk_create_members(specs)
    print(f"# {len(created)} members in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    document = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True,
        subject="Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
        body="Nghị quyết về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm "
        "sai trái, thù địch trong tình hình mới.",
    )  # fmt: skip
    today = dt.date.today()
    campaign = campaign_services.create_campaign(
        None, title="Học tập Nghị quyết 35 (thử tải)", organising_unit=province.unit,
        scope_unit=province.unit, audience="all_members", documents=[document],
        conference_date=today - dt.timedelta(days=20), plan_deadline=today - dt.timedelta(days=5),
        report_deadline=today + dt.timedelta(days=1),
    )  # fmt: skip
    save_requirement(
        None, campaign,
        RequirementFields(writers="audience", categories=[], deadline=today + dt.timedelta(days=1),
                          guidance="Nội dung cơ bản, điểm mới\nLiên hệ bản thân\nGiải pháp thực hiện",
                          min_words=300, max_words=5000, formats=list(ALL_FORMATS), late_policy="mark"),
    )  # fmt: skip
    rows = LearningReport.objects.filter(campaign=campaign).count()
    print(f"# {rows} report rows in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)

    organiser = User.objects.create_user("bench.btg", password=None)
    org_services.grant_role(None, organiser, province.unit, Role.ORGANISATION)  # type: ignore[arg-type]

    def signed_in(user: Any, device: Any = None) -> str:
        session = SessionStore()
        if device is not None:  # staff sign in with a second factor (OTP_REQUIRED): as after the code
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "quantriet.orgs.signin.AccountBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return str(session.session_key)

    # The writers: every (members // writers)-th member, among those without an existing report.
    step = max(1, members // max(1, writers))
    chosen = [m for m in created[::step]][:writers]
    users = User.objects.bulk_create(
        [User(username=f"bench.dv{m.pk}", password="!") for m in chosen],  # noqa: S106 - unusable
        batch_size=1000,
    )
    for member, user in zip(chosen, users, strict=True):
        member.user = user
    Member.objects.bulk_update(chosen, ["user"], batch_size=1000)
    by_member = dict(
        LearningReport.objects.filter(campaign=campaign, member__in=chosen).values_list("member_id", "pk")
    )
    out: dict[str, Any] = {
        "campaign": campaign.pk,
        "organiser": signed_in(
            organiser, TOTPDevice.objects.create(user=organiser, name="bench", confirmed=True)
        ),
        "writers": [
            {"report": by_member[m.pk], "session": signed_in(u)} for m, u in zip(chosen, users, strict=True)
        ],
    }
    print(
        f"# {len(users)} writers signed in at {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True
    )

    if existing:
        # Reports already handed in and checked (the re-check's cohort), oldest rows first.
        writer = Writer(seed)
        taken = set(out_report["report"] for out_report in out["writers"])
        reports = list(
            LearningReport.objects.filter(campaign=campaign).exclude(pk__in=taken).order_by("pk")[:existing]
        )
        now = timezone.now()
        texts = writer.texts(len(reports), words)
        batch: list[tuple[LearningReport, ReportVersion]] = []

        def flush(batch: list[tuple[LearningReport, ReportVersion]]) -> None:
            with transaction.atomic():
                ReportVersion.objects.bulk_create([v for _, v in batch], batch_size=500)
                for report, version in batch:
                    report.current_id, report.status, report.check_state = version.pk, "submitted", "done"
                    report.submitted_at = now
                LearningReport.objects.bulk_update(
                    [r for r, _ in batch],
                    ["current", "status", "check_state", "submitted_at"],
                    batch_size=500,
                )

        copies = 0
        for report, (text, source) in zip(reports, texts, strict=True):
            copies += source is not None
            version = ReportVersion(
                report=report, number=1, text=text, digest=text_digest(text), words=report_words(text),
                source="typed", submitted_at=now, checked_at=now,
            )  # fmt: skip
            batch.append((report, version))
            if len(batch) == 2000:
                flush(batch)
                batch = []
        if batch:
            flush(batch)
        out["existing"] = len(reports)
        out["existing_copies"] = copies
        out["text_source"] = writer.source
        print(f"# {len(reports)} existing reports at {time.monotonic() - started:.0f} s", file=sys.stderr)
    out["build_s"] = round(time.monotonic() - started, 1)
    return out


def build_in_child(database_url: str, index_dir: Path, **options: Any) -> dict[str, Any]:
    arguments = [f"--{k.replace('_', '-')}={v}" for k, v in options.items()]
    done = subprocess.run(
        [sys.executable, "-m", "bench.reports_world", *arguments],
        env=env(database_url, index_dir), cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------- processes


class Process:
    """One server process (its own session, so a kill takes its children too)."""

    def __init__(self, name: str, argv: list[str], environment: dict[str, str], log: Path) -> None:
        self.name, self.argv, self.env, self.log = name, argv, environment, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                self.argv, env=self.env, cwd=ROOT, start_new_session=True, stdout=out, stderr=out
            )

    def kill(self) -> None:
        """A crash, not a graceful stop: SIGKILL to the process and its children."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class Stack:
    """gunicorn, the copycheck worker(s), the default-queue worker and the sweeper."""

    def __init__(
        self, environment: dict[str, str], port: int, web_workers: int, check_workers: int, logs: Path
    ) -> None:
        python = sys.executable
        self.port = port
        self.web = Process(
            "gunicorn",
            [python, "-m", "gunicorn", "quantriet.site.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(web_workers), "--timeout", "60", "--log-level", "warning"],
            environment, logs / "gunicorn.log",
        )  # fmt: skip
        self.checkers = [
            Process(f"copycheck-{k}", [python, "-m", "quantriet", "worker", "--queues", "copycheck"],
                    environment, logs / f"copycheck-{k}.log")
            for k in range(check_workers)
        ]  # fmt: skip
        self.others = [
            Process("default", [python, "-m", "quantriet", "worker", "--queues", "default"], environment,
                    logs / "default.log"),
            Process("sweeper", [python, "-m", "quantriet", "reports", "check-pending", "--every", "30"],
                    environment, logs / "sweeper.log"),
        ]  # fmt: skip

    def all(self) -> list[Process]:
        return [self.web, *self.checkers, *self.others]

    def start(self) -> None:
        for process in self.all():
            process.start()
        self.wait_for_web()

    def wait_for_web(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        for process in self.all():
            process.stop()


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    """The child: build the province and print what the load needs as one JSON line."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.reports_world")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--writers", type=int, default=5_000)
    parser.add_argument("--existing", type=int, default=0)
    parser.add_argument("--words", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args(argv)
    result = build(options.members, options.writers, options.existing, options.words, options.seed)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
