"""The demo province behind ``quantriet demo``: invented data and one account per role.

Loading is idempotent: the province is created once, in one transaction, and a second run only
prints the logins again. Everything is generated from a fixed seed, so every demo looks the same.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.campaigns.demo import load_demo_campaigns
from quantriet.campaigns.demo.finished import TITLE as FINISHED_TITLE
from quantriet.campaigns.demo.today import other_hosts
from quantriet.campaigns.models import Campaign
from quantriet.documents.demo import load_demo_documents
from quantriet.orgs import services
from quantriet.orgs.models import Level, Member, MemberStatus, Position, PositionKind, Role, Unit
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.reports.demo import load_demo_reports
from quantriet.reviews.demo import load_demo_reviews
from quantriet.site.demo.names import invent_person
from quantriet.site.demo.privacy import load_demo_privacy
from quantriet.site.demo.province import PROVINCE_NAME, Province, build_province, find_province

SEED = 2025
# Demo accounts share one password: hashing is deliberately slow, and one hash keeps loading fast.
DEMO_PASSWORD = "songlam-2025"  # noqa: S105  (printed for demo users by design)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str


ACCOUNTS = (
    DemoAccount("tochuc.tinh", "Cán bộ Ban Tổ chức Tỉnh ủy: cả tỉnh, được sửa và nhập dữ liệu"),
    DemoAccount("tuyengiao.tinh", "Cán bộ Ban Tuyên giáo và Dân vận Tỉnh ủy: xem cả tỉnh"),
    DemoAccount("tochuc.xa", "Cán bộ tổ chức Đảng ủy xã Bến Đò: xã và các chi bộ của xã"),
    DemoAccount(
        "diemcau.xa", "Cán bộ Văn phòng Đảng ủy xã An Châu: điểm danh ở điểm cầu của xã, không sửa dữ liệu"
    ),
    DemoAccount("bithu.chibo", "Bí thư Chi bộ khu phố 2 (xã Bến Đò): chi bộ của mình"),
    DemoAccount("dangvien", "Đảng viên Chi bộ khu phố 2: hồ sơ của chính mình"),
    DemoAccount("quantri", "Quản trị hệ thống: mọi dữ liệu và trang quản trị /admin/"),
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo holds, as printed and as the README states it (tests/site/test_demo.py compares)."""

    created: bool
    units: int
    grassroots: int  # tổ chức cơ sở đảng in operation
    cells: int  # chi bộ in operation
    closed: int  # units dissolved or merged (the 1/7/2025 restructuring)
    members: int  # records, those who left or died included
    on_roll: int
    seconds: float


def _user(username: str, full_name: str, password_hash: str, *, operator: bool = False) -> User:
    user = User(
        username=username,
        first_name=full_name,
        password=password_hash,
        is_staff=operator,
        is_superuser=operator,
    )
    user.save()
    return user


def _accounts(province: Province, rng: random.Random) -> None:
    password_hash = make_password(DEMO_PASSWORD)
    staff = _user("tochuc.tinh", invent_person(rng, "female"), password_hash)
    services.grant_role(None, staff, province.province, Role.ORGANISATION)
    propaganda = _user("tuyengiao.tinh", invent_person(rng, "male"), password_hash)
    services.grant_role(None, propaganda, province.province, Role.PROPAGANDA)
    commune = _user("tochuc.xa", invent_person(rng, "female"), password_hash)
    services.grant_role(None, commune, province.merged_commune, Role.ORGANISATION)

    # The staff of a bridge point who is not the commune's organisation staff: checks people in at the
    # point of the first other commune hosting one in today's conference, and sees nothing to edit.
    point_commune = other_hosts(province.province, province.merged_commune)[0]
    point_staff = _user("diemcau.xa", invent_person(rng, "male"), password_hash)
    services.grant_role(None, point_staff, point_commune, Role.OFFICE)

    secretary_post = Position.objects.select_related("member").get(
        unit=province.merged_cell, kind=PositionKind.SECRETARY
    )
    secretary = _user("bithu.chibo", secretary_post.member.full_name, password_hash)
    services.grant_role(None, secretary, province.merged_cell, Role.SECRETARY)
    _link(secretary_post.member, secretary)
    plain = (
        Member.objects.filter(
            unit=province.merged_cell,
            status=MemberStatus.FULL,
            positions__isnull=True,
            exemptions__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if plain is None:
        raise RuntimeError("the demo cell has no plain member to give an account to")
    member_user = _user("dangvien", plain.full_name, password_hash)
    _link(plain, member_user)
    _user("quantri", "Quản trị hệ thống", password_hash, operator=True)
    load_demo_privacy(member_user, secretary, commune)
    _overdue_probation(province, exclude=[plain.pk, secretary_post.member_id])


def _overdue_probation(province: Province, *, exclude: list[int]) -> None:
    """One member of the demo cell still probationary six years after admission: the register's
    plausibility warning shows on their page (orgs.register_checks); the counts do not change."""
    today = timezone.localdate()
    member = (
        Member.objects.filter(
            unit=province.merged_cell,
            status=MemberStatus.FULL,
            positions__isnull=True,
            admission_date__range=(today - dt.timedelta(days=12 * 365), today - dt.timedelta(days=3 * 365)),
        )
        .exclude(pk__in=exclude)
        .order_by("-admission_date", "pk")
        .first()
    )
    if member is None:
        raise RuntimeError("the demo cell has no member to leave on probation")
    # Bulk-loaded like the rest of the province (no audit entries): as if the cell never recognised
    # the member's full membership.
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.PROBATIONARY, full_membership_date=None)


def _link(member: Member, user: User) -> None:
    Member.objects.filter(pk=member.pk).update(user=user)


def load_demo(stdout: TextIO | None = None, *, seed: int = SEED) -> DemoSummary:
    """Create the demo province and accounts unless they are there already."""
    out = stdout or sys.stdout
    started = time.perf_counter()
    if find_province() is not None:
        out.write(_("Tỉnh mẫu “%(name)s” đã có sẵn; không nạp lại.\n") % {"name": PROVINCE_NAME})
        return _summary(created=False, started=started)
    rng = random.Random(seed)
    with transaction.atomic():
        province = build_province(rng)
        _accounts(province, rng)
        load_demo_documents(province.province)
        load_demo_campaigns(province.province, province.merged_commune)
        finished = Campaign.objects.filter(
            title=FINISHED_TITLE, organising_unit=province.merged_commune
        ).first()
        load_demo_reports(province.province, province.merged_commune, province.merged_cell, finished)
        load_demo_reviews(province.province, province.merged_commune, province.merged_cell)
    summary = _summary(created=True, started=started)
    out.write(
        _(
            "Đã nạp tỉnh mẫu “%(name)s” (%(seconds).1f giây): %(grassroots)d tổ chức cơ sở đảng và "
            "%(cells)d chi bộ đang hoạt động, %(closed)d tổ chức đã giải thể hoặc sáp nhập; %(on_roll)d "
            "đảng viên trong danh sách (%(members)d hồ sơ).\n"
        )
        % {
            "name": PROVINCE_NAME,
            "seconds": summary.seconds,
            "grassroots": summary.grassroots,
            "cells": summary.cells,
            "closed": summary.closed,
            "on_roll": summary.on_roll,
            "members": summary.members,
        }
    )
    return summary


def _summary(*, created: bool, started: float) -> DemoSummary:
    operating = Unit.objects.filter(valid_to__isnull=True)
    return DemoSummary(
        created=created,
        units=Unit.objects.count(),
        grassroots=operating.filter(level=Level.GRASSROOTS).count(),
        cells=operating.filter(level=Level.CELL).count(),
        closed=Unit.objects.filter(valid_to__isnull=False).count(),
        members=Member.objects.count(),
        on_roll=Member.objects.filter(status__in=ON_ROLL_STATUSES).count(),
        seconds=time.perf_counter() - started,
    )


def print_logins(stdout: TextIO | None = None) -> None:
    """One demo login per role, with the shared demo password."""
    out = stdout or sys.stdout
    width = max(len(a.username) for a in ACCOUNTS)
    out.write(_("\nTài khoản trình diễn (mật khẩu chung: %(password)s)\n") % {"password": DEMO_PASSWORD})
    for account in ACCOUNTS:
        out.write(f"  {account.username:<{width}}  {DEMO_PASSWORD}  {account.description}\n")
    if not settings.OTP_REQUIRED:
        # Loud on purpose: production requires the second factor of these accounts (README, Production).
        out.write(
            _(
                "\n!!! CHÚ Ý: bản trình diễn KHÔNG bắt buộc xác thực hai lớp (OTP_REQUIRED=0), kể cả với "
                "tochuc.tinh, tuyengiao.tinh và quantri. Khi chạy thật, các tài khoản cấp tỉnh và quản trị "
                "phải cài ứng dụng xác thực; thử ở /accounts/two-factor/.\n"
            )
        )
    out.write("\n")


__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "DemoSummary", "load_demo", "print_logins"]
