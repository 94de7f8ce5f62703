"""The learning reports on a campaign's page, on the member's campaigns page and in the main menu."""

from __future__ import annotations

from quantriet.reports.models import LearningReport
from tests.reports.conftest import Reports


def test_the_campaign_page_offers_each_user_what_their_rights_open(reports: Reports) -> None:
    world, campaign = reports.world, reports.campaign
    url = f"/campaigns/{campaign.pk}/"
    organiser = world.client_for(world.alice).get(url).content.decode()
    assert f"/reports/campaigns/{campaign.pk}/requirement/" in organiser
    assert f"/reports/review/?campaign={campaign.pk}" in organiser
    assert f"/reports/campaigns/{campaign.pk}/cohort/" in organiser
    dave_report = LearningReport.objects.get(campaign=campaign, member=world.m_dave)
    member = world.client_for(world.dave).get(url).content.decode()
    assert f"/reports/{dave_report.pk}/write/" in member
    assert "/requirement/" not in member and "/reports/review/" not in member


def test_the_member_page_lists_their_report_with_its_deadline(reports: Reports) -> None:
    world = reports.world
    page = world.client_for(world.dave).get("/campaigns/my/").content.decode()
    report = LearningReport.objects.get(campaign=reports.campaign, member=world.m_dave)
    assert f"/reports/{report.pk}/write/" in page
    assert reports.requirement.deadline.strftime("%d/%m/%Y") in page


def test_the_menu_leads_reviewers_to_the_queue_and_members_to_their_reports(reports: Reports) -> None:
    world = reports.world
    assert 'href="/reports/review/"' in world.client_for(world.bob).get("/").content.decode()
    member = world.client_for(world.dave).get("/").content.decode()
    assert 'href="/reports/mine/"' in member and 'href="/reports/review/"' not in member


def test_the_personal_page_links_to_the_members_campaigns_record(reports: Reports) -> None:
    world = reports.world
    record = f"/reports/members/{world.m_dave.pk}/"
    assert record in world.client_for(world.dave).get("/me/").content.decode()
    staff = world.client_for(world.alice)
    assert record in staff.get(f"/members/{world.m_dave.pk}/").content.decode()
    assert staff.get(record).status_code == 200
