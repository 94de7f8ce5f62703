"""The JSON shapes of the API, kept in step with ``schemas``; a test checks live answers against them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.urls import reverse

from quantriet.orgs.models import Member, MemberPhoto, MemberStatus, Role, RoleAssignment, Unit
from quantriet.orgs.models.units import Level


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def unit_ref(unit: Unit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"id": unit.pk, "name": unit.name, "code": unit.code}


def unit_item(unit: Unit) -> dict[str, Any]:
    """A unit in a list; ``child_count`` must have been annotated (no query per row)."""
    return {
        "id": unit.pk,
        "name": unit.name,
        "code": unit.code,
        "level": unit.level,
        "level_label": str(Level(unit.level).label),
        "parent_id": unit.parent_id,
        "depth": unit.depth,
        "valid_from": iso(unit.valid_from),
        "valid_to": iso(unit.valid_to),
        "child_count": int(getattr(unit, "child_count", 0)),
        "url": reverse("api:unit", args=[unit.pk]),
    }


def unit_detail(unit: Unit, *, ancestors: list[int], child_count: int) -> dict[str, Any]:
    return {
        **unit_item(unit),
        "child_count": child_count,
        "parent": unit_ref(unit.parent),
        "ancestors": ancestors,
    }


def member_item(member: Member) -> dict[str, Any]:
    """A line of the roll: what a list shows (the personal page holds the rest, and its reads are logged)."""
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "status": member.status,
        "status_label": str(MemberStatus(member.status).label),
        "unit": unit_ref(member.unit),
        "url": reverse("api:member", args=[member.pk]),
    }


def member_detail(member: Member, *, sensitive: bool = False) -> dict[str, Any]:
    """The record; the profile's sensitive fields only when ``sensitive`` (the caller checked and logged)."""
    placements = [
        {"unit": unit_ref(p.unit), "start": iso(p.start), "end": iso(p.end), "reason": p.reason}
        for p in member.placements.select_related("unit").order_by("-start", "-id")
    ]
    positions = [
        {
            "kind": p.kind,
            "kind_label": p.get_kind_display(),
            "unit": unit_ref(p.unit),
            "start": iso(p.start),
            "end": iso(p.end),
        }
        for p in member.positions.select_related("unit").order_by("-start", "-id")
    ]
    return {
        **member_item(member),
        "date_of_birth": iso(member.date_of_birth),
        "sex": member.sex,
        "admission_date": iso(member.admission_date),
        "full_membership_date": iso(member.full_membership_date),
        "card_number": member.card_number,
        "hometown": member.hometown,
        "education": member.education,
        "specialty": member.specialty,
        "political_theory": member.political_theory,
        "occupation": member.occupation,
        "email": member.email,
        **(_sensitive(member) if sensitive else {}),
        "placements": placements,
        "positions": positions,
        "updated_at": member.updated_at.isoformat(),
    }


def _sensitive(member: Member) -> dict[str, Any]:
    return {
        "ethnicity": member.ethnicity,
        "religion": member.religion,
        "id_number": member.id_number,
        "phone": member.phone,
        "has_photo": MemberPhoto.objects.filter(member=member).exists(),
    }


def me(user: AbstractBaseUser | AnonymousUser, *, auth: str) -> dict[str, Any]:
    user_id: int = user.pk or 0  # the API authenticates before calling this
    assignments = (
        RoleAssignment.objects.filter(user_id=user_id, revoked_at__isnull=True)
        .select_related("unit")
        .order_by("unit__name_sort", "role")
    )
    member = Member.objects.filter(user_id=user_id).only("id").first()
    return {
        "username": user.get_username(),
        "full_name": getattr(user, "get_full_name", lambda: "")(),
        "is_staff": bool(getattr(user, "is_staff", False)),
        "authentication": auth,
        "member_id": member.pk if member else None,
        "roles": [
            {"role": a.role, "role_label": str(Role(a.role).label), "unit": unit_ref(a.unit)}
            for a in assignments
        ],
    }
