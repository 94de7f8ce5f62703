"""Platform subcommands of ``quantriet``: demo, serve, worker, manage."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from typing import Any

from quantriet.core.cli import setup_django


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def cmd_manage(args: argparse.Namespace) -> int:
    setup_django(demo=bool(os.environ.get("QUANTRIET_DEMO")))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["quantriet manage", *args.rest])
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Create the SQLite database, load the demo province once, start a task worker and serve."""
    setup_django(demo=True)
    from django.conf import settings

    from quantriet.site.demo import load_demo, print_logins

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    _call("migrate", "--noinput", "-v", "0")
    load_demo(stdout=sys.stdout)
    print_logins(stdout=sys.stdout)
    if args.no_serve:
        return 0
    env = {**os.environ, "QUANTRIET_DEMO": "1"}
    worker = subprocess.Popen([sys.executable, "-m", "quantriet", "worker"], env=env)
    # A plain `kill` (SIGTERM) must stop the worker too, not only Ctrl+C: turn it into SystemExit
    # so the `finally` below runs.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    try:
        print(f"Đang phục vụ tại http://{args.addr}/  (Ctrl+C để dừng)", flush=True)
        _call("runserver", args.addr, "--insecure", "--noreload")
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Production-style server (gunicorn); settings come from the environment."""
    setup_django()
    _call("migrate", "--noinput", "-v", "0")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "quantriet.site.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
    ]
    return subprocess.call(command)  # noqa: S603 - fixed argv built above, no shell


def cmd_worker(args: argparse.Namespace) -> int:
    """Run background tasks (imports, exports, copy checks) from the database queue."""
    setup_django(demo=bool(os.environ.get("QUANTRIET_DEMO")))
    _call("db_worker", "--interval", str(args.interval), "--queue-name", args.queues)
    return 0


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="tạo CSDL SQLite, nạp tỉnh mẫu và chạy thử tại 127.0.0.1:8000")
    demo.add_argument("--addr", default="127.0.0.1:8000")
    demo.add_argument("--no-serve", action="store_true", help="chỉ tạo dữ liệu, không chạy máy chủ")
    demo.set_defaults(func=cmd_demo)

    serve = subparsers.add_parser("serve", help="chạy máy chủ ứng dụng (gunicorn)")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
    serve.set_defaults(func=cmd_serve)

    worker = subparsers.add_parser("worker", help="chạy tác vụ nền")
    worker.add_argument("--interval", type=float, default=1.0)
    worker.add_argument(
        "--queues",
        default="*",
        help="hàng đợi phục vụ, cách nhau bởi dấu phẩy: default, copycheck (mặc định: tất cả)",
    )
    worker.set_defaults(func=cmd_worker)

    manage = subparsers.add_parser("manage", help="lệnh quản trị Django (migrate, createsuperuser, ...)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
