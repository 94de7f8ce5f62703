"""The review API's self-assessment: only the member, on their own review, within the timetable; refused in
Vietnamese with nothing saved; every answer checked against the OpenAPI description."""

from __future__ import annotations

from typing import Any

import pytest

from quantriet.reviews.models import MemberReview, PeriodState, RatingStep, ReviewState
from tests.reviews.conftest import ReviewWorld
from tests.reviews.fixtures_api import keyed, make_current_period, make_review, post

ANSWERS = {
    "uu_diem": "Giữ vững lập trường, chấp hành tốt chủ trương của Đảng.",
    "ket_qua": "Hoàn thành các nhiệm vụ chi bộ phân công.",
    "han_che": "Có lúc chưa chủ động.",
    "nguyen_nhan": "Công việc gia đình bận.",
    "bien_phap": "Sắp xếp thời gian hợp lý hơn.",
}


@pytest.fixture
def dung(rw: ReviewWorld) -> MemberReview:
    """Dũng's review (dave's account) in this year's period, whose timetable runs from today on."""
    period = make_current_period(rw.xa)
    make_review(period, rw.binh)
    return make_review(period, rw.dung)


def _url(review: MemberReview) -> str:
    return f"/api/v1/reviews/member-reviews/{review.pk}/self-assessment/"


def _body(**changes: Any) -> dict[str, Any]:
    return {"level": "htt", "form": "2C", "answers": ANSWERS, "facts": {"points": 86}, **changes}


def _unchanged(review: MemberReview) -> None:
    review.refresh_from_db()
    assert (review.state, review.self_level, review.answers, review.facts) == (
        ReviewState.PENDING,
        "",
        {},
        {},
    )
    assert not RatingStep.objects.filter(member_review=review).exists()


def test_the_member_assesses_themself(rw: ReviewWorld, dung: MemberReview) -> None:
    response, data = post(keyed(rw.dave), _url(dung), _body())
    assert response.status_code == 200, data
    assert (data["state"], data["self_level"], data["form"]) == ("self_assessed", "htt", "2C")
    assert data["answers"]["uu_diem"] == ANSWERS["uu_diem"] and data["facts"] == {"points": 86}
    assert [s["kind"] for s in data["steps"]] == ["self"]
    assert data["rules"]["level"] == "htt"  # 86 points: at most HTT


def test_a_level_above_what_the_rules_allow_is_refused_with_the_reasons(
    rw: ReviewWorld, dung: MemberReview
) -> None:
    response, data = post(keyed(rw.dave), _url(dung), _body(level="htxs", facts={"points": 80}))
    assert response.status_code == 400 and data["error"]["code"] == "refused"
    assert "tối đa HTT" in data["error"]["fields"]["level"] and "80 điểm" in data["error"]["message"]
    _unchanged(dung)


def test_bad_bodies_are_refused_in_vietnamese(rw: ReviewWorld, dung: MemberReview) -> None:
    client = keyed(rw.dave)
    cases: list[tuple[dict[str, Any], str]] = [
        (_body(level="tốt"), "level"),
        (_body(answers=["uu_diem"]), "answers"),
        (_body(answers={**ANSWERS, "ket_qua": 5}), "answers"),
        (_body(answers={**ANSWERS, "nguyen_nhan": " "}), "nguyen_nhan"),
        (_body(facts={"points": 150}), "points"),
        (_body(facts={"points": 10**400}), "points"),
        (_body(facts={"is_leader": True}), "is_leader"),
        (_body(facts="86"), "facts"),
        (_body(form="9Z"), "form"),
        (_body(decided_level="htxs"), "decided_level"),
    ]
    for body, field in cases:
        response, data = post(client, _url(dung), body)
        assert response.status_code == 400, body
        assert field in data["error"]["fields"], (body, data)
        assert data["error"]["message"]
    assert post(client, _url(dung), '{"level": ')[0].status_code == 400
    _unchanged(dung)


def test_only_the_member_assesses_themself(rw: ReviewWorld, dung: MemberReview) -> None:
    # alice and olga read Dũng's review but may not write his self-assessment.
    for user in (rw.alice, rw.olga):
        response, data = post(keyed(user), _url(dung), _body())
        assert response.status_code == 403 and data["error"]["code"] == "forbidden"
    # bob (the sibling cell), charlie (another commune), eve (no role): not even seen.
    for user in (rw.bob, rw.charlie, rw.eve):
        response, data = post(keyed(user), _url(dung), _body())
        assert response.status_code == 404 and data["error"]["code"] == "not_found"
    _unchanged(dung)


def test_after_the_proposal_or_the_close_nothing_changes(rw: ReviewWorld, dung: MemberReview) -> None:
    dung.state, dung.proposed_level = ReviewState.PROPOSED, "ht"
    dung.save()
    response, data = post(keyed(rw.dave), _url(dung), _body())
    assert response.status_code == 400 and data["error"]["code"] == "refused"
    assert "đề xuất" in data["error"]["message"]
    dung.state, dung.proposed_level = ReviewState.PENDING, ""
    dung.save()
    dung.period.state = PeriodState.CLOSED
    dung.period.save()
    response, data = post(keyed(rw.dave), _url(dung), _body())
    assert response.status_code == 400 and "kết thúc" in data["error"]["message"]
    _unchanged(dung)
