"""``quantriet purge [--dry-run]``: delete or anonymise personal data past its retention period.

Decree 13/2023/NĐ-CP asks that personal data be kept no longer than its purpose needs. The periods are
settings (days; 0 keeps that kind of data for ever):

- ``ACCESS_LOG_RETENTION_DAYS``: logs of who read which records, lists and exports (deleted);
- ``SIGN_IN_ATTEMPT_RETENTION_DAYS``: sign-in attempts with their addresses (deleted);
- ``GUEST_DATA_RETENTION_DAYS``: guests' names and points' technical contacts (anonymised, counts kept);
- ``CHECK_IN_RETENTION_DAYS``: who recorded a check-in and the minute of an on-time arrival (anonymised).

The site package composes the apps' own retention functions (each app knows its data); a run writes one
audit entry, a dry run counts only. Run it daily (cron or the task ``quantriet.site.tasks.purge``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    setting: str
    label: str  # Vietnamese, as printed
    run: Callable[[dt.datetime, bool], int]


def _steps() -> list[Step]:
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from quantriet.campaigns import retention as campaigns
    from quantriet.orgs.services import retention as orgs

    def by_day(purge: Callable[..., int]) -> Callable[[dt.datetime, bool], int]:
        # Campaign data is old when its conference is: the cut-off moment's local day.
        return lambda older_than, dry_run: purge(timezone.localdate(older_than), dry_run=dry_run)

    return [
        Step(
            "ACCESS_LOG_RETENTION_DAYS",
            _("Nhật ký truy cập dữ liệu cá nhân đã xóa"),
            lambda at, dry: orgs.purge_access_logs(at, dry_run=dry),
        ),
        Step(
            "SIGN_IN_ATTEMPT_RETENTION_DAYS",
            _("Lượt đăng nhập đã xóa"),
            lambda at, dry: orgs.purge_sign_in_attempts(at, dry_run=dry),
        ),
        Step(
            "GUEST_DATA_RETENTION_DAYS",
            _("Khách mời, liên hệ kỹ thuật đã ẩn danh"),
            by_day(campaigns.anonymise_guests),
        ),
        Step("CHECK_IN_RETENTION_DAYS", _("Lượt điểm danh đã bỏ chi tiết"), by_day(campaigns.trim_check_ins)),
    ]


@dataclass(frozen=True)
class Outcome:
    label: str
    days: int  # 0: kept for ever, nothing done
    count: int


def purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[Outcome]:
    """Run every retention step; returns what each did (or would do). Idempotent: a re-run finds nothing."""
    from django.conf import settings
    from django.utils import timezone

    from quantriet.orgs.services.retention import record_purge

    now = now or timezone.now()
    outcomes: list[Outcome] = []
    cutoffs: dict[str, str] = {}
    for step in _steps():
        days = int(getattr(settings, step.setting))
        if days <= 0:
            outcomes.append(Outcome(step.label, 0, 0))
            continue
        older_than = now - dt.timedelta(days=days)
        cutoffs[step.setting] = older_than.isoformat()
        outcomes.append(Outcome(step.label, days, step.run(older_than, dry_run)))
    if not dry_run:
        record_purge({o.label: o.count for o in outcomes}, cutoffs=cutoffs)
    return outcomes


def cmd_purge(args: argparse.Namespace) -> int:
    from quantriet.core.cli import setup_django

    setup_django()
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override(args.language):
        outcomes = purge(dry_run=args.dry_run)
        if args.dry_run:
            print(_("Chạy thử: chưa xóa hay sửa gì."))
        for outcome in outcomes:
            if outcome.days == 0:
                print(_("%(label)s: giữ không thời hạn (thời hạn 0 ngày)") % {"label": outcome.label})
            else:
                print(
                    _("%(label)s (quá %(days)d ngày): %(n)d")
                    % {"label": outcome.label, "days": outcome.days, "n": outcome.count}
                )
    sys.stdout.flush()
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "purge", help="xóa hoặc ẩn danh dữ liệu cá nhân quá thời hạn lưu trữ (Nghị định 13/2023)"
    )
    parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không xóa hay sửa gì")
    parser.add_argument("--language", default="vi", choices=["vi", "en"])
    parser.set_defaults(func=cmd_purge)
