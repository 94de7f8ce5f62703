"""``quantriet import units|members FILE --scope CODE [--as USERNAME]``: the web import, synchronously.

Same reading, checks and all-or-nothing write as the upload page; the error report is printed in
Vietnamese and the exit status is 1 when the file was refused. Without ``--as`` the import runs with
the operator's rights (whoever can run this command already holds the server).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quantriet.core.cli import active_user, print_report, setup_django

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def cmd_import(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import translation

    # Overridden, not activated: a caller in the same thread (a test, a task) keeps its own language.
    with translation.override(args.language):
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext as _

    from quantriet.orgs import access, imports
    from quantriet.orgs.access import Capability
    from quantriet.orgs.models import Unit

    path = Path(args.file)
    if not path.is_file():
        print(_("Không tìm thấy tệp %(path)s.") % {"path": path}, file=sys.stderr)
        return 1
    scope = Unit.objects.filter(code=args.scope).first()
    actor: User | None = None
    if args.as_user:
        actor = active_user(args.as_user)
        if actor is None:
            return 1
    if scope is None or (actor is not None and not access.can(actor, Capability.IMPORT_DATA, scope)):
        print(
            _("Không có đơn vị mã “%(code)s” trong phạm vi được nhập dữ liệu.") % {"code": args.scope},
            file=sys.stderr,
        )
        return 1
    try:
        summary = imports.import_file(
            path, path.name, args.kind, scope, actor, confirm_warnings=args.confirm_warnings
        )
    except imports.ImportRejected as rejected:
        print_report(rejected.errors, sys.stdout)
        if rejected.only_warnings:
            print(_("Chỉ có cảnh báo. Nếu đã kiểm tra và thấy đúng, hãy chạy lại với --confirm-warnings."))
        return 1
    print(
        _(
            "Đã nhập vào “%(scope)s”: thêm %(created)d, cập nhật %(updated)d, giữ nguyên %(unchanged)d, bỏ "
            "qua %(skipped)d dòng trống."
        )
        % {
            "scope": scope.name,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped_empty,
        }
    )
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help="nhập danh sách tổ chức đảng hoặc đảng viên từ tệp .xlsx/.csv"
    )
    parser.add_argument("kind", choices=["units", "members"], help="units: tổ chức đảng; members: đảng viên")
    parser.add_argument("file", help="tệp .xlsx, .xls hoặc .csv (UTF-8)")
    parser.add_argument(
        "--scope", required=True, help="mã đơn vị nhận dữ liệu; mọi dòng phải thuộc đơn vị này"
    )
    parser.add_argument(
        "--as", dest="as_user", metavar="USERNAME", help="kiểm tra quyền và ghi nhật ký theo người dùng này"
    )
    parser.add_argument(
        "--confirm-warnings",
        action="store_true",
        help="đã kiểm tra các cảnh báo (ví dụ dự bị quá hạn, họ tên gõ bằng phông chữ cũ): vẫn nhập",
    )
    parser.add_argument("--language", default="vi", choices=["vi", "en"], help="ngôn ngữ của báo cáo lỗi")
    parser.set_defaults(func=cmd_import)
