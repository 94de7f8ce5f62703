"""Sign-in with throttling: after too many failures the form refuses for a while, whatever the password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quantriet.orgs.services import check_login_allowed, record_login_attempt
from quantriet.orgs.services.audit import client_address


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        address = client_address(self.request)
        if username and not check_login_allowed(username, address):
            raise ValidationError(
                _(
                    "Đăng nhập sai quá nhiều lần. Hãy chờ 15 phút rồi thử lại, "
                    "hoặc liên hệ quản trị để được hỗ trợ."
                ),
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            record_login_attempt(username, address, succeeded=False)
            raise
        record_login_attempt(username, address, succeeded=True)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True
