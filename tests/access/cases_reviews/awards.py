"""Access cases of recognition: award candidates, forms, proposals, decisions and party badges.

XA2's objects (made once per test database by ``xa2_awards``): an award form of XA2 for organisations
HTXS in the year, XA2 itself rated HTXS in 2025 (a candidate nobody proposed yet), a member form of the
province with Trần Thị Bình proposed by XA2 and Đặng Văn Dũng granted by decision 9-QĐ/CB, a member of
XA2 due a 30-year badge in 2026 and a badge proposal for Bình. The outsiders hold no right to manage
reviews at XA2, and bob (XA1's secretary) reads ratings only of XA1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quantriet.orgs.models import Member
from quantriet.reviews.models import AwardForm, AwardProposal, BadgeProposal
from tests.access.model import Case, Objects
from tests.conftest import make_member
from tests.reviews.fixtures_awards import rate_unit

YEAR = 2025
BADGE_YEAR = 2026


@dataclass(frozen=True)
class Xa2Awards:
    unit_form: AwardForm  # XA2's own, organisations HTXS in the year
    member_form: AwardForm  # the province's, members HTXS five years
    proposal: AwardProposal  # Bình, proposed
    granted: AwardProposal  # Dũng, granted by 9-QĐ/CB
    due: Member  # due a 30-year badge on 2/9/2026
    badge: BadgeProposal  # Bình's, proposed


def xa2_awards(o: Objects) -> Xa2Awards:
    w = o.world
    unit_form = AwardForm.objects.filter(unit=w.xa2).first()
    if unit_form is None:
        unit_form = AwardForm.objects.create(
            unit=w.xa2,
            name="Giấy khen Chi bộ thôn 2",
            kind="giay_khen",
            basis="org_year",
            granted_by="Chi bộ",
        )
        rate_unit(w.xa2, {YEAR: "htxs"}, province=w.province)
    member_form, _created = AwardForm.objects.get_or_create(
        unit=w.province,
        name="Giấy khen đảng viên 5 năm liền",
        defaults={"kind": "giay_khen", "basis": "member_years", "years": 5, "granted_by": "Ban Thường vụ"},
    )
    proposal, _created = AwardProposal.objects.get_or_create(
        form=member_form, year=YEAR, member=w.m_xa2, defaults={"proposing_unit": w.xa2}
    )
    granted, _created = AwardProposal.objects.get_or_create(
        form=member_form,
        year=YEAR,
        member=w.m_dave,
        defaults={
            "proposing_unit": w.xa2,
            "state": "granted",
            "decision_number": "9-QĐ/CB",
            "decided_on": dt.date(2026, 1, 5),
        },
    )
    due = Member.objects.filter(card_number="10000070").first() or make_member(
        w.xa2,
        "Hà Văn Lão",
        "10000070",
        date_of_birth=dt.date(1950, 1, 1),
        admission_date=dt.date(1996, 5, 20),
    )
    badge, _created = BadgeProposal.objects.get_or_create(
        member=w.m_xa2, years=30, defaults={"due_on": dt.date(2040, 5, 19), "proposing_unit": w.xa2}
    )
    return Xa2Awards(unit_form, member_form, proposal, granted, due, badge)


def _decision(ids: list[int]) -> dict[str, Any]:
    return {
        "ids": [str(i) for i in ids],
        "outcome": "granted",
        "decision_number": "1-QĐ",
        "decided_on": "05/01/2026",
    }


def made(*builders: Callable[[Objects], str]) -> Callable[[Objects], list[str]]:
    """The addresses, after XA2's objects exist (so the data snapshots of the test see them)."""
    return lambda o: (xa2_awards(o), [build(o) for build in builders])[1]


SCOPED_LIST = frozenset({200, 404})
POST_ONLY = frozenset({404, 405})


def _form_body(o: Objects) -> dict[str, Any]:
    return {
        "unit": str(o.world.xa2.pk),
        "name": "Bị thêm",
        "kind": "giay_khen",
        "basis": "member_year",
        "years": "1",
        "granted_by": "Chi bộ",
    }


CASES: dict[str, Case] = {
    "reviews/awards/": Case(
        made(
            lambda o: f"/reviews/awards/?unit={o.world.xa2.pk}&form={xa2_awards(o).unit_form.pk}&year={YEAR}",
            lambda o: f"/reviews/awards/?form={xa2_awards(o).member_form.pk}&year={YEAR}",
        ),
        unsafe=(("post", lambda o: {"ids": [str(o.world.xa2.pk)], "achievement": "Tiêu biểu"}),),
        allowed=SCOPED_LIST,
    ),
    "reviews/awards/forms/": Case(made(lambda o: "/reviews/awards/forms/"), allowed=SCOPED_LIST),
    "reviews/awards/forms/add/": Case(
        made(lambda o: "/reviews/awards/forms/add/"), allowed=SCOPED_LIST, unsafe=(("post", _form_body),)
    ),
    "reviews/awards/forms/<int:form_id>/": Case(
        made(lambda o: f"/reviews/awards/forms/{xa2_awards(o).unit_form.pk}/"),
        unsafe=(("post", {"action": "deactivate"}),),
    ),
    "reviews/awards/proposals/": Case(
        made(
            lambda o: "/reviews/awards/proposals/",
            lambda o: f"/reviews/awards/proposals/?year={YEAR}&state=proposed",
        ),
        allowed=SCOPED_LIST,
        unsafe=(("post", lambda o: _decision([xa2_awards(o).proposal.pk])),),
    ),
    "reviews/awards/proposals/<int:proposal_id>/withdraw/": Case(
        made(lambda o: f"/reviews/awards/proposals/{xa2_awards(o).proposal.pk}/withdraw/"),
        allowed=POST_ONLY,
        anonymous=405,
    ),
    "reviews/awards/proposals.xlsx": Case(
        made(lambda o: f"/reviews/awards/proposals.xlsx?year={YEAR}"), allowed=SCOPED_LIST
    ),
    "reviews/awards/decision.docx": Case(
        made(
            lambda o: (
                f"/reviews/awards/decision.docx?form={xa2_awards(o).member_form.pk}&year={YEAR}"
                "&number=9-QĐ/CB"
            )
        )
    ),
    "reviews/badges/": Case(
        made(
            lambda o: f"/reviews/badges/?unit={o.world.xa2.pk}&year={BADGE_YEAR}",
            lambda o: f"/reviews/badges/?year={BADGE_YEAR}",
        ),
        allowed=SCOPED_LIST,
        unsafe=(("post", lambda o: {"ids": [str(xa2_awards(o).due.pk)]}),),
    ),
    "reviews/badges/proposals/": Case(
        made(lambda o: "/reviews/badges/proposals/"),
        allowed=SCOPED_LIST,
        unsafe=(("post", lambda o: _decision([xa2_awards(o).badge.pk])),),
    ),
    "reviews/badges/proposals/<int:badge_id>/withdraw/": Case(
        made(lambda o: f"/reviews/badges/proposals/{xa2_awards(o).badge.pk}/withdraw/"),
        allowed=POST_ONLY,
        anonymous=405,
    ),
    "reviews/badges/proposals.xlsx": Case(
        made(lambda o: "/reviews/badges/proposals.xlsx"), allowed=SCOPED_LIST
    ),
    "reviews/badges/proposals.docx": Case(
        made(
            lambda o: f"/reviews/badges/proposals.docx?unit={o.world.xa2.pk}",
            lambda o: "/reviews/badges/proposals.docx?number=9-QĐ/CB",
        )
    ),
}

EFFECTIVE_UNSAFE: tuple[str, ...] = (
    "reviews/awards/",
    "reviews/awards/forms/add/",
    "reviews/awards/forms/<int:form_id>/",
    "reviews/awards/proposals/",
    "reviews/badges/",
    "reviews/badges/proposals/",
)
