"""Access cases of the campaigns: their pages and their admin.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body really changes data for alice.
"""

from __future__ import annotations

import uuid

from quantriet.campaigns.models import Delegate, ImplementationPlan, MakeUpSession
from tests.access.model import OWN, Case, admin_cases, one
from tests.access.objects import today_point


def today_code() -> str:
    return Delegate.objects.get(point=today_point()).code


CASES: dict[str, Case] = {
    # Campaigns (HTML): XA2's campaign, conference, point and delegate are out of both outsiders' reach.
    "campaigns/": Case(one(lambda o: "/campaigns/"), allowed=OWN),
    # A member's own invitations: there is no id to ask for someone else's.
    "campaigns/my/": Case(one(lambda o: "/campaigns/my/"), allowed=OWN),
    "campaigns/new/": Case(
        one(lambda o: "/campaigns/new/"), allowed=frozenset({200, 404}), unsafe=(("post", "CAMPAIGN_OF_XA2"),)
    ),
    # XA2's own campaign is out of both outsiders' reach (404); the commune's reaches bob's cell XA1, so
    # he reads it (200), but never XA2's share of it (its plan, its figures).
    "campaigns/<int:campaign_id>/": Case(
        lambda o: [
            f"/campaigns/{o.campaign.pk}/",
            f"/campaigns/{ImplementationPlan.objects.get().campaign_id}/",
        ],
        allowed=frozenset({200, 404}),
    ),
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
    "campaigns/conferences/<int:conference_id>/edit/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/edit/"),
        unsafe=(("post", {"title": "Bị sửa", "held_on": "10/09/2025", "starts_at": "08:00"}),),
    ),
    "campaigns/conferences/<int:conference_id>/delete/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/delete/")
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
    "campaigns/conferences/<int:conference_id>/programme.docx": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/programme.docx")
    ),
    "campaigns/conferences/<int:conference_id>/board/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/board/")
    ),
    # A unit's own members who stayed away, wherever invited: XA2's members are neither outsider's.
    "campaigns/conferences/<int:conference_id>/absences/": Case(
        one(lambda o: f"/campaigns/conferences/{o.conference.pk}/absences/"),
        unsafe=(("post", lambda o: {"delegate": str(o.delegate.pk), "reason": "Ốm"}),),
    ),
    "campaigns/points/<int:point_id>/": Case(one(lambda o: f"/campaigns/points/{o.point.pk}/")),
    "campaigns/points/<int:point_id>/edit/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/edit/"),
        unsafe=(("post", {"name": "Bị sửa", "host_unit": "XA2", "address": "Đâu đó", "capacity": "10"}),),
    ),
    "campaigns/points/<int:point_id>/delete/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/delete/"), unsafe=(("post", {"move_to": ""}),)
    ),
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
    "campaigns/points/<int:point_id>/invitations.docx": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/invitations.docx?number=5")
    ),
    "campaigns/delegates/<int:delegate_id>/invitation/": Case(
        one(lambda o: f"/campaigns/delegates/{o.delegate.pk}/invitation/")
    ),
    # Check-in desks: the point of XA2's conference held today, the one whose window is open.
    "campaigns/points/<int:point_id>/check-in/": Case(
        one(lambda o: f"/campaigns/points/{today_point().pk}/check-in/"),
        unsafe=(
            ("post", lambda o: {"action": "guest", "name": "Khách lạ", "client_id": str(uuid.uuid4())}),
            ("post", lambda o: {"action": "code", "code": today_code(), "client_id": str(uuid.uuid4())}),
        ),
    ),
    "campaigns/points/<int:point_id>/check-in.json": Case(
        one(lambda o: f"/campaigns/points/{today_point().pk}/check-in.json"),
        kind="api",
        allowed=frozenset({405}),  # GET is not a method it answers, whoever asks
        unsafe=(
            ("post", lambda o: {"code": today_code(), "client_id": str(uuid.uuid4()), "method": "typed"}),
        ),
    ),
    # Every check-in of XA2's point (reversed ones too), and reversing one: its staff and organisers only.
    "campaigns/points/<int:point_id>/check-ins/": Case(
        one(lambda o: f"/campaigns/points/{o.point.pk}/check-ins/")
    ),
    "campaigns/check-ins/<int:check_in_id>/reverse/": Case(
        one(lambda o: f"/campaigns/check-ins/{o.check_in.pk}/reverse/"),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"reason": "Bị hủy"}),),
    ),
    # The desk's service worker: the same script for everyone signed in, no data in it.
    "campaigns/points/desk-sw.js": Case(one(lambda o: "/campaigns/points/desk-sw.js"), allowed=OWN),
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
    # A point's kiosk keys: for those who run its desk (alice, through the province, creates one).
    "campaigns/points/<int:point_id>/kiosk-keys/": Case(
        one(lambda o: f"/campaigns/points/{today_point().pk}/kiosk-keys/"),
        unsafe=(("post", {"action": "create", "name": "Máy lạ"}),),
    ),
    # The campaigns' JSON API: the pages' reach. Bob reads the commune's campaign and its plans board
    # (his cell's row only); XA2's own campaign, conference and point are out of both outsiders' reach.
    "api/v1/campaigns/": Case(one(lambda o: "/api/v1/campaigns/"), kind="api", allowed=OWN),
    "api/v1/campaigns/<int:id>/": Case(
        lambda o: [
            f"/api/v1/campaigns/{o.campaign.pk}/",
            f"/api/v1/campaigns/{ImplementationPlan.objects.get().campaign_id}/",
        ],
        kind="api",
        allowed=frozenset({200, 404}),
    ),
    "api/v1/campaigns/<int:id>/plans/": Case(
        lambda o: [
            f"/api/v1/campaigns/{o.campaign.pk}/plans/",
            f"/api/v1/campaigns/{ImplementationPlan.objects.get().campaign_id}/plans/",
        ],
        kind="api",
        allowed=frozenset({200, 404}),
    ),
    "api/v1/campaigns/conferences/<int:id>/": Case(
        one(lambda o: f"/api/v1/campaigns/conferences/{o.conference.pk}/"), kind="api"
    ),
    "api/v1/campaigns/points/<int:id>/": Case(
        lambda o: [
            f"/api/v1/campaigns/points/{o.point.pk}/",
            f"/api/v1/campaigns/points/{today_point().pk}/",
        ],
        kind="api",
    ),
    "api/v1/campaigns/points/<int:id>/delegates/": Case(
        one(lambda o: f"/api/v1/campaigns/points/{today_point().pk}/delegates/"), kind="api"
    ),
    "api/v1/campaigns/points/<int:id>/check-ins/": Case(
        one(lambda o: f"/api/v1/campaigns/points/{o.point.pk}/check-ins/"), kind="api"
    ),
    # Kiosks only, with the point's key: a signed-in person without one is refused (403), whoever they are.
    "api/v1/campaigns/points/<int:point_id>/kiosk/check-in/": Case(
        one(lambda o: f"/api/v1/campaigns/points/{today_point().pk}/kiosk/check-in/"),
        kind="api",
        allowed=frozenset({405}),
        anonymous=405,
        unsafe=(
            ("post", lambda o: {"code": today_code(), "client_id": str(uuid.uuid4()), "method": "typed"}),
        ),
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
}

# The campaigns' admin, like the registry's, is read-only and for operators only.
CASES |= admin_cases("campaigns", "campaign", lambda o: o.campaign.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "conference", lambda o: o.conference.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "bridgepoint", lambda o: o.point.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "delegate", lambda o: o.delegate.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "checkin", lambda o: o.check_in.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "agendaitem", lambda o: o.agenda_item.pk, frozenset({403}))
CASES |= admin_cases("campaigns", "absence", lambda o: 1, frozenset({403}))
CASES |= admin_cases(
    "campaigns", "makeupsession", lambda o: MakeUpSession.objects.get(point=o.point).pk, frozenset({403})
)
CASES |= admin_cases("campaigns", "makeupattendance", lambda o: 1, frozenset({403}))
CASES |= admin_cases(
    "campaigns", "implementationplan", lambda o: ImplementationPlan.objects.get().pk, frozenset({403})
)
CASES |= admin_cases("campaigns", "reminder", lambda o: 1, frozenset({403}))

EFFECTIVE_UNSAFE = (
    "campaigns/<int:campaign_id>/conferences/new/",
    "campaigns/<int:campaign_id>/edit/",
    "campaigns/conferences/<int:conference_id>/absences/",
    "campaigns/conferences/<int:conference_id>/agenda/<int:item_id>/delete/",
    "campaigns/conferences/<int:conference_id>/agenda/new/",
    "campaigns/conferences/<int:conference_id>/edit/",
    "campaigns/conferences/<int:conference_id>/points/new/",
    "campaigns/new/",
    "campaigns/check-ins/<int:check_in_id>/reverse/",
    "campaigns/points/<int:point_id>/check-in.json",
    "campaigns/points/<int:point_id>/check-in/",
    "campaigns/points/<int:point_id>/delegates/<int:delegate_id>/remove/",
    "campaigns/points/<int:point_id>/edit/",
    "campaigns/points/<int:point_id>/guests/new/",
    "campaigns/points/<int:point_id>/invite/",
    "campaigns/points/<int:point_id>/kiosk-keys/",
)
