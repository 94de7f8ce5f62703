"""The second step of signing in: set up an authenticator app, and give its code after the password.

The password step (``views.auth``) signs the user in as usual; until the code is given, the site
middleware (``SecondFactorMiddleware``) sends a user who needs one here before any other page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import DEVICE_ID_SESSION_KEY

from quantriet.core.clientaddr import client_address
from quantriet.orgs.services.accounts import check_login_allowed, record_login_attempt
from quantriet.orgs.services.twofactor import (
    RECOVERY_CODES,
    check_code,
    confirm_enrolment,
    confirmed_device,
    enrolment_preview,
    looks_like_recovery_code,
    manual_key,
    new_enrolment_key,
    new_recovery_codes,
    qr_svg,
    recovery_codes_left,
    recovery_verify_allowed,
    second_factor_pending,
    second_factor_required,
    use_recovery_code,
)
from quantriet.orgs.views.auth import throttled_message

_SETUP_KEY = "quantriet_otp_setup_key"


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Mã 6 chữ số trong ứng dụng xác thực"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(CodeForm):
    """The code after the password: the app's six digits, or one of the recovery codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["otp_token"]
        field.label = gettext_lazy("Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng")
        field.widget.attrs["inputmode"] = "text"
        field.widget.attrs["autocapitalize"] = "off"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() reads anything without a "/" ("²") as a view name to reverse.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _pending(request: HttpRequest) -> str | None:
    return second_factor_pending(request.user, request.session.get(DEVICE_ID_SESSION_KEY))


def _signed_in(request: HttpRequest, device: object) -> None:
    # A new session key once the second factor is given, as Django does at the password step.
    request.session.cycle_key()
    django_otp.login(request, device)


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Show a new key (QR code and text) and switch it on once the app's first code matches."""
    user = request.user
    assert isinstance(user, User)
    existing = confirmed_device(user)
    if existing is not None and _pending(request) == "verify":
        # Replacing the second factor needs the current one: a stolen password must not be enough.
        return redirect(_with_next("otp_verify", request))
    # The key lives in the session until the app's first code confirms it: a visit writes nothing.
    key = request.session.get(_SETUP_KEY) or new_enrolment_key()
    request.session[_SETUP_KEY] = key
    device = enrolment_preview(user, key)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = confirm_enrolment(user, key, form.cleaned_data["otp_token"])
        if confirmed is not None:
            del request.session[_SETUP_KEY]
            _signed_in(request, confirmed)
            messages.success(
                request, _("Đã bật xác thực hai lớp. Từ nay, sau mật khẩu hãy nhập mã trong ứng dụng.")
            )
            # A new app gets a new set of recovery codes, shown this once.
            return _show_recovery_codes(request, new_recovery_codes(user), next_url=_next(request))
        form.add_error(
            "otp_token",
            _("Mã chưa đúng. Hãy nhập 6 chữ số đang hiện trong ứng dụng (mã đổi sau mỗi 30 giây)."),
        )
    context = {
        "form": form,
        "qr": qr_svg(device),
        "key": manual_key(device),
        "enabled": existing is not None,
        "required": second_factor_required(user),
        "next": _next(request),
    }
    return render(request, "orgs/two_factor_setup.html", context)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code after the password; wrong codes count against the sign-in throttle like passwords."""
    user = request.user
    assert isinstance(user, User)
    device = confirmed_device(user)
    if device is None:
        return redirect(_with_next("otp_setup", request))
    if _pending(request) != "verify":
        return redirect(_next(request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        typed = form.cleaned_data["otp_token"]
        recovery = looks_like_recovery_code(typed)
        allowed = recovery_verify_allowed(user) if recovery else device.verify_is_allowed()[0]
        if not check_login_allowed(user.get_username(), address):
            form.add_error(None, throttled_message())
        elif recovery and allowed:
            left = use_recovery_code(user, typed)
            record_login_attempt(user.get_username(), address, succeeded=left is not None)
            if left is not None:
                _signed_in(request, device)
                messages.warning(request, _recovery_left_message(left))
                return redirect(_next(request))
            form.add_error(
                "otp_token", _("Mã dự phòng không đúng hoặc đã dùng. Mỗi mã dự phòng chỉ dùng được một lần.")
            )
        elif not allowed:
            # Still a guess, though django-otp's pause kept it from being checked: it counts.
            record_login_attempt(user.get_username(), address, succeeded=False)
            form.add_error(None, _("Nhập sai mã nhiều lần liền. Hãy chờ ít phút rồi thử lại."))
        elif check_code(device, typed):
            record_login_attempt(user.get_username(), address, succeeded=True)
            _signed_in(request, device)
            return redirect(_next(request))
        else:
            record_login_attempt(user.get_username(), address, succeeded=False)
            form.add_error(
                "otp_token", _("Mã chưa đúng hoặc đã dùng. Hãy nhập mã mới đang hiện trong ứng dụng.")
            )
    return render(request, "orgs/two_factor_verify.html", {"form": form, "next": _next(request)})


def _recovery_left_message(left: int) -> str:
    if left == 0:
        return _(
            "Bạn vừa dùng mã dự phòng cuối cùng. Hãy vào trang Xác thực hai lớp để tạo bộ mã mới, "
            "hoặc cài lại ứng dụng trên điện thoại mới."
        )
    return _(
        "Đã đăng nhập bằng một mã dự phòng; mã này không dùng lại được nữa, còn %(left)s mã. "
        "Nếu mất điện thoại, hãy cài lại ứng dụng trên điện thoại mới ở trang Xác thực hai lớp."
    ) % {"left": left}


def _show_recovery_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = render(request, "orgs/two_factor_recovery.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"  # the codes are shown once: not kept by the browser either
    return response


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; a POST makes a new set (the old one stops working) and shows it."""
    user = request.user
    assert isinstance(user, User)
    if confirmed_device(user) is None:
        return redirect(_with_next("otp_setup", request))
    if _pending(request) is not None:
        return redirect(_with_next("otp_verify", request))
    if request.method == "POST":
        return _show_recovery_codes(request, new_recovery_codes(user), next_url=_next(request))
    context = {"left": recovery_codes_left(user), "total": RECOVERY_CODES, "next": _next(request)}
    return render(request, "orgs/two_factor_recovery.html", context)
