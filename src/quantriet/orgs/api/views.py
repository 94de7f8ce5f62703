"""The API's views: short functions that parse, check access, call a selector or service, serialise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from quantriet.core.api.http import ApiError, api_view, json_response
from quantriet.core.api.parsing import (
    FieldReader,
    paginate,
    query_choice,
    query_flag,
    query_int,
    query_text,
    read_json_object,
    reject_unknown,
)
from quantriet.orgs import access, selectors, services
from quantriet.orgs.access import Capability as C
from quantriet.orgs.api import serialise
from quantriet.orgs.models import Member, MemberStatus, Sex, UnitLink
from quantriet.orgs.models.units import Level
from quantriet.orgs.profile import CHOICE_FIELDS, SENSITIVE_FIELDS
from quantriet.orgs.services import profile as profile_services
from quantriet.orgs.services.members import MEMBER_FIELDS

_ACTIVE_CHILDREN = Count("children", filter=Q(children__valid_to__isnull=True), distinct=True)


@api_view("GET")
def units(request: HttpRequest) -> HttpResponse:
    """Units the user may see; ``parent`` lists one unit's children, ``q`` searches name and code."""
    params = request.GET
    found = selectors.search_units(request.user, query_text(params, "q"))
    parent_id = query_int(params, "parent")
    if parent_id is not None:
        parent = access.unit_or_404(request.user, C.VIEW_UNITS, parent_id)
        found = found.filter(parent=parent)
    level = query_choice(params, "level", Level.values)
    if level:
        found = found.filter(level=level)
    if not query_flag(params, "include_closed"):
        found = found.filter(valid_to__isnull=True)
    found = found.annotate(child_count=_ACTIVE_CHILDREN).order_by("name_sort", "id")
    return json_response(paginate(request, found, serialise.unit_item))


@api_view("GET")
def unit(request: HttpRequest, id: int) -> HttpResponse:
    found = access.unit_or_404(request.user, C.VIEW_UNITS, id)
    ancestors = list(
        UnitLink.objects.filter(descendant=found, distance__gt=0)
        .order_by("-distance")
        .values_list("ancestor_id", flat=True)
    )
    child_count = found.children.filter(valid_to__isnull=True).count()
    return json_response(serialise.unit_detail(found, ancestors=ancestors, child_count=child_count))


@api_view("GET", "POST")
def members(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _create_member(request)
    params = request.GET
    unit_id = query_int(params, "unit")
    within = access.unit_or_404(request.user, C.VIEW_MEMBERS, unit_id) if unit_id is not None else None
    status = query_choice(params, "status", MemberStatus.values)
    query = query_text(params, "q")
    found = selectors.search_members(request.user, within=within, query=query, status=status)
    page = paginate(request, found, serialise.member_item)
    services.record_bulk_read(
        request.user, "api.members", unit=within, rows=len(page["results"]), detail=query or ""
    )
    return json_response(page)


_CREATE_FIELDS = (*MEMBER_FIELDS, "unit", "status")
# CCCD and phone are normalised by the service (spaces, dots, +84), so they may come longer than stored.
_LOOSE_TEXT = {"id_number": 20, "phone": 20}


def _check_sensitive_write(data: dict[str, Any], allowed: bool) -> None:
    """Writing CCCD, ethnicity, religion or phone needs the right to read them (else 403, nothing written)."""
    if not allowed and any(field in data for field in SENSITIVE_FIELDS):
        raise PermissionDenied


def _read_member_fields(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    reader = FieldReader(data, {}, model=Member)
    values: dict[str, Any] = {}
    for field in fields:
        if field not in data:
            continue
        if field in ("date_of_birth", "admission_date"):
            values[field] = reader.date(field)
        elif field == "full_membership_date":
            values[field] = reader.date(field, nullable=True)
        elif field == "card_number":
            values[field] = reader.text(field, nullable=True)
        elif field in _LOOSE_TEXT:
            raw = data[field]
            if raw is not None and not (isinstance(raw, str) and len(raw) <= _LOOSE_TEXT[field]):
                reader.errors[field] = _("Trường này phải là một chuỗi ký tự, tối đa %(n)d ký tự.") % {
                    "n": _LOOSE_TEXT[field]
                }
            values[field] = raw
        elif field in CHOICE_FIELDS:
            values[field] = reader.choice(
                field,
                ["", *CHOICE_FIELDS[field].values],
                _("Hãy ghi một trong: %(allowed)s.") % {"allowed": ", ".join(CHOICE_FIELDS[field].values)},
            )
        elif field == "unit":
            values[field] = reader.integer(field)
        elif field == "sex":
            values[field] = reader.choice(
                field, Sex.values, _("Giới tính phải là “male” (nam) hoặc “female” (nữ).")
            )
        elif field == "status":
            values[field] = reader.choice(
                field,
                MemberStatus.values,
                _("Tình trạng phải là một trong: %(allowed)s.") % {"allowed": ", ".join(MemberStatus.values)},
            )
        else:
            values[field] = reader.text(field)
    reader.check()
    return values


def _create_member(request: HttpRequest) -> HttpResponse:
    data = read_json_object(request)
    reject_unknown(data, _CREATE_FIELDS)
    if "unit" not in data:
        raise ApiError(
            400,
            "invalid",
            _("Hãy cho biết chi bộ của đảng viên (trường unit)."),
            {"unit": _("Trường này là bắt buộc.")},
        )
    values = _read_member_fields(data, _CREATE_FIELDS)
    target = access.unit_or_404(request.user, C.VIEW_UNITS, values.pop("unit"))
    if not access.can(request.user, C.EDIT_MEMBERS, target):
        raise PermissionDenied
    _check_sensitive_write(data, access.can(request.user, C.VIEW_MEMBER_SENSITIVE, target))
    member = services.create_member(request.user, unit=target, **values)
    body = serialise.member_detail(member)
    return json_response(body, status=201, headers={"Location": reverse("api:member", args=[member.pk])})


@api_view("GET", "PATCH")
def member(request: HttpRequest, id: int) -> HttpResponse:
    if request.method == "PATCH":
        found = access.member_or_404(request.user, C.VIEW_MEMBERS, id)
        if not access.can_member(request.user, C.EDIT_MEMBERS, found):
            raise PermissionDenied
        data = read_json_object(request)
        reject_unknown(data, MEMBER_FIELDS)
        _check_sensitive_write(data, access.can_member(request.user, C.VIEW_MEMBER_SENSITIVE, found))
        values = _read_member_fields(data, MEMBER_FIELDS)
        found = services.update_member(request.user, found, **values)
        services.record_member_read(request.user, found, channel="api", request=request, detail="PATCH")
        return json_response(serialise.member_detail(Member.objects.select_related("unit").get(pk=found.pk)))
    found = access.member_or_404(request.user, C.VIEW_MEMBER_DETAIL, id)
    services.record_member_read(request.user, found, channel="api", request=request)
    # The sensitive fields: to the member, or for a stated purpose to whom may read them (logged).
    sensitive = found.user_id is not None and found.user_id == request.user.pk
    purpose = request.GET.get("purpose", "")
    if not sensitive and purpose and access.can_member(request.user, C.VIEW_MEMBER_SENSITIVE, found):
        try:
            profile_services.record_sensitive_read(
                request.user,
                found,
                purpose=purpose,
                note=request.GET.get("note", ""),
                channel="api",
                request=request,
            )
            sensitive = True
        except ValidationError:
            pass  # no valid purpose: the record without them, as documented
    return json_response(serialise.member_detail(found, sensitive=sensitive))


@api_view("GET")
def me(request: HttpRequest) -> HttpResponse:
    return json_response(serialise.me(request.user, auth=getattr(request, "api_auth", "session")))


@api_view("GET", "POST", "PUT", "PATCH", "DELETE", public=True)
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything else under /api/v1/: a JSON 404 pointing at the documentation, not an HTML page."""
    raise ApiError(
        404,
        "no_such_endpoint",
        _("Không có địa chỉ API này. Xem danh sách địa chỉ tại %(docs)s.") % {"docs": reverse("api:docs")},
    )
