"""Bridge points of a conference: added, edited, and deleted while nobody has checked in there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quantriet.campaigns.models import BridgePoint, CheckIn, Conference, MakeUpAttendance
from quantriet.campaigns.services.campaigns import is_within
from quantriet.campaigns.services.conferences import clash_as_error
from quantriet.core.actors import Actor
from quantriet.orgs.models import Member, Unit
from quantriet.orgs.services import record_audit
from quantriet.orgs.services.audit import diff


class PointInput(TypedDict):
    """A bridge point's values as the forms and the demo give them."""

    host_unit: Unit
    name: str
    is_main: bool
    address: str
    capacity: int
    person_in_charge: NotRequired[Member | None]
    tech_contact_name: NotRequired[str]
    tech_contact_phone: NotRequired[str]
    video_link: NotRequired[str]


def _point_values(conference: Conference, point: BridgePoint | None, given: PointInput) -> dict[str, Any]:
    """Check a point's values against the campaign's scope and the conference's other points.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    campaign = conference.campaign
    others = conference.points.exclude(pk=point.pk) if point is not None else conference.points.all()
    host_unit, is_main, capacity = given["host_unit"], given["is_main"], given["capacity"]
    person_in_charge = given.get("person_in_charge")
    errors: dict[str, str] = {}
    name = " ".join(given["name"].split())
    if not name:
        errors["name"] = _("Hãy ghi tên điểm cầu, ví dụ “Điểm cầu xã An Hòa”.")
    # Compared in Python: SQLite's case folding knows only ASCII ("Đ" and "đ" would differ there).
    elif name.casefold() in {other.casefold() for other in others.values_list("name", flat=True)}:
        errors["name"] = _("Hội nghị đã có điểm cầu tên “%(name)s”; hãy đặt tên khác.") % {"name": name}
    if not is_within(host_unit, campaign.scope_unit):
        errors["host_unit"] = _(
            "%(unit)s không thuộc phạm vi của đợt (%(scope)s); hãy chọn đơn vị đăng cai trong phạm vi."
        ) % {"unit": host_unit.name, "scope": campaign.scope_unit.name}
    if is_main and others.filter(is_main=True).exists():
        errors["is_main"] = _("Hội nghị đã có điểm cầu chính; mỗi hội nghị chỉ có một điểm cầu chính.")
    address = " ".join(given["address"].split())
    if not address:
        errors["address"] = _("Hãy ghi địa chỉ của điểm cầu.")
    if capacity < 1:
        errors["capacity"] = _("Sức chứa phải từ 1 chỗ trở lên.")
    if person_in_charge is not None and not is_within(person_in_charge.unit_id, campaign.scope_unit):
        errors["person_in_charge"] = _("Người phụ trách phải là đảng viên trong phạm vi của đợt.")
    if errors:
        raise ValidationError(errors)
    return {
        "host_unit": host_unit,
        "name": name[:200],
        "is_main": is_main,
        "address": address[:300],
        "capacity": capacity,
        "person_in_charge": person_in_charge,
        "tech_contact_name": given.get("tech_contact_name", "").strip()[:120],
        "tech_contact_phone": given.get("tech_contact_phone", "").strip()[:20],
        "video_link": given.get("video_link", "").strip()[:500],
    }


@transaction.atomic
def add_point(actor: Actor | None, conference: Conference, **given: Unpack[PointInput]) -> BridgePoint:
    """Add a bridge point hosted by a unit inside the campaign's scope.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    values = _point_values(conference, None, given)
    with (
        transaction.atomic(),
        clash_as_error("name", _("Điểm cầu vừa được người khác thêm; hãy tải lại trang.")),
    ):
        point = BridgePoint.objects.create(conference=conference, **values)
        record_audit(
            actor,
            "bridgepoint.create",
            point,
            unit=point.host_unit,
            summary=f"Thêm điểm cầu “{point.name}” cho hội nghị “{conference.title}”",
            changes={"conference": conference.pk, "host_unit": point.host_unit_id, "is_main": point.is_main},
        )
    return point


@transaction.atomic
def update_point(actor: Actor | None, point: BridgePoint, **given: Unpack[PointInput]) -> BridgePoint:
    """Edit a bridge point. Moving it to another host unit moves its desk to that unit's staff.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    values = _point_values(point.conference, point, given)
    with (
        transaction.atomic(),
        clash_as_error("name", _("Điểm cầu vừa được người khác sửa; hãy tải lại trang.")),
    ):
        locked = BridgePoint.objects.select_for_update().get(pk=point.pk)
        changes = diff(locked, values)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.save()
        if changes:
            record_audit(
                actor,
                "bridgepoint.update",
                locked,
                unit=locked.host_unit,
                summary=f"Sửa điểm cầu “{locked.name}” của hội nghị “{locked.conference.title}”",
                changes=changes,
            )
    return locked


@dataclass(frozen=True)
class PointRemoval:
    """What deleting a point did with its delegates (shown to the user, kept in the audit)."""

    moved: int
    removed: int


def _refuse(message: str) -> ValidationError:
    return ValidationError({"point": message})


@transaction.atomic
def delete_point(
    actor: Actor | None, point: BridgePoint, *, move_to: BridgePoint | None = None
) -> PointRemoval:
    """Delete a point where nobody has checked in; its delegates move to ``move_to`` or are uninvited.

    A delegate of this point who already checked in elsewhere keeps that check-in, so such delegates
    can only be moved, never uninvited.

    Raises:
        ValidationError: Under the key "point" (or "move_to"), in Vietnamese.
    """
    # A check-in arriving while this runs makes the deletion fail on the protected point (rolled back).
    arrived = _("Vừa có người điểm danh ở điểm cầu này trong lúc xóa; điểm cầu được giữ nguyên.")
    with clash_as_error("point", arrived), transaction.atomic():
        locked = BridgePoint.objects.select_for_update().select_related("conference").get(pk=point.pk)
        if move_to is not None and (move_to.pk == locked.pk or move_to.conference_id != locked.conference_id):
            raise ValidationError({"move_to": _("Hãy chọn một điểm cầu khác của cùng hội nghị.")})
        here = locked.check_ins.count()
        if here:
            raise _refuse(
                _(
                    "Điểm cầu đã có %(n)d lượt điểm danh; lượt điểm danh là dữ liệu đã ghi nhận nên không "
                    "xóa được điểm cầu. Nếu cần, hãy sửa tên, địa chỉ hoặc đơn vị đăng cai."
                )
                % {"n": here}
            )
        if MakeUpAttendance.objects.filter(session__point=locked).exists():
            raise _refuse(_("Điểm cầu đã có buổi học bù có người dự; không xóa được."))
        delegates = locked.delegates.all()
        attended_elsewhere = CheckIn.objects.filter(delegate__point=locked).count()
        if attended_elsewhere and move_to is None:
            raise ValidationError(
                {
                    "move_to": _(
                        "%(n)d đại biểu được mời ở điểm cầu này đã điểm danh ở điểm cầu khác; hãy chọn điểm "
                        "cầu để chuyển các đại biểu sang."
                    )
                    % {"n": attended_elsewhere}
                }
            )
        moved = removed = 0
        if move_to is not None:
            ids = list(delegates.values_list("pk", flat=True))
            moved = delegates.update(point=move_to)
            # Their check-ins at the new point are no longer "from another point"; elsewhere they still are.
            their = CheckIn.objects.filter(delegate_id__in=ids)
            their.filter(point=move_to).update(other_point=False)
            their.exclude(point=move_to).update(other_point=True)
        else:
            removed = delegates.count()
            delegates.delete()
        locked.makeup_sessions.all().delete()
        record_audit(
            actor,
            "bridgepoint.delete",
            locked,
            unit=locked.host_unit,
            summary=f"Xóa điểm cầu “{locked.name}” của hội nghị “{locked.conference.title}”",
            changes={"moved_to": move_to.pk if move_to else None, "moved": moved, "removed": removed},
        )
        locked.delete()
    return PointRemoval(moved=moved, removed=removed)
