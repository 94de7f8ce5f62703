from __future__ import annotations

from django.urls import path

from quantriet.orgs.views import api_keys as api_key_views
from quantriet.orgs.views import audit as audit_views
from quantriet.orgs.views import exports as export_views
from quantriet.orgs.views import imports as import_views
from quantriet.orgs.views import members as member_views
from quantriet.orgs.views import pickers as picker_views
from quantriet.orgs.views import privacy as privacy_views
from quantriet.orgs.views import profile as profile_views
from quantriet.orgs.views import roles as role_views
from quantriet.orgs.views import tree as tree_views
from quantriet.orgs.views import units as unit_views

app_name = "orgs"

urlpatterns: list[object] = [
    # The organisation tree
    path("units/", tree_views.unit_list, name="unit_list"),
    path("units/pick/", picker_views.unit_pick, name="unit_pick"),
    path("members/pick/", picker_views.member_pick, name="member_pick"),
    path("units/<int:unit_id>/tree/", tree_views.unit_tree, name="unit_tree"),
    path("units/<int:unit_id>/", unit_views.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/new/", unit_views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/edit/", unit_views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/rename/", unit_views.unit_rename, name="unit_rename"),
    path("units/<int:unit_id>/move/", unit_views.unit_move, name="unit_move"),
    path("units/<int:unit_id>/merge/", unit_views.unit_merge, name="unit_merge"),
    path("units/<int:unit_id>/split/", unit_views.unit_split, name="unit_split"),
    path("units/<int:unit_id>/dissolve/", unit_views.unit_dissolve, name="unit_dissolve"),
    path("units/<int:unit_id>/members/new/", member_views.member_create, name="member_create"),
    # Roles, accounts and the audit trail of a subtree
    path("units/<int:unit_id>/roles/", role_views.unit_roles, name="unit_roles"),
    path("units/<int:unit_id>/roles/grant/", role_views.role_grant, name="role_grant"),
    path("units/<int:unit_id>/roles/<int:assignment_id>/revoke/", role_views.role_revoke, name="role_revoke"),
    path("units/<int:unit_id>/accounts/new/", role_views.account_create, name="account_create"),
    path("units/<int:unit_id>/api-keys/", api_key_views.unit_api_keys, name="unit_api_keys"),
    path("units/<int:unit_id>/audit/", audit_views.unit_audit, name="unit_audit"),
    # Members
    path("members/", member_views.member_list, name="member_list"),
    path("members/<int:member_id>/", member_views.member_detail, name="member_detail"),
    path("members/<int:member_id>/edit/", member_views.member_edit, name="member_edit"),
    path("members/<int:member_id>/sensitive/", member_views.member_sensitive, name="member_sensitive"),
    path("members/<int:member_id>/photo/", profile_views.member_photo, name="member_photo"),
    path("members/<int:member_id>/photo/edit/", profile_views.member_photo_edit, name="member_photo_edit"),
    path("members/<int:member_id>/transfer/", member_views.member_transfer, name="member_transfer"),
    path("members/<int:member_id>/status/", member_views.member_status, name="member_status"),
    path("members/<int:member_id>/exemptions/new/", member_views.exemption_add, name="exemption_add"),
    path("members/<int:member_id>/positions/new/", member_views.position_add, name="position_add"),
    path(
        "members/<int:member_id>/positions/<int:position_id>/end/",
        member_views.position_end,
        name="position_end",
    ),
    path("me/", member_views.me, name="me"),
    # Decree 13/2023: a member's reads log and correction requests, and the staff's queue
    path("me/reads/", privacy_views.my_reads, name="my_reads"),
    path("me/corrections/", privacy_views.my_corrections, name="my_corrections"),
    path("members/corrections/", privacy_views.correction_list, name="correction_list"),
    path("members/corrections/<int:request_id>/", privacy_views.correction_decide, name="correction_decide"),
    # Import and export (helper B)
    path("imports/", import_views.upload, name="import_upload"),
    path("imports/<uuid:job_id>/", import_views.job_detail, name="import_job"),
    path("imports/<uuid:job_id>/confirm/", import_views.job_confirm, name="import_confirm"),
    path("imports/<uuid:job_id>/errors.xlsx", import_views.job_errors_xlsx, name="import_errors_xlsx"),
    path("imports/template/<str:kind>.xlsx", import_views.template_xlsx, name="import_template"),
    path("members/export.xlsx", export_views.members_xlsx, name="members_export"),
]
