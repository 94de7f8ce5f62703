"""Award candidates, forms, proposals and decisions: through the services and over HTTP."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from quantriet.orgs.models import AuditEntry
from quantriet.reviews.models import AwardForm, AwardProposal, ProposalState
from quantriet.reviews.selectors import awards as select
from quantriet.reviews.services import awards as services
from quantriet.rules import Level
from quantriet.rules.recognition import consecutive_years
from tests.conftest import World, make_member
from tests.reviews.fixtures_awards import EXCELLENT_FIVE, award_form, rate, rate_unit

YEAR = 2025


def _names(form: AwardForm, unit: Any) -> list[str]:
    return [getattr(s, "full_name", None) or s.name for s in select.candidates(form, YEAR, unit)]


def test_members_excellent_five_years_in_a_row_are_candidates(world: World) -> None:
    form = award_form(world.province, "member_years", 5)
    rate(world.m_xa1, EXCELLENT_FIVE, province=world.province)
    rate(world.m_xa2, {**EXCELLENT_FIVE, 2023: "htt"}, province=world.province)  # a lower year breaks it
    rate(world.m_dave, {**EXCELLENT_FIVE, 2022: ""}, province=world.province)  # an undecided year too
    missing = {y: lv for y, lv in EXCELLENT_FIVE.items() if y != 2021}
    rate(world.m_xb1, missing, province=world.province)  # only four years
    assert _names(form, world.province) == ["Nguyễn Văn An"]
    assert _names(form, world.xb) == []
    rows = select.candidate_rows(form, YEAR, select.candidates(form, YEAR, world.province))
    assert rows[0].years == (2021, 2022, 2023, 2024, 2025) and rows[0].span == "2021–2025"


def test_a_member_rated_at_two_places_counts_the_lower_level(world: World) -> None:
    form = award_form(world.province, "member_years", 2)
    rate(world.m_xa1, {2024: "htxs", 2025: "htxs"}, province=world.province)
    rate(world.m_xa1, {2025: "htt"}, province=world.province, place=world.xa)
    assert _names(form, world.province) == []


def test_organisations_excellent_in_the_year_and_in_years(world: World) -> None:
    one = award_form(world.province, "org_year", 1, name="Bằng khen tiêu biểu năm")
    five = award_form(world.province, "org_years", 5, name="Cờ thi đua 5 năm")
    rate_unit(world.xa, EXCELLENT_FIVE, province=world.province)
    rate_unit(world.xb, {2025: "htxs", 2024: "htt"}, province=world.province)
    assert _names(one, world.province) == ["Đảng bộ xã An Hòa", "Đảng bộ xã Bình Minh"]
    assert _names(five, world.province) == ["Đảng bộ xã An Hòa"]


def test_award_forms_are_configured_audited_and_checked(world: World) -> None:
    form = services.create_form(
        world.alice,
        unit=world.province,
        name="  Giấy khen  5 năm ",
        kind="giay_khen",
        basis="member_years",
        years=5,
        granted_by="Ban Thường vụ Tỉnh ủy",
    )
    assert form.name == "Giấy khen 5 năm"
    with pytest.raises(ValidationError) as twice:
        services.create_form(
            world.alice,
            unit=world.province,
            name="Giấy khen 5 năm",
            kind="giay_khen",
            basis="member_years",
            years=5,
            granted_by="BTV",
        )
    assert "đã có hình thức" in str(twice.value)
    with pytest.raises(ValidationError):
        services.create_form(
            world.alice,
            unit=world.province,
            name="X",
            kind="huy_chuong",
            basis="member_years",
            years=1,
            granted_by="BTV",
        )
    with pytest.raises(Http404):  # charlie manages XB, not the province
        services.create_form(
            world.charlie, unit=world.province, name="Y", kind="giay_khen", basis="org_year", granted_by="BTV"
        )
    services.set_form_active(world.alice, form, active=False)
    assert AuditEntry.objects.filter(action__startswith="reviews.award_form").count() == 2


def test_proposing_refuses_non_candidates_twice_and_out_of_reach_saving_nothing(world: World) -> None:
    form = award_form(world.province, "member_years", 5)
    rate(world.m_xa1, EXCELLENT_FIVE, province=world.province)
    rate(world.m_xa2, {**EXCELLENT_FIVE, 2025: "htt"}, province=world.province)
    with pytest.raises(ValidationError) as not_candidate:
        services.propose(
            world.alice, form=form, year=YEAR, proposing_unit=world.xa, subjects=[world.m_xa1, world.m_xa2]
        )
    assert "Trần Thị Bình" in str(not_candidate.value)
    assert not AwardProposal.objects.exists()  # the good one was not saved either
    with pytest.raises(Http404):
        services.propose(world.charlie, form=form, year=YEAR, proposing_unit=world.xa, subjects=[world.m_xa1])
    with pytest.raises(ValidationError):  # XA1's member is not in XB's subtree: no candidate there
        services.propose(world.charlie, form=form, year=YEAR, proposing_unit=world.xb, subjects=[world.m_xa1])
    made = services.propose(
        world.alice, form=form, year=YEAR, proposing_unit=world.xa, subjects=[world.m_xa1]
    )
    with pytest.raises(ValidationError) as twice:
        services.propose(world.alice, form=form, year=YEAR, proposing_unit=world.xa, subjects=[world.m_xa1])
    assert "Đã được đề nghị" in str(twice.value)
    services.withdraw(world.alice, made[0])
    again = services.propose(
        world.alice, form=form, year=YEAR, proposing_unit=world.xa, subjects=[world.m_xa1]
    )
    assert again[0].pk == made[0].pk and again[0].state == ProposalState.PROPOSED


def test_only_the_granting_level_decides(world: World) -> None:
    form = award_form(world.province, "member_years", 5)
    rate(world.m_xb1, EXCELLENT_FIVE, province=world.province)
    made = services.propose(
        world.charlie, form=form, year=YEAR, proposing_unit=world.xb, subjects=[world.m_xb1]
    )
    with pytest.raises(ValidationError) as refused:
        services.decide(
            world.charlie, made, outcome="granted", decision_number="12-QĐ/TU", decided_on=dt.date(2026, 1, 5)
        )
    assert "Tỉnh ủy Mẫu" in str(refused.value)
    with pytest.raises(ValidationError) as no_number:
        services.decide(
            world.alice, made, outcome="granted", decision_number="", decided_on=dt.date(2026, 1, 5)
        )
    assert "số quyết định" in str(no_number.value)
    with pytest.raises(ValidationError):
        services.decide(
            world.alice, made, outcome="refused", decision_number="", decided_on=dt.date(2026, 1, 5)
        )
    assert AwardProposal.objects.get().state == ProposalState.PROPOSED
    services.decide(
        world.alice, made, outcome="granted", decision_number="12-QĐ/TU", decided_on=dt.date(2026, 1, 5)
    )
    with pytest.raises(ValidationError):  # decided already
        services.decide(world.alice, made, outcome="refused", decision_number="", decided_on=None, reason="x")
    with pytest.raises(ValidationError):
        services.withdraw(world.charlie, made[0])


# --- over HTTP ------------------------------------------------------------------------------------------


def _page(world: World, url: str, user: Any = None) -> Any:
    return world.client_for(user or world.alice).get(url)


def test_candidates_page_proposes_the_ticked_and_escapes_names(world: World) -> None:
    form = award_form(world.province, "member_years", 5)
    odd = make_member(world.xa1, "<b>Lê Thị Ổ</b>", "10000099")
    rate(odd, EXCELLENT_FIVE, province=world.province)
    rate(world.m_xa1, EXCELLENT_FIVE, province=world.province)
    client = world.client_for(world.alice)
    url = f"/reviews/awards/?unit={world.xa.pk}&form={form.pk}&year={YEAR}"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "&lt;b&gt;Lê Thị Ổ&lt;/b&gt;" in text and "<b>Lê Thị Ổ</b>" not in text
    assert "2021–2025" in text
    answer = client.post(url, {"ids": [str(world.m_xa1.pk), str(odd.pk)], "achievement": "Tiêu biểu"})
    assert answer.status_code == 302
    assert AwardProposal.objects.filter(state="proposed", achievement="Tiêu biểu").count() == 2
    again = client.post(url, {"ids": [str(world.m_xa1.pk)]})
    assert again.status_code == 400 and "Đã được đề nghị" in again.content.decode()
    outside = client.post(url, {"ids": [str(world.m_xb1.pk)]})  # a member of XB, proposed by XA
    assert outside.status_code == 400 and "Không đủ tiêu chuẩn" in outside.content.decode()
    assert AwardProposal.objects.count() == 2
    assert client.post(url, {"ids": ["abc"]}).status_code == 404


def test_bob_the_secretary_may_not_propose(world: World) -> None:
    award_form(world.province, "member_years", 5)
    assert _page(world, "/reviews/awards/", world.bob).status_code == 404


def test_proposals_page_decides_and_gives_the_decision_and_the_list(world: World) -> None:
    form = award_form(world.province, "member_years", 5)
    rate(world.m_xb1, EXCELLENT_FIVE, province=world.province)
    services.propose(world.charlie, form=form, year=YEAR, proposing_unit=world.xb, subjects=[world.m_xb1])
    proposal = AwardProposal.objects.get()
    decision = {
        "ids": [str(proposal.pk)],
        "outcome": "granted",
        "decision_number": "12-QĐ/TU",
        "decided_on": "05/01/2026",
    }
    refused = world.client_for(world.charlie).post("/reviews/awards/proposals/", decision)
    assert refused.status_code == 400 and "cấp khen thưởng" in refused.content.decode()
    assert world.client_for(world.alice).post("/reviews/awards/proposals/", decision).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "granted" and proposal.decided_on == dt.date(2026, 1, 5)
    paper = _page(world, f"/reviews/awards/decision.docx?form={form.pk}&year={YEAR}&number=12-QĐ/TU")
    assert paper.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(paper.content)).paragraphs)
    assert "QUYẾT ĐỊNH" in text and "BAN THƯỜNG VỤ TỈNH ỦY" in text
    tables = docx.Document(io.BytesIO(paper.content)).tables
    heading = tables[0].rows[0].cells[0].text
    assert "Số 12-QĐ/TU" in heading and "TỈNH ỦY" in heading and "12-QĐ/TU-QĐ" not in heading
    assert any("Lê Hoàng Cường" in cell.text for t in tables for row in t.rows for cell in row.cells)
    sheet = _page(world, f"/reviews/awards/proposals.xlsx?year={YEAR}")
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][2] == "Lê Hoàng Cường" and rows[1][7] == "12-QĐ/TU"
    assert _page(world, "/reviews/awards/proposals/", world.bob).content.decode().count("Lê Hoàng Cường") == 0


def test_award_form_pages(world: World) -> None:
    client = world.client_for(world.alice)
    bad = client.post(
        "/reviews/awards/forms/add/", {"unit": world.province.pk, "name": "", "kind": "giay_khen"}
    )
    assert bad.status_code == 400 and not AwardForm.objects.exists()
    made = client.post(
        "/reviews/awards/forms/add/",
        {
            "unit": world.province.pk,
            "name": "Cờ thi đua",
            "kind": "co_thi_dua",
            "basis": "org_years",
            "years": "5",
            "granted_by": "Ban Thường vụ Tỉnh ủy",
        },
    )
    assert made.status_code == 302
    form = AwardForm.objects.get()
    assert client.post(f"/reviews/awards/forms/{form.pk}/", {"action": "deactivate"}).status_code == 302
    form.refresh_from_db()
    assert not form.active
    assert world.client_for(world.charlie).get(f"/reviews/awards/forms/{form.pk}/").status_code == 404


def _count(django_assert_num_queries: Any, client: Any, url: str, n: int) -> None:
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("many", [1, 4])
def test_list_pages_read_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any, many: int
) -> None:
    form = award_form(world.province, "member_years", 5)
    people = [make_member(world.xa1, f"Người {i}", f"2000000{i}") for i in range(many)]
    for person in people:
        rate(person, EXCELLENT_FIVE, province=world.province)
    services.propose(world.alice, form=form, year=YEAR, proposing_unit=world.xa, subjects=people)
    client = world.client_for(world.alice)
    client.get("/reviews/awards/proposals/")  # the session is read once before counting
    _count(django_assert_num_queries, client, f"/reviews/awards/?unit={world.xa.pk}&year={YEAR}", 10)
    _count(django_assert_num_queries, client, "/reviews/awards/proposals/", 6)


def test_a_decision_on_proposals_of_two_granting_levels_saves_nothing(world: World) -> None:
    province_form = award_form(world.province, "member_years", 2, name="Bằng khen của tỉnh")
    commune_form = award_form(world.xb, "member_years", 2, name="Giấy khen của xã")
    rate(world.m_xb1, {2024: "htxs", 2025: "htxs"}, province=world.province)
    picked = [
        *services.propose(
            world.charlie, form=commune_form, year=YEAR, proposing_unit=world.xb, subjects=[world.m_xb1]
        ),
        *services.propose(
            world.charlie, form=province_form, year=YEAR, proposing_unit=world.xb, subjects=[world.m_xb1]
        ),
    ]
    with pytest.raises(ValidationError):  # charlie grants XB's own award, not the province's
        services.decide(
            world.charlie, picked, outcome="granted", decision_number="3", decided_on=dt.date(2026, 1, 2)
        )
    assert set(AwardProposal.objects.values_list("state", flat=True)) == {"proposed"}
    services.decide(
        world.charlie, picked[:1], outcome="granted", decision_number="3", decided_on=dt.date(2026, 1, 2)
    )
    assert AwardProposal.objects.get(form=commune_form).state == "granted"


def test_a_form_with_proposals_keeps_its_basis(world: World) -> None:
    form = award_form(world.province, "member_years", 2)
    rate(world.m_xa1, {2024: "htxs", 2025: "htxs"}, province=world.province)
    services.propose(world.alice, form=form, year=YEAR, proposing_unit=world.xa, subjects=[world.m_xa1])
    with pytest.raises(ValidationError):
        services.update_form(
            world.alice, form, name=form.name, kind=form.kind, basis="member_years", years=3, granted_by="BTV"
        )
    renamed = services.update_form(
        world.alice,
        form,
        name="Giấy khen mới",
        kind=form.kind,
        basis="member_years",
        years=2,
        granted_by="BTV",
    )
    assert renamed.name == "Giấy khen mới"
    assert AwardForm.objects.get().years == 2


def test_the_list_writes_names_as_text_and_withdrawing_over_http(world: World) -> None:
    form = award_form(world.province, "member_years", 2)
    odd = make_member(world.xa1, "=HYPERLINK(1)", "10000098")
    rate(odd, {2024: "htxs", 2025: "htxs"}, province=world.province)
    [proposal] = services.propose(world.alice, form=form, year=YEAR, proposing_unit=world.xa, subjects=[odd])
    client = world.client_for(world.alice)
    sheet = client.get("/reviews/awards/proposals.xlsx")
    cell = openpyxl.load_workbook(io.BytesIO(sheet.content)).active.cell(row=2, column=3)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"
    assert client.get(f"/reviews/awards/proposals/{proposal.pk}/withdraw/").status_code == 405
    assert client.post(f"/reviews/awards/proposals/{proposal.pk}/withdraw/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"
    assert (
        world.client_for(world.charlie).post(f"/reviews/awards/proposals/{proposal.pk}/withdraw/").status_code
        == 404
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_candidates_query_agrees_with_the_pure_count(world: World, seed: int) -> None:
    """Random histories (gaps, undecided years, a second place): the one-query candidate list is the
    members whose unbroken HTXS run by ``rules.recognition`` reaches the form's years."""
    chance = random.Random(seed)
    form = award_form(world.province, "member_years", 3)
    expected: set[int] = set()
    for i in range(8):
        person = make_member(world.xa1, f"Người {seed}-{i}", f"4{seed}00000{i}")
        history = {
            y: chance.choice(["htxs", "htxs", "htxs", "htt", ""])
            for y in range(2021, 2026)
            if chance.random() > 0.1
        }
        rate(person, history, province=world.province)
        second = {y: chance.choice(["htxs", "ht"]) for y in history if chance.random() > 0.8}
        rate(person, second, province=world.province, place=world.xa)
        lowest: dict[int, Level] = {}
        for levels in (history, second):
            for year, level in levels.items():
                if level:
                    lowest[year] = min(lowest.get(year, Level(level)), Level(level))
        if len(consecutive_years(lowest, at_least=Level.EXCELLENT, ending=YEAR)) >= 3:
            expected.add(person.pk)
    assert set(select.candidates(form, YEAR, world.province).values_list("pk", flat=True)) == expected
