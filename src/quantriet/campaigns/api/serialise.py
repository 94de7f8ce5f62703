"""The JSON shapes of the campaigns' API, in step with ``schemas``; tests check live answers against them.

Units are named with their parent path (``orgs.selectors.unit_paths``): a province holds dozens of cells
of the same name. Lists take the paths of a whole page in one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from quantriet.campaigns.models import (
    AttendanceStatus,
    BridgePoint,
    Campaign,
    Category,
    CheckIn,
    Conference,
    Delegate,
    Method,
)
from quantriet.campaigns.selectors import Board, PlanRow, status_of
from quantriet.campaigns.services.window import conference_window
from quantriet.orgs.api.serialise import iso
from quantriet.orgs.models import Unit
from quantriet.orgs.selectors import unit_paths

Paths = dict[int, str]


def paths_of(units: Iterable[Unit | None]) -> Paths:
    return unit_paths([u for u in units if u is not None])


def unit(found: Unit | None, paths: Paths) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"id": found.pk, "name": found.name, "code": found.code, "path": paths.get(found.pk, found.name)}


def when(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def campaign_item(campaign: Campaign, paths: Paths) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "organising_unit": unit(campaign.organising_unit, paths),
        "scope_unit": unit(campaign.scope_unit, paths),
        "audience": campaign.audience,
        "audience_label": campaign.get_audience_display(),
        "categories": list(campaign.categories),
        "conference_date": iso(campaign.conference_date),
        "plan_deadline": iso(campaign.plan_deadline),
        "report_deadline": iso(campaign.report_deadline),
        "url": reverse("campaigns_api:campaign", args=[campaign.pk]),
    }


def conference_item(conference: Conference) -> dict[str, Any]:
    return {
        "id": conference.pk,
        "campaign_id": conference.campaign_id,
        "title": conference.title,
        "held_on": iso(conference.held_on),
        "starts_at": conference.starts_at.strftime("%H:%M"),
        "ends_at": conference.ends_at.strftime("%H:%M") if conference.ends_at else None,
        "url": reverse("campaigns_api:conference", args=[conference.pk]),
    }


def campaign_detail(
    campaign: Campaign, conferences: list[Conference], *, organiser: bool, manages: bool, paths: Paths
) -> dict[str, Any]:
    documents = campaign.documents.order_by("issued_on", "id")
    return {
        **campaign_item(campaign, paths),
        "documents": [
            {"id": d.pk, "symbol": d.symbol, "subject": d.subject, "issued_on": iso(d.issued_on)}
            for d in documents
        ],
        "conferences": [conference_item(c) for c in conferences],
        "sees_whole": organiser,
        "may_manage": manages,
        "plans_url": reverse("campaigns_api:plans", args=[campaign.pk]),
    }


def point_item(point: BridgePoint, paths: Paths) -> dict[str, Any]:
    return {
        "id": point.pk,
        "conference_id": point.conference_id,
        "name": point.name,
        "is_main": point.is_main,
        "host_unit": unit(point.host_unit, paths),
        "address": point.address,
        "capacity": point.capacity,
        "url": reverse("campaigns_api:point", args=[point.pk]),
    }


def conference_detail(conference: Conference, points: list[BridgePoint], paths: Paths) -> dict[str, Any]:
    window = conference_window(conference)
    return {
        **conference_item(conference),
        "campaign": {"id": conference.campaign_id, "title": conference.campaign.title},
        "check_in_opens": when(window.opens),
        "check_in_closes": when(window.closes),
        "points": [point_item(p, paths) for p in points],
    }


def point_detail(point: BridgePoint, board: Board, paths: Paths, *, checks_in: bool) -> dict[str, Any]:
    return {
        **point_item(point, paths),
        "conference": conference_item(point.conference),
        "attendance": {
            "invited": board.total.expected,
            "present": board.total.present,
            "from_other_points": board.from_other_points,
            "guests": board.guests,
            "late": board.late,
        },
        "may_check_in": checks_in,
        "delegates_url": reverse("campaigns_api:point_delegates", args=[point.pk]),
        "check_ins_url": reverse("campaigns_api:point_check_ins", args=[point.pk]),
    }


def delegate_item(delegate: Delegate, paths: Paths) -> dict[str, Any]:
    """A delegate of a point (from ``selectors.with_status``). The personal code is not sent: it is the
    delegate's credential at the door."""
    status = status_of(delegate)
    return {
        "id": delegate.pk,
        "name": delegate.name,
        "member_id": delegate.member_id,
        "unit": unit(delegate.unit, paths),
        "category": delegate.category,
        "category_label": str(Category(delegate.category).label),
        "point_id": delegate.point_id,
        "status": status,
        "status_label": str(AttendanceStatus(status).label),
    }


def check_in_item(check_in: CheckIn) -> dict[str, Any]:
    reversed_at = check_in.reversed_at
    return {
        "id": check_in.pk,
        "point_id": check_in.point_id,
        "delegate_id": check_in.delegate_id,
        "name": check_in.name,
        "guest_note": check_in.guest_note,
        "method": check_in.method,
        "method_label": str(Method(check_in.method).label),
        "at": when(check_in.at),
        "late": check_in.late,
        "other_point": check_in.other_point,
        "recorded_at": when(check_in.recorded_at),
        "reversed": reversed_at is not None,
        "reversed_at": when(reversed_at),
        "reversal_reason": check_in.reversal_reason,
    }


def plan_item(row: PlanRow, paths: Paths) -> dict[str, Any]:
    plan = row.plan
    return {
        "unit": unit(row.unit, paths),
        "state": row.state.value,
        "state_label": row.state_label,
        "reminders": row.reminders,
        "plan": None
        if plan is None
        else {
            "id": plan.pk,
            "symbol": plan.symbol,
            "issued_on": iso(plan.issued_on),
            "status": plan.status,
            "status_label": plan.get_status_display(),
            "submitted_at": when(plan.submitted_at),
            "late": plan.late,
            "reviewed_at": when(plan.reviewed_at),
            "comment": plan.comment,
        },
    }


def recorded(check_in: CheckIn, *, replayed: bool, message: str) -> dict[str, Any]:
    return {
        "status": "recorded",
        "replayed": replayed,
        "id": check_in.pk,
        "name": check_in.name,
        "at": when(check_in.at),
        "late": check_in.late,
        "other_point": check_in.other_point,
        "message": message,
    }
