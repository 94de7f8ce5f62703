"""Query-string parameters: the one reader every page and API endpoint uses for ``?name=value``.

A query string is text anyone can type, so each reader here accepts only what its caller can use
safely further on: whole numbers of ASCII digits within bounds (``numbers.parse_int``; "²" passes
``isdigit()`` and breaks ``int()``, a year of 10000 breaks the date lookup), text cleaned like every
form field (``textinput.clean_text``: NUL makes PostgreSQL refuse the query) and capped in length, one of
a known set of values, or a yes/no flag; each sent once. An empty value is the same as none.

A value that makes no sense raises ``BadParameter`` with a Vietnamese sentence naming the parameter: the
JSON API answers it as a 400; HTML pages pass ``lenient=True`` and treat it as absent, the way a filter
form left at "all" is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from quantriet.core.numbers import DB_INT_MAX, parse_int
from quantriet.core.textinput import clean_text

__all__ = ["FLAG_VALUES", "MAX_TEXT", "BadParameter", "choice", "echo", "flag", "integer", "text"]

# Long enough for any name, symbol or search a person types; a search longer than this finds nothing
# that its first 200 characters do not.
MAX_TEXT = 200
# How much of a refused value an error message repeats back.
_ECHO = 50
# What an HTML checkbox ("on"), a script ("true") and a link ("1") send.
_TRUE = ("1", "true", "on")
_FALSE = ("0", "false", "off")
FLAG_VALUES = (*_FALSE, *_TRUE)

Params = Mapping[str, str]


class BadParameter(ValueError):
    """A query parameter's value is unusable; ``message`` says so in a sentence for the user."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _raw(params: Params, name: str, lenient: bool) -> str:
    """The parameter's one value. Sent twice (``?year=2019&year=2020``) it is refused, not guessed at;
    a lenient page takes the last, as Django does."""
    getlist = getattr(params, "getlist", None)
    values = [str(v) for v in getlist(name)] if getlist is not None else [str(params.get(name, "") or "")]
    if len(values) > 1 and not lenient:
        raise BadParameter(name, _("Tham số %(name)s chỉ được gửi một lần.") % {"name": name})
    return values[-1].strip() if values else ""


def echo(raw: str) -> str:
    """``raw`` as an error message may repeat it: cleaned, and cut short when long."""
    shown = clean_text(raw)
    return shown if len(shown) <= _ECHO else shown[:_ECHO] + "…"


def integer(
    params: Params,
    name: str,
    *,
    minimum: int = 1,
    maximum: int = DB_INT_MAX,
    default: int | None = None,
    lenient: bool = False,
) -> int | None:
    """The whole number in ``name`` within [minimum, maximum], or ``default`` when it is absent or empty."""
    raw = _raw(params, name, lenient)
    if not raw:
        return default
    value = parse_int(raw, minimum=minimum, maximum=maximum)
    if value is not None:
        return value
    if lenient:
        return default
    if maximum >= DB_INT_MAX:
        message = _("Tham số %(name)s phải là số nguyên từ %(min)d trở lên.") % {"name": name, "min": minimum}
    else:
        message = _("Tham số %(name)s phải là số nguyên từ %(min)d đến %(max)d.") % {
            "name": name,
            "min": minimum,
            "max": maximum,
        }
    raise BadParameter(name, message)


def text(params: Params, name: str, *, max_length: int = MAX_TEXT, lenient: bool = False) -> str:
    """The text in ``name``, cleaned as a form field would clean it, trimmed and cut at ``max_length``.

    Refuses nothing but a repeated parameter: a search with an odd character in it still searches for
    the rest.
    """
    return clean_text(_raw(params, name, lenient)).strip()[:max_length].strip()


def choice(params: Params, name: str, choices: Iterable[str], *, lenient: bool = False) -> str | None:
    """One of ``choices`` (compared exactly), or None when ``name`` is absent or empty."""
    raw = _raw(params, name, lenient)
    if not raw:
        return None
    allowed = list(choices)
    if raw in allowed:
        return raw
    if lenient:
        return None
    raise BadParameter(
        name,
        _("Giá trị “%(value)s” không hợp lệ; hãy dùng một trong: %(allowed)s.")
        % {"value": echo(raw), "allowed": ", ".join(allowed)},
    )


def flag(params: Params, name: str, *, lenient: bool = False) -> bool:
    """True for "1", "true" or "on"; False for "0", "false", "off" or nothing (``FLAG_VALUES``)."""
    raw = _raw(params, name, lenient)
    if raw in _TRUE:
        return True
    if not raw or raw in _FALSE or lenient:
        return False
    raise BadParameter(
        name,
        _("Tham số %(name)s chỉ nhận 1 (có) hoặc 0 (không), không nhận “%(value)s”.")
        % {"name": name, "value": echo(raw)},
    )
