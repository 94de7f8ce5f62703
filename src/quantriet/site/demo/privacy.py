"""The demo's decree 13/2023 pages with something on them: reads of the demo member's record, and
correction requests in every state (accepted, refused, and one waiting for the commune's staff)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from quantriet.orgs.models import Member, Sex
from quantriet.orgs.services import record_member_read
from quantriet.orgs.services.privacy import decide_correction, request_correction


def _next_door(day: dt.date) -> str:
    """The day before (or after, on the 1st): the kind of slip a correction request is about."""
    other = day - dt.timedelta(days=1) if day.day > 1 else day + dt.timedelta(days=1)
    return other.strftime("%d/%m/%Y")


def load_demo_privacy(member_user: User, secretary: User, commune_staff: User) -> None:
    member = Member.objects.get(user=member_user)
    record_member_read(secretary, member, channel="page")
    record_member_read(commune_staff, member, channel="page")
    record_member_read(commune_staff, member, channel="export", detail="Danh sách đảng viên")
    try:
        accepted = request_correction(
            member_user,
            member,
            field="date_of_birth",
            proposed=_next_door(member.date_of_birth),
            reason="Theo giấy khai sinh (bản sao gửi kèm chi bộ)",
        )
        decide_correction(commune_staff, accepted, accept=True)
        refused = request_correction(
            member_user,
            member,
            field="sex",
            proposed=str(Sex.FEMALE.label if member.sex == Sex.MALE else Sex.MALE.label),
            reason="Hồ sơ nhập nhầm khi chuyển sinh hoạt",
        )
        decide_correction(
            commune_staff,
            refused,
            accept=False,
            note="Lý lịch gốc ghi như hồ sơ hiện tại; đồng chí mang giấy tờ đến văn phòng nếu khác.",
        )
        member.refresh_from_db()
        request_correction(
            member_user,
            member,
            field="admission_date",
            proposed=_next_door(member.admission_date),
            reason="Quyết định kết nạp ghi ngày khác",
        )
    except ValidationError as refused_by_rules:  # the demo's invented dates never should; say so loudly
        raise RuntimeError(f"demo correction requests: {refused_by_rules}") from refused_by_rules
