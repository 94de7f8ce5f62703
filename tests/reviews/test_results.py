"""The results' pages through HTTP: the board by unit with drill-down, the years' chart, the histories."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from quantriet.orgs import services as org_services
from quantriet.orgs.models import Member, Unit
from quantriet.reviews.models import PeriodKind
from tests.conftest import make_member
from tests.reviews.fixtures_results import BINH_REASON, Results, make_period, rate, rate_unit, results

__all__ = ["results"]  # the fixture, imported for pytest


def board_url(r: Results, unit: Unit | int | str | None = None) -> str:
    url = f"/reviews/results/periods/{r.year.pk}/"
    if unit is not None:
        url += f"?unit={unit.pk if isinstance(unit, Unit) else unit}"
    return url


def _row(board: Any, unit: Unit) -> Any:
    return next(row for row in board.rows if row.unit_id == unit.pk)


def test_the_province_sees_each_commune_with_its_levels_counted(results: Results) -> None:
    w = results.w
    response = w.client_for(w.alice).get(board_url(results))
    assert response.status_code == 200
    board = response.context["board"]
    xa, xb = _row(board, w.xa), _row(board, w.xb)
    # An at XA1 (HTT) and at the commune committee (HTXS), Bình (HTXS), Dũng (pending).
    assert (xa.members.total, xa.members.htxs, xa.members.htt, xa.members.pending) == (4, 2, 1, 1)
    assert (xb.members.total, xb.members.not_rated) == (1, 1)
    assert (xa.organisations.htxs, xa.organisations.htt, xa.organisations.ht) == (1, 1, 1)
    assert (board.members.total, board.members.share("htxs")) == (5, 40.0)
    assert (board.organisations.kht, board.organisations.pending) == (1, 1)
    assert xa.drill and xb.drill


def test_drilling_down_shows_the_cells_and_the_committees_own_ratings(results: Results) -> None:
    w = results.w
    board = w.client_for(w.alice).get(board_url(results, w.xa)).context["board"]
    assert [row.unit_id for row in board.rows] == [w.xa1.pk, w.xa2.pk, w.xa.pk]
    assert _row(board, w.xa).members.htxs == 1  # An's post at the committee
    assert _row(board, w.xa2).members.total == 2


def test_a_cells_board_lists_its_members_with_their_levels(results: Results) -> None:
    w = results.w
    response = w.client_for(w.alice).get(board_url(results, w.xa2))
    body = response.content.decode()
    assert response.context["board"].leaf
    assert "Trần Thị Bình" in body and "Hoàn thành xuất sắc nhiệm vụ" in body
    assert "Đặng Văn Dũng" in body


def test_a_cells_secretary_sees_only_the_cell(results: Results) -> None:
    w = results.w
    client = w.client_for(w.bob)  # secretary of XA1
    response = client.get(board_url(results))
    assert response.status_code == 200 and response.context["unit"] == w.xa1
    assert client.get(board_url(results, w.xa)).status_code == 404
    assert client.get(board_url(results, w.xa2)).status_code == 404


def test_readers_outside_the_tree_or_without_the_right_get_404(results: Results) -> None:
    w = results.w
    assert w.client_for(w.eve).get(board_url(results)).status_code == 404
    charlie = w.client_for(w.charlie)  # XB's staff
    assert charlie.get(board_url(results)).context["unit"] == w.xb
    assert charlie.get(board_url(results, w.xa2)).status_code == 404
    assert w.client_for(w.alice).get("/reviews/results/periods/999999/").status_code == 404


@pytest.mark.parametrize("raw", ["", "abc", "-1", "0", "1e3", "²", "999999", "%00", " 1 "])
def test_bad_unit_values_answer_404_or_the_default_never_500(results: Results, raw: str) -> None:
    w = results.w
    response = w.client_for(w.alice).get(board_url(results, raw))
    assert response.status_code in (200, 404)
    if raw == "":
        assert response.context["unit"] == w.province


def test_anonymous_visitors_are_sent_to_sign_in(results: Results) -> None:
    response = Client().get(board_url(results))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _more_communes(r: Results, count: int) -> None:
    """Communes with a cell and a rated member each: the board must not read more queries for them."""
    for i in range(count):
        commune = org_services.create_unit(
            None, name=f"Đảng bộ xã Thêm {i}", code=f"THEM{i}", level="grassroots", parent=r.w.province
        )
        cell = org_services.create_unit(
            None, name=f"Chi bộ thêm {i}", code=f"THEMC{i}", level="cell", parent=commune
        )
        rate(r.year, make_member(cell, f"Đảng viên Thêm {i}"), "ht")
        rate_unit(r.year, cell, "htt")


def test_the_board_reads_a_fixed_number_of_queries_whatever_the_units(
    results: Results, django_assert_num_queries: Any
) -> None:
    w = results.w
    client = w.client_for(w.alice)
    client.get(board_url(results))  # warm the session
    with django_assert_num_queries(BOARD_QUERIES):
        client.get(board_url(results))
    with django_assert_num_queries(BOARD_QUERIES + 2):  # ?unit=: the unit and the trail
        client.get(board_url(results, w.xa))
    _more_communes(results, 4)
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(board_url(results))
    assert len(response.context["board"].rows) == 6


BOARD_QUERIES = 10


def test_names_typed_by_users_are_shown_as_text(results: Results) -> None:
    w = results.w
    Unit.objects.filter(pk=w.xa.pk).update(name="<script>alert(1)</script>")
    Member.objects.filter(pk=w.m_xa2.pk).update(full_name="<b>Bình</b>")
    client = w.client_for(w.alice)
    for url in (board_url(results), board_url(results, w.xa2), f"/reviews/results/members/{w.m_xa2.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body and "<b>Bình</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(board_url(results)).content.decode()


# --- the years ----------------------------------------------------------------------------------------


def test_the_distribution_over_the_years_is_a_chart_without_script_or_style(results: Results) -> None:
    w = results.w
    response = w.client_for(w.alice).get(f"/reviews/results/units/{w.xa.pk}/years/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.year, r.members.total, r.members.htxs, r.members.htt, r.members.ht) for r in rows] == [
        (2024, 2, 0, 1, 1),
        (2025, 4, 2, 1, 0),
    ]
    body = response.content.decode()
    assert body.count('<figure class="chart review-years">') == 2
    svg = body[body.index("<svg") : body.rindex("</svg>")]
    assert "<script" not in svg and "style=" not in svg
    assert re.search(r"<title>HTXS: 2 \(50\.0%\)</title>", svg)


def test_only_yearly_periods_over_the_unit_count_as_years(results: Results) -> None:
    w = results.w
    quarter = make_period(w.province, 2026)
    quarter.kind = PeriodKind.QUARTER
    quarter.save()
    rate(quarter, w.m_xa1, "htt")
    beside = make_period(w.xb, 2023)  # another commune's own year: not XA's
    rate(beside, w.m_xb1, "htt")
    rows = w.client_for(w.alice).get(f"/reviews/results/units/{w.xa.pk}/years/").context["rows"]
    assert [r.year for r in rows] == [2024, 2025]


def test_the_years_page_of_a_unit_out_of_reach_answers_404(results: Results) -> None:
    w = results.w
    assert w.client_for(w.charlie).get(f"/reviews/results/units/{w.xa.pk}/years/").status_code == 404
    assert w.client_for(w.alice).get("/reviews/results/units/abc/years/").status_code == 404


# --- histories ----------------------------------------------------------------------------------------


def test_a_members_history_shows_every_period_place_level_and_reasons(results: Results) -> None:
    w = results.w
    response = w.client_for(w.alice).get(f"/reviews/results/members/{w.m_xa1.pk}/")
    assert response.status_code == 200
    [(_member, rows)] = response.context["histories"]
    assert [(r.period.year, r.short, r.post) for r in rows] == [
        (2025, "HTT", ""),
        (2025, "HTXS", "Phó Bí thư"),
        (2024, "HT", ""),
    ]
    body = w.client_for(w.alice).get(f"/reviews/results/members/{w.m_xa2.pk}/").content.decode()
    assert BINH_REASON in body and "Đủ tiêu chuẩn mức cao nhất (Quy định 366-QĐ/TW)" in body


def test_the_member_sees_their_own_results_and_no_one_elses(results: Results) -> None:
    w = results.w
    rate(results.year, w.m_dave, "", proposed_level="htt", unit=w.xa1)  # a second place, undecided
    dave = w.client_for(w.dave)
    mine = dave.get("/reviews/results/mine/")
    assert mine.status_code == 200 and "Kết quả xếp loại của tôi" in mine.content.decode()
    [(member, rows)] = mine.context["histories"]
    assert member == w.m_dave and all(r.level == "" for r in rows)
    assert dave.get(f"/reviews/results/members/{w.m_dave.pk}/").status_code == 200
    assert dave.get(f"/reviews/results/members/{w.m_xa2.pk}/").status_code == 404
    assert w.client_for(w.bob).get(f"/reviews/results/members/{w.m_xa2.pk}/").status_code == 404
    assert w.client_for(w.eve).get("/reviews/results/mine/").context["histories"] == []


def test_the_members_record_links_to_their_ratings(results: Results) -> None:
    w = results.w
    body = w.client_for(w.alice).get(reverse("orgs:member_detail", args=[w.m_xa2.pk])).content.decode()
    assert f"/reviews/results/members/{w.m_xa2.pk}/" in body


def test_an_organisations_history(results: Results) -> None:
    w = results.w
    response = w.client_for(w.alice).get(f"/reviews/results/units/{w.xa.pk}/history/")
    assert [(r.period.year, r.short) for r in response.context["rows"]] == [(2025, "HTXS"), (2024, "HTT")]
    assert w.client_for(w.bob).get(f"/reviews/results/units/{w.xa.pk}/history/").status_code == 404


def test_the_years_page_reads_a_fixed_number_of_queries_whatever_the_units(
    results: Results, django_assert_num_queries: Any
) -> None:
    w = results.w
    client = w.client_for(w.alice)
    url = f"/reviews/results/units/{w.province.pk}/years/"
    client.get(url)  # warm the session
    with django_assert_num_queries(YEARS_QUERIES):
        client.get(url)
    _more_communes(results, 3)
    make_period(w.province, 2023)
    with django_assert_num_queries(YEARS_QUERIES):
        response = client.get(url)
    assert [r.year for r in response.context["rows"]] == [2024, 2025]  # 2023 holds no review
    assert response.context["rows"][-1].members.total == 8


YEARS_QUERIES = 9
