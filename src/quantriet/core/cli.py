"""What every subcommand of ``quantriet`` that needs Django shares: set-up, the acting account, errors.

Django is imported inside the functions, so that the pure commands (``docref``, ``copycheck``) start
without it.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def setup_django(demo: bool = False) -> None:
    """Django for a command that needs the database (the other subcommands start without it).

    With ``demo``, the demo's conveniences are on unless the environment says otherwise.
    """
    if demo:
        os.environ.setdefault("QUANTRIET_DEMO", "1")
        os.environ.setdefault("QUANTRIET_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quantriet.site.settings")
    import django

    django.setup()


def active_user(username: str) -> User | None:
    """The active account ``username``; None, with a message on standard error, when there is none."""
    from django.contrib.auth.models import User
    from django.utils.translation import gettext as _

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        print(_("Không có người dùng “%(name)s” đang hoạt động.") % {"name": username}, file=sys.stderr)
    return user


def print_report(errors: list[Any], out: TextIO) -> None:
    """An import's refusal, row by row (errors with ``row``, ``column``, ``message`` and ``hint``)."""
    from django.utils.translation import gettext as _

    warnings = sum(1 for e in errors if getattr(e, "warning", False))
    if warnings == len(errors):
        out.write(_("Tệp có %(n)d cảnh báo; chưa có dữ liệu nào được ghi.") % {"n": warnings} + "\n")
    elif warnings:
        out.write(
            _("Tệp có %(n)d lỗi và %(w)d cảnh báo; chưa có dữ liệu nào được ghi.")
            % {"n": len(errors) - warnings, "w": warnings}
            + "\n"
        )
    else:
        out.write(_("Tệp có %(n)d lỗi; chưa có dữ liệu nào được ghi.") % {"n": len(errors)} + "\n")
    for error in errors:
        where = _("Dòng %(row)s") % {"row": error.row} if error.row is not None else _("Cả tệp")
        column = f" · {error.column}" if error.column else ""
        warning = f" · {_('cảnh báo')}" if getattr(error, "warning", False) else ""
        out.write(f"{where}{column}{warning}: {error.message}\n")
        if error.hint:
            out.write(f"    → {error.hint}\n")
