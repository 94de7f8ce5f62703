"""Top-level URL map. Each app owns its own ``urls.py``; this file only mounts them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path
from django_otp import DEVICE_ID_SESSION_KEY

from quantriet.orgs.services.twofactor import second_factor_pending
from quantriet.orgs.views.auth import AdminSignInForm
from quantriet.site import views

# The admin's own login is a sign-in path like any other: the same throttle, the same message.
admin.site.login_form = AdminSignInForm
_admin_may = admin.site.has_permission


def _admin_permission(request: HttpRequest) -> bool:
    # The site middleware already sends an unverified user to the code page; this keeps the admin shut
    # even if that middleware were ever left out of the settings.
    pending = second_factor_pending(request.user, request.session.get(DEVICE_ID_SESSION_KEY))
    return _admin_may(request) and pending is None


admin.site.has_permission = _admin_permission  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("quantriet.orgs.urls_accounts")),
    path("api/v1/documents/", include("quantriet.documents.urls_api")),
    path("api/v1/reports/", include("quantriet.reports.urls_api")),
    path("api/v1/reviews/", include("quantriet.reviews.urls_api")),
    path("api/v1/campaigns/", include("quantriet.campaigns.urls_api")),
    path("api/v1/", include("quantriet.orgs.urls_api")),
    path("", include("quantriet.orgs.urls")),
    path("documents/", include("quantriet.documents.urls")),
    path("campaigns/", include("quantriet.campaigns.urls")),
    path("reports/", include("quantriet.reports.urls")),
    path("reviews/", include("quantriet.reviews.urls")),
    path("notifications/", include("quantriet.core.notifications.urls")),
    path("admin/", admin.site.urls),
]
