"""The organisers choose which units owe an implementation plan: the level directly below (the default),
the grassroots organisations, or a list of units; the choice is on the campaign form and audited."""

from __future__ import annotations

import re
from typing import Any

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import Campaign, PlanObligation
from quantriet.orgs import services as org_services
from quantriet.orgs.models import AuditEntry
from tests.campaigns.conftest import Setup, campaign_values


def form(**extra: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Quán triệt Nghị quyết 35",
        "organising_unit": "PROV",
        "scope_unit": "",
        "documents": "35-NQ/TW",
        "audience": "key_cadres",
        "conference_date": "10/09/2025",
        "plan_deadline": "10/10/2025",
        "report_deadline": "31/12/2025",
    }
    values.update(extra)
    return values


def owing(campaign: Campaign) -> list[str]:
    return [u.code for u in selectors.plan_units(campaign)]


def test_by_default_the_level_directly_below_owes_a_plan_not_every_cell(setup: Setup) -> None:
    alice = setup.world.client_for(setup.world.alice)
    assert alice.post("/campaigns/new/", form(title="Đợt mới")).status_code == 302
    campaign = Campaign.objects.get(title="Đợt mới")
    assert campaign.plans_owed_by == PlanObligation.BELOW
    assert owing(campaign) == ["XA", "XB"]  # the communes; their cells work under the communes' plans
    assert owing(setup.campaign) == ["XA", "XB"]  # a campaign made without the choice: the same
    page = alice.get(f"/campaigns/{campaign.pk}/plans/").content.decode()
    assert "Chi bộ thôn" not in page and "Đơn vị phải nộp: Các đơn vị cấp dưới trực tiếp." in page
    detail = alice.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert '<dd class="plans-owed-by">Các đơn vị cấp dưới trực tiếp</dd>' in detail


def test_a_campaign_held_for_a_unit_below_asks_the_plan_of_that_unit(setup: Setup) -> None:
    world = setup.world
    campaign = services.create_campaign(
        None, **campaign_values(world, setup.document, title="Đợt cho xã An Hòa", scope_unit=world.xa)
    )
    assert owing(campaign) == ["XA"]
    commune = services.create_campaign(
        None,
        **campaign_values(
            world, setup.document, title="Đợt của xã", organising_unit=world.xa, scope_unit=world.xa
        ),
    )
    assert owing(commune) == ["XA1", "XA2"]  # a commune's own campaign: its cells


def test_organisers_choose_the_grassroots_organisations_or_a_list_and_the_change_is_audited(
    setup: Setup,
) -> None:
    world = setup.world
    bloc = org_services.create_unit(
        None, name="Đảng ủy Khối Cơ quan", code="KHOI", level="intermediate", parent=world.province
    )
    org_services.create_unit(None, name="Đảng bộ Công ty", code="CTY", level="grassroots", parent=bloc)
    alice = world.client_for(world.alice)
    url = f"/campaigns/{setup.campaign.pk}/edit/"
    response = alice.post(url, form(plans_owed_by="grassroots"))
    assert response.status_code == 302
    setup.campaign.refresh_from_db()
    assert owing(setup.campaign) == ["CTY", "XA", "XB"]  # the bloc is no grassroots organisation

    response = alice.post(url, form(plans_owed_by="chosen", chosen_plan_units="XA1\nxb1, XA1"))
    assert response.status_code == 302
    setup.campaign.refresh_from_db()
    assert owing(setup.campaign) == ["XA1", "XB1"]
    entry = AuditEntry.objects.filter(action="campaign.update").order_by("-id").first()
    assert entry is not None
    assert entry.changes["plans_owed_by"] == ["grassroots", "chosen"]
    assert entry.changes["chosen_plan_units"] == [[], sorted([world.xa1.pk, world.xb1.pk])]
    page = alice.get(url).content.decode()
    assert re.search(r'<input[^>]*name="plans_owed_by"[^>]*value="chosen"[^>]*checked', page)
    assert "XA1\nXB1" in page or "XB1\nXA1" in page

    # Back to the default: the list is emptied, not kept to resurface later.
    assert alice.post(url, form(plans_owed_by="below")).status_code == 302
    setup.campaign.refresh_from_db()
    assert owing(setup.campaign) == ["XA", "XB", "KHOI"]
    assert not setup.campaign.chosen_plan_units.exists()


def test_a_wrong_list_is_explained_in_vietnamese_and_nothing_is_saved(setup: Setup) -> None:
    world = setup.world
    alice = world.client_for(world.alice)
    before = Campaign.objects.count()
    empty = alice.post("/campaigns/new/", form(plans_owed_by="chosen", chosen_plan_units=""))
    assert empty.status_code == 400
    assert "hãy ghi ít nhất một đơn vị phải nộp kế hoạch" in empty.content.decode()
    unknown = alice.post("/campaigns/new/", form(plans_owed_by="chosen", chosen_plan_units="XA1\nZZZ9"))
    assert unknown.status_code == 400
    assert "Không có đơn vị mã “ZZZ9” trong phạm vi bạn được quản lý" in unknown.content.decode()
    # The scope is XA: a cell of XB cannot owe this campaign a plan, nor can the organiser itself.
    outside = alice.post(
        "/campaigns/new/", form(scope_unit="XA", plans_owed_by="chosen", chosen_plan_units="XA1\nXB1\nPROV")
    )
    assert outside.status_code == 400
    text = outside.content.decode()
    assert "không thể giao nộp kế hoạch" in text and "Chi bộ thôn 3; Tỉnh ủy Mẫu" in text
    assert "XA1\nXB1\nPROV" in text  # what was typed stays in the box
    bogus = alice.post("/campaigns/new/", form(plans_owed_by="everyone"))
    assert bogus.status_code == 400
    assert Campaign.objects.count() == before


def test_a_unit_finds_in_its_list_only_the_campaigns_that_ask_it_for_a_plan(setup: Setup) -> None:
    world = setup.world
    bob, charlie = world.client_for(world.bob), world.client_for(world.charlie)  # XA1's secretary; XB's staff
    board = f"/campaigns/{setup.campaign.pk}/plans/"
    # The province asks its communes: XB's staff are asked, the cell XA1 is not (its board would be empty).
    assert board in charlie.get("/campaigns/").content.decode()
    assert board not in bob.get("/campaigns/").content.decode()
    assert bob.get(board).status_code == 404
    for obligation, chosen in ((PlanObligation.GRASSROOTS, []), (PlanObligation.CHOSEN, [world.xb1])):
        setup.campaign.plans_owed_by = obligation
        setup.campaign.save(update_fields=["plans_owed_by"])
        setup.campaign.chosen_plan_units.set(chosen)
        assert board in charlie.get("/campaigns/").content.decode(), obligation
        assert board not in bob.get("/campaigns/").content.decode(), obligation
    setup.campaign.chosen_plan_units.set([world.xa1])
    assert board in bob.get("/campaigns/").content.decode()
    assert board not in charlie.get("/campaigns/").content.decode()
    assert bob.get(board).status_code == 200
    # A campaign held for XA alone asks XA: not XB, whose staff see nothing of it.
    for_xa = services.create_campaign(
        None, **campaign_values(world, setup.document, title="Đợt cho xã An Hòa", scope_unit=world.xa)
    )
    assert f"/campaigns/{for_xa.pk}/plans/" not in charlie.get("/campaigns/").content.decode()
