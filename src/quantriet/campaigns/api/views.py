"""The campaigns' API views: parse, look up through ``campaigns.selectors`` (the pages' reach), serialise.

Everything out of reach answers 404, as the pages do. Lists of people (a point's delegates, its check-ins)
are logged as bulk reads of personal data, like the pages that show them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from quantriet.campaigns import selectors
from quantriet.campaigns.api import serialise
from quantriet.campaigns.models import BridgePoint, Method
from quantriet.campaigns.services.checkin import CheckInRefused
from quantriet.campaigns.services.kiosk import authenticate_kiosk, kiosk_check_in
from quantriet.core.api.http import ApiError, api_view, invalid, json_response
from quantriet.core.api.parsing import paginate, read_json_object, reject_unknown
from quantriet.orgs.services.audit import record_bulk_read

KIOSK_HEADER = "HTTP_X_KIOSK_KEY"
# Refusals about the state of things (409) and about time (422), as the desk's JSON endpoint answers them.
CONFLICTS = frozenset({"already", "client_id_reused"})
UNTIMELY = frozenset({"not_open", "closed", "at_outside_window", "at_in_future"})


def _page(request: HttpRequest, queryset: Any) -> dict[str, Any]:
    """One page in the envelope, with the model objects themselves as ``results`` (serialised by the caller,
    which can then name all the page's units in one query)."""

    def keep(item: Model) -> Model:
        return item

    return paginate(request, queryset, keep)


@api_view("GET")
def campaigns(request: HttpRequest) -> HttpResponse:
    """The campaigns the user may read: as organiser, as staff of a unit in their scope, as a member."""
    found = (
        selectors.campaigns_in_reach(request.user)
        .select_related("organising_unit", "scope_unit")
        .order_by("-conference_date", "-id")
    )
    page = _page(request, found)
    items = page["results"]
    paths = serialise.paths_of([u for c in items for u in (c.organising_unit, c.scope_unit)])
    page["results"] = [serialise.campaign_item(c, paths) for c in items]
    return json_response(page)


@api_view("GET")
def campaign(request: HttpRequest, id: int) -> HttpResponse:
    found = selectors.campaign_or_404(request.user, id)
    conferences = list(found.conferences.order_by("held_on", "starts_at", "id"))
    paths = serialise.paths_of([found.organising_unit, found.scope_unit])
    body = serialise.campaign_detail(
        found,
        conferences,
        organiser=selectors.may_see_campaign(request.user, found),
        manages=selectors.may_manage(request.user, found),
        paths=paths,
    )
    return json_response(body)


@api_view("GET")
def conference(request: HttpRequest, id: int) -> HttpResponse:
    """A conference and the points whose pages the user may open (all of them for the organisers)."""
    found = selectors.conference_or_404(request.user, id)
    ids = selectors.point_ids(request.user, found)
    points = list(
        found.points.filter(pk__in=ids).select_related("host_unit").order_by("-is_main", "name", "id")
    )
    paths = serialise.paths_of(p.host_unit for p in points)
    return json_response(serialise.conference_detail(found, points, paths))


def _point(request: HttpRequest, id: int) -> BridgePoint:
    return selectors.point_or_404(request.user, id)


@api_view("GET")
def point(request: HttpRequest, id: int) -> HttpResponse:
    found = _point(request, id)
    board = selectors.point_board(found)
    paths = serialise.paths_of([found.host_unit])
    body = serialise.point_detail(found, board, paths, checks_in=selectors.may_check_in(request.user, found))
    return json_response(body)


@api_view("GET")
def point_delegates(request: HttpRequest, id: int) -> HttpResponse:
    """The point's delegates with where each stands (present, made up, excused, absent)."""
    found = _point(request, id)
    delegates = selectors.with_status(selectors.delegates_of(found))
    page = _page(request, delegates)
    items = page["results"]
    paths = serialise.paths_of(d.unit for d in items)
    page["results"] = [serialise.delegate_item(d, paths) for d in items]
    record_bulk_read(request.user, "api.campaigns.delegates", unit=found.host_unit_id, rows=len(items))
    return json_response(page)


@api_view("GET")
def point_check_ins(request: HttpRequest, id: int) -> HttpResponse:
    """Every check-in recorded at the point, newest first, the reversed ones too (marked so)."""
    found = _point(request, id)
    rows = found.check_ins.select_related("delegate__member").order_by("-at", "-id")
    page = paginate(request, rows, serialise.check_in_item)
    record_bulk_read(
        request.user, "api.campaigns.check_ins", unit=found.host_unit_id, rows=len(page["results"])
    )
    return json_response(page)


@api_view("GET")
def plans(request: HttpRequest, id: int) -> HttpResponse:
    """The units that owe the campaign a plan, in the user's reach, with where each plan stands."""
    found = selectors.plan_campaign_or_404(request.user, id)
    reach = selectors.plan_reach(request.user, found)
    page = _page(request, reach.order_by("name_sort", "id"))
    units = page["results"]
    rows = {r.unit.pk: r for r in selectors.plan_board(found, reach.filter(pk__in=[u.pk for u in units]))}
    paths = serialise.paths_of(units)
    page["results"] = [serialise.plan_item(rows[u.pk], paths) for u in units if u.pk in rows]
    return json_response(page)


# --- the kiosk ------------------------------------------------------------------------------------


def _kiosk_status(refused: CheckInRefused) -> int:
    if refused.kind in CONFLICTS:
        return 409
    return 422 if refused.kind in UNTIMELY else 400


def _at(raw: Any) -> dt.datetime | None:
    if raw is None:
        return None
    moment = None
    if isinstance(raw, str) and len(raw) <= 64:
        try:
            moment = dt.datetime.fromisoformat(raw)
        except ValueError:
            moment = None
    if moment is None or moment.tzinfo is None:
        raise invalid(
            {
                "at": _(
                    "Thời điểm điểm danh phải là ngày giờ ISO 8601 có múi giờ, "
                    "ví dụ 2025-09-10T07:25:00+07:00."
                )
            }
        )
    return moment


@api_view("POST", public=True)  # authenticated by the point's kiosk key below, not by a person's key
def kiosk_check_in_view(request: HttpRequest, point_id: int) -> HttpResponse:
    """``POST {"code", "client_id", "method"?, "at"?}`` with ``X-Kiosk-Key``: 201 recorded, 200 a replay."""
    key = request.META.get(KIOSK_HEADER, "")
    if not key and request.user.is_authenticated:
        # Someone signed in, from a browser: the desk page is theirs; this address is for devices.
        raise ApiError(
            403,
            "kiosk_only",
            _(
                "Địa chỉ này chỉ dành cho máy điểm danh tự phục vụ có khóa của điểm cầu (tiêu đề "
                "X-Kiosk-Key). Cán bộ điểm danh hãy dùng trang điểm danh của điểm cầu."
            ),
        )
    kiosk = authenticate_kiosk(point_id, key) if key else None
    if kiosk is None:
        raise ApiError(
            401,
            "invalid_kiosk_key",
            _(
                "Thiếu khóa máy điểm danh (tiêu đề X-Kiosk-Key), hoặc khóa không đúng, "
                "đã bị thu hồi hay không phải của điểm cầu này. "
                "Hãy nhờ cán bộ phụ trách điểm cầu cấp khóa mới."
            ),
        )
    data = read_json_object(request)
    reject_unknown(data, ("code", "client_id", "method", "at"))
    errors: dict[str, str] = {}
    code = data.get("code")
    if not isinstance(code, str) or not code.strip():
        errors["code"] = _("Hãy gửi mã cá nhân in trên giấy mời (chuỗi ký tự).")
    try:
        client_id = uuid.UUID(str(data.get("client_id")))
    except ValueError:
        errors["client_id"] = _("Mã lượt điểm danh (client_id) phải là một UUID do máy tạo cho mỗi lượt.")
    method = data.get("method", Method.SCAN)
    if method not in (Method.SCAN, Method.TYPED):
        errors["method"] = _("Cách điểm danh phải là “scan” (quét mã QR) hoặc “typed” (gõ mã).")
    if errors:
        raise invalid(errors)
    at = _at(data.get("at"))
    assert isinstance(code, str)
    try:
        done = kiosk_check_in(kiosk, code, client_id=client_id, method=str(method), at=at)
    except CheckInRefused as refused:
        raise ApiError(_kiosk_status(refused), refused.kind, refused.message) from None
    body = serialise.recorded(done.check_in, replayed=done.replayed, message=done.message)
    return json_response(body, status=200 if done.replayed else 201)
