"""The period pages through HTTP: the list, opening a period (and every refusal), the period's page with
its timetable and counts in the viewer's reach, refreshing and closing; query counts asserted exactly."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from quantriet.reviews.models import MemberReview, PeriodState, ReviewPeriod, ReviewState
from tests.reviews.conftest import ReviewWorld, open_current

LIST_QUERIES = 6  # session, user, roles, periods, counts per period, the message storage's nothing
# session, user, roles, the period, member counts, organisation counts, the menu's own-member check; and
# whether the user manages the period, unless they hold the role at the period's own unit; the viewer's
# places of work (their units inside the period's subtree, those above it, the units named)
PAGE_QUERIES = 10


def _form(**changes: str) -> dict[str, str]:
    form = {
        "unit": "XA",
        "kind": "year",
        "year": "2024",
        "self_assessment_until": "10/12/2024",
        "meeting_until": "20/12/2024",
        "decisions_until": "15/01/2025",
        "quota_enabled": "on",
        "quota_percent": "20",
    }
    form.update(changes)
    return form


def test_staff_open_a_period_from_the_form(rw: ReviewWorld) -> None:
    client = rw.client_for(rw.alice)
    assert client.get("/reviews/periods/open/").status_code == 200
    response = client.post("/reviews/periods/open/", _form(title="Kiểm điểm năm 2024"))
    assert response.status_code == 302
    period = ReviewPeriod.objects.get()
    assert response["Location"] == f"/reviews/periods/{period.pk}/"
    assert (period.rule_set, period.title, str(period.quota_share)) == ("qd124", "Kiểm điểm năm 2024", "0.20")
    assert MemberReview.objects.filter(period=period).count() == 7
    page = client.get(response["Location"]).content.decode()
    assert "Thời gian biểu và trình tự thực hiện" in page
    assert "Tập thể, tổ chức đảng tự kiểm điểm" in page and "người đứng đầu sau cùng" in page
    assert "Quy định 124-QĐ/TW" in page


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"year": "2018"}, "Chưa có quy định xếp loại cho năm 2018"),
        ({"kind": "quarter", "quarter": "2"}, "quý II năm 2024"),
        ({"meeting_until": "01/12/2024"}, "Hạn họp chi bộ không được trước hạn tự đánh giá"),
        ({"decisions_until": "32/13/2024"}, "ngày/tháng/năm"),
        ({"unit": "XA1"}, "từ tổ chức cơ sở đảng trở lên"),
        ({"unit": "XB"}, "Không có đơn vị mã"),  # olga's reach is XA only
        ({"unit": "KHONG-CO"}, "Không có đơn vị mã"),
        ({"quota_percent": "0"}, "1"),
        ({"kind": "nam"}, "nam"),
    ],
)
def test_bad_periods_are_refused_on_the_page_and_nothing_saved(
    rw: ReviewWorld, changes: dict[str, str], words: str
) -> None:
    response = rw.client_for(rw.olga).post("/reviews/periods/open/", _form(**changes))
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not ReviewPeriod.objects.exists() and not MemberReview.objects.exists()


def test_a_second_period_for_the_same_span_is_refused_with_a_clear_message(rw: ReviewWorld) -> None:
    client = rw.client_for(rw.alice)
    assert client.post("/reviews/periods/open/", _form()).status_code == 302
    again = client.post("/reviews/periods/open/", _form(title="Lần nữa"))
    assert again.status_code == 400
    assert "đã có đợt đánh giá năm 2024; không mở thêm đợt thứ hai" in again.content.decode()
    assert ReviewPeriod.objects.count() == 1 and MemberReview.objects.count() == 7


def test_the_list_shows_periods_in_line_in_a_fixed_number_of_queries(
    rw: ReviewWorld, django_assert_num_queries: Any
) -> None:
    open_current(rw)
    open_current(rw, unit=rw.province, kind="quarter", quarter=(timezone.localdate().month - 1) // 3 + 1)
    rw.client_for(rw.alice).post("/reviews/periods/open/", _form(unit="XB"))
    client = rw.client_for(rw.olga)
    client.get("/reviews/periods/")  # the session is warm
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/reviews/periods/")
    text = response.content.decode()
    # The commune's and the province's periods (the province's covers the commune); not XB's.
    assert len(re.findall(r'href="/reviews/periods/\d+/"', text)) == 2
    assert "xã Bình Minh" not in text
    # Counts within olga's reach: the commune's seven reviews, in each period.
    assert text.count("0 / 7") == 2


def test_the_period_page_counts_states_in_reach_in_a_fixed_number_of_queries(
    rw: ReviewWorld, django_assert_num_queries: Any
) -> None:
    period = open_current(rw, unit=rw.province)
    MemberReview.objects.filter(period=period, member=rw.binh).update(state=ReviewState.SELF_ASSESSED)
    for user, total, queries in (
        (rw.alice, 8, PAGE_QUERIES),
        (rw.olga, 7, PAGE_QUERIES + 1),
        (rw.charlie, 1, PAGE_QUERIES + 1),
    ):
        client = rw.client_for(user)
        client.get(f"/reviews/periods/{period.pk}/")
        with django_assert_num_queries(queries):
            response = client.get(f"/reviews/periods/{period.pk}/")
        assert response.status_code == 200
        counts = response.context["members"]
        assert counts.total == total
        assert counts.get(ReviewState.NOT_RATED) == (2 if user != rw.charlie else 0)  # Hoa and Khánh
        assert counts.get(ReviewState.SELF_ASSESSED) == (1 if user != rw.charlie else 0)
        assert response.context["may_manage"] is (user == rw.alice)
        assert ("Kết thúc đợt đánh giá" in response.content.decode()) is (user == rw.alice)


def test_only_those_who_manage_the_period_refresh_and_close_it(rw: ReviewWorld) -> None:
    period = open_current(rw, unit=rw.province)
    for user in (rw.olga, rw.charlie, rw.bob, rw.dave):
        client = rw.client_for(user)
        assert client.post(f"/reviews/periods/{period.pk}/close/").status_code == 404
        assert client.post(f"/reviews/periods/{period.pk}/refresh/").status_code == 404
    xa_period = open_current(
        rw, unit=rw.xa, kind="quarter", quarter=(timezone.localdate().month - 1) // 3 + 1
    )
    for user in (rw.charlie, rw.eve):  # another commune's staff, an account without a role
        assert rw.client_for(user).get(f"/reviews/periods/{xa_period.pk}/").status_code == 404
    client = rw.client_for(rw.alice)
    assert client.post(f"/reviews/periods/{period.pk}/refresh/").status_code == 302
    assert client.post(f"/reviews/periods/{period.pk}/close/").status_code == 302
    period.refresh_from_db()
    assert period.state == PeriodState.CLOSED and period.closed_by == rw.alice
    again = client.post(f"/reviews/periods/{period.pk}/close/", follow=True)
    assert "đã kết thúc từ trước" in again.content.decode()
    refreshed = client.post(f"/reviews/periods/{period.pk}/refresh/", follow=True)
    assert "không cập nhật lại" in refreshed.content.decode()


def test_members_and_outsiders_do_not_see_period_pages(rw: ReviewWorld) -> None:
    period = open_current(rw)
    for user in (rw.dave, rw.eve):
        client = rw.client_for(user)
        assert client.get("/reviews/periods/").status_code == 404
        assert client.get("/reviews/periods/open/").status_code == 404
        assert client.get(f"/reviews/periods/{period.pk}/").status_code == 404
    assert rw.client_for(rw.dave).post("/reviews/periods/open/", _form()).status_code == 404
    assert ReviewPeriod.objects.count() == 1


def test_a_cells_secretary_finds_the_meeting_from_the_period_but_manages_nothing(rw: ReviewWorld) -> None:
    period = open_current(rw)
    client = rw.client_for(rw.bob)
    listed = client.get("/reviews/periods/").content.decode()
    assert f'href="/reviews/periods/{period.pk}/"' in listed and "/reviews/periods/open/" not in listed
    page = client.get(f"/reviews/periods/{period.pk}/").content.decode()
    meeting = f"/reviews/{period.pk}/meeting/{rw.xa1.pk}/"
    assert meeting in page and "/decide/" not in page and "/close/" not in page
    assert client.get(meeting).status_code == 200
    assert client.get("/reviews/periods/open/").status_code == 404
    assert client.post("/reviews/periods/open/", _form()).status_code == 404
    assert ReviewPeriod.objects.count() == 1


def test_the_communes_staff_find_their_cells_meetings_and_decisions(rw: ReviewWorld) -> None:
    period = open_current(rw)
    page = rw.client_for(rw.olga).get(f"/reviews/periods/{period.pk}/").content.decode()
    for cell in (rw.xa1, rw.xa2):
        assert f"/reviews/{period.pk}/meeting/{cell.pk}/" in page
    assert f"/reviews/{period.pk}/decide/{rw.xa.pk}/" in page
