"""The review API on organisations' reviews: the list and one review for those who see the place's ratings,
Mẫu 01 and the proposal by those who propose there, the decision by the committee above; out of reach 404,
readable but not theirs to do 403; every answer checked against the OpenAPI description."""

from __future__ import annotations

import pytest

from quantriet.reviews.models import OrganisationReview, RatingStep, ReviewState
from tests.reviews.conftest import ReviewWorld
from tests.reviews.fixtures_api import get, keyed, make_current_period, post

ANSWERS = {
    "ket_qua": "Hoàn thành các chỉ tiêu nghị quyết đề ra.",
    "han_che": "Sinh hoạt chuyên đề chưa đều.",
    "nguyen_nhan": "Đảng viên đi làm ăn xa.",
    "bien_phap": "Xếp lịch sinh hoạt sớm.",
}


@pytest.fixture
def cell(rw: ReviewWorld) -> OrganisationReview:
    """The XA1 cell's review in this year's An Hòa period, whose timetable runs from today on."""
    period = make_current_period(rw.xa)
    OrganisationReview.objects.create(period=period, unit=rw.xa, grassroots=rw.xa)
    return OrganisationReview.objects.create(period=period, unit=rw.xa1, grassroots=rw.xa)


def _url(review: OrganisationReview, action: str = "") -> str:
    return f"/api/v1/reviews/organisation-reviews/{review.pk}/" + (f"{action}/" if action else "")


def test_the_list_holds_the_organisations_in_reach(rw: ReviewWorld, cell: OrganisationReview) -> None:
    url = f"/api/v1/reviews/periods/{cell.period_id}/organisation-reviews/"
    response, data = get(keyed(rw.alice), url)
    assert response.status_code == 200, data
    assert {r["unit"]["id"] for r in data["results"]} == {rw.xa.pk, rw.xa1.pk}
    assert [r["unit"]["id"] for r in get(keyed(rw.alice), f"{url}?unit={rw.xa1.pk}")[1]["results"]] == [
        rw.xa1.pk
    ]
    assert [r["id"] for r in get(keyed(rw.bob), url)[1]["results"]] == [cell.pk]  # the XA1 secretary
    assert get(keyed(rw.charlie), url)[0].status_code == 404  # the other commune's period


def test_one_review_reads_with_the_rules_answer(rw: ReviewWorld, cell: OrganisationReview) -> None:
    response, data = get(keyed(rw.bob), _url(cell))
    assert response.status_code == 200, data
    assert (data["id"], data["unit"]["id"], data["collective"]) == (cell.pk, rw.xa1.pk, False)
    assert data["state"] == "pending" and data["steps"] == [] and data["rules"]["rule_set"] == "qd366"
    for outsider in (rw.charlie, rw.dave):  # another commune; a member without the ratings in view
        assert get(keyed(outsider), _url(cell))[0].status_code == 404


def test_the_secretary_fills_in_form_01_then_proposes_and_the_committee_decides(
    rw: ReviewWorld, cell: OrganisationReview
) -> None:
    body = {"level": "htt", "answers": ANSWERS, "facts": {"points": 86}}
    response, data = post(keyed(rw.bob), _url(cell, "self-assessment"), body)
    assert response.status_code == 200, data
    assert (data["state"], data["self_level"], data["form"]) == ("self_assessed", "htt", "01")
    assert data["answers"]["ket_qua"] == ANSWERS["ket_qua"] and data["facts"]["points"] == 86
    response, data = post(keyed(rw.bob), _url(cell, "proposal"), {"level": "htt", "comment": "Đạt chỉ tiêu."})
    assert response.status_code == 200, data
    assert (data["state"], data["proposed_level"]) == ("proposed", "htt")
    response, data = post(keyed(rw.alice), _url(cell, "decision"), {"level": "htt"})
    assert response.status_code == 200, data
    assert (data["state"], data["decided_level"]) == ("decided", "htt")
    assert [s["kind"] for s in data["steps"]] == ["self", "proposal", "decision"]


def test_refusals_save_nothing(rw: ReviewWorld, cell: OrganisationReview) -> None:
    # The cell's secretary sees the review but may not decide: 403; an outsider does not see it: 404.
    assert post(keyed(rw.bob), _url(cell, "decision"), {"level": "htt"})[0].status_code == 403
    assert post(keyed(rw.charlie), _url(cell, "proposal"), {"level": "htt"})[0].status_code == 404
    # Mẫu 01 without its required sections is refused in Vietnamese.
    response, data = post(keyed(rw.bob), _url(cell, "self-assessment"), {"level": "htt", "answers": {}})
    assert response.status_code == 400 and data["error"]["code"] == "refused", data
    bad, error = post(keyed(rw.bob), _url(cell, "proposal"), {"level": "xuat_sac"})
    assert bad.status_code == 400 and "level" in error["error"]["fields"]
    cell.refresh_from_db()
    assert (cell.state, cell.self_level, cell.proposed_level, cell.decided_level) == (
        ReviewState.PENDING,
        "",
        "",
        "",
    )
    assert not RatingStep.objects.filter(organisation_review=cell).exists()
