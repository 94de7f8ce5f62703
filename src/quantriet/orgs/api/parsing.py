"""Reading typed input from query strings and JSON bodies, with Vietnamese errors for each field."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from quantriet.orgs.api.http import ApiError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
JSON_TYPES = ("application/json", "application/merge-patch+json")
MAX_BODY_BYTES = 1024 * 1024


def invalid(fields: Mapping[str, str]) -> ApiError:
    return ApiError(
        400, "invalid", _("Dữ liệu gửi lên chưa hợp lệ; xem chi tiết ở từng trường và sửa lại."), fields
    )


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
        data = json.loads(request.body.decode(request.encoding or "utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(
            400,
            "malformed_json",
            _("Nội dung gửi lên không phải JSON hợp lệ; hãy kiểm tra dấu ngoặc, dấu phẩy và dấu nháy."),
        ) from None
    if not isinstance(data, dict):
        raise ApiError(
            400, "malformed_json", _("Nội dung JSON phải là một đối tượng {…} chứa các trường cần ghi.")
        )
    return data


def reject_unknown(data: Mapping[str, Any], known: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise invalid({field: _("Trường này không có hoặc không sửa được qua API.") for field in unknown})


@dataclass
class FieldReader:
    """Collects type errors field by field, so one answer lists every problem at once."""

    data: Mapping[str, Any]
    errors: dict[str, str]

    def text(self, field: str, *, nullable: bool = False) -> str | None:
        value = self.data.get(field)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.errors[field] = _("Trường này phải là một chuỗi ký tự.")
            return None
        return value

    def date(self, field: str, *, nullable: bool = False) -> dt.date | None:
        value = self.data.get(field)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.errors[field] = _("Ngày phải là chuỗi theo dạng NNNN-TT-NN, ví dụ 2020-02-29.")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.errors[field] = _(
                "Ngày “%(value)s” không có thật hoặc sai dạng; "
                "hãy viết theo dạng NNNN-TT-NN, ví dụ 2020-02-29."
            ) % {"value": value}
            return None

    def integer(self, field: str) -> int | None:
        value = self.data.get(field)
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors[field] = _("Trường này phải là một số nguyên.")
            return None
        return value

    def check(self) -> None:
        if self.errors:
            raise invalid(self.errors)


def query_int(params: QueryDict, name: str, *, default: int | None = None, minimum: int = 1) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        raise invalid(
            {
                name: _("Tham số %(name)s phải là số nguyên từ %(min)d trở lên.")
                % {"name": name, "min": minimum}
            }
        )
    return int(raw)


def query_choice(params: QueryDict, name: str, choices: Iterable[str]) -> str | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    allowed = list(choices)
    if raw not in allowed:
        raise invalid(
            {
                name: _("Giá trị “%(value)s” không hợp lệ; hãy dùng một trong: %(allowed)s.")
                % {"value": raw, "allowed": ", ".join(allowed)}
            }
        )
    return raw


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
