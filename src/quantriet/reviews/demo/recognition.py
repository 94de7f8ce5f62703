"""The province's award forms, award proposals in every state, and party badges proposed and due.

Through the services, as the province's organisation staff (``tochuc.tinh``) and the commune's
(``tochuc.xa``) would have done: forms configured at the province; last year's candidates proposed,
some granted by a decision, one refused, one withdrawn, the rest waiting; badges of this year granted on
their customary days, a few still waiting, next year's first ones proposed and the others due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet

from quantriet.orgs.models import Member, Unit
from quantriet.reviews.models import AwardBasis, AwardForm, AwardKind, ProposalState
from quantriet.reviews.selectors import awards as select
from quantriet.reviews.services import awards, badges
from quantriet.rules.recognition import badges_due

GRANTED_BY = "Ban Thường vụ Tỉnh ủy"
COMMON = (30, 40, 45, 50)


@dataclass(frozen=True)
class FormSpec:
    name: str
    kind: str
    basis: str
    years: int


FORMS = (
    FormSpec(
        "Bằng khen của Ban Thường vụ Tỉnh ủy: tổ chức đảng trong sạch, vững mạnh tiêu biểu 5 năm liền",
        AwardKind.MERIT,
        AwardBasis.ORGANISATION_YEARS,
        5,
    ),
    FormSpec(
        "Giấy khen của Ban Thường vụ Tỉnh ủy: đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền",
        AwardKind.CERTIFICATE,
        AwardBasis.MEMBER_YEARS,
        5,
    ),
    FormSpec(
        "Cờ thi đua của Tỉnh ủy: tổ chức đảng trong sạch, vững mạnh tiêu biểu trong năm",
        AwardKind.FLAG,
        AwardBasis.ORGANISATION_YEAR,
        1,
    ),
)


def configure_forms(province: Unit, staff: User) -> list[AwardForm]:
    return [
        awards.create_form(
            staff,
            unit=province,
            name=spec.name,
            kind=spec.kind,
            basis=spec.basis,
            years=spec.years,
            granted_by=GRANTED_BY,
        )
        for spec in FORMS
    ]


def propose_awards(forms: list[AwardForm], province: Unit, year: int, staff: User) -> None:
    """Last year's candidates of each form: granted, refused, withdrawn and waiting."""
    decided_on = dt.date(year + 1, 2, 3)
    for number, form in enumerate(forms, start=1):
        found = list(select.candidates(form, year, province)[:8])
        if not found:
            continue
        made = awards.propose(
            staff,
            form=form,
            year=year,
            proposing_unit=province,
            subjects=found,
            achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {year} và các năm trước liền kề.",
        )
        half = max(1, len(made) // 2)
        awards.decide(
            staff,
            made[:half],
            outcome=ProposalState.GRANTED,
            decision_number=f"{100 + number}-QĐ/TU",
            decided_on=decided_on,
        )
        rest = made[half:]
        if len(rest) >= 3:
            awards.decide(
                staff,
                rest[:1],
                outcome=ProposalState.REFUSED,
                decision_number="",
                decided_on=decided_on,
                reason="Trong năm có đơn thư phản ánh chưa được xác minh xong.",
            )
            awards.withdraw(staff, rest[1])


def propose_badges(province: Unit, today: dt.date, staff: User) -> None:
    """This year's badges mostly granted (a few waiting, one refused, one withdrawn); next year's first
    customary day proposed for some, the others due."""
    year = today.year
    due = _usual(select.badges_due_query(province, year), year, 14)
    if due:
        made = badges.propose_badges(staff, proposing_unit=province, year=year, members=due)
        granted = [b for b in made if b.due_on <= today][:8]
        if granted:
            badges.decide_badges(
                staff,
                granted,
                outcome=ProposalState.GRANTED,
                decision_number="215-QĐ/TU",
                decided_on=max(b.due_on for b in granted),
            )
        waiting = [b for b in made if b not in granted]
        if len(waiting) >= 3:
            badges.decide_badges(
                staff,
                waiting[:1],
                outcome=ProposalState.REFUSED,
                decision_number="",
                decided_on=today - dt.timedelta(days=7),
                reason="Hồ sơ chưa xác minh được ngày vào Đảng.",
            )
            badges.withdraw_badge(staff, waiting[1])
    following = _usual(select.badges_due_query(province, year + 1), year + 1, 5)
    if following:
        badges.propose_badges(staff, proposing_unit=province, year=year + 1, members=following)


def _usual(due: QuerySet[Member], year: int, count: int) -> list[Member]:
    """``count`` members due, taken in turn from each common milestone (30, 40, 45, 50 years), and two of
    the rarer ones."""
    by_milestone: dict[int, list[Member]] = {}
    for member in due:
        milestone = max(n for n, _day in badges_due(member.admission_date, year))
        by_milestone.setdefault(milestone if milestone in COMMON else 0, []).append(member)
    chosen = by_milestone.get(0, [])[:2]
    lists = [by_milestone.get(n, []) for n in COMMON]
    while len(chosen) < count and any(lists):
        for members in lists:
            if members and len(chosen) < count:
                chosen.append(members.pop(0))
    return chosen
