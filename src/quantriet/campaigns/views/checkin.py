"""The check-in desk of a bridge point: a code, a name from the list, or a guest; and its JSON twin.

Every form on the page carries a fresh ``client_id``, so pressing "send" twice (or the browser
resending a form) records one check-in. The JSON endpoint takes the same from a scanning or offline
client: ``{"code", "client_id", "method"}``, a pick from the list or a guest (see ``check_in_json``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quantriet.campaigns import selectors, services
from quantriet.campaigns.forms import GuestCheckInForm
from quantriet.campaigns.models import BridgePoint, CheckIn, Method
from quantriet.campaigns.services import CheckInRefused, Recorded
from quantriet.core.jsonbody import JsonBodyError, loads
from quantriet.core.numbers import parse_int
from quantriet.core.textinput import clean_text
from quantriet.orgs.selectors import with_paths
from quantriet.orgs.services.audit import record_bulk_read

# Refusals that are about the state of things rather than the request's content.
CONFLICTS = frozenset({"already", "client_id_reused", "guest_repeated", "reversed"})
# Refusals about time: the request is well formed but the conference does not take it now.
UNTIMELY = frozenset({"not_open", "closed", "at_outside_window", "at_in_future"})


def _status(refused: CheckInRefused) -> int:
    if refused.kind in CONFLICTS:
        return 409
    return 422 if refused.kind in UNTIMELY else 400


def _desk(request: HttpRequest, point_id: int) -> BridgePoint:
    point = selectors.point_or_404(request.user, point_id)
    if not selectors.may_check_in(request.user, point):
        raise PermissionDenied
    return point


def _client_id(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except (ValueError, TypeError):
        return None


def _page(request: HttpRequest, point: BridgePoint, *, status: int = 200, **extra: Any) -> HttpResponse:
    waiting = list(selectors.waiting_at(point))
    with_paths([d.unit for d in waiting if d.unit is not None], top=point.host_unit)
    # The desk reloads after every check-in, dozens of times an hour: logged like a self-refreshing board.
    record_bulk_read(
        request.user, "campaigns.check_in", unit=point.host_unit_id, rows=len(waiting), refreshing=True
    )
    context = {
        "point": point,
        "conference": point.conference,
        "waiting": [(d, uuid.uuid4()) for d in waiting],
        "client_id": uuid.uuid4(),
        "guest_client_id": uuid.uuid4(),
        "guest_form": extra.pop("guest_form", None) or GuestCheckInForm(),
        "board": selectors.point_board(point),
        "may_reverse": selectors.may_reverse(request.user, point, point.conference.held_on),
        # Staff who opened the desk of another day's conference are told so (they may mean another one).
        "day_offset": (point.conference.held_on - timezone.localdate()).days,
        "sees_campaign": selectors.may_see_campaign(request.user, point.conference.campaign),
        # The desk's script hides those it checked in after this moment (a copy kept for offline use).
        "rendered_at": timezone.now().isoformat(),
        **extra,
    }
    response = render(request, "campaigns/checkin.html", context, status=status)
    if status == 200:
        # The only responses the desk's service worker keeps for offline reloads (see desk-sw.js).
        response.headers["X-Desk-Page"] = "1"
    return response


@login_required
def check_in_page(request: HttpRequest, point_id: int) -> HttpResponse:
    point = _desk(request, point_id)
    if request.method != "POST":
        return _page(request, point)
    client_id = _client_id(request.POST.get("client_id"))
    if client_id is None:
        messages.error(request, _("Trang điểm danh đã cũ; hãy thử lại trên trang vừa tải lại."))
        return redirect("campaigns:check_in", point_id=point.pk)
    action = request.POST.get("action", "")
    guest_form = None
    try:
        if action == "code":
            recorded = services.check_in_code(
                request.user, point, request.POST.get("code", ""), client_id=client_id, method=Method.TYPED
            )
        elif action == "name":
            delegate = selectors.delegates_of(point).filter(pk=_int(request.POST.get("delegate"))).first()
            if delegate is None:
                raise CheckInRefused("unknown", _("Không thấy đại biểu này trong danh sách của điểm cầu."))
            recorded = services.check_in_delegate(
                request.user, point, delegate, client_id=client_id, method=Method.NAME
            )
        elif action == "guest":
            guest_form = GuestCheckInForm(request.POST)
            name, note = _guest(guest_form)
            recorded = services.check_in_guest(request.user, point, name=name, note=note, client_id=client_id)
        else:
            raise CheckInRefused("bad_method", _("Cách điểm danh không hợp lệ; hãy tải lại trang."))
    except CheckInRefused as refused:
        return _page(
            request,
            point,
            status=_status(refused),
            refusal=refused.message,
            typed=request.POST.get("code", "")[:80],
            guest_form=guest_form,
        )
    _announce(request, recorded)
    return redirect("campaigns:check_in", point_id=point.pk)


def _guest(form: GuestCheckInForm) -> tuple[str, str]:
    """The guest's name and note as the form cleans them: the page and the JSON endpoint share its rules."""
    if form.is_valid():
        return form.cleaned_data["name"], form.cleaned_data.get("note") or ""
    errors = form.errors.as_data()
    for field, kind in (("name", "guest_name"), ("note", "guest_note")):
        if field not in errors:
            continue
        error = errors[field][0]
        if error.code == "required":
            message = _("Hãy ghi họ và tên khách.")
        elif error.code == "max_length" and error.params:
            message = _("%(field)s dài quá %(limit)d ký tự (đang có %(count)d); hãy viết gọn lại.") % {
                "field": form.fields[field].label,
                "limit": error.params["limit_value"],
                "count": error.params["show_value"],
            }
        else:
            message = " ".join(error.messages)
        raise CheckInRefused(kind, message)
    raise CheckInRefused("guest_name", _("Hãy ghi họ và tên khách."))  # the form has no other fields


def _text(raw: Any) -> str:
    return raw if isinstance(raw, str) else ""


def _int(raw: Any) -> int:
    return parse_int(raw, minimum=1) or 0


def _announce(request: HttpRequest, recorded: Recorded) -> None:
    if recorded.check_in.other_point:
        messages.warning(request, recorded.message)
    else:
        messages.success(request, recorded.message)


def _json(data: dict[str, Any], status: int) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(kind: str, message: str, status: int = 400) -> JsonResponse:
    return _json({"error": {"code": kind, "message": message}}, status)


def _moment(raw: Any, sent: Any = None) -> dt.datetime | None:
    """When an offline device says the check-in happened; None when it says nothing (a live check-in).

    With ``sent_at`` (the device's clock when it sent the item), only the time elapsed between the two
    readings of the same clock is used, counted back from the server's own time: a phone whose clock is
    wrong by minutes or days still records true times. A forged pair can claim no more than a forged
    ``at`` alone, since whether the result is believed is the service's rule
    (``campaigns.services.window``): a queue synchronised an hour later must still say who was late, a
    claim from the future or outside the conference's window is refused.

    Raises:
        CheckInRefused: Not an ISO 8601 time with its zone.
    """
    at = _timestamp(raw)
    sent_at = _timestamp(sent)
    if at is None or sent_at is None:
        return at
    elapsed = sent_at - at
    if elapsed < dt.timedelta(0):
        raise CheckInRefused(
            "at_in_future",
            _(
                "Máy điểm danh ghi lượt này sau cả lúc gửi đi; đồng hồ của máy có vấn đề. Hãy chỉnh lại giờ "
                "của máy rồi điểm danh lại người này."
            ),
        )
    try:
        return timezone.now() - elapsed
    except OverflowError:  # a claim from before year 1: nothing a desk could have recorded
        raise CheckInRefused("at_outside_window", _("Thời điểm điểm danh (at) không hợp lệ.")) from None


def _timestamp(raw: Any) -> dt.datetime | None:
    if raw is None or raw == "":
        return None
    try:
        moment = dt.datetime.fromisoformat(raw) if isinstance(raw, str) and len(raw) <= 64 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CheckInRefused(
            "bad_at",
            _(
                "Thời điểm điểm danh (at) phải là ngày giờ ISO 8601 có múi giờ, ví dụ "
                "2025-09-10T07:25:00+07:00."
            ),
        )
    return moment


def check_in_json(request: HttpRequest, point_id: int) -> HttpResponse:
    """``POST {"code", "client_id", "method", "at"?, "sent_at"?}``: 201 recorded, 200 a replay, 4xx refused.

    ``method`` is "scan" or "typed"; a pick from the list sends ``{"delegate": id, "method": "name"}``
    instead of a code, and a guest ``{"guest_name", "guest_note"?, "method": "guest"}``, cleaned by the
    page's guest form (a blank or over-long name is refused with code "guest_name", a note too long with
    "guest_note"). ``at`` is when an offline device recorded it (ISO 8601 with a zone), ``sent_at`` its
    clock when sending (optional: the server then trusts only the difference, see ``_moment``). A
    client_id sent again returns the first record with ``"replayed": true`` and adds nothing, whichever
    the method; the same client_id with another payload is refused (409). Outside the conference's
    window, or with an ``at`` outside it or later than the upload, 422 (``campaigns.services.window``).
    A client whose session ended gets 401 in JSON (not the login page), so it can keep its queue.
    """
    if not request.user.is_authenticated:
        return _error("unauthenticated", _("Phiên đăng nhập đã hết; hãy đăng nhập lại rồi gửi tiếp."), 401)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        point = _desk(request, point_id)
    except Http404:
        return _error("not_found", _("Không tìm thấy điểm cầu này, hoặc bạn không phụ trách nó."), 404)
    except PermissionDenied:
        return _error("forbidden", _("Bạn không được điểm danh tại điểm cầu này."), 403)
    try:
        body = loads(request.body or b"{}")
    except JsonBodyError:
        body = None
    if not isinstance(body, dict):
        return _error("invalid_json", _("Dữ liệu gửi lên không phải JSON hợp lệ."))
    client_id = _client_id(body.get("client_id"))
    if client_id is None:
        return _error("client_id", _("Thiếu mã lượt điểm danh (client_id) dạng UUID."))
    method = str(body.get("method") or Method.SCAN)
    try:
        at = _moment(body.get("at"), body.get("sent_at"))
        if method == Method.NAME and "delegate" in body:  # without one, check_in_code says "bad_method"
            delegate = selectors.delegates_of(point).filter(pk=_int(body.get("delegate"))).first()
            if delegate is None:
                raise CheckInRefused("unknown", _("Không thấy đại biểu này trong danh sách của điểm cầu."))
            recorded = services.check_in_delegate(
                request.user, point, delegate, client_id=client_id, method=Method.NAME, at=at
            )
        elif method == Method.GUEST:
            name, note = _guest(
                GuestCheckInForm(
                    {"name": _text(body.get("guest_name")), "note": _text(body.get("guest_note"))}
                )
            )
            recorded = services.check_in_guest(
                request.user, point, name=name, note=note, client_id=client_id, at=at
            )
        else:
            recorded = services.check_in_code(
                request.user, point, str(body.get("code") or ""), client_id=client_id, method=method, at=at
            )
    except CheckInRefused as refused:
        return _error(refused.kind, refused.message, _status(refused))
    check_in = recorded.check_in
    return _json(
        {
            "status": "recorded",
            "replayed": recorded.replayed,
            "id": check_in.pk,
            "delegate": check_in.delegate_id,
            # The desk's counter, as the page would show it after a reload (its own invitees present).
            "point_present": point.delegates.filter(
                check_ins__point=point, check_ins__reversed_at__isnull=True
            ).count(),
            "name": check_in.name,
            "at": check_in.at.isoformat(),
            "recorded_at": check_in.recorded_at.isoformat(),
            "late": check_in.late,
            "other_point": check_in.other_point,
            "message": recorded.message,
        },
        200 if recorded.replayed else 201,
    )


# --- reversing a wrong tap ------------------------------------------------------------------------


@require_safe
@login_required
def check_in_list(request: HttpRequest, point_id: int) -> HttpResponse:
    """Every check-in taken at the point, reversed ones with who reversed them and why; a form to reverse
    each for those who may (the desk on the day, the organisers afterwards)."""
    point = selectors.point_or_404(request.user, point_id)
    rows = list(selectors.point_check_ins(point))
    with_paths([c.delegate.unit for c in rows if c.delegate and c.delegate.unit], top=point.host_unit)
    record_bulk_read(request.user, "campaigns.check_in", unit=point.host_unit_id, rows=len(rows))
    return render(
        request,
        "campaigns/check_ins.html",
        {
            "point": point,
            "conference": point.conference,
            "rows": rows,
            "may_reverse": selectors.may_reverse(request.user, point, point.conference.held_on),
            "may_check_in": selectors.may_check_in(request.user, point),
        },
    )


@login_required
@require_POST
def reverse_check_in(request: HttpRequest, check_in_id: int) -> HttpResponse:
    """POST ``reason`` (required) and ``back`` ("desk" or the list): reverse one check-in."""
    found = CheckIn.objects.select_related("point", "delegate__member").filter(pk=check_in_id).first()
    if found is None:
        raise Http404
    point = selectors.point_or_404(request.user, found.point_id)  # 404 for a point the user cannot see
    if not selectors.may_reverse(request.user, point, point.conference.held_on):
        raise PermissionDenied
    found.point = point
    try:
        services.reverse_check_in(request.user, found, reason=clean_text(request.POST.get("reason", "")))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã hủy lượt điểm danh của %(name)s; lượt này vẫn được lưu nhưng không còn được tính.")
            % {"name": found.name},
        )
    if request.POST.get("back") == "desk" and selectors.may_check_in(request.user, point):
        return redirect("campaigns:check_in", point_id=point.pk)
    return redirect("campaigns:check_ins", point_id=point.pk)


# --- the desk's service worker --------------------------------------------------------------------

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "campaigns" / "desk-sw.js"


@functools.cache
def _service_worker_source() -> str:
    return SERVICE_WORKER.read_text(encoding="utf-8")


@require_safe
@login_required
def desk_service_worker(request: HttpRequest) -> HttpResponse:
    """The desk's service worker, served under /campaigns/points/ so that it may control a desk page.

    Each desk registers it with its own page as the scope (``/campaigns/points/<id>/check-in/``): no
    other page of the site is ever controlled or cached. The static prefix is written in, since the
    worker keeps the desk's scripts and styles for offline reloads.
    """
    prefix = settings.STATIC_URL if "//" in settings.STATIC_URL else "/" + settings.STATIC_URL.lstrip("/")
    source = f"var STATIC_URL = {json.dumps(prefix)};\n" + _service_worker_source()
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response.headers["Service-Worker-Allowed"] = "/campaigns/points/"
    return response
