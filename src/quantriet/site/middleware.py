"""Language selection: Vietnamese unless the user chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a cadre whose phone is set
to English would suddenly get an English interface. The issue asks for Vietnamese by default with
English available: only an explicit choice (the language cookie set by the switcher) changes it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from quantriet.orgs.services.twofactor import second_factor_pending

_AVAILABLE = {code for code, _name in settings.LANGUAGES}


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in _AVAILABLE else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # The choice holds for this request only: afterwards the thread speaks as before, so code that
        # runs next on it outside a request (another test, a shell) does not inherit one user's English.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """A Content-Security-Policy and ``Cache-Control: no-store`` on every response Django answers.

    CSP: scripts and styles only from our own static files, so an injected ``<script>`` or ``onclick``
    would not run even if escaping ever failed; pages are never framed. A view may set a stricter policy
    of its own (``setdefault``).

    no-store: pages, exports and downloads carry members' personal data (decree 13/2023) and must not
    stay in a shared computer's browser cache or a proxy. Deciding per view which ones do is how one gets
    forgotten, so every response Django answers gets it; static files are served by the proxy (or by
    runserver's static handler, which does not pass through middleware) and keep their caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        if not request.path.startswith(self.static_prefix):
            response.headers["Cache-Control"] = "no-store"
        return response


class SecondFactorMiddleware:
    """Until a signed-in user who needs the second factor has given it, every page sends them to it.

    One gate for every view, the admin and the session-authenticated API alike, so no page can be
    forgotten. Only the code pages themselves, signing out and the language switch stay open. A
    request with an API key (``Authorization``) is left to the API, which ignores the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(self.static_prefix)
            and request.path not in _open_paths()
        ):
            pending = second_factor_pending(request.user, request.session.get(DEVICE_ID_SESSION_KEY))
            if pending is not None:
                return _second_factor_response(request, pending)
        return self.get_response(request)


@functools.cache
def _open_paths() -> frozenset[str]:
    """Reversed once per process: the gate asks on every request of a signed-in user."""
    return frozenset(reverse(name) for name in ("otp_setup", "otp_verify", "logout", "set_language"))


def _second_factor_response(request: HttpRequest, pending: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        message = _("Tài khoản này cần xác thực hai lớp: hãy nhập mã trên trang web, hoặc dùng khóa API.")
        return JsonResponse({"error": {"code": "second_factor_required", "message": message}}, status=403)
    target = reverse("otp_verify" if pending == "verify" else "otp_setup")
    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
