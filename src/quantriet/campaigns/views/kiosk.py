"""A bridge point's kiosk keys: the desk staff create (the key is shown once), rotate and revoke them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from quantriet.campaigns import selectors
from quantriet.campaigns.models import BridgePoint
from quantriet.campaigns.selectors.kiosk import kiosk_key_or_none, kiosk_keys
from quantriet.campaigns.services import kiosk as service
from quantriet.core.numbers import parse_int


def _desk(request: HttpRequest, point_id: int) -> BridgePoint:
    """The point, for those who run its desk (as the check-in page asks); 404 outside reach, else 403."""
    point = selectors.point_or_404(request.user, point_id)
    if not selectors.may_check_in(request.user, point):
        raise PermissionDenied
    return point


def _page(request: HttpRequest, point: BridgePoint, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = {
        "point": point,
        "conference": point.conference,
        "keys": list(kiosk_keys(point)),
        "endpoint": request.build_absolute_uri(reverse("campaigns_api:kiosk_check_in", args=[point.pk])),
        "max_keys": service.MAX_ACTIVE_KEYS,
        **extra,
    }
    return render(request, "campaigns/kiosk_keys.html", context, status=status)


@login_required
def kiosk_keys_page(request: HttpRequest, point_id: int) -> HttpResponse:
    point = _desk(request, point_id)
    if request.method != "POST":
        return _page(request, point)
    action = request.POST.get("action", "")
    if action == "create":
        name = request.POST.get("name", "")[:300]
        try:
            created, key = service.create_kiosk_key(request.user, point, name)
        except ValidationError as error:
            return _page(request, point, status=400, error=" ".join(error.messages), name=name)
        # Shown in this answer only: the key is in no message, session or log.
        return _page(request, point, new_key=key, new_kiosk=created)
    found = kiosk_key_or_none(point, parse_int(request.POST.get("key"), minimum=1) or 0)
    if found is None or found.revoked_at is not None or action not in ("revoke", "rotate"):
        messages.error(
            request, _("Không thấy khóa này trong các khóa đang dùng của điểm cầu; hãy tải lại trang.")
        )
        return redirect("campaigns:kiosk_keys", point_id=point.pk)
    if action == "rotate":
        created, key = service.rotate_kiosk_key(request.user, found)
        return _page(request, point, new_key=key, new_kiosk=created, rotated=True)
    service.revoke_kiosk_key(request.user, found)
    messages.success(
        request,
        _("Đã thu hồi khóa của máy “%(name)s”; máy đó không điểm danh được nữa.") % {"name": found.name},
    )
    return redirect("campaigns:kiosk_keys", point_id=point.pk)
