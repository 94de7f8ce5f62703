"""Conferences of a campaign, their bridge points and their agenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from quantriet.campaigns.models import AgendaItem, BridgePoint, Campaign, Conference
from quantriet.campaigns.services.campaigns import Actor, day, is_within
from quantriet.documents.models import Document
from quantriet.orgs.models import Member, Unit
from quantriet.orgs.services import record_audit


@contextmanager
def _clash_as_error(field: str, message: str) -> Iterator[None]:
    """A unique constraint hit by someone saving the same thing at the same moment, as a form error."""
    try:
        yield
    except IntegrityError:
        raise ValidationError({field: message}) from None


def create_conference(
    actor: Actor,
    campaign: Campaign,
    *,
    title: str,
    held_on: dt.date,
    starts_at: dt.time,
    ends_at: dt.time | None = None,
) -> Conference:
    """Add a conference; it is held on or after the campaign's conference date, by the plan deadline.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Hãy ghi tên hội nghị.")
    if held_on < campaign.conference_date:
        errors["held_on"] = _(
            "Ngày họp (%(held)s) đứng trước ngày hội nghị của đợt (%(day)s); hãy chọn ngày từ %(day)s trở "
            "đi, hoặc sửa lịch của đợt trước."
        ) % {"held": day(held_on), "day": day(campaign.conference_date)}
    elif held_on > campaign.plan_deadline:
        errors["held_on"] = _(
            "Ngày họp (%(held)s) sau hạn nộp kế hoạch thực hiện (%(plan)s): các cấp ủy cần học tập trước khi "
            "làm kế hoạch. Hãy chọn ngày sớm hơn hoặc lùi hạn của đợt."
        ) % {"held": day(held_on), "plan": day(campaign.plan_deadline)}
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conference = Conference.objects.create(
            campaign=campaign, title=title[:300], held_on=held_on, starts_at=starts_at, ends_at=ends_at
        )
        record_audit(
            actor,
            "conference.create",
            conference,
            unit=campaign.organising_unit,
            summary=f"Thêm hội nghị “{conference.title}” ngày {day(held_on)}",
            changes={"campaign": campaign.pk, "held_on": held_on, "starts_at": starts_at.isoformat()},
        )
    return conference


def add_point(
    actor: Actor,
    conference: Conference,
    *,
    host_unit: Unit,
    name: str,
    is_main: bool,
    address: str,
    capacity: int,
    person_in_charge: Member | None = None,
    tech_contact_name: str = "",
    tech_contact_phone: str = "",
    video_link: str = "",
) -> BridgePoint:
    """Add a bridge point hosted by a unit inside the campaign's scope.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    campaign = conference.campaign
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = _("Hãy ghi tên điểm cầu, ví dụ “Điểm cầu xã An Hòa”.")
    elif conference.points.filter(name__iexact=name).exists():
        errors["name"] = _("Hội nghị đã có điểm cầu tên “%(name)s”; hãy đặt tên khác.") % {"name": name}
    if not is_within(host_unit, campaign.scope_unit):
        errors["host_unit"] = _(
            "%(unit)s không thuộc phạm vi của đợt (%(scope)s); hãy chọn đơn vị đăng cai trong phạm vi."
        ) % {"unit": host_unit.name, "scope": campaign.scope_unit.name}
    if is_main and conference.points.filter(is_main=True).exists():
        errors["is_main"] = _("Hội nghị đã có điểm cầu chính; mỗi hội nghị chỉ có một điểm cầu chính.")
    if not " ".join(address.split()):
        errors["address"] = _("Hãy ghi địa chỉ của điểm cầu.")
    if capacity < 1:
        errors["capacity"] = _("Sức chứa phải từ 1 chỗ trở lên.")
    if person_in_charge is not None and not is_within(person_in_charge.unit_id, campaign.scope_unit):
        errors["person_in_charge"] = _("Người phụ trách phải là đảng viên trong phạm vi của đợt.")
    if errors:
        raise ValidationError(errors)
    with (
        transaction.atomic(),
        _clash_as_error("name", _("Điểm cầu vừa được người khác thêm; hãy tải lại trang.")),
    ):
        point = BridgePoint.objects.create(
            conference=conference,
            host_unit=host_unit,
            name=name[:200],
            is_main=is_main,
            address=" ".join(address.split())[:300],
            capacity=capacity,
            person_in_charge=person_in_charge,
            tech_contact_name=tech_contact_name.strip()[:120],
            tech_contact_phone=tech_contact_phone.strip()[:20],
            video_link=video_link.strip()[:500],
        )
        record_audit(
            actor,
            "bridgepoint.create",
            point,
            unit=host_unit,
            summary=f"Thêm điểm cầu “{point.name}” cho hội nghị “{conference.title}”",
            changes={"conference": conference.pk, "host_unit": host_unit.pk, "is_main": is_main},
        )
    return point


def add_agenda_item(
    actor: Actor,
    conference: Conference,
    *,
    order: int,
    title: str,
    presenter: Member | None = None,
    document: Document | None = None,
    minutes: int | None = None,
) -> AgendaItem:
    """Add a part of the programme; a document explained must be one the campaign disseminates.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    campaign = conference.campaign
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title and document is not None:
        title = _("Quán triệt %(doc)s") % {"doc": document.title}
    if not title:
        errors["title"] = _("Hãy ghi nội dung của mục này hoặc chọn văn bản được quán triệt.")
    if order < 1:
        errors["order"] = _("Thứ tự là một số từ 1 trở lên.")
    elif conference.agenda.filter(order=order).exists():
        errors["order"] = _("Chương trình đã có mục thứ %(order)d; hãy chọn số thứ tự khác.") % {
            "order": order
        }
    if document is not None and not campaign.documents.filter(pk=document.pk).exists():
        errors["document"] = _("Văn bản này không nằm trong danh sách văn bản của đợt.")
    if presenter is not None and not is_within(presenter.unit_id, campaign.organising_unit):
        errors["presenter"] = _("Báo cáo viên phải là đảng viên thuộc đơn vị tổ chức đợt.")
    if errors:
        raise ValidationError(errors)
    with (
        transaction.atomic(),
        _clash_as_error("order", _("Mục này vừa được người khác thêm; hãy tải lại trang.")),
    ):
        item = AgendaItem.objects.create(
            conference=conference,
            order=order,
            title=title[:300],
            presenter=presenter,
            document=document,
            minutes=minutes,
        )
        record_audit(
            actor,
            "agenda.add",
            item,
            unit=campaign.organising_unit,
            summary=f"Thêm mục {order} vào chương trình hội nghị “{conference.title}”",
            changes={"title": item.title, "presenter": presenter, "document": document},
        )
    return item


def remove_agenda_item(actor: Actor, item: AgendaItem) -> None:
    conference = item.conference
    with transaction.atomic():
        record_audit(
            actor,
            "agenda.remove",
            item,
            unit=conference.campaign.organising_unit,
            summary=f"Bỏ mục {item.order} khỏi chương trình hội nghị “{conference.title}”",
            changes={"title": item.title},
        )
        item.delete()
