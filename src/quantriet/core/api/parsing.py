"""Reading typed input from query strings and JSON bodies, with Vietnamese errors for each field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from quantriet.core import jsonbody, query
from quantriet.core.api.http import ApiError, invalid
from quantriet.core.modelfields import max_length
from quantriet.core.numbers import DB_INT_MAX, parse_int
from quantriet.core.textinput import clean_text

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
JSON_TYPES = ("application/json", "application/merge-patch+json")
MAX_BODY_BYTES = 1024 * 1024
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_json_object(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object, or a 415/400 error that says what to send instead."""
    content_type = request.content_type or ""
    if content_type not in JSON_TYPES:
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Nội dung phải ở dạng JSON, với tiêu đề Content-Type: application/json."),
        )
    if len(request.body) > MAX_BODY_BYTES:
        raise ApiError(400, "too_large", _("Nội dung gửi lên quá lớn (tối đa 1 MB)."))
    try:
        data = jsonbody.loads(_body_text(request))
    except jsonbody.JsonBodyError as error:
        raise _json_error(error.reason) from None
    if not isinstance(data, dict):
        raise ApiError(
            400, "malformed_json", _("Nội dung JSON phải là một đối tượng {…} chứa các trường cần ghi.")
        )
    return data


def _body_text(request: HttpRequest) -> bytes | str:
    """The body as JSON text: UTF-8 bytes as sent, unless the client named another charset."""
    encoding = (request.encoding or "utf-8").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8"):
        return request.body
    try:
        return request.body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise _json_error("encoding") from None


def _json_error(reason: str) -> ApiError:
    if reason == "too_deep":
        message = _(
            "Nội dung JSON lồng nhau quá sâu (tối đa %(n)d tầng ngoặc); "
            "hãy gửi một đối tượng phẳng gồm các trường cần ghi."
        ) % {"n": jsonbody.MAX_DEPTH}
    elif reason == "encoding":
        message = _(
            "Nội dung JSON phải ở mã UTF-8 và chỉ chứa ký tự hợp lệ; hãy kiểm tra các ký tự đặc biệt."
        )
    else:
        message = _("Nội dung gửi lên không phải JSON hợp lệ; hãy kiểm tra dấu ngoặc, dấu phẩy và dấu nháy.")
    return ApiError(400, "malformed_json", message)


def reject_unknown(data: Mapping[str, Any], known: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise invalid({field: _("Trường này không có hoặc không sửa được qua API.") for field in unknown})


@dataclass
class FieldReader:
    """Collects type errors field by field, so one answer lists every problem at once.

    With ``model``, a text field's length limit is the model field's ``max_length``: the API refuses
    what the column cannot hold, with the message a form shows for the same field.
    """

    data: Mapping[str, Any]
    errors: dict[str, str]
    model: type[Model] | None = None

    def text(self, field: str, *, nullable: bool = False, multiline: bool = False) -> str | None:
        """The field's string, cleaned as every form field is (``clean_text``) and trimmed."""
        value = self.data.get(field)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.errors[field] = _("Trường này phải là một chuỗi ký tự.")
            return None
        cleaned = clean_text(value, multiline=multiline).strip()
        limit = max_length(self.model, field) if self.model is not None else None
        if limit is not None:
            try:
                MaxLengthValidator(limit)(cleaned)
            except ValidationError as exc:
                self.errors[field] = " ".join(exc.messages)
                return None
        return cleaned

    def choice(self, field: str, allowed: Sequence[str], message: str) -> str | None:
        """One of ``allowed``; anything else (another word, a number, a long text) gets ``message``."""
        value = self.data.get(field)
        cleaned = clean_text(value).strip() if isinstance(value, str) else None
        if cleaned not in allowed:
            self.errors[field] = message
            return None
        return cleaned

    def date(self, field: str, *, nullable: bool = False) -> dt.date | None:
        value = self.data.get(field)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.errors[field] = _("Ngày phải là chuỗi theo dạng NNNN-TT-NN, ví dụ 2020-02-29.")
            return None
        try:
            # Only the documented NNNN-TT-NN: Python also reads "20200229" and "2020-W09-6".
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.errors[field] = _(
                "Ngày “%(value)s” không có thật hoặc sai dạng; "
                "hãy viết theo dạng NNNN-TT-NN, ví dụ 2020-02-29."
            ) % {"value": query.echo(value)}
            return None

    def integer(self, field: str, *, minimum: int = 1, maximum: int = DB_INT_MAX) -> int | None:
        """A JSON number without a fraction (not true/false, not "3") within [minimum, maximum]."""
        value = self.data.get(field)
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors[field] = _("Trường này phải là một số nguyên.")
            return None
        if parse_int(value, minimum=minimum, maximum=maximum) is None:
            self.errors[field] = _("Trường này phải là số nguyên từ %(min)d đến %(max)d.") % {
                "min": minimum,
                "max": maximum,
            }
            return None
        return value

    def check(self) -> None:
        if self.errors:
            raise invalid(self.errors)


# Query parameters: ``core.query`` reads them and ``http.api_view`` answers a bad one as a 400.


def query_int(
    params: QueryDict, name: str, *, default: int | None = None, minimum: int = 1, maximum: int = DB_INT_MAX
) -> int | None:
    return query.integer(params, name, minimum=minimum, maximum=maximum, default=default)


def query_choice(params: QueryDict, name: str, choices: Iterable[str]) -> str | None:
    return query.choice(params, name, choices)


def query_flag(params: QueryDict, name: str) -> bool:
    return query.flag(params, name)


def query_text(params: QueryDict, name: str, *, max_length: int = query.MAX_TEXT) -> str:
    return query.text(params, name, max_length=max_length)


def paginate(request: HttpRequest, queryset: QuerySet[Any], serialise: Any) -> dict[str, Any]:
    """One page of ``queryset`` (already in a stable order) in the documented envelope."""
    number = query_int(request.GET, "page", default=1) or 1
    size = query_int(request.GET, "page_size", default=DEFAULT_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    if size > MAX_PAGE_SIZE:
        raise invalid({"page_size": _("Mỗi trang có tối đa %(n)d mục.") % {"n": MAX_PAGE_SIZE}})
    paginator = Paginator(queryset, size)
    if number > paginator.num_pages:
        raise ApiError(
            404,
            "page_not_found",
            _("Trang %(page)d không có; danh sách chỉ có %(pages)d trang.")
            % {"page": number, "pages": paginator.num_pages},
        )
    page = paginator.page(number)
    items: list[Model] = list(page.object_list)

    def link(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "page_size": size,
        "next": link(number + 1) if page.has_next() else None,
        "previous": link(number - 1) if page.has_previous() else None,
        "results": [serialise(item) for item in items],
    }
