"""Party badges: who is due in a year from the admission dates, proposing, withdrawing, deciding."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from quantriet.orgs.models import Member
from quantriet.reviews.models import BadgeProposal, ProposalState
from quantriet.reviews.selectors import awards as select
from quantriet.reviews.services import badges as services
from tests.conftest import World, make_member

YEAR = 2026


def _old(world: World, name: str, admitted: dt.date, card: str, unit: Any = None) -> Member:
    born = dt.date(1940, 1, 1)
    return make_member(
        unit or world.xa1, name, card, date_of_birth=born, admission_date=admitted, full_membership_date=None
    )


def test_who_is_due_follows_the_admission_date_across_the_year(world: World) -> None:
    due = _old(world, "Cao Văn Ba Mươi", dt.date(1996, 5, 20), "20000001")  # 30 years on 2/9/2026
    late = _old(world, "Cao Văn Cuối Năm", dt.date(1996, 11, 8), "20000002")  # after 7/11: 3/2/2027
    early = _old(world, "Cao Văn Năm Trước", dt.date(1985, 11, 8), "20000003")  # 40 years: 3/2/2026
    leap = _old(world, "Cao Thị Nhuận", dt.date(1976, 2, 29), "20000004")  # 50 years: 19/5/2026
    _old(world, "Cao Văn Chưa Đến", dt.date(1997, 1, 1), "20000005")
    found = {m.full_name for m in select.badges_due_query(world.province, YEAR)}
    assert found == {due.full_name, early.full_name, leap.full_name}
    assert late.full_name in {m.full_name for m in select.badges_due_query(world.province, YEAR + 1)}
    rows = {r.member.full_name: (r.years, r.due_on) for r in select.badge_rows(YEAR, [due, early, leap])}
    assert rows == {
        due.full_name: (30, dt.date(2026, 9, 2)),
        early.full_name: (40, dt.date(2026, 2, 3)),
        leap.full_name: (50, dt.date(2026, 5, 19)),
    }
    assert [m.full_name for m in select.badges_due_query(world.xb, YEAR)] == []


def test_proposing_badges_is_all_or_nothing_and_once_per_milestone(world: World) -> None:
    due = _old(world, "Cao Văn Ba Mươi", dt.date(1996, 5, 20), "20000001")
    young = world.m_xa1  # admitted 2010
    with pytest.raises(ValidationError) as not_due:
        services.propose_badges(world.alice, proposing_unit=world.xa, year=YEAR, members=[due, young])
    assert "Nguyễn Văn An" in str(not_due.value) and not BadgeProposal.objects.exists()
    with pytest.raises(Http404):
        services.propose_badges(world.charlie, proposing_unit=world.xa, year=YEAR, members=[due])
    [badge] = services.propose_badges(world.alice, proposing_unit=world.xa, year=YEAR, members=[due])
    assert (badge.years, badge.due_on) == (30, dt.date(2026, 9, 2))
    with pytest.raises(ValidationError) as twice:
        services.propose_badges(world.alice, proposing_unit=world.xa, year=YEAR, members=[due])
    assert "Đã được đề nghị" in str(twice.value)
    services.withdraw_badge(world.alice, badge)
    [again] = services.propose_badges(world.alice, proposing_unit=world.xa, year=YEAR, members=[due])
    assert again.pk == badge.pk
    services.decide_badges(
        world.alice, [again], outcome="granted", decision_number="101-QĐ/TU", decided_on=dt.date(2026, 8, 20)
    )
    # Holding the badge, the member is no longer due, and proposing it again says why.
    assert due not in list(select.badges_due_query(world.province, YEAR))
    with pytest.raises(ValidationError) as held:
        services.propose_badges(world.alice, proposing_unit=world.xa, year=YEAR, members=[due])
    assert "đã được tặng" in str(held.value) and BadgeProposal.objects.count() == 1


def test_only_the_province_decides_badges(world: World) -> None:
    due = _old(world, "Lò Văn Bốn Mươi", dt.date(1986, 5, 20), "20000011", unit=world.xb1)
    [badge] = services.propose_badges(world.charlie, proposing_unit=world.xb, year=YEAR, members=[due])
    with pytest.raises(ValidationError) as refused:
        services.decide_badges(
            world.charlie, [badge], outcome="granted", decision_number="5", decided_on=dt.date(2026, 8, 20)
        )
    assert "Ban Thường vụ tỉnh ủy" in str(refused.value)
    assert BadgeProposal.objects.get().state == ProposalState.PROPOSED


def test_badge_pages_propose_decide_and_give_the_papers(world: World) -> None:
    due = _old(world, "Cao Văn <i>Ba</i> Mươi", dt.date(1996, 5, 20), "20000001")
    client = world.client_for(world.alice)
    url = f"/reviews/badges/?unit={world.xa.pk}&year={YEAR}"
    page = client.get(url)
    assert page.status_code == 200 and "Cao Văn &lt;i&gt;Ba&lt;/i&gt; Mươi" in page.content.decode()
    assert client.post(url, {"ids": [str(due.pk)]}).status_code == 302
    assert client.post(url, {"ids": [str(world.m_xa1.pk)]}).status_code == 400
    assert client.post(url, {"ids": [str(world.m_xb1.pk)]}).status_code == 400  # not due either way
    listing = client.get(f"/reviews/badges/proposals.docx?unit={world.xa.pk}")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(listing.content)).paragraphs)
    assert "DANH SÁCH" in text
    badge = BadgeProposal.objects.get()
    decision = {
        "ids": [str(badge.pk)],
        "outcome": "granted",
        "decision_number": "7-QĐ/TU",
        "decided_on": "20/08/2026",
    }
    assert world.client_for(world.charlie).post("/reviews/badges/proposals/", decision).status_code in (
        400,
        404,
    )
    assert client.post("/reviews/badges/proposals/", decision).status_code == 302
    badge.refresh_from_db()
    assert badge.state == "granted"
    paper = client.get("/reviews/badges/proposals.docx?number=7-QĐ/TU")
    tables = docx.Document(io.BytesIO(paper.content)).tables
    assert any("Cao Văn <i>Ba</i> Mươi" in c.text for t in tables for r in t.rows for c in r.cells)
    sheet = client.get("/reviews/badges/proposals.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Cao Văn <i>Ba</i> Mươi" and rows[1][4] == 30


@pytest.mark.parametrize("many", [1, 4])
def test_badge_lists_read_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any, many: int
) -> None:
    people = [_old(world, f"Người {i}", dt.date(1996, 5, 20), f"3000000{i}") for i in range(many)]
    services.propose_badges(world.alice, proposing_unit=world.xa, year=YEAR, members=people[:1])
    client = world.client_for(world.alice)
    client.get("/reviews/badges/proposals/")
    with django_assert_num_queries(8):
        assert client.get(f"/reviews/badges/?unit={world.xa.pk}&year={YEAR}").status_code == 200
    with django_assert_num_queries(6):
        assert client.get("/reviews/badges/proposals/").status_code == 200


def test_a_decision_number_with_nul_or_control_characters_finds_nothing(world: World) -> None:
    client = world.client_for(world.alice)
    for url in (
        "/reviews/badges/proposals.docx?number=%00&state=%00&unit=%00&year=%00",
        "/reviews/badges/proposals.docx?number=7-Q%C4%90%00/TU%01",
        "/reviews/awards/decision.docx?number=%00&form=1&year=2025",
    ):
        assert client.get(url).status_code in (400, 404), url
