"""Opening, refreshing and closing periods through the services: the rows made, and every refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from quantriet.campaigns.models import Absence, BridgePoint, Campaign, CheckIn, Conference, Delegate
from quantriet.orgs.models import Unit
from quantriet.orgs.models.audit import AuditEntry
from quantriet.reports.models import LearningReport
from quantriet.reviews import facts
from quantriet.reviews.models import (
    Discipline,
    MemberReview,
    OrganisationReview,
    PeriodState,
    ReviewPeriod,
    ReviewState,
    Standing,
)
from quantriet.reviews.services.periods import close_period, open_period, refresh_prefill
from tests.reviews.conftest import DECISIONS_UNTIL, MEETING_UNTIL, SELF_UNTIL, ReviewWorld


def _open(rw: ReviewWorld, unit: Unit | None = None, **changes: Any) -> ReviewPeriod:
    values: dict[str, Any] = {
        "unit": unit or rw.xa,
        "kind": "year",
        "year": 2025,
        "self_assessment_until": SELF_UNTIL,
        "meeting_until": MEETING_UNTIL,
        "decisions_until": DECISIONS_UNTIL,
    }
    values.update(changes)
    return open_period(rw.alice, **values)


def test_opening_a_year_makes_a_review_per_member_and_place_with_standing(rw: ReviewWorld) -> None:
    period = _open(rw)
    assert period.rule_set == "qd366"
    assert (period.start, period.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    reviews = {(r.member.full_name, r.unit.code): r for r in MemberReview.objects.filter(period=period)}
    assert set(reviews) == {
        ("Nguyễn Văn An", "XA1"),
        ("Nguyễn Văn An", "XA"),  # the post at the commune committee: reviewed there too
        ("Phạm Thị Hoa", "XA1"),
        ("Vũ Văn Khánh", "XA1"),
        ("Trần Thị Bình", "XA2"),
        ("Đặng Văn Dũng", "XA2"),
        ("Hoàng Minh Nam", "XA2"),
    }
    assert reviews[("Nguyễn Văn An", "XA")].post == "Phó Bí thư"
    assert reviews[("Nguyễn Văn An", "XA")].form == "2A"
    assert reviews[("Trần Thị Bình", "XA2")].form == "2B"
    assert reviews[("Phạm Thị Hoa", "XA1")].standing == Standing.EXEMPTED
    assert reviews[("Vũ Văn Khánh", "XA1")].standing == Standing.SUSPENDED
    assert reviews[("Hoàng Minh Nam", "XA2")].standing == Standing.NEW
    for key in [("Phạm Thị Hoa", "XA1"), ("Vũ Văn Khánh", "XA1"), ("Hoàng Minh Nam", "XA2")]:
        assert reviews[key].state == ReviewState.NOT_RATED
    assert reviews[("Trần Thị Bình", "XA2")].state == ReviewState.PENDING
    assert {r.grassroots_id for r in reviews.values()} == {rw.xa.pk}
    assert reviews[("Phạm Thị Hoa", "XA1")].prefill["exemptions"][0]["start"] == "2024-06-01"
    units = set(OrganisationReview.objects.filter(period=period).values_list("unit__code", flat=True))
    assert units == {"XA", "XA1", "XA2"}
    assert AuditEntry.objects.filter(action="reviews.period_opened").count() == 1


def test_a_province_period_reaches_every_commune(rw: ReviewWorld) -> None:
    period = _open(rw, unit=rw.province)
    assert MemberReview.objects.filter(period=period, member=rw.m_xb1, grassroots=rw.xb).exists()
    assert OrganisationReview.objects.filter(period=period).count() == 5  # XA, XA1, XA2, XB, XB1


def test_a_second_period_for_the_same_unit_and_span_is_refused_and_nothing_saved(rw: ReviewWorld) -> None:
    _open(rw)
    with pytest.raises(ValidationError) as refused:
        _open(rw, title="Lần hai")
    assert "đã có đợt đánh giá năm 2025" in str(refused.value)
    assert ReviewPeriod.objects.count() == 1
    assert MemberReview.objects.count() == 7


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"year": 2018}, "kind", "Chưa có quy định xếp loại cho năm 2018"),
        ({"kind": "quarter", "year": 2024, "quarter": 3}, "kind", "quý III năm 2024"),
        ({"kind": "term", "year": 2020, "last_year": 2024}, "kind", "nhiệm kỳ 2020–2024"),
        ({"kind": "quarter", "quarter": 5}, "quarter", "quý I, II, III hoặc IV"),
        ({"kind": "term", "last_year": 2025}, "last_year", "Năm cuối nhiệm kỳ"),
        ({"meeting_until": dt.date(2025, 12, 5)}, "meeting_until", "không được trước hạn tự đánh giá"),
        ({"decisions_until": dt.date(2025, 12, 15)}, "decisions_until", "không được trước hạn họp"),
        ({"self_assessment_until": dt.date(2024, 12, 1)}, "self_assessment_until", "Ngày phải từ 01/01/2025"),
        ({"decisions_until": dt.date(2026, 9, 1)}, "decisions_until", "30/06/2026"),
        ({"quota_share": Decimal("1.5")}, "quota_share", "từ 1% đến 100%"),
    ],
)
def test_bad_periods_are_refused_with_a_clear_message(
    rw: ReviewWorld, changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _open(rw, **changes)
    assert words in " ".join(refused.value.message_dict[field])
    assert not ReviewPeriod.objects.exists()
    assert not MemberReview.objects.exists()


def test_quarters_and_terms_are_opened_under_qd366(rw: ReviewWorld) -> None:
    quarter = _open(rw, kind="quarter", quarter=4)
    assert (quarter.start, quarter.end, quarter.rule_set) == (
        dt.date(2025, 10, 1),
        dt.date(2025, 12, 31),
        "qd366",
    )
    term = _open(
        rw,
        kind="term",
        year=2020,
        last_year=2025,
        self_assessment_until=dt.date(2025, 12, 1),
        meeting_until=dt.date(2025, 12, 2),
        decisions_until=dt.date(2025, 12, 3),
    )
    assert term.rule_set == "qd366" and term.start == dt.date(2020, 1, 1)


def test_earlier_years_take_their_rule_set_and_form(rw: ReviewWorld) -> None:
    period = _open(
        rw,
        year=2022,
        self_assessment_until=dt.date(2022, 12, 10),
        meeting_until=dt.date(2022, 12, 20),
        decisions_until=dt.date(2023, 1, 15),
    )
    assert period.rule_set == "hd21"
    assert set(MemberReview.objects.filter(period=period).values_list("form", flat=True)) == {"hd21"}
    # Nam was not yet a member in 2022; the suspended and exempted are still on the roll.
    assert not MemberReview.objects.filter(period=period, member=rw.nam, standing=Standing.RATED).exists()


def test_a_cell_or_someone_without_the_right_cannot_open(rw: ReviewWorld) -> None:
    with pytest.raises(ValidationError):
        _open(rw, unit=rw.xa1)
    with pytest.raises(Http404):
        open_period(
            rw.bob,
            unit=rw.xa,
            kind="year",
            year=2025,
            self_assessment_until=SELF_UNTIL,
            meeting_until=MEETING_UNTIL,
            decisions_until=DECISIONS_UNTIL,
        )
    with pytest.raises(Http404):
        open_period(
            rw.charlie,
            unit=rw.xa,
            kind="year",
            year=2025,
            self_assessment_until=SELF_UNTIL,
            meeting_until=MEETING_UNTIL,
            decisions_until=DECISIONS_UNTIL,
        )
    assert not ReviewPeriod.objects.exists()


def test_prefill_reads_campaigns_reports_and_disciplines(rw: ReviewWorld) -> None:
    campaign = Campaign.objects.create(
        title="Học tập Nghị quyết Đại hội",
        organising_unit=rw.xa,
        scope_unit=rw.xa,
        audience="all_members",
        conference_date=dt.date(2025, 5, 10),
        plan_deadline=dt.date(2025, 6, 10),
        report_deadline=dt.date(2025, 6, 30),
    )
    conference = Conference.objects.create(
        campaign=campaign, title="Hội nghị quán triệt", held_on=dt.date(2025, 5, 10), starts_at=dt.time(7, 30)
    )
    point = BridgePoint.objects.create(
        conference=conference, host_unit=rw.xa, name="Hội trường xã", address="Thôn 1", capacity=100
    )
    came = Delegate.objects.create(
        conference=conference, point=point, member=rw.binh, unit=rw.xa2, category="member", code="AAAA1111"
    )
    CheckIn.objects.create(
        conference=conference, point=point, delegate=came, method="name", at=conference.start()
    )
    away = Delegate.objects.create(
        conference=conference, point=point, member=rw.dung, unit=rw.xa2, category="member", code="BBBB2222"
    )
    Absence.objects.create(delegate=away, reason="")
    LearningReport.objects.create(campaign=campaign, member=rw.binh, unit=rw.xa2, status="passed")
    LearningReport.objects.create(campaign=campaign, member=rw.dung, unit=rw.xa2, status="copied")
    Discipline.objects.create(member=rw.dung, kind="khien_trach", decided_on=dt.date(2025, 7, 1))
    Discipline.objects.create(member=rw.dung, kind="canh_cao", decided_on=dt.date(2024, 7, 1))  # another year
    period = _open(rw)
    binh = MemberReview.objects.get(period=period, member=rw.binh)
    dung = MemberReview.objects.get(period=period, member=rw.dung)
    assert (binh.prefill["campaigns_attended"], binh.prefill["campaigns_absent"]) == (1, 0)
    assert (binh.prefill["reports_submitted"], binh.prefill["reports_passed"]) == (1, 1)
    assert (dung.prefill["campaigns_attended"], dung.prefill["campaigns_absent"]) == (0, 1)
    assert dung.prefill["reports_copied"] == 1
    assert [d["kind"] for d in dung.prefill["disciplines"]] == ["khien_trach"]
    assert any("Kỷ luật: Khiển trách" in line for line in facts.prefill_lines(dung.prefill))
    # The rules read the discipline of the period: qd366 allows at most KHT.
    assert str(facts.allowance(dung).level) == "kht"
    assert str(facts.allowance(binh).level) == "htxs"
    # A discipline recorded after opening appears when the prefill is refreshed.
    Discipline.objects.create(member=rw.binh, kind="canh_cao", decided_on=dt.date(2025, 9, 1))
    refresh_prefill(rw.alice, period)
    binh.refresh_from_db()
    assert [d["kind"] for d in binh.prefill["disciplines"]] == ["canh_cao"]


def test_refresh_follows_a_new_exemption_and_close_ends_the_period(rw: ReviewWorld) -> None:
    from quantriet.orgs import services

    period = _open(rw)
    services.add_exemption(None, rw.binh, start=dt.date(2025, 3, 1), end=None)
    refresh_prefill(rw.olga, period)
    binh = MemberReview.objects.get(period=period, member=rw.binh)
    assert (binh.standing, binh.state) == (Standing.EXEMPTED, ReviewState.NOT_RATED)
    with pytest.raises(Http404):
        close_period(rw.bob, period)
    closed = close_period(rw.alice, period)
    assert closed.state == PeriodState.CLOSED and closed.closed_by == rw.alice
    with pytest.raises(ValidationError):
        close_period(rw.alice, period)
    with pytest.raises(ValidationError):
        refresh_prefill(rw.alice, period)


def test_refresh_adds_members_on_the_roll_since_opening_once_and_keeps_work_going(rw: ReviewWorld) -> None:
    from quantriet.orgs import services
    from tests.conftest import make_member

    period = _open(rw)
    binh = MemberReview.objects.get(period=period, member=rw.binh, unit=rw.xa2)
    binh.state = ReviewState.SELF_ASSESSED
    binh.self_level = "htt"
    binh.save()
    before = MemberReview.objects.filter(period=period).count()
    moved_in = make_member(rw.xa1, "Lê Văn Tâm", "10000099")
    new_cell = services.create_unit(None, name="Chi bộ thôn 9", code="XA9", level="cell", parent=rw.xa)
    assert refresh_prefill(rw.alice, period) == 1
    added = MemberReview.objects.get(period=period, member=moved_in)
    assert (added.unit_id, added.grassroots_id, added.state) == (rw.xa1.pk, rw.xa.pk, ReviewState.PENDING)
    assert added.prefill["campaigns_attended"] == 0
    assert MemberReview.objects.filter(period=period).count() == before + 1
    assert OrganisationReview.objects.filter(period=period, unit=new_cell).count() == 1
    binh.refresh_from_db()
    assert (binh.state, binh.self_level) == (ReviewState.SELF_ASSESSED, "htt")
    # A second refresh adds nobody twice.
    assert refresh_prefill(rw.alice, period) == 0
    assert MemberReview.objects.filter(period=period).count() == before + 1
    entry = AuditEntry.objects.filter(action="reviews.period_refreshed").order_by("id").first()
    assert entry is not None and entry.changes["member_reviews_added"] == 1
