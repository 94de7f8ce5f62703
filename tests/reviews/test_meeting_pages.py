"""The cell meeting's page, its live quota, the decision page and a review's page, through HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quantriet.reviews.models import MemberReview, PeriodState, RatingStep, ReviewState
from quantriet.reviews.services import deciding, proposing
from tests.conftest import make_member
from tests.reviews.fixtures_meeting import MeetingWorld, meeting_world  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(mw: MeetingWorld, part: str, unit: Any) -> str:
    return f"/reviews/{mw.period.pk}/{part}/{unit.pk}/"


def _post_levels(mw: MeetingWorld, levels: dict[str, str], **extra: str) -> dict[str, str]:
    data = {f"level_m{mw.reviews[k].pk}": v for k, v in levels.items()}
    return {**data, **extra}


def test_the_meeting_page_shows_each_member_with_what_the_rules_allow_and_the_quota(mw: MeetingWorld) -> None:
    page = mw.client_for(mw.olga).get(_url(mw, "meeting", mw.xa2))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Trần Thị Bình" in text and "Thành viên 6" in text
    assert "Tối đa HTT" in text and "Đạt 80 điểm" in text  # Dũng's cap and its reason
    assert "chưa đủ 6 tháng" in text  # Nam: not rated, and why
    assert "Đảng bộ xã An Hòa" in text and "tối đa" in text  # the grassroots organisation's quota
    assert "meeting_quota.js" in text and "<script>" not in text  # no inline script (CSP)


def test_a_member_with_several_posts_is_shown_with_the_other_place(mw: MeetingWorld) -> None:
    text = mw.client_for(mw.bob).get(_url(mw, "meeting", mw.xa1)).content.decode()
    assert "Cũng đánh giá tại" in text and "Phó Bí thư Đảng ủy" in text


def test_the_meeting_page_reads_the_same_number_of_queries_for_any_number_of_members(
    mw: MeetingWorld,
) -> None:
    client = mw.client_for(mw.olga)
    url = _url(mw, "meeting", mw.xa2)
    client.get(url)  # sessions, caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(7):
        member = make_member(mw.xa2, f"Người mới {i}", f"3000000{i}")
        MemberReview.objects.create(
            period=mw.period, member=member, unit=mw.xa2, grassroots=mw.xa, facts={"points": 91}
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) == 15, "\n".join(q["sql"][:150] for q in many.captured_queries)


def test_the_live_quota_counts_the_selects_without_saving(mw: MeetingWorld) -> None:
    client = mw.client_for(mw.olga)
    extra = "&".join(f"m{r.pk}=htt" for r in mw.extra[:5])
    answer = client.get(_url(mw, "meeting", mw.xa2) + f"quota/?m{mw.reviews['binh'].pk}=htxs&{extra}")
    quota = json.loads(answer.content)["quotas"][0]
    assert (quota["excellent"], quota["good"], quota["allowed_excellent"], quota["to_reduce"]) == (1, 5, 1, 0)
    over = client.get(
        _url(mw, "meeting", mw.xa2) + f"quota/?m{mw.reviews['binh'].pk}=htxs&m{mw.extra[0].pk}=htxs"
    )
    quota = json.loads(over.content)["quotas"][0]
    assert (quota["excellent"], quota["to_reduce"], quota["exceeded"]) == (2, 2, True)
    assert "cần hạ 2" in quota["message"]
    # A review of another cell cannot be imagined from this meeting.
    other = client.get(_url(mw, "meeting", mw.xa2) + f"quota/?m{mw.reviews['an'].pk}=htxs")
    assert json.loads(other.content)["quotas"][0]["excellent"] == 0
    assert not MemberReview.objects.exclude(proposed_level="").exists()


def test_one_submit_saves_the_whole_meeting_or_nothing(mw: MeetingWorld) -> None:
    client = mw.client_for(mw.olga)
    url = _url(mw, "meeting", mw.xa2)
    bad = client.post(
        url, _post_levels(mw, {"binh": "htt", "dung": "htxs"}, meeting_comment="Họp ngày 15/12")
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "tối đa HTT" in text and "Chưa ghi gì" in text
    assert not MemberReview.objects.exclude(proposed_level="").exists() and not RatingStep.objects.exists()
    over = client.post(url, _post_levels(mw, {"binh": "htxs"}))
    assert over.status_code == 400 and "cần hạ 1 mức HTXS" in over.content.decode()
    good = {f"level_m{r.pk}": "htt" for r in mw.extra[:5]}
    done = client.post(
        url, {**good, **_post_levels(mw, {"binh": "htxs"}), "meeting_comment": "Họp ngày 15/12"}
    )
    assert done.status_code == 302
    assert mw.fresh("binh").proposed_level == "htxs"
    assert "Họp ngày 15/12" in client.get(url).content.decode()


def test_the_meeting_is_404_outside_reach_and_refused_once_closed(mw: MeetingWorld) -> None:
    assert mw.client_for(mw.bob).get(_url(mw, "meeting", mw.xa2)).status_code == 404
    assert mw.client_for(mw.charlie).get(_url(mw, "meeting", mw.xa1)).status_code == 404
    assert mw.client_for(mw.dave).get(_url(mw, "meeting", mw.xa2)).status_code == 404
    mw.period.state = PeriodState.CLOSED
    mw.period.save(update_fields=["state"])
    client = mw.client_for(mw.olga)
    refused = client.post(_url(mw, "meeting", mw.xa2), _post_levels(mw, {"binh": "ht"}))
    assert refused.status_code == 400 and "đã kết thúc" in refused.content.decode()
    assert mw.fresh("binh").proposed_level == ""


def test_the_decision_page_decides_with_a_reason_where_it_differs(mw: MeetingWorld) -> None:
    proposing.propose(mw.olga, mw.reviews["dung"], level="htt")
    client = mw.client_for(mw.olga)
    url = _url(mw, "decide", mw.xa2)
    page = client.get(url)
    assert page.status_code == 200 and "tập thể trước, cá nhân sau" in page.content.decode()
    key = f"m{mw.reviews['dung'].pk}"
    refused = client.post(url, {f"level_{key}": "ht"})
    assert refused.status_code == 400 and "cần ghi lý do" in refused.content.decode()
    done = client.post(url, {f"level_{key}": "ht", f"reason_{key}": "Chưa đạt chỉ tiêu"})
    assert done.status_code == 302
    review = mw.fresh("dung")
    assert (review.state, review.decided_level) == (ReviewState.DECIDED, "ht")
    # bob (XA1's secretary, DECIDE_RATINGS at the cell itself) decides nothing there.
    assert mw.client_for(mw.bob).get(_url(mw, "decide", mw.xa1)).status_code == 404


def test_the_member_sees_their_result_and_its_history_others_get_404(mw: MeetingWorld) -> None:
    proposing.propose(mw.olga, mw.reviews["dung"], level="htt", comment="Tích cực")
    deciding.decide(mw.olga, mw.reviews["dung"], level="ht", reason="Chưa đạt chỉ tiêu")
    url = f"/reviews/members/{mw.reviews['dung'].pk}/"
    text = mw.client_for(mw.dave).get(url).content.decode()
    assert "Chưa đạt chỉ tiêu" in text and "Đề xuất" in text and "Quyết định" in text
    assert "Hủy kết quả" not in text  # the member does not decide
    assert mw.client_for(mw.bob).get(url).status_code == 404
    assert mw.client_for(mw.charlie).get(url).status_code == 404
    staff = mw.client_for(mw.olga)
    assert "Hủy kết quả" in staff.get(url).content.decode()


def test_cancel_then_rerate_on_the_review_page(mw: MeetingWorld) -> None:
    proposing.propose(mw.olga, mw.reviews["dung"], level="htt")
    deciding.decide(mw.olga, mw.reviews["dung"], level="htt")
    client = mw.client_for(mw.olga)
    base = f"/reviews/members/{mw.reviews['dung'].pk}/"
    assert client.post(base + "cancel/", {"reason": ""}).status_code == 400
    assert client.post(base + "cancel/", {"reason": "Có đơn phản ánh"}).status_code == 302
    assert client.post(base + "rerate/", {"level": "ht", "reason": "Đã xác minh"}).status_code == 302
    assert mw.fresh("dung").decided_level == "ht"
    # A member cannot cancel their own result.
    assert Client().post(base + "cancel/", {"reason": "x"}).status_code == 302  # to sign in
    assert mw.client_for(mw.dave).post(base + "cancel/", {"reason": "Tự hủy"}).status_code == 404
    assert mw.fresh("dung").decided_level == "ht"
