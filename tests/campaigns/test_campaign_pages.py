"""Creating, listing and editing campaigns over HTTP, and what bad input gets back."""

from __future__ import annotations

from typing import Any

from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import AuditEntry
from tests.campaigns.conftest import Setup
from tests.conftest import World


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


def test_staff_create_a_campaign_with_its_documents_and_an_audit_entry(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    response = client.post("/campaigns/new/", form(title="Đợt mới"))
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Đợt mới")
    assert response["Location"] == f"/campaigns/{campaign.pk}/"
    assert list(campaign.documents.all()) == [setup.document]
    assert campaign.scope_unit == setup.world.province  # empty scope: the whole organising unit
    assert AuditEntry.objects.filter(action="campaign.create", target_id=str(campaign.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Đợt mới" in page and "Nghị quyết 35-NQ/TW" in page and "Cán bộ chủ chốt" in page


def test_a_deadline_before_the_conference_is_refused_in_vietnamese_and_nothing_is_saved(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    before = Campaign.objects.count()
    response = client.post("/campaigns/new/", form(plan_deadline="01/09/2025", report_deadline="02/09/2025"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Hạn nộp kế hoạch thực hiện (01/09/2025) đứng trước ngày hội nghị (10/09/2025)" in text
    assert "Hạn nộp báo cáo (02/09/2025) đứng trước ngày hội nghị" in text
    assert 'value="Quán triệt Nghị quyết 35"' in text  # what was typed stays
    assert Campaign.objects.count() == before


def test_unknown_documents_scope_and_categories_are_each_explained(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.charlie)
    before = Campaign.objects.count()
    response = client.post(
        "/campaigns/new/",
        form(organising_unit="XB", scope_unit="XA", documents="35-NQ/TW\n99-NQ/TW", audience="categories"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sổ văn bản chưa có: 99-NQ/TW" in text
    # XA is outside charlie's reach: the same answer as an unknown code.
    assert "Không có đơn vị mã “XA” trong phạm vi bạn được quản lý" in text
    assert Campaign.objects.count() == before
    response = client.post("/campaigns/new/", form(organising_unit="XB", audience="categories"))
    assert response.status_code == 400
    assert "hãy đánh dấu ít nhất một đối tượng" in response.content.decode()
    assert Campaign.objects.count() == before


def test_the_report_deadline_comes_after_the_plan_deadline(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    response = client.post("/campaigns/new/", form(plan_deadline="30/11/2025", report_deadline="01/11/2025"))
    assert response.status_code == 400
    assert "đứng trước hạn nộp kế hoạch (30/11/2025)" in response.content.decode()


def test_editing_keeps_the_organiser_and_checks_existing_conferences(setup: Setup) -> None:
    client = setup.world.client_for(setup.world.alice)
    url = f"/campaigns/{setup.campaign.pk}/edit/"
    assert "35-NQ/TW" in client.get(url).content.decode()
    response = client.post(url, form(title="Tên đã sửa", organising_unit="XB", audience="all_members"))
    assert response.status_code == 302
    setup.campaign.refresh_from_db()
    assert setup.campaign.title == "Tên đã sửa"
    assert setup.campaign.organising_unit == setup.world.province
    assert AuditEntry.objects.filter(action="campaign.update").exists()
    # The conference is held on 10/09; a plan deadline before it would leave it after the deadline.
    response = client.post(url, form(conference_date="01/09/2025", plan_deadline="05/09/2025"))
    assert response.status_code == 400
    assert "có hội nghị họp ngày 10/09/2025, sau hạn nộp kế hoạch (05/09/2025)" in response.content.decode()
    setup.campaign.refresh_from_db()
    assert setup.campaign.plan_deadline.isoformat() == "2025-10-10"


def test_the_list_shows_visible_campaigns_and_the_menu_links_to_it(setup: Setup) -> None:
    alice = setup.world.client_for(setup.world.alice)
    page = alice.get("/campaigns/").content.decode()
    assert "Học tập Nghị quyết 35" in page
    assert 'href="/campaigns/"' in alice.get("/").content.decode()
    # dave is a member without a role: the campaign is for all members, his among them, and the menu says so.
    dave = setup.world.client_for(setup.world.dave)
    assert 'href="/campaigns/"' in dave.get("/").content.decode()
    assert "Học tập Nghị quyết 35" in dave.get("/campaigns/").content.decode()
    # eve, office staff of XA (in the province's scope), reads it too.
    assert (
        "Học tập Nghị quyết 35" in setup.world.client_for(setup.world.eve).get("/campaigns/").content.decode()
    )


def test_users_without_the_right_cannot_create(world: World) -> None:
    assert world.client_for(world.bob).get("/campaigns/new/").status_code == 404
    assert world.client_for(world.bob).post("/campaigns/new/", form()).status_code == 404
    assert not Campaign.objects.exists()
