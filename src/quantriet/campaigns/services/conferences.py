"""Conferences of a campaign and their agenda (their bridge points are in ``points``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from quantriet.campaigns.models import AgendaItem, Campaign, Conference, MakeUpAttendance
from quantriet.campaigns.services.campaigns import day, is_within
from quantriet.core.actors import Actor
from quantriet.documents.models import Document
from quantriet.orgs.models import Member
from quantriet.orgs.services import record_audit
from quantriet.orgs.services.audit import diff


@contextmanager
def clash_as_error(field: str, message: str) -> Iterator[None]:
    """A constraint hit by someone else's write at the same moment, as a form error.

    A unique constraint (the same thing saved twice) or a protected row (a check-in that arrived while
    its point was being deleted: ``ProtectedError`` is an ``IntegrityError``).
    """
    try:
        yield
    except IntegrityError:
        raise ValidationError({field: message}) from None


def _conference_values(
    campaign: Campaign, *, title: str, held_on: dt.date, starts_at: dt.time, ends_at: dt.time | None
) -> dict[str, Any]:
    """Check a conference's values: it is held on or after the campaign's conference date, by the plan
    deadline, and ends after it starts.

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
    return {"title": title[:300], "held_on": held_on, "starts_at": starts_at, "ends_at": ends_at}


@transaction.atomic
def create_conference(
    actor: Actor | None,
    campaign: Campaign,
    *,
    title: str,
    held_on: dt.date,
    starts_at: dt.time,
    ends_at: dt.time | None = None,
) -> Conference:
    """Add a conference to a campaign.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    values = _conference_values(campaign, title=title, held_on=held_on, starts_at=starts_at, ends_at=ends_at)
    with transaction.atomic():
        conference = Conference.objects.create(campaign=campaign, **values)
        record_audit(
            actor,
            "conference.create",
            conference,
            unit=campaign.organising_unit,
            summary=f"Thêm hội nghị “{conference.title}” ngày {day(held_on)}",
            changes={"campaign": campaign.pk, "held_on": held_on, "starts_at": starts_at.isoformat()},
        )
    return conference


@transaction.atomic
def update_conference(
    actor: Actor | None,
    conference: Conference,
    *,
    title: str,
    held_on: dt.date,
    starts_at: dt.time,
    ends_at: dt.time | None = None,
) -> Conference:
    """Edit a conference. A conference put back by half an hour is common: when the start moves, who
    was late is worked out again from the check-ins' own times, so the board stays true.

    Raises:
        ValidationError: Keyed by field; also a date after a make-up session already scheduled.
    """
    campaign = conference.campaign
    values = _conference_values(campaign, title=title, held_on=held_on, starts_at=starts_at, ends_at=ends_at)
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        first_makeup = locked.makeup_sessions.aggregate(first=Min("held_on"))["first"]
        if first_makeup is not None and first_makeup < held_on:
            raise ValidationError(
                {
                    "held_on": _(
                        "Đã có buổi học bù ngày %(makeup)s, trước ngày họp mới (%(held)s); hãy chọn ngày "
                        "họp không muộn hơn buổi học bù."
                    )
                    % {"makeup": day(first_makeup), "held": day(held_on)}
                }
            )
        changes: dict[str, Any] = diff(locked, values)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        if "held_on" in changes or "starts_at" in changes:
            start = locked.start()
            late = locked.check_ins.filter(at__gt=start).update(late=True)
            on_time = locked.check_ins.filter(at__lte=start).update(late=False)
            if late or on_time:
                changes["late_recounted"] = {"late": late, "on_time": on_time}
        if changes:
            record_audit(
                actor,
                "conference.update",
                locked,
                unit=campaign.organising_unit,
                summary=f"Sửa hội nghị “{locked.title}”",
                changes=changes,
            )
    return locked


@dataclass(frozen=True)
class ConferenceContents:
    """What deleting a conference takes with it, shown on the confirmation page."""

    points: int
    delegates: int
    agenda: int
    check_ins: int

    @classmethod
    def of(cls, conference: Conference) -> ConferenceContents:
        return cls(
            points=conference.points.count(),
            delegates=conference.delegates.count(),
            agenda=conference.agenda.count(),
            check_ins=conference.check_ins.count(),
        )


@transaction.atomic
def delete_conference(actor: Actor | None, conference: Conference) -> ConferenceContents:
    """Delete a conference that nobody has attended yet, with its points, agenda and invitations.

    Check-ins are facts: a conference with any (or with a make-up attendance) cannot be deleted.

    Raises:
        ValidationError: Under the key "conference", in Vietnamese.
    """
    # A check-in arriving while this runs makes the deletion fail on the protected point (rolled back).
    arrived = _("Vừa có người điểm danh ở hội nghị này trong lúc xóa; hội nghị được giữ nguyên.")
    with clash_as_error("conference", arrived), transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        contents = ConferenceContents.of(locked)
        attended = contents.check_ins + MakeUpAttendance.objects.filter(session__conference=locked).count()
        if attended:
            raise ValidationError(
                {
                    "conference": _(
                        "Hội nghị đã có %(n)d lượt điểm danh; lượt điểm danh là dữ liệu đã ghi nhận nên "
                        "không xóa được hội nghị. Nếu cần, hãy sửa tên hoặc lịch của hội nghị."
                    )
                    % {"n": attended}
                }
            )
        record_audit(
            actor,
            "conference.delete",
            locked,
            unit=locked.campaign.organising_unit,
            summary=f"Xóa hội nghị “{locked.title}” ngày {day(locked.held_on)}",
            changes={
                "campaign": locked.campaign_id,
                "points": contents.points,
                "delegates": contents.delegates,
                "agenda": contents.agenda,
            },
        )
        # Points and delegates are protected from being deleted by accident: remove them in order.
        locked.makeup_sessions.all().delete()
        locked.delegates.all().delete()
        locked.points.all().delete()
        locked.delete()
    return contents


@transaction.atomic
def add_agenda_item(
    actor: Actor | None,
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
        clash_as_error("order", _("Mục này vừa được người khác thêm; hãy tải lại trang.")),
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


@transaction.atomic
def remove_agenda_item(actor: Actor | None, item: AgendaItem) -> None:
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
