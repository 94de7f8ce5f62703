"""Absences with their reasons, and make-up sessions (học bù) whose attendance counts.

A delegate ends up in exactly one of four states (``AttendanceStatus``): checked in at the
conference; checked in at a make-up session; absent with a reason; absent without one. An absence is
recorded only for someone who did not check in; a make-up check-in only for someone who missed the
conference. The absence row stays after a make-up session (its reason is history), the status
simply ranks the make-up first. A make-up mark is taken only on the day of its session (``window``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.campaigns.models import Absence, BridgePoint, Delegate, MakeUpAttendance, MakeUpSession
from quantriet.campaigns.services.campaigns import actor_id, day
from quantriet.campaigns.services.window import OutsideWindow, require_makeup_day
from quantriet.core.actors import Actor
from quantriet.orgs.services import record_audit


@transaction.atomic
def record_absence(actor: Actor | None, delegate: Delegate, *, reason: str) -> Absence:
    """Record (or correct) why ``delegate`` did not come; an empty reason means "without reason".

    Raises:
        ValidationError: The delegate checked in at the conference.
    """
    reason = " ".join(reason.split())[:300]
    if delegate.check_ins.filter(reversed_at=None).exists():
        raise ValidationError(
            _("%(name)s đã điểm danh có mặt tại hội nghị nên không ghi vắng được.") % {"name": delegate.name}
        )
    with transaction.atomic():
        absence, _created = Absence.objects.update_or_create(
            delegate=delegate, defaults={"reason": reason, "recorded_by_id": actor_id(actor)}
        )
        record_audit(
            actor,
            "delegate.absence",
            absence,
            unit=delegate.point.host_unit,
            summary=f"Ghi vắng “{delegate.name}”: {reason or 'không lý do'}",
            changes={"delegate": delegate.pk, "reason": reason},
        )
    return absence


@transaction.atomic
def create_makeup_session(
    actor: Actor | None, point: BridgePoint, *, held_on: dt.date, place: str = ""
) -> MakeUpSession:
    """Schedule a make-up session for the absentees of ``point``.

    Raises:
        ValidationError: Keyed by field; a date before the conference.
    """
    conference = point.conference
    if held_on < conference.held_on:
        raise ValidationError(
            {
                "held_on": _(
                    "Ngày học bù (%(date)s) đứng trước ngày hội nghị (%(day)s); hãy chọn một ngày sau hội "
                    "nghị."
                )
                % {"date": day(held_on), "day": day(conference.held_on)}
            }
        )
    with transaction.atomic():
        session = MakeUpSession.objects.create(
            conference=conference,
            point=point,
            held_on=held_on,
            place=" ".join(place.split())[:300],
            created_by_id=actor_id(actor),
        )
        record_audit(
            actor,
            "makeup.create",
            session,
            unit=point.host_unit,
            summary=f"Tổ chức học bù ngày {day(held_on)} tại “{point.name}”",
        )
    return session


@transaction.atomic
def makeup_check_in(
    actor: Actor | None, session: MakeUpSession, delegate: Delegate, *, received_at: dt.datetime | None = None
) -> MakeUpAttendance:
    """Count ``delegate`` present at the make-up session (``received_at``, default now, on its day).

    Raises:
        ValidationError: Not on the session's day; not a delegate of the session's conference; present
            at the conference already; present at a make-up session already.
    """
    try:
        require_makeup_day(session, received_at or timezone.now())
    except OutsideWindow as refused:
        raise ValidationError(refused.message) from None
    if delegate.conference_id != session.conference_id:
        raise ValidationError(_("Đại biểu này không thuộc hội nghị của buổi học bù."))
    if delegate.check_ins.filter(reversed_at=None).exists():
        raise ValidationError(
            _("%(name)s đã có mặt tại hội nghị, không cần học bù.") % {"name": delegate.name}
        )
    try:
        with transaction.atomic():
            attendance = MakeUpAttendance.objects.create(
                session=session, delegate=delegate, recorded_by_id=actor_id(actor)
            )
            record_audit(
                actor,
                "makeup.check_in",
                attendance,
                unit=session.point.host_unit,
                summary=f"Điểm danh học bù “{delegate.name}” ngày {day(session.held_on)}",
            )
    except IntegrityError:
        raise ValidationError(
            _("%(name)s đã được điểm danh ở một buổi học bù.") % {"name": delegate.name}
        ) from None
    return attendance
