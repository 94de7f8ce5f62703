"""The live demo campaign: the province disseminates 35-NQ/TW to key cadres in an online conference today.

A main point at the provincial committee and bridge points at a few communes (one of them the
commune of the demo account ``tochuc.xa``, who can check people in there); the key cadres of each
host commune are invited. Everyone is one of the demo province's invented members.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from quantriet.campaigns import services
from quantriet.campaigns.categories import categories_of
from quantriet.campaigns.models import KEY_CADRE_CATEGORIES, BridgePoint, Campaign, Conference
from quantriet.documents.models import Document
from quantriet.orgs.models import Level, Member, MemberStatus, Position, PositionKind, Unit, UnitLink

TITLE = "Học tập, quán triệt Nghị quyết số 35-NQ/TW của Bộ Chính trị"
SYMBOLS = ("35-NQ/TW", "21-KL/TW")
OTHER_POINTS = 3
INVITED_PER_POINT = 60
OVER_CAPACITY = 5  # invited beyond the seats of the last commune's point


def _key_cadres(unit: Unit) -> list[Member]:
    below = UnitLink.objects.filter(ancestor=unit).values("descendant_id")
    found = list(
        Member.objects.filter(
            unit_id__in=below, status__in=(MemberStatus.FULL, MemberStatus.PROBATIONARY)
        ).order_by("name_sort", "id")[:2000]
    )
    categories = categories_of(m.pk for m in found)
    wanted = {c.value for c in KEY_CADRE_CATEGORIES}
    return [m for m in found if categories[m.pk] in wanted][:INVITED_PER_POINT]


def _account_members(unit: Unit) -> list[Member]:
    """Members of ``unit``'s subtree with an account of their own (the demo's "dangvien")."""
    below = UnitLink.objects.filter(ancestor=unit).values("descendant_id")
    return list(
        Member.objects.filter(unit_id__in=below, user__isnull=False, status=MemberStatus.FULL).order_by("pk")
    )


def other_hosts(province: Unit, commune: Unit) -> list[Unit]:
    """The communes besides ``commune`` hosting a bridge point (the demo's point staff work at the first)."""
    return list(
        Unit.objects.filter(parent=province, level=Level.GRASSROOTS, valid_to__isnull=True)
        .filter(name__startswith="Đảng bộ xã")
        .exclude(pk=commune.pk)
        .order_by("name_sort", "id")[:OTHER_POINTS]
    )


def _point(
    conference: Conference, unit: Unit, name: str, *, is_main: bool = False, capacity: int | None = None
) -> BridgePoint:
    person = (
        Member.objects.filter(
            positions__unit=unit,
            positions__kind=PositionKind.SECRETARY,
            positions__end__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    return services.add_point(
        None,
        conference,
        host_unit=unit,
        name=name,
        is_main=is_main,
        address=f"Hội trường {unit.name}",
        capacity=capacity or (300 if is_main else 80),
        person_in_charge=person,
        tech_contact_name="Tổ kỹ thuật",
        tech_contact_phone="0200 000 000",
        video_link="https://hop-truc-tuyen.example.org/quan-triet-35",
    )


def load_demo_campaign(province: Unit, commune: Unit) -> Campaign | None:
    """Create the demo campaign once; None when its documents are missing or it exists already."""
    if Campaign.objects.filter(title=TITLE, organising_unit=province).exists():
        return None
    documents = [d for s in SYMBOLS if (d := Document.objects.filter(symbol=s).order_by("-id").first())]
    if not documents:
        return None
    today = timezone.localdate()
    campaign = services.create_campaign(
        None,
        title=TITLE,
        organising_unit=province,
        scope_unit=province,
        audience="key_cadres",
        documents=documents,
        conference_date=today,
        plan_deadline=today + dt.timedelta(days=30),
        report_deadline=today + dt.timedelta(days=90),
    )
    conference = services.create_conference(
        None,
        campaign,
        title="Hội nghị trực tuyến quán triệt Nghị quyết 35-NQ/TW",
        held_on=today,
        starts_at=dt.time(7, 30),
        ends_at=dt.time(11, 30),
    )
    main = _point(conference, province, "Điểm cầu chính: Tỉnh ủy", is_main=True)
    hosts = [commune, *other_hosts(province, commune)]
    for unit in hosts:
        invited = _key_cadres(unit)
        # The last commune's hall is small: more are invited than it seats, and the boards say so.
        small = max(1, len(invited) - OVER_CAPACITY) if unit == hosts[-1] else None
        point = _point(conference, unit, f"Điểm cầu {unit.name.removeprefix('Đảng bộ ')}", capacity=small)
        if unit == commune:
            # Staff adjust the proposal: the demo's member account is added, so that signing in as
            # "dangvien" shows the invitation and its QR code as a delegate's phone would.
            invited += [m for m in _account_members(unit) if m not in invited]
        services.invite_members(None, point, invited)
    presenter = (
        Member.objects.filter(positions__kind=PositionKind.PRESENTER, positions__end__isnull=True)
        .order_by("pk")
        .first()
    )
    for order, document in enumerate(documents, start=1):
        services.add_agenda_item(
            None, conference, order=order, title="", presenter=presenter, document=document, minutes=60
        )
    standing = Position.objects.filter(unit=province, end__isnull=True).values("member_id")
    on_roll = Member.objects.filter(
        pk__in=standing, status__in=(MemberStatus.FULL, MemberStatus.PROBATIONARY)
    )
    services.invite_members(None, main, on_roll[:INVITED_PER_POINT])
    return campaign
