from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from quantriet.orgs.views import api_keys, twofactor
from quantriet.orgs.views.auth import LoginView

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("two-factor/", twofactor.setup, name="otp_setup"),
    path("two-factor/verify/", twofactor.verify, name="otp_verify"),
    path("two-factor/recovery-codes/", twofactor.recovery_codes, name="otp_recovery_codes"),
    path("api-keys/", api_keys.api_keys, name="api_keys"),
    path("api-keys/<int:token_id>/revoke/", api_keys.api_key_revoke, name="api_key_revoke"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="orgs/password_change.html", success_url="/"),
        name="password_change",
    ),
]
