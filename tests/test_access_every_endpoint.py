"""Every URL of the site, walked from Django's resolver, is tried by users who must not reach the XA2 cell.

Each URL pattern needs an entry here: either ``PUBLIC`` (with the reason it is open by design) or a
``Case`` saying how to build addresses about an object of the XA2 cell. The outsiders — charlie
(organisation staff of the sibling commune XB) and bob (secretary of the neighbouring cell XA1),
both made staff so the admin is really tried — then request them with GET and unsafe methods and
must get 302/400/403/404/405, or a 200 that holds none of XA2's data; and nothing may change in the
database. Anonymous visitors get the login page (HTML) or 401 (API).

A new URL pattern without an entry makes ``test_every_url_pattern_has_an_access_case`` fail: add
its case here when you add the view.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import (
    AgendaItem,
    BridgePoint,
    Campaign,
    CheckIn,
    Conference,
    Delegate,
    ImplementationPlan,
    MakeUpSession,
)
from quantriet.documents import services as document_services
from quantriet.documents.models import Document, Relation
from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, ApiToken, AuditEntry, ImportJob, Position, RoleAssignment
from tests.conftest import World

# Data of the XA2 cell: neither outsider may ever receive it.
XA2_MARKERS = ("Chi bộ thôn 2", "Trần Thị Bình", "10000002", "Đặng Văn Dũng", "10000004", "chi-bo-thon-2")
# Charlie is outside the whole XA commune.
XA_MARKERS = (*XA2_MARKERS, "An Hòa", "Chi bộ thôn 1", "Nguyễn Văn An", "10000001")
UNSAFE_STATUSES = frozenset({302, 400, 403, 404, 405})


@dataclass
class Objects:
    """The XA2 objects the cases point at (created per test, so ids are real)."""

    world: World
    import_job: ImportJob
    role: RoleAssignment
    audit: AuditEntry
    access_log: AccessLog
    token: ApiToken
    group: Group
    position: Position
    document: Document  # issued by XA2, not public
    relation: Relation  # XA2's document concretises a public one
    campaign: Campaign  # organised by XA2 for its own members
    conference: Conference
    point: BridgePoint  # hosted by XA2
    agenda_item: AgendaItem
    delegate: Delegate  # Trần Thị Bình, invited to XA2's point
    check_in: CheckIn  # a guest at XA2's point


@dataclass(frozen=True)
class Case:
    urls: Callable[[Objects], list[str]]
    kind: str = "html"  # "html" (login redirect), "api" (401) or "admin" (admin login)
    # Statuses an outsider may get for GET; 200 only ever without XA2 data (checked on every answer).
    allowed: frozenset[int] = frozenset({403, 404})
    # Unsafe requests to try: (method, body); a dict body goes as JSON to the API and as a form elsewhere.
    unsafe: tuple[tuple[str, Any], ...] = (("post", {}),)
    anonymous: int | None = None  # expected status when not signed in; None: by kind


@dataclass(frozen=True)
class Public:
    reason: str


OWN = frozenset({200})  # pages about the user's own account or lists filtered to their reach
ADMIN_OBJECT = frozenset({302, 403, 404})  # admin redirects to its index for objects outside the queryset
NEW_MEMBER = {
    "full_name": "Người Lạ",
    "date_of_birth": "1990-01-01",
    "sex": "male",
    "admission_date": "2015-01-01",
}


def one(build: Callable[[Objects], str]) -> Callable[[Objects], list[str]]:
    return lambda o: [build(o)]


PUBLIC: dict[str, Public] = {
    "healthz": Public("probe for load balancers; says only that the database answers"),
    "i18n/setlang/": Public("switches the interface language; touches no data"),
    "accounts/login/": Public("the sign-in page"),
    "accounts/logout/": Public("signs the current session out"),
    "admin/login/": Public("the admin's sign-in page"),
    "admin/logout/": Public("signs the current session out"),
    "admin/jsi18n/": Public("the admin's translation catalogue; no data"),
    "api/v1/openapi.json": Public("the API description; examples are invented"),
    "api/v1/docs/": Public("the API description as a page"),
    "static/<path:path>": Public("stylesheets when DEBUG serves static files"),
}

CASES: dict[str, Case] = {
    "": Case(one(lambda o: "/"), allowed=OWN, unsafe=(("post", {}),)),
    "accounts/password/": Case(one(lambda o: "/accounts/password/"), allowed=OWN),
    # JSON API
    "api/v1/units/": Case(
        lambda o: ["/api/v1/units/", f"/api/v1/units/?parent={o.world.xa2.pk}", "/api/v1/units/?q=thon+2"],
        kind="api",
        allowed=frozenset({200, 404}),
        unsafe=(("post", {"name": "x"}),),
    ),
    "api/v1/units/<int:id>/": Case(
        one(lambda o: f"/api/v1/units/{o.world.xa2.pk}/"),
        kind="api",
        unsafe=(("patch", {"name": "Bị sửa"}), ("delete", None)),
    ),
    "api/v1/members/": Case(
        lambda o: [
            "/api/v1/members/",
            f"/api/v1/members/?unit={o.world.xa2.pk}",
            "/api/v1/members/?q=tran+thi+binh",
        ],
        kind="api",
        allowed=frozenset({200, 404}),
        unsafe=(("post", "NEW_MEMBER_IN_XA2"),),
    ),
    "api/v1/members/<int:id>/": Case(
        one(lambda o: f"/api/v1/members/{o.world.m_xa2.pk}/"),
        kind="api",
        unsafe=(("patch", {"full_name": "Bị sửa"}), ("delete", None)),
    ),
    "api/v1/me/": Case(one(lambda o: "/api/v1/me/"), kind="api", allowed=OWN),
    "api/v1/^(?P<rest>.*)$": Case(
        one(lambda o: f"/api/v1/members/{o.world.m_xa2.pk}/placements/"),
        kind="api",
        allowed=frozenset({404}),
        unsafe=(("post", {}),),
        anonymous=404,
    ),
    # The organisation tree (HTML). Unsafe bodies are valid forms, so only the access check can refuse them.
    "units/": Case(lambda o: ["/units/", "/units/?q=thon+2"], allowed=OWN),
    "units/<int:unit_id>/": Case(
        lambda o: [f"/units/{o.world.xa2.pk}/", f"/units/{o.world.xa2.pk}/?closed=1"]
    ),
    "units/<int:unit_id>/new/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/new/"),
        unsafe=(("post", {"name": "Tổ lạ", "code": "LA1", "level": "group"}),),
    ),
    "units/<int:unit_id>/edit/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/edit/"), unsafe=(("post", {"code": "BI-SUA"}),)
    ),
    "units/<int:unit_id>/rename/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/rename/"),
        unsafe=(("post", {"new_name": "Bị đổi tên", "date": "01/07/2025"}),),
    ),
    "units/<int:unit_id>/move/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/move/?pick=XB"),
        unsafe=(("post", {"parent": "XB", "date": "01/07/2025"}),),
    ),
    "units/<int:unit_id>/merge/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/merge/?pick=XA1"),
        unsafe=(("post", {"sources": "XA1", "date": "01/07/2025"}),),
    ),
    "units/<int:unit_id>/split/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/split/"),
        unsafe=(
            (
                "post",
                lambda o: {
                    "part_count": "2",
                    "part_0_name": "Tách A",
                    "part_0_code": "TA",
                    "part_1_name": "Tách B",
                    "part_1_code": "TB",
                    "date": "01/07/2025",
                    f"member_{o.world.m_xa2.pk}": "0",
                    f"member_{o.world.m_dave.pk}": "1",
                },
            ),
        ),
    ),
    "units/<int:unit_id>/dissolve/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/dissolve/"),
        unsafe=(("post", {"date": "01/07/2025", "confirm": "on"}),),
    ),
    "units/<int:unit_id>/members/new/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/members/new/"),
        unsafe=(
            (
                "post",
                {
                    "full_name": "Người Lạ",
                    "date_of_birth": "01/01/1990",
                    "sex": "male",
                    "admission_date": "01/01/2015",
                    "status": "probationary",
                },
            ),
        ),
    ),
    "units/<int:unit_id>/roles/": Case(one(lambda o: f"/units/{o.world.xa2.pk}/roles/")),
    "units/<int:unit_id>/roles/grant/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/roles/grant/"),
        allowed=frozenset({403, 404, 405}),
        unsafe=(("post", {"username": "eve", "role": "organisation"}),),
    ),
    "units/<int:unit_id>/roles/<int:assignment_id>/revoke/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/roles/{o.role.pk}/revoke/"),
        allowed=frozenset({403, 404, 405}),
    ),
    "units/<int:unit_id>/accounts/new/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/accounts/new/?member={o.world.m_xa2.pk}"),
        unsafe=(
            (
                "post",
                lambda o: {
                    "member": str(o.world.m_xa2.pk),
                    "username": "tai-khoan-la",
                    "password1": "mat-khau-rat-dai-123",
                    "password2": "mat-khau-rat-dai-123",
                },
            ),
        ),
    ),
    "units/<int:unit_id>/audit/": Case(
        lambda o: [f"/units/{o.world.xa2.pk}/audit/", f"/units/{o.world.xa2.pk}/audit/?log=reads"],
    ),
    # Members (HTML)
    "members/": Case(
        lambda o: ["/members/", f"/members/?unit={o.world.xa2.pk}", "/members/?q=tran+thi+binh"],
        allowed=frozenset({200, 404}),
    ),
    "members/<int:member_id>/": Case(one(lambda o: f"/members/{o.world.m_xa2.pk}/")),
    "members/<int:member_id>/edit/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/edit/"),
        unsafe=(
            (
                "post",
                {
                    "full_name": "Bị sửa",
                    "date_of_birth": "17/05/1985",
                    "sex": "female",
                    "admission_date": "02/03/2010",
                    "card_number": "10000002",
                },
            ),
        ),
    ),
    "members/<int:member_id>/transfer/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/transfer/"),
        unsafe=(("post", {"unit": "XB1", "date": "01/07/2025"}),),
    ),
    "members/<int:member_id>/status/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/status/"),
        unsafe=(("post", {"status": "removed", "date": "01/07/2025"}),),
    ),
    "members/<int:member_id>/exemptions/new/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/exemptions/new/"),
        unsafe=(("post", {"start": "01/07/2025"}),),
    ),
    "members/<int:member_id>/positions/new/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/positions/new/"),
        unsafe=(("post", {"kind": "presenter", "unit": "XA2", "start": "01/07/2025"}),),
    ),
    "members/<int:member_id>/positions/<int:position_id>/end/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/positions/{o.position.pk}/end/"),
        allowed=frozenset({403, 404, 405}),
        unsafe=(("post", {"end": "01/07/2025"}),),
    ),
    "me/": Case(one(lambda o: "/me/"), allowed=frozenset({200, 404})),
    # Import and export
    "imports/": Case(
        one(lambda o: "/imports/"), allowed=frozenset({200, 403, 404}), unsafe=(("post", "IMPORT_INTO_XA2"),)
    ),
    "imports/<uuid:job_id>/": Case(one(lambda o: f"/imports/{o.import_job.pk}/")),
    "imports/<uuid:job_id>/errors.xlsx": Case(one(lambda o: f"/imports/{o.import_job.pk}/errors.xlsx")),
    "imports/template/<str:kind>.xlsx": Case(
        lambda o: ["/imports/template/members.xlsx", "/imports/template/units.xlsx"],
        allowed=frozenset({200, 403, 404}),
    ),
    "members/export.xlsx": Case(
        lambda o: [
            f"/members/export.xlsx?unit={o.world.xa2.pk}",
            f"/members/export.xlsx?unit={o.world.xa.pk}",
        ],
    ),
    # Admin, site-wide pages
    "admin/": Case(one(lambda o: "/admin/"), kind="admin", allowed=OWN),
    "admin/password_change/": Case(one(lambda o: "/admin/password_change/"), kind="admin", allowed=OWN),
    "admin/password_change/done/": Case(
        one(lambda o: "/admin/password_change/done/"), kind="admin", allowed=OWN
    ),
    "admin/autocomplete/": Case(
        # Searches the unit admin's (scoped) queryset: the outsider's own cells only.
        one(lambda o: "/admin/autocomplete/?app_label=orgs&model_name=member&field_name=unit&term=thon"),
        kind="admin",
        allowed=frozenset({200, 403, 404}),
    ),
    "admin/r/<path:content_type_id>/<path:object_id>/": Case(
        one(lambda o: f"/admin/r/{ContentType.objects.get_for_model(o.world.m_xa2).pk}/{o.world.m_xa2.pk}/"),
        kind="admin",
        allowed=frozenset({302, 404}),
    ),
    "admin/^(?P<app_label>auth|django_tasks_database|orgs|documents|campaigns)/$": Case(
        lambda o: ["/admin/orgs/", "/admin/auth/", "/admin/documents/", "/admin/campaigns/"],
        kind="admin",
        allowed=frozenset({200, 403, 404}),
    ),
    "admin/(?P<url>.*)$": Case(
        one(lambda o: "/admin/orgs/nothing/"), kind="admin", allowed=frozenset({302, 404})
    ),
    "admin/auth/user/<id>/password/": Case(
        one(lambda o: f"/admin/auth/user/{o.world.dave.pk}/password/"), kind="admin"
    ),
    # The document registry (HTML): XA2's non-public document is out of both outsiders' line.
    "documents/": Case(
        lambda o: ["/documents/", "/documents/?q=thon+2", "/documents/?unconfirmed=1"], allowed=OWN
    ),
    "documents/new/": Case(
        one(lambda o: "/documents/new/"),
        allowed=frozenset({200, 404}),
        unsafe=(("post", "NEW_DOCUMENT_OF_XA2"),),
    ),
    "documents/import/": Case(
        one(lambda o: "/documents/import/"),
        allowed=frozenset({200, 404}),
        unsafe=(("post", "IMPORT_DOCUMENTS_OF_XA2"),),
    ),
    "documents/export.xlsx": Case(
        lambda o: ["/documents/export.xlsx", "/documents/export.xlsx?q=thon"], allowed=OWN
    ),
    "documents/<int:document_id>/": Case(one(lambda o: f"/documents/{o.document.pk}/")),
    "documents/<int:document_id>/edit/": Case(
        one(lambda o: f"/documents/{o.document.pk}/edit/"),
        unsafe=(("post", "NEW_DOCUMENT_OF_XA2"),),
    ),
    "documents/<int:document_id>/file/": Case(one(lambda o: f"/documents/{o.document.pk}/file/")),
    "documents/<int:document_id>/relations/new/": Case(
        one(lambda o: f"/documents/{o.document.pk}/relations/new/"),
        allowed=frozenset({302, 404}),
        unsafe=(("post", {"direction": "replaces", "other": "35-NQ/TW"}),),
    ),
    "documents/<int:document_id>/relations/<int:relation_id>/delete/": Case(
        one(lambda o: f"/documents/{o.document.pk}/relations/{o.relation.pk}/delete/"),
        allowed=frozenset({404, 405}),
    ),
    # Campaigns (HTML): XA2's campaign, conference, point and delegate are out of both outsiders' reach.
    "campaigns/": Case(one(lambda o: "/campaigns/"), allowed=OWN),
    "campaigns/new/": Case(
        one(lambda o: "/campaigns/new/"), allowed=frozenset({200, 404}), unsafe=(("post", "CAMPAIGN_OF_XA2"),)
    ),
    "campaigns/<int:campaign_id>/": Case(one(lambda o: f"/campaigns/{o.campaign.pk}/")),
    "campaigns/<int:campaign_id>/edit/": Case(
        one(lambda o: f"/campaigns/{o.campaign.pk}/edit/"), unsafe=(("post", "CAMPAIGN_OF_XA2"),)
    ),
    "campaigns/<int:campaign_id>/conferences/new/": Case(
        one(lambda o: f"/campaigns/{o.campaign.pk}/conferences/new/"),
        unsafe=(("post", {"title": "Hội nghị lạ", "held_on": "10/09/2025", "starts_at": "08:00"}),),
    ),
    "campaigns/conferences/<int:conference_id>/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/")
    ),
    "campaigns/conferences/<int:conference_id>/points/new/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/points/new/"),
        unsafe=(("post", {"name": "Điểm lạ", "host_unit": "XA2", "address": "Đâu đó", "capacity": "10"}),),
    ),
    "campaigns/conferences/<int:conference_id>/agenda/new/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/agenda/new/"),
        unsafe=(("post", {"order": "2", "title": "Mục lạ"}),),
    ),
    "campaigns/conferences/<int:conference_id>/agenda/<int:item_id>/delete/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/agenda/{o.agenda_item.pk}/delete/"),
        allowed=frozenset({404, 405}),
    ),
    "campaigns/conferences/<int:conference_id>/programme/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/programme/")
    ),
    "campaigns/conferences/<int:conference_id>/board/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/board/")
    ),
    "campaigns/points/<int:point_id>/": Case(one(lambda o: f"/campaigns/points/{o.point.pk}/")),
    "campaigns/points/<int:point_id>/invite/": Case(
        lambda o: [
            f"/campaigns/points/{o.point.pk}/invite/",
            f"/campaigns/points/{o.point.pk}/invite/?q=dung",
        ],
        unsafe=(("post", lambda o: {"member": [str(o.world.m_dave.pk)]}),),
    ),
    "campaigns/points/<int:point_id>/guests/new/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/guests/new/"),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"guest_name": "Khách lạ"}),),
    ),
    "campaigns/points/<int:point_id>/delegates/<int:delegate_id>/remove/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/delegates/{o.delegate.pk}/remove/"),
        allowed=frozenset({404, 405}),
    ),
    "campaigns/points/<int:point_id>/invitations/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/invitations/")
    ),
    "campaigns/delegates/<int:delegate_id>/invitation/": Case(
        one(lambda o: f"/campaigns/delegates/{o.delegate.pk}/invitation/")
    ),
    "campaigns/points/<int:point_id>/check-in/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/check-in/"),
        unsafe=(
            ("post", lambda o: {"action": "guest", "name": "Khách lạ", "client_id": str(uuid.uuid4())}),
            ("post", lambda o: {"action": "code", "code": o.delegate.code, "client_id": str(uuid.uuid4())}),
        ),
    ),
    "campaigns/points/<int:point_id>/check-in.json": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/check-in.json"),
        kind="api",
        allowed=frozenset({405}),  # GET is not a method it answers, whoever asks
        unsafe=(
            ("post", lambda o: {"code": o.delegate.code, "client_id": str(uuid.uuid4()), "method": "typed"}),
        ),
    ),
    "campaigns/points/<int:point_id>/board/": Case(one(lambda o: f"/campaigns/points/{o.point.pk}/board/")),
    "campaigns/points/<int:point_id>/absences/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/absences/"),
        unsafe=(
            ("post", lambda o: {"action": "absence", "delegate": str(o.delegate.pk), "reason": "Ốm"}),
            ("post", {"action": "makeup", "held_on": "20/09/2025"}),
        ),
    ),
    # XA2's plan for a campaign of the XA commune (bob's cell XA1 owes one too; charlie sees nothing).
    "campaigns/<int:campaign_id>/plans/": Case(
        one(lambda o: f"/campaigns/{ImplementationPlan.objects.get().campaign_id}/plans/"),
        allowed=frozenset({200, 404}),
    ),
    "campaigns/<int:campaign_id>/plans/remind/": Case(
        one(lambda o: f"/campaigns/{ImplementationPlan.objects.get().campaign_id}/plans/remind/"),
        allowed=frozenset({403, 404, 405}),
    ),
    "campaigns/<int:campaign_id>/plans/<int:unit_id>/": Case(
        one(lambda o: f"/campaigns/{ImplementationPlan.objects.get().campaign_id}/plans/{o.world.xa2.pk}/"),
        unsafe=(
            ("post", {"action": "review", "decision": "return", "comment": "Bị trả"}),
            (
                "post",
                {
                    "action": "submit",
                    "symbol": "09-KH/CB",
                    "issued_on": "20/09/2025",
                    "actions": "Việc | Ai | 30/09/2025",
                },
            ),
        ),
    ),
    "campaigns/<int:campaign_id>/plans/<int:unit_id>/file/": Case(
        one(
            lambda o: (
                f"/campaigns/{ImplementationPlan.objects.get().campaign_id}/plans/{o.world.xa2.pk}/file/"
            )
        )
    ),
    "campaigns/<int:campaign_id>/report.xlsx": Case(one(lambda o: f"/campaigns/{o.campaign.pk}/report.xlsx")),
    "campaigns/<int:campaign_id>/report.docx": Case(
        lambda o: [
            f"/campaigns/{o.campaign.pk}/report.docx",
            f"/campaigns/{ImplementationPlan.objects.get().campaign_id}/report.docx",
        ]
    ),
    "campaigns/makeup/<int:session_id>/": Case(
        one(lambda o: f"/campaigns/makeup/{MakeUpSession.objects.get(point=o.point).pk}/"),
        unsafe=(("post", lambda o: {"delegate": str(o.delegate.pk)}),),
    ),
    # The registry's JSON API
    "api/v1/documents/": Case(
        lambda o: ["/api/v1/documents/", "/api/v1/documents/?q=thon+2"],
        kind="api",
        allowed=OWN,
        unsafe=(("post", {"symbol": "99-KH/ĐU"}),),
    ),
    "api/v1/documents/<int:id>/": Case(
        one(lambda o: f"/api/v1/documents/{o.document.pk}/"),
        kind="api",
        unsafe=(("patch", {"subject": "Bị sửa"}), ("delete", None)),
    ),
}


def admin_cases(
    app: str, model: str, pk: Callable[[Objects], Any], list_status: frozenset[int]
) -> dict[str, Case]:
    """The six URL patterns Django's admin adds for each registered model."""
    base = f"admin/{app}/{model}/"
    url = f"/{base}"
    return {
        base: Case(one(lambda o: url), kind="admin", allowed=list_status),
        f"{base}add/": Case(one(lambda o: f"{url}add/"), kind="admin", allowed=list_status),
        f"{base}<path:object_id>/history/": Case(
            one(lambda o: f"{url}{pk(o)}/history/"), kind="admin", allowed=ADMIN_OBJECT
        ),
        f"{base}<path:object_id>/delete/": Case(
            one(lambda o: f"{url}{pk(o)}/delete/"),
            kind="admin",
            allowed=ADMIN_OBJECT,
            unsafe=(("post", {"post": "yes"}),),
        ),
        f"{base}<path:object_id>/change/": Case(
            one(lambda o: f"{url}{pk(o)}/change/"),
            kind="admin",
            allowed=ADMIN_OBJECT,
            unsafe=(("post", {"full_name": "Bị sửa", "name": "Bị sửa", "code": "BI-SUA", "_save": "1"}),),
        ),
        f"{base}<path:object_id>/": Case(one(lambda o: f"{url}{pk(o)}/"), kind="admin", allowed=ADMIN_OBJECT),
    }


# Our models: outsiders may open the lists and add forms (they see their own data); XA2 objects stay hidden.
SCOPED = frozenset({200, 403})
CASES |= admin_cases("orgs", "unit", lambda o: o.world.xa2.pk, SCOPED)
CASES |= admin_cases("orgs", "member", lambda o: o.world.m_xa2.pk, SCOPED)
CASES |= admin_cases("orgs", "roleassignment", lambda o: o.role.pk, SCOPED)
CASES |= admin_cases("orgs", "auditentry", lambda o: o.audit.pk, SCOPED)
CASES |= admin_cases("orgs", "accesslog", lambda o: o.access_log.pk, SCOPED)
CASES |= admin_cases("orgs", "importjob", lambda o: o.import_job.pk, SCOPED)
CASES |= admin_cases("orgs", "apitoken", lambda o: o.token.pk, SCOPED)
# Django's own models: only superusers hold the model permissions these pages need.
CASES |= admin_cases("auth", "user", lambda o: o.world.dave.pk, frozenset({403}))
CASES |= admin_cases("auth", "group", lambda o: o.group.pk, frozenset({403}))
CASES |= admin_cases("django_tasks_database", "dbtaskresult", lambda o: uuid.UUID(int=0), frozenset({403}))
# The registry's admin is read-only and for operators only.
CASES |= admin_cases("documents", "document", lambda o: o.document.pk, frozenset({403}))
CASES |= admin_cases("documents", "relation", lambda o: o.relation.pk, frozenset({403}))
CASES |= admin_cases("documents", "citationlink", lambda o: 1, frozenset({403}))
# So is the campaigns' admin.
CASES |= admin_cases("campaigns", "campaign", lambda o: o.campaign.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "conference", lambda o: o.conference.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "bridgepoint", lambda o: o.point.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "delegate", lambda o: o.delegate.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "checkin", lambda o: o.check_in.pk, frozenset({403}))


def url_patterns() -> set[str]:
    found: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.add(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_pattern_has_an_access_case() -> None:
    patterns = url_patterns()
    missing = sorted(patterns - set(CASES) - set(PUBLIC))
    assert not missing, f"URL patterns without an access case in {__file__}: {missing}"
    stale = sorted(set(CASES) - patterns)
    assert not stale, f"access cases for URL patterns that no longer exist: {stale}"
    assert not set(CASES) & set(PUBLIC)


@pytest.fixture
def objects(world: World, settings: Any, tmp_path: Any) -> Objects:
    settings.MEDIA_ROOT = tmp_path / "media"  # XA2's plan file
    job = ImportJob.objects.create(
        kind="members",
        scope=world.xa2,
        created_by=world.alice,
        original_name="chi-bo-thon-2.xlsx",
        stored_path="imports/none.xlsx",
        file_sha256="0" * 64,
        status="rejected",
        errors=[{"row": 2, "column": "Họ và tên", "message": "Trần Thị Bình", "hint": ""}],
    )
    role = services.grant_role(world.alice, world.eve, world.xa2, "office")
    services.record_member_read(world.alice, world.m_xa2, channel="page")
    token, _key = services.create_token(world.alice, world.dave, "khóa của Đặng Văn Dũng")
    audit = AuditEntry.objects.filter(unit=world.xa2).order_by("id").first()
    assert audit is not None
    for user in (world.bob, world.charlie):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    position = services.add_position(
        world.alice, world.m_xa2, unit=world.xa2, kind="secretary", start=dt.date(2020, 10, 1)
    )
    group = Group.objects.create(name="Chi bộ thôn 2")
    public = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 20), is_public=True
    )
    document = document_services.create_document(
        None,
        doc_type="Kế hoạch",
        symbol="02-KH/CB",
        issued_on=dt.date(2024, 3, 1),
        subject="Kế hoạch của Chi bộ thôn 2",
        issuing_unit=world.xa2,
        body="Chi bộ thôn 2 thực hiện Nghị quyết số 35-NQ/TW ngày 20/10/2018.",
    )
    relation = document_services.add_relation(None, document, public, "concretises")
    campaign = campaign_services.create_campaign(
        None,
        title="Học tập của Chi bộ thôn 2",
        organising_unit=world.xa2,
        scope_unit=world.xa2,
        audience="all_members",
        documents=[public],
        conference_date=dt.date(2025, 9, 10),
        plan_deadline=dt.date(2025, 10, 10),
        report_deadline=dt.date(2025, 12, 31),
    )
    conference = campaign_services.create_conference(
        None, campaign, title="Hội nghị Chi bộ thôn 2", held_on=dt.date(2025, 9, 10), starts_at=dt.time(7, 30)
    )
    point = campaign_services.add_point(
        None,
        conference,
        host_unit=world.xa2,
        name="Điểm cầu Chi bộ thôn 2",
        is_main=True,
        address="Nhà văn hóa thôn 2",
        capacity=30,
        person_in_charge=world.m_xa2,
    )
    agenda_item = campaign_services.add_agenda_item(None, conference, order=1, title="", document=public)
    delegate = campaign_services.invite_members(None, point, [world.m_xa2]).created[0]
    check_in = campaign_services.check_in_guest(
        None, point, name="Khách của Chi bộ thôn 2", client_id=uuid.uuid4()
    ).check_in
    campaign_services.create_makeup_session(None, point, held_on=dt.date(2025, 9, 20))
    commune_campaign = campaign_services.create_campaign(
        None,
        title="Học tập của đảng bộ xã",
        organising_unit=world.xa,
        scope_unit=world.xa,
        audience="all_members",
        documents=[public],
        conference_date=dt.date(2025, 9, 10),
        plan_deadline=dt.date(2025, 10, 10),
        report_deadline=dt.date(2025, 12, 31),
    )
    campaign_services.submit_plan(
        None,
        commune_campaign,
        world.xa2,
        symbol="05-KH/CB",
        issued_on=dt.date(2025, 9, 15),
        actions_text="Quán triệt tới Chi bộ thôn 2 | Trần Thị Bình | 30/09/2025",
        file_data="Kế hoạch của Chi bộ thôn 2 thực hiện Nghị quyết số 35-NQ/TW.".encode(),
        file_name="chi-bo-thon-2.txt",
    )
    return Objects(
        world,
        job,
        role,
        audit,
        AccessLog.objects.get(),
        token,
        group,
        position,
        document,
        relation,
        campaign,
        conference,
        point,
        agenda_item,
        delegate,
        check_in,
    )


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables our users' actions can touch (small: the test world)."""
    labels = {"orgs", "auth", "django_tasks_database", "documents", "campaigns"}
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def body_text(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind and raw:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
        )
    if kind.startswith("application/json") and raw:
        return json.dumps(json.loads(raw), ensure_ascii=False)
    return raw.decode("utf-8", errors="replace")


def unsafe_body(spec: Any, o: Objects) -> Any:
    if callable(spec):
        return spec(o)
    if spec == "NEW_MEMBER_IN_XA2":
        return {**NEW_MEMBER, "unit": o.world.xa2.pk}
    if spec == "NEW_DOCUMENT_OF_XA2":
        return {
            "doc_type": "Kế hoạch",
            "symbol": "03-KH/CB",
            "issued_on": "01/07/2025",
            "issuing_unit": "XA2",
            "subject": "Bị sửa",
            "status": "in_force",
        }
    if spec == "CAMPAIGN_OF_XA2":
        return {
            "title": "Đợt bị sửa",
            "organising_unit": "XA2",
            "documents": "35-NQ/TW",
            "audience": "all_members",
            "conference_date": "10/09/2025",
            "plan_deadline": "10/10/2025",
            "report_deadline": "31/12/2025",
        }
    if spec == "IMPORT_DOCUMENTS_OF_XA2":
        sheet = io.BytesIO(
            "Loại văn bản,Số ký hiệu,Ngày ban hành,Cơ quan ban hành\n"
            "Kế hoạch,04-KH/CB,01/07/2025,XA2\n".encode()
        )
        sheet.name = "van-ban.csv"
        return {"file": sheet}
    if spec == "IMPORT_INTO_XA2":
        sheet = io.BytesIO("Họ và tên,Ngày sinh\nNgười Lạ,01/01/1990\n".encode())
        sheet.name = "lay-nhap.csv"
        return {"scope": o.world.xa2.pk, "kind": "members", "file": sheet}
    return spec


def request(client: Client, method: str, url: str, case: Case, body: Any) -> Any:
    if case.kind == "api" and body is not None:
        return getattr(client, method)(url, json.dumps(body), content_type="application/json")
    if method == "post":
        return client.post(url, body or {})
    return getattr(client, method)(url)


@pytest.mark.parametrize("pattern", sorted(CASES))
def test_outsiders_neither_read_nor_change_xa2_data(objects: Objects, pattern: str) -> None:
    case = CASES[pattern]
    world = objects.world
    for user, markers in ((world.charlie, XA_MARKERS), (world.bob, XA2_MARKERS)):
        client = world.client_for(user)
        for url in case.urls(objects):
            before = snapshot()
            response = client.get(url)
            where = f"{user.username} GET {url}"
            assert response.status_code in case.allowed, f"{where}: {response.status_code}"
            text = body_text(response)
            leaked = [m for m in markers if m in text]
            assert not leaked, f"{where} shows XA2 data: {leaked}"
            for method, spec in case.unsafe:
                response = request(client, method, url, case, unsafe_body(spec, objects))
                where = f"{user.username} {method.upper()} {url}"
                assert response.status_code in UNSAFE_STATUSES | {200}, f"{where}: {response.status_code}"
                leaked = [m for m in markers if m in body_text(response)]
                assert not leaked, f"{where} shows XA2 data: {leaked}"
            assert snapshot() == before, f"{user.username} changed data through {url}"


@pytest.mark.parametrize("pattern", sorted(CASES))
def test_anonymous_visitors_are_sent_to_sign_in(objects: Objects, pattern: str) -> None:
    case = CASES[pattern]
    url = case.urls(objects)[0]
    before = snapshot()
    response = Client().get(url)
    if case.anonymous is not None:
        assert response.status_code == case.anonymous
    elif case.kind == "api":
        assert response.status_code == 401, url
    else:
        login = "/admin/login/" if case.kind == "admin" else "/accounts/login/"
        assert response.status_code == 302 and response["Location"].startswith(login), (
            url,
            response.status_code,
        )
    for method, spec in case.unsafe:
        response = request(Client(), method, url, case, unsafe_body(spec, objects))
        assert response.status_code in {302, 401, 403, 404, 405}, (method, url, response.status_code)
    assert snapshot() == before
    assert not User.objects.filter(username="").exists()


# Cases whose unsafe bodies do change data for someone allowed (alice, organisation staff of the province):
# so an outsider's refusal above comes from the access check, not from a malformed form.
EFFECTIVE_UNSAFE = (
    "api/v1/members/",
    "campaigns/<int:campaign_id>/conferences/new/",
    "campaigns/<int:campaign_id>/edit/",
    "campaigns/conferences/<int:conference_id>/agenda/<int:item_id>/delete/",
    "campaigns/conferences/<int:conference_id>/agenda/new/",
    "campaigns/conferences/<int:conference_id>/points/new/",
    "campaigns/new/",
    "campaigns/points/<int:point_id>/check-in.json",
    "campaigns/points/<int:point_id>/check-in/",
    "campaigns/points/<int:point_id>/delegates/<int:delegate_id>/remove/",
    "campaigns/points/<int:point_id>/guests/new/",
    "campaigns/points/<int:point_id>/invite/",
    "api/v1/members/<int:id>/",
    "documents/<int:document_id>/edit/",
    "documents/<int:document_id>/relations/<int:relation_id>/delete/",
    "documents/<int:document_id>/relations/new/",
    "documents/import/",
    "documents/new/",
    "members/<int:member_id>/edit/",
    "members/<int:member_id>/exemptions/new/",
    "members/<int:member_id>/positions/<int:position_id>/end/",
    "members/<int:member_id>/positions/new/",
    "members/<int:member_id>/status/",
    "members/<int:member_id>/transfer/",
    "units/<int:unit_id>/accounts/new/",
    "units/<int:unit_id>/edit/",
    "units/<int:unit_id>/members/new/",
    "units/<int:unit_id>/merge/",
    "units/<int:unit_id>/move/",
    "units/<int:unit_id>/new/",
    "units/<int:unit_id>/rename/",
    "units/<int:unit_id>/roles/<int:assignment_id>/revoke/",
    "units/<int:unit_id>/roles/grant/",
    "units/<int:unit_id>/split/",
)


@pytest.mark.parametrize("pattern", EFFECTIVE_UNSAFE)
def test_the_refused_requests_would_work_for_someone_allowed(objects: Objects, pattern: str) -> None:
    case = CASES[pattern]
    client = objects.world.client_for(objects.world.alice)
    method, spec = case.unsafe[0]
    before = snapshot()
    response = request(client, method, case.urls(objects)[0], case, unsafe_body(spec, objects))
    assert response.status_code in (200, 201, 302), response.status_code
    assert snapshot() != before
