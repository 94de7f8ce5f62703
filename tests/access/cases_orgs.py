"""Access cases of the site-wide pages, accounts, the JSON API of units and members, the organisation tree,
members, import and export, and the admin: its site-wide pages and the orgs, auth and django_tasks models.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body really changes data for alice.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django_otp.plugins.otp_totp.models import TOTPDevice

from quantriet.orgs.models import CorrectionRequest
from tests.access.model import OWN, SCOPED, Case, Objects, admin_cases, one

CASES: dict[str, Case] = {
    "": Case(one(lambda o: "/"), allowed=OWN, unsafe=(("post", {}),)),
    "accounts/password/": Case(one(lambda o: "/accounts/password/"), allowed=OWN),
    # The second factor: one's own set-up page; the code page sends a user without a device to set-up.
    "accounts/two-factor/": Case(one(lambda o: "/accounts/two-factor/"), allowed=OWN),
    "accounts/two-factor/verify/": Case(
        one(lambda o: "/accounts/two-factor/verify/"), allowed=frozenset({302})
    ),
    # One's own recovery codes: a user without the app set up is sent to set it up (nothing made).
    "accounts/two-factor/recovery-codes/": Case(
        one(lambda o: "/accounts/two-factor/recovery-codes/"),
        allowed=frozenset({302}),
        unsafe=(("post", {}),),
    ),
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
    # One's own API keys: the page shows only the reader's keys; an empty name creates nothing. Dave's key
    # cannot be revoked by anyone else (a message and a redirect, nothing changes).
    "accounts/api-keys/": Case(
        one(lambda o: "/accounts/api-keys/"), allowed=OWN, unsafe=(("post", {"name": ""}),)
    ),
    "accounts/api-keys/<int:token_id>/revoke/": Case(
        one(lambda o: f"/accounts/api-keys/{o.token.pk}/revoke/"), allowed=frozenset({405}), anonymous=405
    ),
    "api/v1/^(?P<rest>.*)$": Case(
        one(lambda o: f"/api/v1/members/{o.world.m_xa2.pk}/placements/"),
        kind="api",
        allowed=frozenset({404}),
        unsafe=(("post", {}),),
        anonymous=404,
    ),
    # The organisation tree (HTML). Unsafe bodies are valid forms, so only the access check can refuse them.
    "units/": Case(lambda o: ["/units/", "/units/?q=thon+2"], allowed=OWN),
    "units/<int:unit_id>/tree/": Case(
        lambda o: [f"/units/{o.world.xa.pk}/tree/", f"/units/{o.world.xa2.pk}/tree/?page=2"]
    ),
    # Pickers: everyone gets suggestions, only from their own reach.
    "units/pick/": Case(
        lambda o: [
            "/units/pick/?q=thon+2",
            "/units/pick/?q=XA2&closed=1",
            f"/units/pick/?q=chi&within={o.world.xa.pk}",
        ],
        allowed=OWN,
    ),
    "members/pick/": Case(
        lambda o: [
            "/members/pick/?q=tran+thi",
            "/members/pick/?q=10000002",
            "/members/pick/?q=dung&cap=edit_members",
        ],
        allowed=OWN,
    ),
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
                    # A plausible record: a probation since 2015 would wait for a confirmation.
                    "full_membership_date": "01/01/2016",
                    "status": "full",
                },
            ),
        ),
    ),
    # The live API keys of a unit's accounts, for those who manage its roles (Dave's key is XA2's).
    "units/<int:unit_id>/api-keys/": Case(
        one(lambda o: f"/units/{o.world.xa2.pk}/api-keys/"),
        unsafe=(("post", lambda o: {"token": str(o.token.pk)}),),
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
                    "full_membership_date": "02/03/2011",
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
    # The profile's sensitive part: revealed for a purpose, the photo (with a purpose), the photo's upload.
    "members/<int:member_id>/sensitive/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/sensitive/"),
        allowed=frozenset({302, 403, 404}),
        unsafe=(("post", {"purpose": "verify"}),),
    ),
    "members/<int:member_id>/photo/": Case(
        lambda o: [
            f"/members/{o.world.m_xa2.pk}/photo/",
            f"/members/{o.world.m_xa2.pk}/photo/?purpose=verify",
        ],
        allowed=frozenset({403, 404, 405}),
    ),
    "members/<int:member_id>/photo/edit/": Case(
        one(lambda o: f"/members/{o.world.m_xa2.pk}/photo/edit/"), unsafe=(("post", {"remove": "on"}),)
    ),
    # Import and export
    "imports/": Case(
        one(lambda o: "/imports/"), allowed=frozenset({200, 403, 404}), unsafe=(("post", "IMPORT_INTO_XA2"),)
    ),
    "imports/<uuid:job_id>/": Case(one(lambda o: f"/imports/{o.import_job.pk}/")),
    # A refused job run again with its warnings confirmed: POST only, by who may import into its scope.
    "imports/<uuid:job_id>/confirm/": Case(
        one(lambda o: f"/imports/{o.import_job.pk}/confirm/"), allowed=frozenset({404, 405})
    ),
    "imports/<uuid:job_id>/errors.xlsx": Case(one(lambda o: f"/imports/{o.import_job.pk}/errors.xlsx")),
    "imports/template/<str:kind>.xlsx": Case(
        lambda o: ["/imports/template/members.xlsx", "/imports/template/units.xlsx"],
        allowed=frozenset({200, 403, 404}),
    ),
    "members/export.xlsx": Case(
        lambda o: [
            f"/members/export.xlsx?unit={o.world.xa2.pk}",
            f"/members/export.xlsx?unit={o.world.xa.pk}",
            f"/members/export.xlsx?unit={o.world.xa.pk}&purpose=verify",
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
    "admin/^(?P<app_label>auth|django_tasks_database|otp_totp|orgs|documents|campaigns)/$": Case(
        lambda o: [
            "/admin/orgs/",
            "/admin/auth/",
            "/admin/documents/",
            "/admin/campaigns/",
            "/admin/otp_totp/",
        ],
        kind="admin",
        allowed=frozenset({200, 403, 404}),
    ),
    "admin/(?P<url>.*)$": Case(
        one(lambda o: "/admin/orgs/nothing/"), kind="admin", allowed=frozenset({302, 404})
    ),
    "admin/auth/user/<id>/password/": Case(
        one(lambda o: f"/admin/auth/user/{o.world.dave.pk}/password/"), kind="admin"
    ),
}

# Our models (SCOPED): outsiders may open the lists and add forms, which show their own data only.
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
# Second-factor devices: superusers only (to delete a lost phone's); their secrets are never shown.
CASES |= admin_cases("otp_totp", "totpdevice", lambda o: _device_of_dave(o), frozenset({403}))
CASES |= {
    f"admin/otp_totp/totpdevice/<int:pk>/{view}/": Case(
        one(lambda o, view=view: f"/admin/otp_totp/totpdevice/{_device_of_dave(o)}/{view}/"),
        kind="admin",
        allowed=frozenset({403}),
    )
    for view in ("config", "qrcode")
}
CASES |= admin_cases("django_tasks_database", "dbtaskresult", lambda o: uuid.UUID(int=0), frozenset({403}))

EFFECTIVE_UNSAFE = (
    "api/v1/members/",
    "api/v1/members/<int:id>/",
    "members/<int:member_id>/edit/",
    "members/<int:member_id>/exemptions/new/",
    "members/<int:member_id>/positions/<int:position_id>/end/",
    "members/<int:member_id>/positions/new/",
    "members/<int:member_id>/status/",
    "members/<int:member_id>/transfer/",
    "units/<int:unit_id>/accounts/new/",
    "units/<int:unit_id>/api-keys/",
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

# Decree 13/2023 (privacy): a member's reads log and correction requests; the staff's queue of requests.
# Dave (XA2) asked for a correction in objects.py; only staff who may edit XA2's members may decide it.
CASES |= {
    "me/reads/": Case(one(lambda o: "/me/reads/"), allowed=OWN),
    "me/corrections/": Case(one(lambda o: "/me/corrections/"), allowed=OWN),
    "members/corrections/": Case(
        lambda o: ["/members/corrections/", "/members/corrections/?state=decided"],
        allowed=frozenset({200, 404}),
    ),
    "members/corrections/<int:request_id>/": Case(
        one(lambda o: f"/members/corrections/{CorrectionRequest.objects.get(member=o.world.m_dave).pk}/"),
        allowed=frozenset({404}),
        unsafe=(("post", {"decision": "refuse", "decision_note": "Không đúng"}),),
    ),
}
EFFECTIVE_UNSAFE = (*EFFECTIVE_UNSAFE, "members/corrections/<int:request_id>/")
# A purpose stated logs a read; the photo's removal deletes it.
EFFECTIVE_UNSAFE = (
    *EFFECTIVE_UNSAFE,
    "members/<int:member_id>/sensitive/",
    "members/<int:member_id>/photo/edit/",
)


def _device_of_dave(o: Objects) -> int:
    device, _created = TOTPDevice.objects.get_or_create(user=o.world.dave, defaults={"confirmed": True})
    return int(device.pk)
