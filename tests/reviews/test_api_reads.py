"""The review API's reads with an API key: periods, a period's member reviews, one review, the results;
each answer checked against the OpenAPI description, each reader kept to their reach."""

from __future__ import annotations

from typing import Any

from django.test import Client

from quantriet.reviews.models import RatingStep, ReviewState
from tests.reviews.fixtures_api import Api, api, get, keyed, make_period, make_review

__all__ = ["api"]


def _names(data: Any) -> list[str]:
    return [r["member"]["full_name"] for r in data["results"]]


def test_periods_are_listed_in_each_readers_line(api: Api) -> None:
    rw = api.rw
    response, data = get(keyed(rw.alice), "/api/v1/reviews/periods/")
    assert response.status_code == 200
    assert sorted(p["id"] for p in data["results"]) == sorted([api.period.pk, api.other.pk])
    # bob (XA1's secretary) sees the commune's period his cell is reviewed in; charlie only Bình Minh's.
    assert [p["id"] for p in get(keyed(rw.bob), "/api/v1/reviews/periods/")[1]["results"]] == [api.period.pk]
    assert [p["id"] for p in get(keyed(rw.charlie), "/api/v1/reviews/periods/")[1]["results"]] == [
        api.other.pk
    ]
    # dave has no role: the period he is reviewed in; eve (no role, no review): none.
    assert [p["id"] for p in get(keyed(rw.dave), "/api/v1/reviews/periods/")[1]["results"]] == [api.period.pk]
    assert get(keyed(rw.eve), "/api/v1/reviews/periods/")[1]["count"] == 0
    closed = get(keyed(rw.alice), "/api/v1/reviews/periods/?state=closed")[1]
    assert closed["count"] == 0
    bad, error = get(keyed(rw.alice), "/api/v1/reviews/periods/?state=xong")
    assert bad.status_code == 400 and "state" in error["error"]["fields"]


def test_a_period_reads_its_timetable_rule_set_and_counts_in_reach(api: Api) -> None:
    rw = api.rw
    response, data = get(keyed(rw.alice), f"/api/v1/reviews/periods/{api.period.pk}/")
    assert response.status_code == 200
    assert data["rule_set"] == "qd366" and data["timetable"]["meeting_until"] == "2025-12-20"
    assert data["counts"] == {"pending": 3, "self_assessed": 1, "proposed": 0, "decided": 0, "not_rated": 0}
    assert data["quota"] == {"enabled": True, "share": 0.2}
    # bob's counts are his cell's: An at XA1 only (An's post at the commune is above him).
    counted = get(keyed(rw.bob), f"/api/v1/reviews/periods/{api.period.pk}/")[1]["counts"]
    assert counted == {"pending": 0, "self_assessed": 1, "proposed": 0, "decided": 0, "not_rated": 0}


def test_a_periods_member_reviews_filtered_by_unit_and_state(api: Api) -> None:
    rw = api.rw
    url = f"/api/v1/reviews/periods/{api.period.pk}/member-reviews/"
    response, data = get(keyed(rw.alice), url)
    assert response.status_code == 200
    # By place (its name: "Chi bộ…" before "Đảng bộ…"), then by name; An is rated at his cell and at his post.
    assert _names(data) == ["Nguyễn Văn An", "Trần Thị Bình", "Đặng Văn Dũng", "Nguyễn Văn An"]
    assert [(r["unit"]["code"], r["post"]) for r in data["results"]][::3] == [
        ("XA1", ""),
        ("XA", "Phó Bí thư Đảng ủy"),
    ]
    assert _names(get(keyed(rw.alice), f"{url}?unit={rw.xa2.pk}")[1]) == ["Trần Thị Bình", "Đặng Văn Dũng"]
    assert _names(get(keyed(rw.alice), f"{url}?state=self_assessed")[1]) == ["Nguyễn Văn An"]
    assert _names(get(keyed(rw.bob), url)[1]) == ["Nguyễn Văn An"]
    assert _names(get(keyed(rw.dave), url)[1]) == ["Đặng Văn Dũng"]
    for bad in ("?state=xong", "?unit=abc", "?unit=0", "?page_size=500"):
        response, error = get(keyed(rw.alice), url + bad)
        assert response.status_code == 400, bad
        assert error["error"]["message"]
    paged, error = get(keyed(rw.alice), f"{url}?page=9")
    assert paged.status_code == 404 and "Trang 9" in error["error"]["message"]


def test_one_review_shows_facts_proposal_allowed_level_decision_and_steps(api: Api) -> None:
    rw = api.rw
    review = api.binh
    review.state = ReviewState.DECIDED
    review.proposed_level = review.decided_level = "htt"
    review.meeting_comment = "Hoàn thành tốt công việc ở thôn."
    review.allowed_level = "htxs"
    review.allowed_reasons = ["Đủ điểm (92 điểm) — Quy định 366-QĐ/TW"]
    review.save()
    RatingStep.objects.create(member_review=review, kind="proposal", level="htt", actor=rw.alice)
    RatingStep.objects.create(member_review=review, kind="decision", level="htt", actor=rw.alice)
    response, data = get(keyed(rw.alice), f"/api/v1/reviews/member-reviews/{review.pk}/")
    assert response.status_code == 200
    assert data["facts"] == {"points": 92}
    assert data["proposal"]["level"] == "htt" and data["proposal"]["comment"].startswith("Hoàn thành tốt")
    assert data["allowed"] == {"level": "htxs", "reasons": ["Đủ điểm (92 điểm) — Quy định 366-QĐ/TW"]}
    assert data["decision"]["level"] == "htt"
    assert [s["kind"] for s in data["steps"]] == ["proposal", "decision"]
    assert data["period"]["rule_set"] == "qd366"
    pending = get(keyed(rw.dave), f"/api/v1/reviews/member-reviews/{api.dung.pk}/")[1]
    assert pending["proposal"] is None and pending["decision"] is None and pending["self_level"] is None


def test_out_of_reach_answers_404(api: Api) -> None:
    rw = api.rw
    binh = f"/api/v1/reviews/member-reviews/{api.binh.pk}/"
    # bob: the sibling cell's secretary; charlie: another commune's staff; dave: another member of XA2;
    # eve: no role.
    for user in (rw.bob, rw.charlie, rw.dave, rw.eve):
        response, data = get(keyed(user), binh)
        assert response.status_code == 404 and data["error"]["code"] == "not_found", user
    for user in (rw.charlie, rw.eve):
        for url in (
            f"/api/v1/reviews/periods/{api.period.pk}/",
            f"/api/v1/reviews/periods/{api.period.pk}/member-reviews/",
            f"/api/v1/reviews/periods/{api.period.pk}/results/",
        ):
            assert get(keyed(user), url)[0].status_code == 404, (user, url)
    # The commune's committee post is above bob: An's review there is not his to read.
    assert get(keyed(rw.bob), f"/api/v1/reviews/member-reviews/{api.an_post.pk}/")[0].status_code == 404
    assert get(keyed(rw.bob), f"/api/v1/reviews/member-reviews/{api.an.pk}/")[0].status_code == 200
    assert get(Client(), binh)[0].status_code == 401
    assert get(keyed(rw.alice), "/api/v1/reviews/member-reviews/99999999/")[0].status_code == 404


def test_results_give_the_distribution_per_place(api: Api) -> None:
    rw = api.rw
    api.binh.decided_level, api.binh.state = "htxs", ReviewState.DECIDED
    api.binh.save()
    api.dung.decided_level, api.dung.state = "htt", ReviewState.DECIDED
    api.dung.save()
    api.an.state = ReviewState.NOT_RATED
    api.an.save()
    response, data = get(keyed(rw.alice), f"/api/v1/reviews/periods/{api.period.pk}/results/")
    assert response.status_code == 200
    rows = {row["unit"]["code"]: (row["counts"], row["total"]) for row in data["units"]}
    assert rows["XA2"] == ({"htxs": 1, "htt": 1, "ht": 0, "kht": 0, "not_rated": 0, "undecided": 0}, 2)
    assert rows["XA1"][0]["not_rated"] == 1 and rows["XA"][0]["undecided"] == 1
    assert data["total"]["total"] == 4 and data["total"]["counts"]["htxs"] == 1
    mine = get(keyed(rw.bob), f"/api/v1/reviews/periods/{api.period.pk}/results/")[1]
    assert [row["unit"]["code"] for row in mine["units"]] == ["XA1"] and mine["total"]["total"] == 1


LIST_QUERIES = {
    # the key, the roles, COUNT and the page (units joined): never one per period
    "/api/v1/reviews/periods/": 4,
    # the key, the roles, the period, COUNT and the page (members and units joined): never one per review
    "/api/v1/reviews/periods/{period}/member-reviews/": 5,
    # the key, the roles, the period, the counts grouped by place and level, the places
    "/api/v1/reviews/periods/{period}/results/": 5,
}


def test_lists_read_a_fixed_number_of_queries(api: Api, django_assert_num_queries: Any) -> None:
    rw = api.rw
    client = keyed(rw.alice)
    urls = {u: u.format(period=api.period.pk) for u in LIST_QUERIES}
    for template, url in urls.items():
        client.get(url)
        with django_assert_num_queries(LIST_QUERIES[template]):
            assert client.get(url).status_code == 200
    # More periods and reviews in more places: the same counts.
    for n in range(3):
        extra = make_review(api.period, rw.nam if n == 0 else rw.hoa if n == 1 else rw.khanh)
        assert extra.pk
    for year in (2023, 2024):
        make_period(rw.xa, f"Đánh giá năm {year}", year=year)
    for template, url in urls.items():
        with django_assert_num_queries(LIST_QUERIES[template]):
            assert client.get(url).status_code == 200
