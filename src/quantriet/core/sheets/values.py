"""Reading one cell: text, blanks, dates as offices write them, and words among named choices."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from quantriet.text import fold

# Spreadsheets are a data format: column names and cell words are Vietnamese whatever language the
# interface speaks, so a list exported in English imports again and hints name the words to write.
FILE_LANGUAGE = "vi"

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


class CellError(ValueError):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def text(value: Any) -> str:
    """A cell as text; whole numbers typed into Excel (card numbers) lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date_hint() -> str:
    return _("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/09/1980, hoặc định dạng ô là ngày trong Excel.")


def parse_date(value: Any) -> dt.date | None:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd or a real Excel date; blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    match = _DMY.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(raw)
        if not match:
            raise CellError(_("“%(value)s” không phải là ngày.") % {"value": raw}, _date_hint())
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            _("Ngày %(value)s không có thật (không có ngày %(day)d trong tháng %(month)d/%(year)d).")
            % {"value": raw, "day": day, "month": month, "year": year}
            if 1 <= month <= 12
            else _("Ngày %(value)s không có thật (không có tháng %(month)d).")
            % {"value": raw, "month": month},
            _("Hãy kiểm tra lại ngày, tháng trong hồ sơ gốc."),
        ) from None


@lru_cache(maxsize=1024)
def choice_key(raw: str) -> str:
    return fold(raw).replace(".", "").strip()


def choose(mapping: Mapping[str, str], value: Any, messages: Callable[[], tuple[str, str]]) -> str:
    """Look a cell up among named choices; the (translated) messages are only built on an error."""
    try:
        return mapping[choice_key(text(value))]
    except KeyError:
        message, hint = messages()
        raise CellError(message % {"value": text(value)}, hint) from None


def keyed(pairs: dict[str, list[str]]) -> dict[str, str]:
    """``{code: [names]}`` as ``{folded name: code}``, for ``choose``."""
    return {fold(name): code for code, names in pairs.items() for name in names}
