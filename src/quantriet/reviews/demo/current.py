"""This year's review, open, through the services as people would have done it so far.

* The period is opened by the province's organisation staff, its timetable ahead of the day the demo is
  loaded (never fixed dates), so every form still takes answers.
* In ``bithu.chibo``'s cell most members have assessed themselves; ``dangvien`` has not yet. Nothing is
  proposed: the secretary has the cell meeting to hold (proposing too many HTXS is refused on the quota).
* The commune's other cells are at every later step: some only self-assessed, some proposed (waiting for
  ``tochuc.xa``'s decision), some decided.
* One other grassroots organisation is decided in full, its five-year HTXS members and cells among them,
  so this year's award candidates appear.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from quantriet.orgs.models import Unit
from quantriet.reviews.models import Level, MemberReview, OrganisationReview, ReviewPeriod, ReviewState
from quantriet.reviews.services import deciding, proposing
from quantriet.reviews.services.periods import months_after, open_period
from quantriet.reviews.services.self_assessment import FORMS, form_of, submit_self_assessment

TEXTS = {
    "uu_diem": "Giữ vững lập trường, chấp hành nghiêm chủ trương của Đảng; lối sống giản dị, gần dân.",
    "ket_qua": "Hoàn thành các việc được giao trong năm; sinh hoạt chi bộ đầy đủ, tích cực ở khu dân cư.",
    "lanh_dao": "Chỉ đạo đơn vị hoàn thành kế hoạch năm, không để xảy ra khiếu nại kéo dài.",
    "han_che": "Có lúc chưa chủ động đề xuất giải pháp; việc học tập nghị quyết còn chậm so với kế hoạch.",
    "nguyen_nhan": "Khối lượng công việc lớn; chưa sắp xếp thời gian hợp lý.",
    "da_khac_phuc": "Đã khắc phục hạn chế được chỉ ra năm trước về tham gia sinh hoạt.",
    "bien_phap": "Sắp xếp thời gian học tập; chủ động báo cáo, đề xuất với chi bộ.",
    "bai_hoc": "Phát huy vai trò của người đứng đầu, phân công rõ người, rõ việc.",
    "cam_ket": "Thực hiện đúng cam kết tu dưỡng, rèn luyện đầu năm.",
}
# The facts each level's self-assessment gives (the 100-point scale of Quy định 366, shares of tasks).
FACTS: dict[str, dict[str, Any]] = {
    Level.EXCELLENT: {
        "points": 93,
        "tasks_on_time_share": 1,
        "tasks_exceeded_share": 0.4,
        "shortcomings_remedied_share": 1,
    },
    Level.GOOD: {
        "points": 84,
        "tasks_on_time_share": 1,
        "tasks_exceeded_share": 0,
        "shortcomings_remedied_share": 1,
    },
    Level.DONE: {
        "points": 68,
        "tasks_on_time_share": 0.8,
        "tasks_exceeded_share": 0,
        "shortcomings_remedied_share": 0.5,
    },
}
COMMENTS: dict[str, str] = {
    Level.EXCELLENT: "Tiêu biểu trong chi bộ, nhiều việc vượt kế hoạch.",
    Level.GOOD: "",
    Level.DONE: "Còn chậm một số việc được giao.",
}


def timetable(year: int, today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """Deadlines ahead of ``today`` (two, four and six weeks), inside the window the period allows."""
    latest = months_after(dt.date(year, 12, 31), 6)
    first, second, third = (min(today + dt.timedelta(days=n), latest) for n in (14, 28, 42))
    return first, second, third


def open_current(province: Unit, year: int, today: dt.date, staff: User) -> ReviewPeriod:
    self_until, meeting_until, decisions_until = timetable(year, today)
    return open_period(
        staff,
        unit=province,
        kind="year",
        year=year,
        self_assessment_until=self_until,
        meeting_until=meeting_until,
        decisions_until=decisions_until,
    )


def levels_for(count: int, rng: random.Random, excellent_first: int = 0) -> list[str]:
    """``count`` levels, the first ``excellent_first`` HTXS, the rest shuffled; HTXS kept within 20% of
    HTT, so the cells' sums keep their grassroots organisation's quota too."""
    rest = count - excellent_first
    done = round(rest * 0.15)
    good = rest - done
    extra = round(rest * 0.15)
    while extra > 0 and excellent_first + extra > (good - extra) // 5:
        extra -= 1
    tail = [Level.EXCELLENT] * extra + [Level.GOOD] * (good - extra) + [Level.DONE] * done
    rng.shuffle(tail)
    return [str(level) for level in [Level.EXCELLENT] * excellent_first + tail]


def self_assess(review: MemberReview, level: str, scored: str = "") -> bool:
    """The member's self-assessment (as the system: demo members have no account), with the facts of
    ``scored`` (default: of ``level``); False if refused."""
    spec = FORMS[form_of(review).code]
    answers = {s.key: TEXTS[s.key] for s in spec.sections}
    facts = {k: v for k, v in FACTS[scored or level].items() if k in spec.inputs}
    try:
        submit_self_assessment(None, review, answers=answers, facts=facts, level=level, form=spec.code)
    except ValidationError:
        return False
    return True


def _rated(period: ReviewPeriod, unit: Unit) -> list[MemberReview]:
    return list(
        MemberReview.objects.filter(period=period, unit=unit, state=ReviewState.PENDING)
        .select_related("member", "period", "unit")
        .order_by("member__name_sort", "id")
    )


def _meeting(actor: User | None, reviews: list[MemberReview], levels: list[str], place: Unit) -> None:
    rows = [proposing.Proposed(r, level, COMMENTS[level]) for r, level in zip(reviews, levels, strict=True)]
    proposing.propose_many(actor, rows, place=place, meeting_comment="Chi bộ họp kiểm điểm cuối năm.")


def _decide(actor: User | None, reviews: list[MemberReview], levels: list[str]) -> None:
    deciding.decide_many(
        actor, [deciding.Decided(r, level) for r, level in zip(reviews, levels, strict=True)]
    )


def _organisation(period: ReviewPeriod, unit: Unit, level: str, staff: User | None, decide: bool) -> None:
    review = OrganisationReview.objects.filter(period=period, unit=unit, collective=False).first()
    if review is None or review.state != ReviewState.PENDING:
        return
    proposing.propose(staff, review, level=level, comment="Lãnh đạo chi bộ hoàn thành các chỉ tiêu năm.")
    if decide:
        deciding.decide(staff, review, level=level)


def run_commune(
    period: ReviewPeriod,
    commune: Unit,
    cell: Unit,
    commune_staff: User,
    rng: random.Random,
    *,
    pending: set[int],
) -> None:
    """``bithu.chibo``'s cell self-assessed (``pending`` members still to do it); other cells further on."""
    for review in _rated(period, cell):
        if review.member_id not in pending:
            # Most scored 90 or more: the meeting may propose many HTXS, and meet the quota.
            level = rng.choice([Level.GOOD, Level.GOOD, Level.EXCELLENT])
            self_assess(review, level, scored=Level.EXCELLENT)
    others = list(
        Unit.objects.filter(parent=commune, valid_to__isnull=True)
        .exclude(pk=cell.pk)
        .order_by("name_sort", "pk")
    )
    for index, unit in enumerate(others):
        step = index % 4  # 0 decided, 1–2 proposed, 3 only self-assessed
        reviews = _rated(period, unit)
        levels = levels_for(len(reviews), rng)
        assessed = [r for r, level in zip(reviews, levels, strict=True) if self_assess(r, level)]
        if step == 3 or not assessed:
            continue
        chosen = [levels[reviews.index(r)] for r in assessed]
        _meeting(commune_staff, assessed, chosen, unit)
        _organisation(period, unit, Level.GOOD, commune_staff, decide=step == 0)
        if step == 0:
            _decide(commune_staff, assessed, chosen)


def run_decided(
    period: ReviewPeriod,
    grassroots: Unit,
    streak_members: set[int],
    streak_units: set[int],
    rng: random.Random,
) -> None:
    """A grassroots organisation decided in full (by the system: its staff have no demo account)."""
    reviews = list(
        MemberReview.objects.filter(period=period, grassroots=grassroots, state=ReviewState.PENDING)
        .select_related("member", "period", "unit")
        .order_by("unit_id", "member__name_sort", "id")
    )
    streak = [r for r in reviews if r.member_id in streak_members]
    rest = [r for r in reviews if r.member_id not in streak_members]
    ordered = streak + rest
    levels = levels_for(len(ordered), rng, excellent_first=len(streak))
    assessed = [(r, level) for r, level in zip(ordered, levels, strict=True) if self_assess(r, level)]
    rows = [proposing.Proposed(r, level) for r, level in assessed]
    proposing.propose_many(None, rows)
    deciding.decide_many(None, [deciding.Decided(r, level) for r, level in assessed])
    for organisation in OrganisationReview.objects.filter(
        period=period, grassroots=grassroots, collective=False, state=ReviewState.PENDING
    ).select_related("period", "unit"):
        level = Level.EXCELLENT if organisation.unit_id in streak_units else Level.GOOD
        proposing.propose(None, organisation, level=level)
        deciding.decide(None, organisation, level=level)
