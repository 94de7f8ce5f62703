"""The finished demo campaign: a commune took Quy định 22-QĐ/TW to all its members two months ago.

After a province's conference, each commune disseminates the documents to all its members and its
cells write their implementation plans; that is the work this campaign shows. The conference is
over: a main point at the commune hall and two bridge points at cells' halls; most delegates checked
in (a few late, one at a point other than their own, two guests), the absentees' reasons are on
record (some gave none), a make-up session caught some of them up. The cells' plans are in ``plans``.

The demo account ``tochuc.xa`` organises it; the secretary ``bithu.chibo`` hosts a bridge point and
has a plan returned to rework. Everyone is one of the demo province's invented members, or a guest
with an invented name.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q
from django.utils import timezone

from quantriet.campaigns import services
from quantriet.campaigns.demo.plans import load_plans
from quantriet.campaigns.models import BridgePoint, Campaign, CheckIn, Conference, Delegate, Method
from quantriet.documents.models import Document
from quantriet.orgs.models import (
    Exemption,
    Member,
    MemberStatus,
    PositionKind,
    Role,
    RoleAssignment,
    Unit,
)

TITLE = "Học tập, quán triệt Quy định số 22-QĐ/TW về công tác kiểm tra, giám sát và kỷ luật của Đảng"
# The regulation first; then the province's plan for studying the new regulations, which the cells cite.
SYMBOLS = ("22-QĐ/TW", "31-KH/TU")
DAYS_AGO = 60
SEED = 22
STARTS_AT = dt.time(7, 30)
REASONS = (
    "Ốm, đang điều trị tại bệnh viện",
    "Đi công tác theo lịch của cơ quan",
    "Con nhỏ ốm, đã báo bí thư chi bộ",
    "Đi làm ăn xa, đã xin phép chi ủy",
    "Trực ca tại trạm y tế",
    "Gia đình có việc hiếu",
)
INVITED_GUEST = "Hồ Thị Mỹ Duyên"  # a reporter of the commune's radio, invited with a code
WALK_IN = ("Lương Văn Tài", "Trưởng ban công tác Mặt trận khu dân cư")


@dataclass(frozen=True)
class Finished:
    campaign: Campaign
    conference: Conference
    points: list[BridgePoint]


def load_finished_campaign(commune: Unit) -> Campaign | None:
    """Create the finished campaign once; None when its documents are missing or it exists already."""
    if Campaign.objects.filter(title=TITLE, organising_unit=commune).exists():
        return None
    documents = [d for s in SYMBOLS if (d := Document.objects.filter(symbol=s).order_by("-id").first())]
    if not documents or documents[0].symbol != SYMBOLS[0]:
        return None
    rng = random.Random(SEED)
    staff = _organisation_staff(commune)
    finished = _conference(staff, commune, documents)
    _check_in(staff, finished, rng)
    load_plans(staff, finished.campaign, documents, rng)
    return finished.campaign


def _organisation_staff(unit: Unit) -> AbstractBaseUser | None:
    """The account doing the unit's organisation work, so the audit trail names a person; else None."""
    held = (
        RoleAssignment.objects.filter(unit=unit, role=Role.ORGANISATION, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return held.user if held is not None else None


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:  # conferences are not held at the weekend
        day -= dt.timedelta(days=1)
    return day


def _secretary(unit: Unit) -> Member | None:
    return (
        Member.objects.filter(
            positions__unit=unit, positions__kind=PositionKind.SECRETARY, positions__end__isnull=True
        )
        .order_by("pk")
        .first()
    )


def _attendees(cells: Sequence[Unit], held_on: dt.date) -> list[Member]:
    """The cells' members who take part: on the roll and not exempted from party activities that day."""
    exempted = Exemption.objects.filter(start__lte=held_on).filter(Q(end__isnull=True) | Q(end__gte=held_on))
    return list(
        Member.objects.filter(unit__in=cells, status__in=(MemberStatus.FULL, MemberStatus.PROBATIONARY))
        .exclude(pk__in=exempted.values("member_id"))
        .order_by("unit__code", "name_sort", "pk")
    )


def _conference(staff: AbstractBaseUser | None, commune: Unit, documents: list[Document]) -> Finished:
    held = _weekday(timezone.localdate() - dt.timedelta(days=DAYS_AGO))
    campaign = services.create_campaign(
        staff,
        title=TITLE,
        organising_unit=commune,
        scope_unit=commune,
        audience="all_members",
        documents=documents,
        conference_date=held,
        plan_deadline=held + dt.timedelta(days=30),
        report_deadline=timezone.localdate() + dt.timedelta(days=60),
    )
    conference = services.create_conference(
        staff,
        campaign,
        title="Hội nghị quán triệt Quy định số 22-QĐ/TW",
        held_on=held,
        starts_at=STARTS_AT,
        ends_at=dt.time(11, 0),
    )
    cells = list(
        Unit.objects.filter(parent=commune, valid_to__isnull=True)
        .annotate(size=Count("members"))
        .order_by("code")
    )
    # Neighbouring cells (their codes run together) meet at the same point: three groups.
    third = -(-len(cells) // 3)
    groups = [cells[i : i + third] for i in range(0, len(cells), third)]
    points = []
    for n, group in enumerate(groups):
        host = commune if n == 0 else max(group, key=lambda c: (c.size, -c.pk))
        place = host.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")
        point = services.add_point(
            staff,
            conference,
            host_unit=host,
            name="Điểm cầu chính: Hội trường Đảng ủy xã" if n == 0 else f"Điểm cầu {place}",
            is_main=n == 0,
            address="Hội trường Đảng ủy xã" if n == 0 else f"Nhà văn hóa {place}",
            capacity=150 if n == 0 else 60,
            person_in_charge=_secretary(host),
            tech_contact_name="Tổ kỹ thuật xã",
            tech_contact_phone="0200 000 022",
            video_link="https://hop-truc-tuyen.example.org/quan-triet-22",
        )
        services.invite_members(staff, point, _attendees(group, held))
        points.append(point)
    services.invite_guest(staff, points[0], name=INVITED_GUEST)
    presenter = (
        Member.objects.filter(
            positions__unit=commune, positions__kind=PositionKind.PRESENTER, positions__end__isnull=True
        )
        .order_by("pk")
        .first()
    )
    for order, document in enumerate(documents, start=1):
        services.add_agenda_item(
            staff,
            conference,
            order=order,
            title="",
            presenter=presenter if order == 1 else _secretary(commune),
            document=document,
            minutes=60 if order == 1 else 30,
        )
    services.add_agenda_item(
        staff,
        conference,
        order=len(documents) + 1,
        title="Thảo luận, giải đáp ý kiến của đảng viên",
        minutes=40,
    )
    return Finished(campaign, conference, points)


def _moment(conference: Conference, rng: random.Random, *, late: bool) -> dt.datetime:
    """An arrival: up to forty minutes early, or a few to forty minutes late."""
    minutes = rng.uniform(2, 40) if late else -rng.uniform(1, 40)
    return conference.start() + dt.timedelta(minutes=minutes)


# A wrong tap at the main point's desk, reversed there: shown on the desk's history and the audit.
WRONG_TAP_REASON = "Chọn nhầm tên: người vừa đến là đại biểu khác, đại biểu này đến sau"


def _wrong_tap(staff: AbstractBaseUser | None, point: BridgePoint, delegate: Delegate) -> None:
    """``delegate`` checked in by mistake before they came, and the check-in reversed a minute later."""
    tapped_at = point.conference.start() - dt.timedelta(minutes=30)
    wrong = services.check_in_delegate(
        staff, point, delegate, client_id=uuid.uuid4(), method=Method.NAME, received_at=tapped_at
    ).check_in
    services.reverse_check_in(staff, wrong, reason=WRONG_TAP_REASON)
    # Reversed on the morning of the conference, not when the demo was loaded.
    CheckIn.objects.filter(pk=wrong.pk).update(reversed_at=tapped_at + dt.timedelta(minutes=1))


def _check_in(staff: AbstractBaseUser | None, finished: Finished, rng: random.Random) -> None:
    """Most delegates came (a few late, one to another point, two guests); the others' absences."""
    conference, points = finished.conference, finished.points
    methods = (Method.SCAN, Method.TYPED, Method.NAME)
    absentees: list[Delegate] = []
    for n, point in enumerate(points):
        invited = list(point.delegates.filter(member__isnull=False).select_related("member", "point"))
        if len(invited) < 2:
            continue
        missing = set(rng.sample(range(len(invited)), min(len(invited) - 1, 5 if n == 0 else 3)))
        came = [i for i in range(len(invited)) if i not in missing]
        late = set(rng.sample(came, min(len(came) // 10, 3)))
        # One delegate of the first bridge point came to the commune hall instead: counted, and flagged.
        elsewhere = came[-1] if n == 1 else None
        for i, delegate in enumerate(invited):
            if i in missing:
                absentees.append(delegate)
                continue
            if n == 0 and i == came[1]:
                _wrong_tap(staff, point, delegate)
            services.check_in_delegate(
                staff,
                points[0] if i == elsewhere else point,
                delegate,
                client_id=uuid.uuid4(),
                method=rng.choices(methods, weights=(7, 2, 1))[0],
                received_at=_moment(conference, rng, late=i in late),  # as a desk online then
            )
    guest = conference.delegates.get(guest_name=INVITED_GUEST)
    services.check_in_delegate(
        staff,
        points[0],
        guest,
        client_id=uuid.uuid4(),
        method=Method.SCAN,
        received_at=_moment(conference, rng, late=False),
    )
    name, note = WALK_IN
    services.check_in_guest(
        staff,
        points[0],
        name=name,
        note=note,
        client_id=uuid.uuid4(),
        received_at=_moment(conference, rng, late=True),
    )
    _absences(staff, finished, absentees)


def _absences(staff: AbstractBaseUser | None, finished: Finished, absentees: list[Delegate]) -> None:
    """Every absentee's reason (every fourth gave none); a make-up session two weeks on at the main
    point, where those with a reason came but one."""
    reasons: dict[int, str] = {}
    for i, delegate in enumerate(absentees):
        reasons[delegate.pk] = "" if i % 4 == 3 else REASONS[i % len(REASONS)]
        services.record_absence(staff, delegate, reason=reasons[delegate.pk])
    main = finished.points[0]
    session = services.create_makeup_session(
        staff,
        main,
        held_on=finished.conference.held_on + dt.timedelta(days=14),
        place="Phòng họp Đảng ủy xã",
    )
    excused = [d for d in absentees if d.point_id == main.pk and reasons[d.pk]]
    during = timezone.make_aware(dt.datetime.combine(session.held_on, dt.time(8, 30)))
    for delegate in excused[:-1]:
        services.makeup_check_in(staff, session, delegate, received_at=during)
