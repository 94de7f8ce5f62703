"""``quantriet documents import|export``: the registry's web import and export, from the shell.

Same reading, checks and all-or-nothing write as the import page, and the same error report as
``quantriet import units|members``. Unlike that command, ``--as`` is required: the import decides row
by row which issuing units the user may register documents for (and whether they may keep the
Centre's), and the audit trail of the registry names a person for every entry.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quantriet.core.cli import active_user, print_report, setup_django
from quantriet.files import replacing

if TYPE_CHECKING:
    from collections.abc import Iterable

    from quantriet.documents.models import Document


def cmd_import(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import translation

    with translation.override(args.language):
        return _import(Path(args.file), args.as_user)


def _import(path: Path, username: str) -> int:
    from django.utils.translation import gettext as _

    from quantriet.core.sheets.errors import ImportRejected
    from quantriet.documents import selectors
    from quantriet.documents.services.transfer import import_documents

    if not path.is_file():
        print(_("Không tìm thấy tệp %(path)s.") % {"path": path}, file=sys.stderr)
        return 1
    actor = active_user(username)
    if actor is None:
        return 1
    if not selectors.may_register(actor):
        print(
            _("Người dùng “%(name)s” không có quyền vào sổ văn bản của đơn vị nào.") % {"name": username},
            file=sys.stderr,
        )
        return 1
    try:
        summary = import_documents(actor, path, path.name)
    except ImportRejected as rejected:
        print_report(rejected.errors, sys.stdout)
        return 1
    print(
        _(
            "Đã nhập: %(created)d văn bản mới, %(updated)d văn bản được cập nhật, "
            "%(unchanged)d văn bản không đổi."
        )
        % summary.as_dict()
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import translation

    with translation.override(args.language):
        return _export(Path(args.file), args.as_user)


def _export(path: Path, username: str) -> int:
    from django.utils.translation import gettext as _

    from quantriet.documents import selectors

    if path.suffix.lower() != ".xlsx":
        # The importer goes by the name: an .xlsx body under another name would not read back.
        print(_("Tên tệp xuất phải có đuôi .xlsx, ví dụ so-van-ban.xlsx."), file=sys.stderr)
        return 1
    if not path.parent.is_dir():
        print(
            _("Không có thư mục %(folder)s; hãy tạo thư mục trước hoặc chọn nơi ghi khác.")
            % {"folder": path.parent},
            file=sys.stderr,
        )
        return 1
    actor = active_user(username)
    if actor is None:
        return 1
    found = selectors.search_documents(actor, selectors.Filters())
    try:
        count = _write_replacing(path, found.iterator(chunk_size=2000))
    except OSError as error:
        print(
            _("Không ghi được tệp %(path)s: %(error)s.") % {"path": path, "error": error.strerror or error},
            file=sys.stderr,
        )
        return 1
    print(_("Đã xuất %(count)d văn bản vào %(path)s.") % {"count": count, "path": path})
    return 0


def _write_replacing(path: Path, documents: Iterable[Document]) -> int:
    """Write beside ``path``, then rename: a failure never leaves half a file over an older export.

    The file keeps the owner-only mode on purpose: it may list documents that are not public.
    """
    from quantriet.documents.services.transfer import write_export

    with replacing(path) as out:
        return write_export(documents, out)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        required=True,
        help="người dùng đang hoạt động; quyền của người này quyết định văn bản nào được nhập/xuất",
    )
    parser.add_argument("--language", default="vi", choices=["vi", "en"], help="ngôn ngữ của thông báo")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("documents", help="nhập hoặc xuất sổ văn bản (tệp .xlsx/.csv)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import", help="nhập danh sách văn bản từ tệp .xlsx/.csv; tệp có lỗi thì không ghi gì"
    )
    importer.add_argument("file", help="tệp .xlsx hoặc .csv (UTF-8), các cột như trang nhập văn bản")
    _common(importer)
    importer.set_defaults(func=cmd_import)
    exporter = actions.add_parser(
        "export", help="xuất các văn bản người dùng được xem ra tệp .xlsx (nhập lại được)"
    )
    exporter.add_argument("file", help="tệp .xlsx sẽ ghi (ghi đè nếu đã có)")
    _common(exporter)
    exporter.set_defaults(func=cmd_export)
