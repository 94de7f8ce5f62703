"""Personal API keys on the web: list, create (the key is shown once) and revoke one's own keys; and, for
those who manage a unit's roles, the live keys of its accounts, to revoke one.

Who may: an account holding a role at a unit, or an operator: the API serves what those roles allow,
and a plain member's own record needs no script. A key carries its holder's rights, so creating one is
guarded like a sign-in: an account with the second factor gives its current code again (a session
left open on a shared computer is not enough to take a key away).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from quantriet.core.clientaddr import client_address
from quantriet.core.numbers import parse_int
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import ApiToken, Member, RoleAssignment, Unit, UnitLink
from quantriet.orgs.services.accounts import check_login_allowed, record_login_attempt
from quantriet.orgs.services.tokens import create_token, revoke_token
from quantriet.orgs.services.twofactor import check_code, confirmed_device
from quantriet.orgs.views.auth import throttled_message
from quantriet.orgs.views.common import unit_for


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên khóa"),
        max_length=100,
        help_text=gettext_lazy("Chương trình hay máy sẽ dùng khóa, để sau này nhận ra mà thu hồi."),
    )
    lifetime = forms.TypedChoiceField(
        label=gettext_lazy("Hiệu lực"),
        choices=[
            (30, gettext_lazy("30 ngày")),
            (90, gettext_lazy("90 ngày")),
            (365, gettext_lazy("1 năm")),
        ],
        coerce=int,
        initial=90,
        help_text=gettext_lazy("Sau hạn này khóa tự thôi hiệu lực; khi cần, hãy tạo khóa mới."),
    )
    otp_token = forms.CharField(
        label=gettext_lazy("Mã 6 chữ số trong ứng dụng xác thực"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _holder(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not access.has_any(user, C.VIEW_UNITS):
        raise PermissionDenied(
            _("Khóa API dành cho tài khoản có vai trò tại một đơn vị; tài khoản của bạn chưa có vai trò nào.")
        )
    return user


def _page(
    request: HttpRequest, user: User, form: ApiKeyForm, *, status: int = 200, **extra: object
) -> HttpResponse:
    # Live keys first, then the revoked ones (kept, so the holder sees what was stopped and when).
    keys = ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )
    context = {
        "form": form,
        "keys": list(keys),
        "needs_code": confirmed_device(user) is not None,
        "docs_url": reverse("api:docs"),
        "now": timezone.now(),
        **extra,
    }
    return render(request, "orgs/api_keys.html", context, status=status)


def _second_factor_given(request: HttpRequest, user: User, form: ApiKeyForm) -> bool:
    """True when the account has no second factor, or its current code was given (counted like sign-ins)."""
    device = confirmed_device(user)
    if device is None:
        return True
    code = form.cleaned_data.get("otp_token") or ""
    address = client_address(request)
    if not code:
        form.add_error("otp_token", _("Tài khoản có xác thực hai lớp: hãy nhập mã đang hiện trong ứng dụng."))
        return False
    allowed, _why = device.verify_is_allowed()
    if not check_login_allowed(user.get_username(), address):
        form.add_error(None, throttled_message())
        return False
    if allowed and check_code(device, code):
        record_login_attempt(user.get_username(), address, succeeded=True)
        return True
    record_login_attempt(user.get_username(), address, succeeded=False)
    form.add_error("otp_token", _("Mã chưa đúng hoặc đã dùng. Hãy nhập mã mới đang hiện trong ứng dụng."))
    return False


@login_required
def api_keys(request: HttpRequest) -> HttpResponse:
    user = _holder(request)
    if request.method != "POST":
        return _page(request, user, ApiKeyForm())
    form = ApiKeyForm(request.POST)
    if not form.is_valid() or not _second_factor_given(request, user, form):
        return _page(request, user, form, status=400)
    try:
        expires_at = timezone.now() + dt.timedelta(days=form.cleaned_data["lifetime"])
        token, key = create_token(user, user, form.cleaned_data["name"], expires_at=expires_at)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _page(request, user, form, status=400)
    # The plain key is in this answer only: no message, session or log holds it.
    return _page(request, user, ApiKeyForm(), new_key=key, new_token=token)


@require_POST
@login_required
def api_key_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _holder(request)
    token = ApiToken.objects.filter(user=user, pk=token_id).select_related("user").first()
    if token is None:
        messages.error(request, _("Không thấy khóa này trong các khóa của bạn; hãy tải lại trang."))
    elif token.revoked_at is not None:
        messages.info(request, _("Khóa “%(name)s” đã bị thu hồi từ trước.") % {"name": token.name})
    else:
        revoke_token(user, token)
        messages.success(
            request,
            _("Đã thu hồi khóa “%(name)s”; chương trình dùng nó sẽ nhận lỗi 401.") % {"name": token.name},
        )
    return redirect("api_keys")


# --- the keys of a unit's accounts, for those who manage its roles --------------------------------------


def _unit_keys(unit: Unit) -> QuerySet[ApiToken]:
    """Live keys of the accounts that hold a role in ``unit``'s subtree or belong to one of its members."""
    scope = UnitLink.objects.filter(ancestor=unit).values("descendant_id")
    holders = RoleAssignment.objects.filter(revoked_at__isnull=True, unit_id__in=scope).values("user_id")
    members = Member.objects.filter(unit_id__in=scope, user__isnull=False).values("user_id")
    live = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    return (
        ApiToken.objects.filter(
            live, Q(user_id__in=holders) | Q(user_id__in=members), revoked_at__isnull=True
        )
        .select_related("user")
        .order_by("user__username", "-created_at", "-id")
    )


@login_required
def unit_api_keys(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Those who manage a unit's roles see its accounts' live keys and revoke one (a lost laptop, a clerk
    who left without revoking it); the holder is not asked. Audited like the holder's own revocation."""
    unit = unit_for(request.user, unit_id, C.MANAGE_ROLES)
    if request.method == "POST":
        token = _unit_keys(unit).filter(pk=parse_int(request.POST.get("token"), minimum=1) or 0).first()
        if token is None:
            messages.error(
                request, _("Không thấy khóa này trong các khóa đang dùng; có thể nó đã bị thu hồi.")
            )
        else:
            revoke_token(request.user, token)
            messages.success(
                request,
                _("Đã thu hồi khóa “%(name)s” của %(user)s.")
                % {"name": token.name, "user": token.user.get_username()},
            )
        return redirect("orgs:unit_api_keys", unit_id=unit.pk)
    return render(request, "orgs/unit_api_keys.html", {"unit": unit, "keys": list(_unit_keys(unit))})
