"""``quantriet reports reindex|check-pending``: the copy index's upkeep from the shell.

* ``reindex`` makes the copy index again from the database (after a disk was lost, a restore from a
  backup, or an "index unusable" error) and swaps it in while the workers wait on the lock;
* ``check-pending`` checks every submitted version still waiting for its copy check, in this process
  (what the ``copycheck`` workers do); with ``--every SECONDS`` it keeps doing so — a sweeper that makes
  good any check whose task was lost (a worker killed mid-task, a queue emptied).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from quantriet.core.cli import setup_django


def cmd_reindex(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils.translation import gettext as _

    from quantriet.reports.checking import rebuild, store

    started = time.perf_counter()
    count = rebuild.rebuild()
    print(
        _("Đã dựng lại chỉ mục kiểm tra sao chép %(path)s: %(count)d văn bản, trong %(seconds).1f giây.")
        % {"path": store.index_dir(), "count": count, "seconds": time.perf_counter() - started}
    )
    return 0


def cmd_check_pending(args: argparse.Namespace) -> int:
    setup_django()
    from django.db import close_old_connections
    from django.db.utils import InterfaceError, OperationalError
    from django.utils.translation import gettext as _

    from quantriet.reports.checking.arrival import check_all_pending

    while True:
        try:
            count = check_all_pending()
        except (OperationalError, InterfaceError) as error:
            if not args.every:
                raise
            # the database is restarting: try again at the next round with a new connection
            print(
                _("Chưa kết nối được cơ sở dữ liệu (%(error)s); sẽ thử lại.") % {"error": error},
                file=sys.stderr,
            )
            close_old_connections()
            count = 0
        if count or not args.every:
            print(_("Đã kiểm tra %(count)d bài.") % {"count": count}, flush=True)
        if not args.every:
            return 0
        close_old_connections()
        time.sleep(args.every)


def register(subparsers: Any) -> None:
    reports = subparsers.add_parser("reports", help="bài thu hoạch: chỉ mục kiểm tra sao chép")
    commands = reports.add_subparsers(dest="reports_command", metavar="COMMAND", required=True)
    reindex = commands.add_parser("reindex", help="dựng lại chỉ mục kiểm tra sao chép từ cơ sở dữ liệu")
    reindex.set_defaults(func=cmd_reindex)
    pending = commands.add_parser("check-pending", help="kiểm tra sao chép các bài đang chờ")
    pending.add_argument(
        "--every",
        type=float,
        default=0.0,
        metavar="GIÂY",
        help="lặp lại sau mỗi chừng ấy giây (0: kiểm tra một lượt rồi thôi)",
    )
    pending.set_defaults(func=cmd_check_pending)
