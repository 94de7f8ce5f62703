"""Self-assessment through the pages: a member's own reviews (one per place), the form of the period's rule
set, what the rules allow and why, deadlines (late, too late, closed), and a collective's Mẫu 01."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from quantriet.orgs.models.audit import AuditEntry
from quantriet.reviews.models import (
    Discipline,
    MemberReview,
    OrganisationReview,
    PeriodState,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    Standing,
)
from tests.conftest import PASSWORD, make_member
from tests.reviews.conftest import ReviewWorld, open_current

FORM_2B = {
    "form": "2B",
    "uu_diem": "Giữ vững lập trường, gương mẫu ở khu dân cư.",
    "ket_qua": "Hoàn thành các nhiệm vụ chi bộ giao.",
    "han_che": "Có lúc chưa sâu sát.",
    "nguyen_nhan": "Thời gian còn hạn chế.",
    "bien_phap": "Sắp xếp thời gian hợp lý hơn.",
    "points": "82",
    "tasks_on_time_share": "100",
    "level": "htt",
}


@pytest.fixture
def period(rw: ReviewWorld) -> ReviewPeriod:
    period: ReviewPeriod = open_current(rw)
    return period


def _review(rw: ReviewWorld, period: ReviewPeriod, member: Any, unit: Any = None) -> MemberReview:
    return MemberReview.objects.get(period=period, member=member, unit=unit or member.unit)


def _account(member: Any, name: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user


def test_a_member_sends_the_form_and_sees_what_the_rules_allow(rw: ReviewWorld, period: ReviewPeriod) -> None:
    review = _review(rw, period, rw.dung)
    client = rw.client_for(rw.dave)
    listing = client.get("/reviews/self/")
    assert listing.status_code == 200
    assert f"/reviews/self/{review.pk}/" in listing.content.decode()
    page = client.get(f"/reviews/self/{review.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Mẫu 2B" in text and "Thông tin hệ thống đã ghi nhận" in text and "Quy định cho phép" in text
    response = client.post(f"/reviews/self/{review.pk}/", FORM_2B)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.state, review.self_level, review.form) == (ReviewState.SELF_ASSESSED, "htt", "2B")
    assert review.facts == {"points": 82.0, "tasks_on_time_share": 1.0}
    assert review.answers["han_che"] == "Có lúc chưa sâu sát."
    assert "_late" not in review.answers
    assert list(RatingStep.objects.filter(member_review=review).values_list("kind", "level")) == [
        ("self", "htt")
    ]
    assert AuditEntry.objects.filter(action="reviews.self_assessed").count() == 1
    # Sent again before the meeting: the member may still correct it.
    again = client.post(
        f"/reviews/self/{review.pk}/", {**FORM_2B, "points": "91", "tasks_exceeded_share": "40"}
    )
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.facts["points"] == 91.0


def test_a_level_above_what_the_rules_allow_is_refused_with_the_reason(
    rw: ReviewWorld, period: ReviewPeriod
) -> None:
    review = _review(rw, period, rw.dung)
    response = rw.client_for(rw.dave).post(f"/reviews/self/{review.pk}/", {**FORM_2B, "level": "htxs"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Không thể xếp HTXS" in text and "tối đa HTT" in text
    assert "Quy định 366" in text  # the article behind the cap
    review.refresh_from_db()
    assert (review.state, review.self_level, review.facts) == (ReviewState.PENDING, "", {})
    assert not RatingStep.objects.exists()


def test_a_discipline_of_the_period_caps_the_level_shown_and_taken(
    rw: ReviewWorld, period: ReviewPeriod
) -> None:
    Discipline.objects.create(member=rw.dung, kind="khien_trach", decided_on=period.start)
    review = _review(rw, period, rw.dung)
    client = rw.client_for(rw.dave)
    assert "Không hoàn thành nhiệm vụ" in client.get(f"/reviews/self/{review.pk}/").content.decode()
    refused = client.post(f"/reviews/self/{review.pk}/", FORM_2B)
    assert refused.status_code == 400 and "tối đa KHT" in refused.content.decode()
    assert client.post(f"/reviews/self/{review.pk}/", {**FORM_2B, "level": "kht"}).status_code == 302


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"han_che": ""}, "Hãy ghi mục này"),
        ({"points": "150"}, "100"),
        ({"points": "abc"}, "số"),
        ({"tasks_on_time_share": "-5"}, "0"),
        ({"level": ""}, "bắt buộc"),
        ({"level": "rat_tot"}, "không"),
        ({"form": "2A"}, "không"),  # 2A is for post holders
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    rw: ReviewWorld, period: ReviewPeriod, changes: dict[str, str], words: str
) -> None:
    review = _review(rw, period, rw.dung)
    response = rw.client_for(rw.dave).post(f"/reviews/self/{review.pk}/", {**FORM_2B, **changes})
    assert response.status_code == 400
    assert words in response.content.decode()
    review.refresh_from_db()
    assert review.state == ReviewState.PENDING and not review.answers
    assert not RatingStep.objects.exists() and not AuditEntry.objects.filter(action="reviews.self_assessed")


def test_a_member_outside_the_political_system_chooses_2c(rw: ReviewWorld, period: ReviewPeriod) -> None:
    review = _review(rw, period, rw.dung)
    form = {k: v for k, v in FORM_2B.items() if k not in ("tasks_on_time_share",)}
    response = rw.client_for(rw.dave).post(
        f"/reviews/self/{review.pk}/", {**form, "form": "2C", "tasks_on_time_share": "100"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.form == "2C"


def test_a_cadre_has_one_review_per_place_and_the_leaders_form(rw: ReviewWorld, period: ReviewPeriod) -> None:
    user = _account(rw.an, "an")
    client = rw.client_for(user)
    at_cell, at_commune = _review(rw, period, rw.an), _review(rw, period, rw.an, rw.xa)
    listing = client.get("/reviews/self/").content.decode()
    assert f"/reviews/self/{at_cell.pk}/" in listing and f"/reviews/self/{at_commune.pk}/" in listing
    assert "Phó Bí thư" in listing
    assert "Mẫu 2A" in client.get(f"/reviews/self/{at_commune.pk}/").content.decode()
    leader_form = {**FORM_2B, "form": "2A", "lanh_dao": "Điều hành tốt công việc được phân công."}
    assert client.post(f"/reviews/self/{at_commune.pk}/", leader_form).status_code == 302
    assert client.post(f"/reviews/self/{at_cell.pk}/", FORM_2B).status_code == 302
    assert MemberReview.objects.filter(member=rw.an, state=ReviewState.SELF_ASSESSED).count() == 2


def test_after_the_self_assessment_deadline_the_form_is_taken_and_marked_late(
    rw: ReviewWorld, period: ReviewPeriod
) -> None:
    ReviewPeriod.objects.filter(pk=period.pk).update(
        self_assessment_until=timezone.localdate() - dt.timedelta(days=1)
    )
    review = _review(rw, period, rw.dung)
    client = rw.client_for(rw.dave)
    assert "ghi là nộp muộn" in client.get(f"/reviews/self/{review.pk}/").content.decode()
    assert client.post(f"/reviews/self/{review.pk}/", FORM_2B).status_code == 302
    review.refresh_from_db()
    assert review.answers["_late"] == timezone.localdate().isoformat()
    assert RatingStep.objects.get(member_review=review).reason == "Nộp muộn"
    assert "nộp muộn" in client.get(f"/reviews/self/{review.pk}/").content.decode()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("meeting", "Đã quá hạn họp chi bộ"),
        ("closed", "Đợt đánh giá đã kết thúc"),
        ("proposed", "không sửa"),
    ],
)
def test_too_late_closed_or_proposed_is_refused_and_nothing_saved(
    rw: ReviewWorld, period: ReviewPeriod, change: str, words: str
) -> None:
    review = _review(rw, period, rw.dung)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    if change == "meeting":
        ReviewPeriod.objects.filter(pk=period.pk).update(
            self_assessment_until=yesterday, meeting_until=yesterday
        )
    elif change == "closed":
        ReviewPeriod.objects.filter(pk=period.pk).update(state=PeriodState.CLOSED)
    else:
        MemberReview.objects.filter(pk=review.pk).update(state=ReviewState.PROPOSED, proposed_level="ht")
    client = rw.client_for(rw.dave)
    page = client.get(f"/reviews/self/{review.pk}/")
    assert page.status_code == 200 and words in page.content.decode()
    assert "Gửi bản tự kiểm điểm" not in page.content.decode()
    response = client.post(f"/reviews/self/{review.pk}/", FORM_2B)
    assert response.status_code == 400 and words in response.content.decode()
    review.refresh_from_db()
    assert review.self_level == "" and not RatingStep.objects.exists()


def test_exempted_members_are_shown_why_and_new_members_assess_without_a_level(
    rw: ReviewWorld, period: ReviewPeriod
) -> None:
    hoa = _review(rw, period, rw.hoa)
    client = rw.client_for(_account(rw.hoa, "hoa"))
    page = client.get(f"/reviews/self/{hoa.pk}/").content.decode()
    assert "Miễn công tác và sinh hoạt đảng: không xếp loại" in page
    refused = client.post(f"/reviews/self/{hoa.pk}/", FORM_2B)
    assert refused.status_code == 400 and "Không thuộc diện đánh giá" in refused.content.decode()
    today = timezone.localdate()
    newcomer = make_member(
        rw.xa2,
        "Lý Thị Mai",
        "10000021",
        sex="female",
        admission_date=today - dt.timedelta(days=1),
        full_membership_date=None,
        status="probationary",
    )
    open_current(rw, unit=rw.xa, kind="quarter", quarter=(today.month - 1) // 3 + 1)
    quarter = ReviewPeriod.objects.get(kind="quarter")
    review = MemberReview.objects.get(period=quarter, member=newcomer)
    assert review.standing == Standing.NEW
    client = rw.client_for(_account(newcomer, "mai"))
    with_level = client.post(f"/reviews/self/{review.pk}/", FORM_2B)
    assert with_level.status_code == 400 and "không tự xếp loại" in with_level.content.decode()
    assert client.post(f"/reviews/self/{review.pk}/", {**FORM_2B, "level": ""}).status_code == 302
    review.refresh_from_db()
    assert (review.state, review.self_level) == (ReviewState.NOT_RATED, "")
    assert review.answers["uu_diem"]


def test_nobody_else_opens_a_members_form(rw: ReviewWorld, period: ReviewPeriod) -> None:
    review = _review(rw, period, rw.dung)
    for user in (rw.alice, rw.bob, rw.olga, rw.eve):
        client = rw.client_for(user)
        assert client.get(f"/reviews/self/{review.pk}/").status_code == 404
        assert client.post(f"/reviews/self/{review.pk}/", FORM_2B).status_code == 404
    review.refresh_from_db()
    assert review.state == ReviewState.PENDING


COLLECTIVE = {
    "ket_qua": "Lãnh đạo hoàn thành các chỉ tiêu của năm.",
    "han_che": "Sinh hoạt chuyên đề chưa đều.",
    "nguyen_nhan": "Cấp ủy chưa sâu sát.",
    "bien_phap": "Xây dựng kế hoạch sinh hoạt chuyên đề.",
    "points": "85",
    "tasks_on_time_share": "100",
    "tasks_late_share": "0",
    "level": "htt",
}


def test_a_cells_secretary_fills_in_its_mau_01_and_not_another_cells(
    rw: ReviewWorld, period: ReviewPeriod
) -> None:
    xa1 = OrganisationReview.objects.get(period=period, unit=rw.xa1)
    xa2 = OrganisationReview.objects.get(period=period, unit=rw.xa2)
    client = rw.client_for(rw.bob)
    listing = client.get("/reviews/self/").content.decode()
    assert f"/reviews/collective/{xa1.pk}/" in listing and f"/reviews/collective/{xa2.pk}/" not in listing
    assert "Mẫu 01" in client.get(f"/reviews/collective/{xa1.pk}/").content.decode()
    assert client.post(f"/reviews/collective/{xa1.pk}/", COLLECTIVE).status_code == 302
    xa1.refresh_from_db()
    assert (xa1.state, xa1.self_level, xa1.form) == (ReviewState.SELF_ASSESSED, "htt", "01")
    assert RatingStep.objects.filter(organisation_review=xa1, kind="self").count() == 1
    assert client.get(f"/reviews/collective/{xa2.pk}/").status_code == 404
    assert client.post(f"/reviews/collective/{xa2.pk}/", COLLECTIVE).status_code == 404
    # The commune's staff fill in every collective of the commune; a missing section is refused.
    olga = rw.client_for(rw.olga)
    refused = olga.post(f"/reviews/collective/{xa2.pk}/", {**COLLECTIVE, "ket_qua": ""})
    assert refused.status_code == 400
    xa2.refresh_from_db()
    assert xa2.state == ReviewState.PENDING
    assert olga.post(f"/reviews/collective/{xa2.pk}/", COLLECTIVE).status_code == 302


def test_the_home_page_lists_the_self_assessment_due(rw: ReviewWorld, period: ReviewPeriod) -> None:
    review = _review(rw, period, rw.dung)
    home = rw.client_for(rw.dave).get("/").content.decode()
    assert f"/reviews/self/{review.pk}/" in home and "Tự kiểm điểm, tự xếp loại" in home
    rw.client_for(rw.dave).post(f"/reviews/self/{review.pk}/", FORM_2B)
    assert f"/reviews/self/{review.pk}/" not in rw.client_for(rw.dave).get("/").content.decode()
    bob_home = rw.client_for(rw.bob).get("/").content.decode()
    assert "Mẫu 01" in bob_home and "Chi bộ thôn 1" in bob_home


# session, user, roles, own reviews, collectives, the member behind the account, and the menu's own member
# record (asked once for all its entries)
OWN_LIST_QUERIES = 6


def test_the_own_list_reads_a_fixed_number_of_queries(
    rw: ReviewWorld, period: ReviewPeriod, django_assert_num_queries: Any
) -> None:
    client = rw.client_for(_account(rw.an, "an"))
    client.get("/reviews/self/")
    with django_assert_num_queries(OWN_LIST_QUERIES):
        one_period = client.get("/reviews/self/").content.decode()
    assert len(re.findall(r'href="/reviews/self/\d+/', one_period)) == 2  # the cell, the commune's committee
    open_current(rw, unit=rw.province, kind="quarter", quarter=(timezone.localdate().month - 1) // 3 + 1)
    with django_assert_num_queries(OWN_LIST_QUERIES):
        two_periods = client.get("/reviews/self/").content.decode()
    assert len(re.findall(r'href="/reviews/self/\d+/', two_periods)) == 4


def test_a_fact_past_the_range_of_a_float_is_refused_not_a_crash() -> None:
    from quantriet.reviews.facts import FactsError, clean_facts

    with pytest.raises(FactsError) as refused:
        clean_facts({"points": 10**400})
    assert "quá lớn" in str(refused.value)
