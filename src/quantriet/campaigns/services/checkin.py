"""Checking people in at a bridge point: by code (scanned or typed), by name, or as a guest.

Each check-in carries a ``client_id`` made by the device that recorded it. Sending the same one again
(a retry after a lost answer, a queue synchronised twice) returns the first record and adds nothing;
a delegate checked in already is refused with where and when. Both are also enforced by unique
constraints, so two devices racing each other cannot count anyone twice.

The check-in rows are their own audit trail (who recorded whom, where, when and how); a conference of
3,300 delegates would otherwise add as many audit entries that say the same thing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from quantriet.campaigns.models import BridgePoint, CheckIn, Delegate, Method
from quantriet.campaigns.services.campaigns import Actor, actor_id
from quantriet.campaigns.services.delegates import CodeError, read_code


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

    @property
    def message(self) -> str:
        c = self.check_in
        if c.other_point and c.delegate is not None:
            return _(
                "Đã điểm danh %(name)s. Lưu ý: đại biểu được mời ở điểm cầu “%(point)s”; lượt này vẫn được "
                "tính và đã đánh dấu để ban tổ chức biết."
            ) % {"name": c.name, "point": c.delegate.point.name}
        return _("Đã điểm danh %(name)s lúc %(time)s.") % {
            "name": c.name,
            "time": time_format(timezone.localtime(c.at), "H:i"),
        }


def _replay(point: BridgePoint, client_id: uuid.UUID) -> Recorded | None:
    earlier = CheckIn.objects.select_related("delegate__point").filter(client_id=client_id).first()
    if earlier is None:
        return None
    if earlier.point_id != point.pk:
        raise CheckInRefused(
            "client_id_reused",
            _("Mã lượt điểm danh này đã được dùng ở điểm cầu khác; hãy tải lại trang rồi điểm danh lại."),
        )
    return Recorded(earlier, replayed=True)


def _already(delegate: Delegate) -> CheckInRefused:
    earlier = CheckIn.objects.select_related("point").filter(delegate=delegate).first()
    where = earlier.point.name if earlier is not None else ""
    when = time_format(timezone.localtime(earlier.at), "H:i") if earlier is not None else ""
    return CheckInRefused(
        "already",
        _("%(name)s đã điểm danh lúc %(time)s tại %(point)s; lần quét này không được tính thêm.")
        % {"name": delegate.name, "time": when, "point": where},
    )


def _save(check_in: CheckIn, point: BridgePoint) -> Recorded:
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError:
        # Another device got there first: the same submission, or the same delegate.
        replay = _replay(point, check_in.client_id)
        if replay is not None:
            return replay
        if check_in.delegate is not None:
            raise _already(check_in.delegate) from None
        raise
    return Recorded(check_in, replayed=False)


def _new(
    actor: Actor, point: BridgePoint, client_id: uuid.UUID, method: str, at: dt.datetime | None
) -> CheckIn:
    moment = at or timezone.now()
    return CheckIn(
        conference_id=point.conference_id,
        point=point,
        method=method,
        at=moment,
        late=moment > point.conference.start(),
        client_id=client_id,
        recorded_by_id=actor_id(actor),
    )


def check_in_delegate(
    actor: Actor,
    point: BridgePoint,
    delegate: Delegate,
    *,
    client_id: uuid.UUID,
    method: str,
    at: dt.datetime | None = None,
) -> Recorded:
    """Check ``delegate`` in at ``point`` (callers have made sure they belong to its conference)."""
    replay = _replay(point, client_id)
    if replay is not None:
        return replay
    if delegate.conference_id != point.conference_id:
        raise CheckInRefused("other_conference", _("Đại biểu này không thuộc hội nghị của điểm cầu."))
    if CheckIn.objects.filter(delegate=delegate).exists():
        raise _already(delegate)
    check_in = _new(actor, point, client_id, method, at)
    check_in.delegate = delegate
    check_in.other_point = delegate.point_id != point.pk
    return _save(check_in, point)


def check_in_code(
    actor: Actor,
    point: BridgePoint,
    raw_code: str,
    *,
    client_id: uuid.UUID,
    method: str = Method.TYPED,
    at: dt.datetime | None = None,
) -> Recorded:
    """Check in the holder of a personal code (typed) or QR payload (scanned).

    Raises:
        CheckInRefused: Malformed, forged or unknown code; a code of another conference or campaign;
            a delegate checked in already; a client_id used at another point.
    """
    if method not in (Method.SCAN, Method.TYPED):
        raise CheckInRefused("bad_method", _("Cách điểm danh không hợp lệ; hãy tải lại trang."))
    replay = _replay(point, client_id)
    if replay is not None:
        return replay
    try:
        code = read_code(raw_code)
    except CodeError as error:
        raise CheckInRefused(error.kind, error.message) from None
    delegate = (
        Delegate.objects.select_related("member", "point", "conference__campaign").filter(code=code).first()
    )
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
    return check_in_delegate(actor, point, delegate, client_id=client_id, method=method, at=at)


def check_in_guest(
    actor: Actor,
    point: BridgePoint,
    *,
    name: str,
    note: str = "",
    client_id: uuid.UUID,
    at: dt.datetime | None = None,
) -> Recorded:
    """Record someone without an invitation (a guest, a member not on the list)."""
    replay = _replay(point, client_id)
    if replay is not None:
        return replay
    name = " ".join(name.split())
    if not name:
        raise CheckInRefused("guest_name", _("Hãy ghi họ và tên khách."))
    check_in = _new(actor, point, client_id, Method.GUEST, at)
    check_in.guest_name = name[:120]
    check_in.guest_note = " ".join(note.split())[:200]
    return _save(check_in, point)
