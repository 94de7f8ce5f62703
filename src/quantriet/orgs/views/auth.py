"""Sign-in with throttling: after too many failures the form refuses for a while, whatever the password.

The same check guards the main form and Django's admin login (``AdminSignInForm``); every other path
that authenticates is guarded by ``orgs.signin``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext

from quantriet.core.clientaddr import client_address
from quantriet.orgs.services.accounts import check_login_allowed, record_login_attempt, sign_in_window_minutes


def throttled_message() -> str:
    minutes = sign_in_window_minutes()
    return ngettext(
        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)d phút, "
        "hoặc liên hệ quản trị để được hỗ trợ.",
        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)d phút, "
        "hoặc liên hệ quản trị để được hỗ trợ.",
        minutes,
    ) % {"minutes": minutes}


class ThrottledSignInMixin:
    """Refuse while locked, before the password is even checked; count a success.

    Failures are counted by ``orgs.signin.count_failure`` (Django's ``user_login_failed``), once, for
    every path alike. The name checked is the field's cleaned value: Django's UsernameField has already
    applied NFKC, so a look-alike name is counted and refused as the account it reaches.
    """

    request: HttpRequest | None
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if username and not check_login_allowed(username, address):
            # Refused before authenticate(): no user_login_failed, so the refusal is not counted.
            raise ValidationError(throttled_message(), code="throttled")
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        if username:
            record_login_attempt(username, address, succeeded=True)
        return cleaned


class ThrottledAuthenticationForm(ThrottledSignInMixin, AuthenticationForm):
    pass


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True
