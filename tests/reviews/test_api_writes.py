"""The review API's writes with an API key: the cell's proposal and the committee's decision, refused in
Vietnamese (with the rules' reasons, with the count to lower) and nothing saved when refused; every answer
checked against the OpenAPI description."""

from __future__ import annotations

from typing import Any

from quantriet.reviews.models import MemberReview, PeriodState, RatingStep, ReviewState
from tests.reviews.fixtures_api import Api, api, keyed, post

__all__ = ["api"]


def _proposal(review: MemberReview) -> str:
    return f"/api/v1/reviews/member-reviews/{review.pk}/proposal/"


def _decision(review: MemberReview) -> str:
    return f"/api/v1/reviews/member-reviews/{review.pk}/decision/"


def _unchanged(review: MemberReview) -> None:
    before = (review.state, review.proposed_level, review.decided_level, review.facts)
    review.refresh_from_db()
    assert (review.state, review.proposed_level, review.decided_level, review.facts) == before
    assert not RatingStep.objects.filter(member_review=review).exists()


def test_the_cells_secretary_proposes_with_the_rules_answer(api: Api) -> None:
    rw = api.rw
    body = {"level": "htt", "comment": "Hoàn thành tốt nhiệm vụ ở thôn.", "facts": {"points": 86}}
    response, data = post(keyed(rw.bob), _proposal(api.an), body)
    assert response.status_code == 200, data
    assert (data["state"], data["proposed_level"]) == ("proposed", "htt")
    assert data["proposal"]["comment"] == "Hoàn thành tốt nhiệm vụ ở thôn."
    assert data["facts"] == {"points": 86}
    # 86 points: at most HTT under Quy định 366, said with its text.
    assert data["allowed"]["level"] == "htt" and "86 điểm" in data["allowed"]["reasons"][0]
    assert data["rules"]["level"] == "htt" and data["rules"]["reasons"][0]["effect"] == "cap"
    assert [s["kind"] for s in data["steps"]] == ["proposal"]


def test_a_proposal_above_what_the_rules_allow_is_refused_with_the_reasons(api: Api) -> None:
    rw = api.rw
    response, data = post(keyed(rw.bob), _proposal(api.an), {"level": "htxs", "facts": {"points": 80}})
    assert response.status_code == 400 and data["error"]["code"] == "refused"
    assert "tối đa HTT" in data["error"]["message"] and "80 điểm" in data["error"]["fields"]["level"]
    assert "Quy định 366-QĐ/TW" in data["error"]["fields"]["level"]
    _unchanged(api.an)


def test_a_proposal_over_the_quota_is_refused_with_the_count_to_lower(api: Api) -> None:
    rw = api.rw
    # An Hòa has no HTT yet: one HTXS is already over 20% of HTT.
    response, data = post(keyed(rw.alice), _proposal(api.binh), {"level": "htxs"})
    assert response.status_code == 400 and data["error"]["code"] == "refused"
    assert "cần hạ 1" in data["error"]["fields"]["quota"]
    _unchanged(api.binh)


def test_the_committee_above_decides_and_may_differ_with_a_reason(api: Api) -> None:
    rw = api.rw
    assert post(keyed(rw.bob), _proposal(api.an), {"level": "htt"})[0].status_code == 200
    # bob holds the decision right at his own cell, not above it: he sees the review but may not decide.
    refused, error = post(keyed(rw.bob), _decision(api.an), {"level": "htt"})
    assert refused.status_code == 403 and error["error"]["code"] == "forbidden"
    without, error = post(keyed(rw.alice), _decision(api.an), {"level": "ht"})
    assert without.status_code == 400 and "lý do" in error["error"]["fields"]["reason"]
    response, data = post(keyed(rw.alice), _decision(api.an), {"level": "ht", "reason": "Còn để việc chậm."})
    assert response.status_code == 200, data
    assert (data["state"], data["decided_level"]) == ("decided", "ht")
    assert data["decision"] == {"level": "ht", "reason": "Còn để việc chậm.", "at": data["decision"]["at"]}
    assert [s["kind"] for s in data["steps"]] == ["proposal", "decision"]


def test_writes_out_of_reach_answer_404_and_save_nothing(api: Api) -> None:
    rw = api.rw
    for user in (rw.bob, rw.charlie, rw.eve):  # the sibling cell, another commune, no role
        for url in (_proposal(api.binh), _decision(api.binh)):
            response, data = post(keyed(user), url, {"level": "ht", "reason": "Bị sửa"})
            assert response.status_code == 404 and data["error"]["code"] == "not_found", (user, url)
            # Even a broken body: the review's existence is not told by a 400.
            assert post(keyed(user), url, "{")[0].status_code == 404
    # dave reads his own review but neither proposes nor decides it.
    for url in (_proposal(api.dung), _decision(api.dung)):
        assert post(keyed(rw.dave), url, {"level": "htxs"})[0].status_code == 403
    _unchanged(api.binh)
    _unchanged(api.dung)


def test_bad_bodies_are_refused_in_vietnamese(api: Api) -> None:
    client = keyed(api.rw.alice)
    url = _proposal(api.binh)
    broken, data = post(client, url, '{"level": "htt"')
    assert broken.status_code == 400 and "không phải JSON hợp lệ" in data["error"]["message"]
    assert post(client, url, "[" * 100 + "]" * 100)[0].status_code == 400
    cases: list[tuple[Any, str]] = [
        ({"level": "xuất sắc"}, "level"),
        ({"level": 3}, "level"),
        ({}, "level"),
        ({"level": "htt", "decided_level": "htxs"}, "decided_level"),
        ({"level": "htt", "facts": {"points": 150}}, "facts"),
        ({"level": "htt", "facts": {"points": 10**400}}, "facts"),
        ({"level": "htt", "facts": {"exempted": "x", "colour": 1}}, "facts"),
        ({"level": "htt", "facts": [1]}, "facts"),
        ({"level": "htt", "comment": 5}, "comment"),
        ({"level": "htt", "comment": "dài " * 2000}, "comment"),
    ]
    for body, field in cases:
        response, data = post(client, url, body)
        assert response.status_code == 400, body
        assert field in data["error"]["fields"], (body, data)
    decision, data = post(client, _decision(api.binh), {"level": "htt", "reason": ["a"]})
    assert decision.status_code == 400 and "reason" in data["error"]["fields"]
    not_json = client.post(url, "level=htt", content_type="application/x-www-form-urlencoded")
    assert not_json.status_code == 415
    _unchanged(api.binh)


def test_a_closed_period_refuses_proposals_and_decisions(api: Api) -> None:
    api.period.state = PeriodState.CLOSED
    api.period.save()
    client = keyed(api.rw.alice)
    for url, body in (
        (_proposal(api.binh), {"level": "ht", "comment": "Muộn"}),
        (_decision(api.binh), {"level": "ht", "reason": "Muộn"}),
    ):
        response, data = post(client, url, body)
        assert response.status_code == 400 and data["error"]["code"] == "refused", data
        assert "kết thúc" in data["error"]["message"]
    _unchanged(api.binh)
    assert MemberReview.objects.filter(state=ReviewState.DECIDED).count() == 0
