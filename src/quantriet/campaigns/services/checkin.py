"""Checking people in at a bridge point: by code (scanned or typed), by name, or as a guest.

Each check-in carries a ``client_id`` made by the device that recorded it. Sending the same one again
(a retry after a lost answer, a queue synchronised twice) returns the first record and adds nothing,
even after the window closed; the same client_id with another payload (another person, method or
point) is refused without naming whom it was first used for. A delegate checked in already is refused
with where and when. Both are also enforced by unique constraints, so two devices racing each other
cannot count anyone twice.

A conference takes check-ins only in its window, and a desk's recorded time is bounded by it and by
the time of arrival (``window``); an offline queue with recorded times may still arrive during
``CHECKIN_OFFLINE_GRACE_HOURS`` after the window (window rule 4). Callers pass ``received_at`` only to
replay history (the demo).

The check-in rows are their own audit trail (who recorded whom, where, when and how); a conference of
3,300 delegates would otherwise add as many audit entries that say the same thing.

A wrong tap is reversed, never deleted (``reverse_check_in``, ``reverse_makeup_mark``): the row keeps
the fact, gains who reversed it, when and why, and stops counting everywhere (boards, reports, the
member's own page); the reversal is audited. A reversed delegate can be checked in again. The same
guest (same name and unit, whatever the accents and case) is counted once per conference.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from quantriet.campaigns.models import BridgePoint, CheckIn, Delegate, MakeUpAttendance, Method
from quantriet.campaigns.services.campaigns import actor_id, day
from quantriet.campaigns.services.delegates import CodeError, read_code
from quantriet.campaigns.services.window import OutsideWindow, believed_moment
from quantriet.core.actors import Actor
from quantriet.orgs.services import record_audit
from quantriet.text import fold


class CheckInRefused(Exception):
    """A check-in that cannot be recorded: ``kind`` names why (for the JSON client), ``message`` says it."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Recorded:
    check_in: CheckIn
    replayed: bool  # this client_id was recorded before; nothing was added
    # The time the desk claimed, when it came too long before its arrival to be believed (window rule 3).
    claimed_at: dt.datetime | None = None

    @property
    def message(self) -> str:
        c = self.check_in
        if c.other_point and c.delegate is not None:
            text = _(
                "Đã điểm danh %(name)s. Lưu ý: đại biểu được mời ở điểm cầu “%(point)s”; lượt này vẫn được "
                "tính và đã đánh dấu để ban tổ chức biết."
            ) % {"name": c.name, "point": c.delegate.point.name}
        else:
            text = _("Đã điểm danh %(name)s lúc %(time)s.") % {"name": c.name, "time": _hm(c.at)}
        if self.claimed_at is not None:
            text += " " + _(
                "Máy điểm danh ghi lúc %(claimed)s nhưng lượt này đến máy chủ quá muộn, nên được tính "
                "theo giờ máy chủ nhận (%(time)s)."
            ) % {"claimed": _hm(self.claimed_at), "time": _hm(c.at)}
        return text


def _hm(moment: dt.datetime) -> str:
    return time_format(timezone.localtime(moment), "H:i")


@dataclass(frozen=True)
class Payload:
    """What a check-in says (who, how), to tell a retry from a client_id reused for something else."""

    method: str
    delegate_id: int | None = None
    guest_name: str = ""

    def matches(self, earlier: CheckIn) -> bool:
        return (
            earlier.method == self.method
            and earlier.delegate_id == self.delegate_id
            and (self.delegate_id is not None or earlier.guest_name == self.guest_name)
        )


def _reused() -> CheckInRefused:
    # Says nothing of the first check-in: the client_id may come from someone else's queue.
    return CheckInRefused(
        "client_id_reused",
        _(
            "Mã lượt điểm danh (client_id) này đã được dùng cho một lượt điểm danh khác; lượt này không được "
            "ghi. Hãy tải lại trang rồi điểm danh lại."
        ),
    )


def _earlier(client_id: uuid.UUID) -> CheckIn | None:
    return CheckIn.objects.select_related("delegate__point").filter(client_id=client_id).first()


def _replay(point: BridgePoint, client_id: uuid.UUID, payload: Payload | None) -> Recorded | None:
    """The first record of ``client_id`` if this is a retry of it; None if the client_id is new.

    ``payload`` None means the request names nobody the server knows (an unknown code): with a used
    client_id that cannot be a retry.
    """
    earlier = _earlier(client_id)
    if earlier is None:
        return None
    if earlier.point_id != point.pk or payload is None or not payload.matches(earlier):
        raise _reused()
    if earlier.reversed_at is not None:
        # A queue sent again after its check-in was reversed must not look recorded.
        raise CheckInRefused(
            "reversed",
            _(
                "Lượt điểm danh này của %(name)s đã bị hủy (%(reason)s); lần gửi lại này không được tính. "
                "Nếu người này có mặt, hãy điểm danh lại."
            )
            % {"name": earlier.name, "reason": earlier.reversal_reason},
        )
    return Recorded(earlier, replayed=True)


def _already(delegate: Delegate) -> CheckInRefused:
    earlier = CheckIn.objects.select_related("point").filter(delegate=delegate, reversed_at=None).first()
    where = earlier.point.name if earlier is not None else ""
    when = time_format(timezone.localtime(earlier.at), "H:i") if earlier is not None else ""
    return CheckInRefused(
        "already",
        _("%(name)s đã điểm danh lúc %(time)s tại %(point)s; lần quét này không được tính thêm.")
        % {"name": delegate.name, "time": when, "point": where},
    )


def _save(
    check_in: CheckIn, point: BridgePoint, payload: Payload, claimed_at: dt.datetime | None
) -> Recorded:
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError:
        # Another device got there first: the same submission, or the same delegate.
        replay = _replay(point, check_in.client_id, payload)
        if replay is not None:
            return replay
        if check_in.delegate is not None:
            raise _already(check_in.delegate) from None
        raise
    return Recorded(check_in, replayed=False, claimed_at=claimed_at)


def _new(
    actor: Actor | None,
    point: BridgePoint,
    client_id: uuid.UUID,
    method: str,
    at: dt.datetime | None,
    received_at: dt.datetime | None,
) -> tuple[CheckIn, dt.datetime | None]:
    """The unsaved check-in, and the desk's claimed time when it was not believed."""
    conference = point.conference
    try:
        moment = believed_moment(conference, at, received_at or timezone.now())
    except OutsideWindow as refused:
        raise CheckInRefused(refused.kind, refused.message) from None
    check_in = CheckIn(
        conference_id=point.conference_id,
        point=point,
        method=method,
        at=moment,
        late=moment > conference.start(),
        client_id=client_id,
        recorded_by_id=actor_id(actor),
    )
    return check_in, (at if at is not None and moment > at else None)


@transaction.atomic
def check_in_delegate(
    actor: Actor | None,
    point: BridgePoint,
    delegate: Delegate,
    *,
    client_id: uuid.UUID,
    method: str,
    at: dt.datetime | None = None,
    received_at: dt.datetime | None = None,
) -> Recorded:
    """Check ``delegate`` in at ``point`` (callers have made sure they belong to its conference).

    ``at`` is when a desk recorded it (offline), ``received_at`` when the server got it (default now).

    Raises:
        CheckInRefused: Another conference's delegate; checked in already; outside the window; a
            client_id used for another check-in.
    """
    payload = Payload(method=method, delegate_id=delegate.pk)
    replay = _replay(point, client_id, payload)
    if replay is not None:
        return replay
    if delegate.conference_id != point.conference_id:
        raise CheckInRefused("other_conference", _("Đại biểu này không thuộc hội nghị của điểm cầu."))
    if CheckIn.objects.filter(delegate=delegate, reversed_at=None).exists():
        raise _already(delegate)
    check_in, claimed_at = _new(actor, point, client_id, method, at, received_at)
    check_in.delegate = delegate
    check_in.other_point = delegate.point_id != point.pk
    return _save(check_in, point, payload, claimed_at)


@transaction.atomic
def check_in_code(
    actor: Actor | None,
    point: BridgePoint,
    raw_code: str,
    *,
    client_id: uuid.UUID,
    method: str = Method.TYPED,
    at: dt.datetime | None = None,
    received_at: dt.datetime | None = None,
) -> Recorded:
    """Check in the holder of a personal code (typed) or QR payload (scanned).

    Raises:
        CheckInRefused: Malformed, forged or unknown code; a code of another conference or campaign;
            a delegate checked in already; outside the window; a client_id used for another check-in.
    """
    if method not in (Method.SCAN, Method.TYPED):
        raise CheckInRefused("bad_method", _("Cách điểm danh không hợp lệ; hãy tải lại trang."))
    try:
        code = read_code(raw_code)
    except CodeError as error:
        if _earlier(client_id) is not None:
            raise _reused() from None  # the first use was a valid code, so this is not a retry
        raise CheckInRefused(error.kind, error.message) from None
    delegate = (
        Delegate.objects.select_related("member", "point", "conference__campaign").filter(code=code).first()
    )
    replay = _replay(point, client_id, Payload(method=method, delegate_id=delegate.pk) if delegate else None)
    if replay is not None:
        return replay
    if delegate is None:
        raise CheckInRefused(
            "unknown",
            _(
                "Không có giấy mời nào mang mã %(code)s. Hãy kiểm tra lại từng ký tự; nếu người này không có "
                "giấy mời, hãy ghi là khách."
            )
            % {"code": code},
        )
    if delegate.conference_id != point.conference_id:
        conference = point.conference
        if delegate.conference.campaign_id == conference.campaign_id:
            raise CheckInRefused(
                "other_conference",
                _(
                    "Giấy mời này là của một hội nghị khác trong cùng đợt, không phải “%(title)s”. Hãy xem "
                    "lại ngày họp trên giấy mời; nếu vẫn dự, hãy ghi là khách."
                )
                % {"title": conference.title},
            )
        raise CheckInRefused(
            "other_campaign",
            _(
                "Giấy mời này thuộc một đợt học tập khác, không phải “%(title)s”. Hãy hỏi giấy mời đúng, "
                "hoặc ghi là khách."
            )
            % {"title": conference.campaign.title},
        )
    return check_in_delegate(
        actor, point, delegate, client_id=client_id, method=method, at=at, received_at=received_at
    )


@transaction.atomic
def check_in_guest(
    actor: Actor | None,
    point: BridgePoint,
    *,
    name: str,
    note: str = "",
    client_id: uuid.UUID,
    at: dt.datetime | None = None,
    received_at: dt.datetime | None = None,
) -> Recorded:
    """Record someone without an invitation (a guest, a member not on the list).

    Raises:
        CheckInRefused: No name; outside the window; a client_id used for another check-in.
    """
    name = " ".join(name.split())[:120]
    payload = Payload(method=Method.GUEST, guest_name=name)
    replay = _replay(point, client_id, payload)
    if replay is not None:
        return replay
    if not name:
        raise CheckInRefused("guest_name", _("Hãy ghi họ và tên khách."))
    note = " ".join(note.split())[:200]
    _refuse_repeated_guest(point, name, note)
    check_in, claimed_at = _new(actor, point, client_id, Method.GUEST, at, received_at)
    check_in.guest_name = name
    check_in.guest_note = note
    return _save(check_in, point, payload, claimed_at)


def _refuse_repeated_guest(point: BridgePoint, name: str, note: str) -> None:
    """Refuse a guest recorded already at this conference (same name and unit, accents and case aside).

    Guests of one conference are a few dozen: compared in Python, where ``fold`` knows Vietnamese.
    """
    key = (fold(name), fold(note))
    guests = CheckIn.objects.filter(
        conference_id=point.conference_id, delegate__isnull=True, reversed_at=None
    ).select_related("point")
    for earlier in guests.only("guest_name", "guest_note", "at", "point__name"):
        if (fold(earlier.guest_name), fold(earlier.guest_note)) == key:
            raise CheckInRefused(
                "guest_repeated",
                _(
                    "Khách %(name)s%(unit)s đã được ghi lúc %(time)s tại %(point)s; lần này không được tính "
                    "thêm. Nếu đây là một người khác trùng tên, hãy ghi rõ chức vụ, đơn vị để phân biệt."
                )
                % {
                    "name": earlier.guest_name,
                    "unit": f" ({earlier.guest_note})" if earlier.guest_note else "",
                    "time": _hm(earlier.at),
                    "point": earlier.point.name,
                },
            )


# --- reversing a wrong tap ------------------------------------------------------------------------


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())[:300]
    if not cleaned:
        raise ValidationError(
            {
                "reason": _(
                    "Hãy ghi lý do hủy (ví dụ: bấm nhầm người, khách đã ghi rồi); lượt điểm danh chưa được "
                    "hủy."
                )
            }
        )
    return cleaned


@transaction.atomic
def reverse_check_in(actor: Actor | None, check_in: CheckIn, *, reason: str) -> CheckIn:
    """Reverse ``check_in`` (callers decide who may, ``selectors.may_reverse``): kept, no longer counted.

    Raises:
        ValidationError: No reason; reversed already.
    """
    cleaned = _reason(reason)
    now = timezone.now()
    # A conditional UPDATE: two desks reversing the same tap at once reverse it once.
    done = CheckIn.objects.filter(pk=check_in.pk, reversed_at=None).update(
        reversed_at=now, reversed_by_id=actor_id(actor), reversal_reason=cleaned
    )
    if done != 1:
        raise ValidationError(
            _("Lượt điểm danh của %(name)s đã được hủy trước đó.") % {"name": check_in.name}
        )
    check_in.refresh_from_db()
    record_audit(
        actor,
        "checkin.reverse",
        check_in,
        unit=check_in.point.host_unit,
        summary=f"Hủy lượt điểm danh “{check_in.name}” lúc {_hm(check_in.at)} tại “{check_in.point.name}”: "
        f"{cleaned}",
        changes={"delegate": check_in.delegate_id, "guest_name": check_in.guest_name, "reason": cleaned},
    )
    return check_in


@transaction.atomic
def reverse_makeup_mark(actor: Actor | None, mark: MakeUpAttendance, *, reason: str) -> MakeUpAttendance:
    """Reverse a make-up mark like a check-in (kept, no longer counted; the delegate may be marked again).

    Raises:
        ValidationError: No reason; reversed already.
    """
    cleaned = _reason(reason)
    done = MakeUpAttendance.objects.filter(pk=mark.pk, reversed_at=None).update(
        reversed_at=timezone.now(), reversed_by_id=actor_id(actor), reversal_reason=cleaned
    )
    name = mark.delegate.name
    if done != 1:
        raise ValidationError(_("Lượt học bù của %(name)s đã được hủy trước đó.") % {"name": name})
    mark.refresh_from_db()
    session = mark.session
    record_audit(
        actor,
        "makeup.reverse",
        mark,
        unit=session.point.host_unit,
        summary=f"Hủy lượt học bù “{name}” ngày {day(session.held_on)}: {cleaned}",
        changes={"delegate": mark.delegate_id, "reason": cleaned},
    )
    return mark
