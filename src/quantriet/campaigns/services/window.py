"""When a conference or a make-up session takes attendance, and which recorded times are believed.

A conference takes check-ins from ``CHECKIN_OPENS_BEFORE_MINUTES`` before its start to the end of its
day (site time zone); a make-up session, which has no start time, during its day. Outside that window a
desk (or anyone with its rights) could otherwise turn an absence recorded weeks ago into a presence and
change a finished report.

A desk that was offline sends the time it recorded each check-in (``at``). That time is a claim by the
device, so three rules bound it:

1. it must lie inside the window, like any check-in;
2. it must not be later than the server received it (plus ``CHECKIN_CLOCK_SKEW_SECONDS`` for a device
   clock running slightly fast): nobody is checked in in the future;
3. it is believed only ``CHECKIN_OFFLINE_TRUST_MINUTES`` back from its arrival. An older claim (the
   issue's "17:56 saying 07:00") still counts the person present, because a desk cut off for the whole
   morning must not lose its queue, but at the time the server received it, so it cannot buy "on time".

Rules 1 and 2 refuse (the desk shows the message); rule 3 replaces the time.

4. A queue that reaches the server after the window closed (a bridge point whose network came back the
   next morning) is still taken for ``CHECKIN_OFFLINE_GRACE_HOURS`` after the close (0: not at all), but
   only records that carry a recorded time, and only when rules 1 and 2 hold; a live check-in after the
   window is refused as before. Rule 3 cannot apply to such a record: its arrival lies outside the
   window, so "counted at arrival" would date the attendance the next day. It is counted at the time the
   desk recorded (``at``, or the server's clock less the ``sent_at`` - ``at`` gap the desk measured),
   never earlier, so a late upload buys nothing the desk's own claim does not state. What it does widen
   is how far back a claim is believed (the whole window instead of ``CHECKIN_OFFLINE_TRUST_MINUTES``),
   bounded by the window and the grace: holding back a queue past midnight to escape rule 3 is possible
   only for the night after the conference, with claims inside its window, on the desk's own account
   (the check-in rows keep who recorded them). Set the grace to 0 where that trade is not wanted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from quantriet.campaigns.models import Conference, MakeUpSession
from quantriet.campaigns.services.campaigns import day


class OutsideWindow(Exception):
    """A time outside the window, or a claimed time the server cannot accept; ``message`` says why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Window:
    opens: dt.datetime
    closes: dt.datetime  # exclusive: midnight after the day

    def holds(self, moment: dt.datetime) -> bool:
        return self.opens <= moment < self.closes


def _day_end(value: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(value + dt.timedelta(days=1), dt.time()))


def _hm(moment: dt.datetime) -> str:
    return time_format(timezone.localtime(moment), "H:i")


def conference_window(conference: Conference) -> Window:
    opens = conference.start() - dt.timedelta(minutes=settings.CHECKIN_OPENS_BEFORE_MINUTES)
    return Window(opens=opens, closes=_day_end(conference.held_on))


def makeup_window(session: MakeUpSession) -> Window:
    return Window(
        opens=timezone.make_aware(dt.datetime.combine(session.held_on, dt.time())),
        closes=_day_end(session.held_on),
    )


def _offline_grace() -> dt.timedelta:
    """How long after the window closes a desk's offline queue (recorded times) is still taken (rule 4)."""
    return dt.timedelta(hours=max(settings.CHECKIN_OFFLINE_GRACE_HOURS, 0))


def require_open(conference: Conference, received_at: dt.datetime, *, offline: bool = False) -> None:
    """Refuse a check-in arriving outside the conference's window.

    ``offline`` (the check-in carries a time the desk recorded) extends the close by the grace (rule 4).
    """
    window = conference_window(conference)
    if received_at < window.opens:
        raise OutsideWindow(
            "not_open",
            _(
                "Chưa đến giờ điểm danh hội nghị “%(title)s”: hội nghị họp ngày %(day)s lúc %(start)s, bàn "
                "điểm danh mở từ %(opens)s. Lượt này chưa được ghi."
            )
            % {
                "title": conference.title,
                "day": day(conference.held_on),
                "start": _hm(conference.start()),
                "opens": _hm(window.opens),
            },
        )
    if received_at >= window.closes + (_offline_grace() if offline else dt.timedelta(0)):
        raise OutsideWindow(
            "closed",
            _(
                "Đã hết thời gian điểm danh hội nghị “%(title)s” (họp ngày %(day)s; chỉ nhận điểm danh "
                "đến hết ngày họp). Lượt này không được ghi; người vắng được ghi ở trang vắng mặt và học bù."
            )
            % {"title": conference.title, "day": day(conference.held_on)},
        )


def believed_moment(conference: Conference, at: dt.datetime | None, received_at: dt.datetime) -> dt.datetime:
    """The time to record for a check-in the server received at ``received_at`` (rules in the docstring).

    Raises:
        OutsideWindow: ``received_at`` or ``at`` outside the window, or ``at`` after ``received_at``.
    """
    require_open(conference, received_at, offline=at is not None)
    if at is None:
        return received_at
    window = conference_window(conference)
    if not window.holds(at):
        raise OutsideWindow(
            "at_outside_window",
            _(
                "Giờ ghi trên máy điểm danh (%(at)s ngày %(at_day)s) nằm ngoài thời gian điểm danh của hội "
                "nghị (từ %(opens)s đến hết ngày %(day)s); lượt này không được ghi. Hãy kiểm tra ngày giờ "
                "của máy rồi điểm danh lại người này."
            )
            % {
                "at": _hm(at),
                "at_day": day(timezone.localdate(at)),
                "opens": _hm(window.opens),
                "day": day(conference.held_on),
            },
        )
    if at > received_at + dt.timedelta(seconds=settings.CHECKIN_CLOCK_SKEW_SECONDS):
        raise OutsideWindow(
            "at_in_future",
            _(
                "Giờ ghi trên máy điểm danh (%(at)s) muộn hơn giờ máy chủ nhận lượt này (%(now)s): đồng hồ "
                "của máy đang chạy nhanh. Hãy chỉnh lại giờ của máy rồi điểm danh lại người này."
            )
            % {"at": _hm(at), "now": _hm(received_at)},
        )
    if received_at >= window.closes:
        # Rule 4: uploaded in the grace after the window. The arrival is outside the window, so rule 3's
        # "count it at arrival" has no time to give; the claim (inside the window, not after the upload)
        # is the time, as stated by the desk and never moved earlier.
        return at
    if received_at - at > dt.timedelta(minutes=settings.CHECKIN_OFFLINE_TRUST_MINUTES):
        return received_at
    return min(at, received_at)


def require_makeup_day(session: MakeUpSession, received_at: dt.datetime) -> None:
    """Refuse a make-up mark outside the day of its session."""
    if not makeup_window(session).holds(received_at):
        raise OutsideWindow(
            "makeup_closed",
            _(
                "Chỉ điểm danh học bù được trong ngày của buổi học bù (%(day)s); hôm nay là %(today)s. Lượt "
                "này không được ghi."
            )
            % {"day": day(session.held_on), "today": day(timezone.localdate(received_at))},
        )
