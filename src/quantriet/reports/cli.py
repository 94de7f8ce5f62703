"""``quantriet reports reindex|check-pending|remind``: the copy index's upkeep and the daily reminders.

* ``reindex`` makes the copy index again from the database (after a disk was lost, a restore from a
  backup, or an "index unusable" error) and swaps it in while the workers wait on the lock;
* ``check-pending`` checks every submitted version still waiting for its copy check, in this process
  (what the ``copycheck`` workers do); with ``--every SECONDS`` it is a sweeper instead: whenever a
  version has waited longer than that, it queues a check for the workers — making good a task that was
  lost (a worker killed mid-task, a queue emptied);
* ``remind`` tells those who still owe a report, 7, 3 and 1 days before its deadline: run it once a day
  (cron, a systemd timer); a second run the same day tells nobody twice.
"""

from __future__ import annotations

import argparse
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
    from django.utils.translation import gettext as _

    if args.every:
        return _sweep(args.every)
    from quantriet.reports.checking.arrival import check_all_pending

    count = check_all_pending()
    print(_("Đã kiểm tra %(count)d bài.") % {"count": count}, flush=True)
    return 0


def _sweep(every: float) -> int:
    """Every ``every`` seconds: if a version has waited longer than that, queue a check for the workers.

    Queued, not checked here: the workers keep the index open (a second process holding it would need
    as much memory again), and a lost task is the only way a version can wait that long.
    """
    import datetime as dt

    from django.db import close_old_connections
    from django.db.utils import DatabaseError
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from quantriet.reports.models import ReportVersion
    from quantriet.reports.tasks import check_new_reports

    while True:
        try:
            waited = timezone.now() - dt.timedelta(seconds=every)
            stuck = ReportVersion.objects.filter(checked_at__isnull=True, submitted_at__lt=waited).count()
            if stuck:
                check_new_reports.enqueue()
                print(_("%(count)d bài chờ quá lâu: đã xếp hàng kiểm tra.") % {"count": stuck}, flush=True)
        except DatabaseError as error:  # the database is restarting: try again at the next round
            print(
                _("Chưa kết nối được cơ sở dữ liệu (%(error)s); sẽ thử lại.") % {"error": error}, flush=True
            )
        time.sleep(every)
        close_old_connections()  # a connection the database dropped meanwhile is opened again


def cmd_remind(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils.translation import gettext as _

    from quantriet.reports.services.reminders import DUE_DAYS, remind_due

    days = tuple(int(d) for d in args.days.split(",")) if args.days else DUE_DAYS
    told = remind_due(days=days)
    print(
        _("Đã nhắc %(people)d người ở %(campaigns)d đợt học tập.")
        % {"people": sum(told.values()), "campaigns": len(told)},
        flush=True,
    )
    return 0


def register(subparsers: Any) -> None:
    reports = subparsers.add_parser("reports", help="bài thu hoạch: chỉ mục kiểm tra sao chép, nhắc nộp bài")
    commands = reports.add_subparsers(dest="reports_command", metavar="COMMAND", required=True)
    reindex = commands.add_parser("reindex", help="dựng lại chỉ mục kiểm tra sao chép từ cơ sở dữ liệu")
    reindex.set_defaults(func=cmd_reindex)
    pending = commands.add_parser("check-pending", help="kiểm tra sao chép các bài đang chờ")
    pending.add_argument(
        "--every",
        type=float,
        default=0.0,
        metavar="GIÂY",
        help="canh chừng: bài chờ quá chừng ấy giây thì xếp hàng kiểm tra (0: kiểm tra một lượt)",
    )
    pending.set_defaults(func=cmd_check_pending)
    remind = commands.add_parser(
        "remind", help="nhắc người chưa nộp bài khi còn 7, 3, 1 ngày đến hạn (chạy mỗi ngày một lần)"
    )
    remind.add_argument("--days", default="", metavar="7,3,1", help="còn bao nhiêu ngày thì nhắc")
    remind.set_defaults(func=cmd_remind)
