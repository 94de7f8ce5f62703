"""The campaigns' pages, mounted at ``/campaigns/``."""

from __future__ import annotations

from django.urls import path

from quantriet.campaigns.views import (
    absences,
    boards,
    campaigns,
    checkin,
    conferences,
    delegates,
    kiosk,
    mine,
    plans,
    reports,
)

app_name = "campaigns"

urlpatterns: list[object] = [
    path("", campaigns.campaign_list, name="list"),
    path("new/", campaigns.campaign_create, name="create"),
    path("my/", mine.my_invitations, name="my_invitations"),
    path("<int:campaign_id>/", campaigns.campaign_detail, name="detail"),
    path("<int:campaign_id>/edit/", campaigns.campaign_edit, name="edit"),
    path("<int:campaign_id>/conferences/new/", conferences.conference_create, name="conference_create"),
    path("conferences/<int:conference_id>/", conferences.conference_detail, name="conference"),
    path("conferences/<int:conference_id>/edit/", conferences.conference_edit, name="conference_edit"),
    path("conferences/<int:conference_id>/delete/", conferences.conference_delete, name="conference_delete"),
    path("conferences/<int:conference_id>/points/new/", conferences.point_create, name="point_create"),
    path("conferences/<int:conference_id>/agenda/new/", conferences.agenda_add, name="agenda_add"),
    path(
        "conferences/<int:conference_id>/agenda/<int:item_id>/delete/",
        conferences.agenda_remove,
        name="agenda_remove",
    ),
    path("conferences/<int:conference_id>/programme/", conferences.programme, name="programme"),
    path("conferences/<int:conference_id>/programme.docx", reports.programme_docx, name="programme_docx"),
    path("conferences/<int:conference_id>/board/", boards.conference_board, name="conference_board"),
    path("conferences/<int:conference_id>/absences/", absences.member_absences, name="member_absences"),
    path("points/<int:point_id>/", delegates.point_detail, name="point"),
    path("points/<int:point_id>/edit/", conferences.point_edit, name="point_edit"),
    path("points/<int:point_id>/delete/", conferences.point_delete, name="point_delete"),
    path("points/<int:point_id>/invite/", delegates.invite, name="invite"),
    path("points/<int:point_id>/guests/new/", delegates.invite_guest, name="invite_guest"),
    path(
        "points/<int:point_id>/delegates/<int:delegate_id>/remove/",
        delegates.delegate_remove,
        name="delegate_remove",
    ),
    path("points/<int:point_id>/invitations/", delegates.invitations, name="invitations"),
    path("points/<int:point_id>/invitations.docx", reports.invitations_docx, name="invitations_docx"),
    path("delegates/<int:delegate_id>/invitation/", delegates.invitation, name="invitation"),
    path("points/<int:point_id>/check-in/", checkin.check_in_page, name="check_in"),
    path("points/<int:point_id>/check-in.json", checkin.check_in_json, name="check_in_json"),
    path("points/<int:point_id>/board/", boards.point_board, name="point_board"),
    path("points/<int:point_id>/kiosk-keys/", kiosk.kiosk_keys_page, name="kiosk_keys"),
    path("points/<int:point_id>/absences/", absences.absences, name="absences"),
    path("makeup/<int:session_id>/", absences.makeup, name="makeup"),
    path("points/<int:point_id>/check-ins/", checkin.check_in_list, name="check_ins"),
    path("check-ins/<int:check_in_id>/reverse/", checkin.reverse_check_in, name="check_in_reverse"),
    path("points/desk-sw.js", checkin.desk_service_worker, name="desk_sw"),
    path("<int:campaign_id>/plans/", plans.plan_board, name="plans"),
    path("<int:campaign_id>/plans/remind/", plans.remind, name="plans_remind"),
    path("<int:campaign_id>/plans/<int:unit_id>/", plans.plan_detail, name="plan"),
    path("<int:campaign_id>/plans/<int:unit_id>/file/", plans.plan_file, name="plan_file"),
    path("<int:campaign_id>/report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("<int:campaign_id>/report.docx", reports.report_docx, name="report_docx"),
]
