"""The shell every API view runs in: authentication, CSRF, allowed methods and JSON errors.

A request authenticates either with the browser session (then unsafe methods need the CSRF token,
as any form would) or with ``Authorization: Bearer <key>`` (then CSRF does not apply: a browser
never adds that header by itself). A present but wrong bearer key is refused outright rather than
falling back to the session, so a script never silently runs as someone else. Both are rate-limited
(``core.api.ratelimit``): 429 with Retry-After. Which keys exist is
the business of the app that issues them: the setting ``API_KEY_AUTHENTICATOR`` names its function
(key -> token with a ``user``, or None).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from quantriet.core.api import ratelimit
from quantriet.core.query import BadParameter

View = Callable[..., HttpResponse]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _Token(Protocol):
    user: Any


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message", "fields"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = dict(fields or {})


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> JsonResponse:
    # Vietnamese stays readable in the body instead of \u escapes.
    return JsonResponse(
        data, status=status, safe=False, headers=headers, json_dumps_params={"ensure_ascii": False}
    )


def error_response(error: ApiError, headers: Mapping[str, str] | None = None) -> JsonResponse:
    body = {"error": {"code": error.code, "message": error.message, "fields": error.fields}}
    return json_response(body, status=error.status, headers=headers)


def invalid(fields: Mapping[str, str]) -> ApiError:
    return ApiError(
        400, "invalid", _("Dữ liệu gửi lên chưa hợp lệ; xem chi tiết ở từng trường và sửa lại."), fields
    )


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Không tìm thấy mục này, hoặc bạn không có quyền xem nó."))


def validation_error(exc: ValidationError) -> ApiError:
    if hasattr(exc, "error_dict"):
        fields = {
            field: " ".join(m for e in errors for m in e.messages) for field, errors in exc.error_dict.items()
        }
    else:
        fields = {}
    message = _("Dữ liệu gửi lên chưa hợp lệ; xem chi tiết ở từng trường và sửa lại.")
    if not fields:
        message = " ".join(exc.messages) or message
    return ApiError(400, "invalid", message, fields)


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        raise ApiError(
            403,
            "csrf",
            _(
                "Thiếu hoặc sai mã CSRF. Khi dùng phiên đăng nhập của trình duyệt, "
                "hãy gửi kèm tiêu đề X-CSRFToken; "
                "chương trình nên dùng khóa API (Authorization: Bearer …)."
            ),
        )


def _enforce_csrf(request: HttpRequest) -> None:
    check = _CsrfCheck(lambda r: HttpResponse())
    check.process_request(request)
    check.process_view(request, lambda r: HttpResponse(), (), {})


@functools.cache
def _authenticator(path: str) -> Callable[[str], _Token | None]:
    """The function the setting names, imported once per process (keyed on the path, so a test that
    overrides the setting gets its own)."""
    found: Callable[[str], _Token | None] = import_string(path)
    return found


def authenticate(request: HttpRequest) -> str:
    """Set ``request.user`` and return how it was proven ("token" or "session"); raise 401 otherwise."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise ApiError(
                401, "unauthenticated", _("Tiêu đề Authorization phải có dạng “Bearer <khóa API>”.")
            )
        token = _authenticator(settings.API_KEY_AUTHENTICATOR)(key)
        if token is None:
            raise ApiError(
                401, "invalid_token", _("Khóa API không đúng hoặc đã bị thu hồi. Hãy xin cấp khóa mới.")
            )
        request.user = token.user
        return "token"
    if request.user.is_authenticated:
        if request.method in UNSAFE_METHODS:
            _enforce_csrf(request)
        return "session"
    raise ApiError(
        401,
        "unauthenticated",
        _("Bạn chưa đăng nhập. Hãy đăng nhập hoặc gửi khóa API trong tiêu đề Authorization."),
    )


def _authenticate_within_limits(request: HttpRequest) -> str:
    """``authenticate``, with the API's rate limits (``core.api.ratelimit``) around it."""
    ratelimit.refuse_failing_address(request)
    try:
        proven = authenticate(request)
    except ApiError:
        ratelimit.count_failed_authentication(request)
        raise
    ratelimit.spend_request(request)
    return proven


def api_view(*methods: str, public: bool = False) -> Callable[[View], View]:
    """Wrap a view: check the method, authenticate (unless ``public``) and turn errors into JSON."""
    allowed = ", ".join(methods)

    def decorate(view: View) -> View:
        @csrf_exempt  # CSRF is enforced in ``authenticate`` for session requests only
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise ApiError(
                        405,
                        "method_not_allowed",
                        _("Địa chỉ này không nhận phương thức %(method)s; chỉ nhận %(allowed)s.")
                        % {"method": request.method, "allowed": allowed},
                    )
                if not public:
                    request.api_auth = _authenticate_within_limits(request)  # type: ignore[attr-defined]
                return view(request, *args, **kwargs)
            except ratelimit.RateLimited as limited:
                return error_response(
                    ApiError(429, "rate_limited", limited.message), {"Retry-After": str(limited.retry_after)}
                )
            except ApiError as error:
                headers: dict[str, str] = {}
                if error.status == 405:
                    headers["Allow"] = allowed
                if error.status == 401:
                    headers["WWW-Authenticate"] = 'Bearer realm="quantriet"'
                return error_response(error, headers)
            except Http404:
                return error_response(not_found())
            except PermissionDenied:
                return error_response(
                    ApiError(403, "forbidden", _("Bạn không có quyền làm việc này ở đơn vị này."))
                )
            except ValidationError as exc:
                return error_response(validation_error(exc))
            except BadParameter as bad:
                # A query parameter read with ``core.query``: every endpoint answers it the same way.
                return error_response(invalid({bad.name: bad.message}))

        return wrapped

    return decorate
