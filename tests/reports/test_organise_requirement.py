"""The requirement page: organisers publish and change it, others who see the campaign read it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from quantriet.campaigns import services as campaign_services
from quantriet.core.notifications.models import Notification
from quantriet.orgs.models import AuditEntry
from quantriet.reports.models import LearningReport, Requirement
from tests.reports.conftest import Reports


def form(**extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "writers": "audience",
        "deadline": (timezone.localdate() + dt.timedelta(days=40)).strftime("%d/%m/%Y"),
        "guidance": "  Nội dung cơ bản\n\nLiên hệ bản thân  \n",
        "min_words": "200",
        "max_words": "4000",
        "formats": ["typed", "docx"],
        "late_policy": "refuse",
        "answer_days": "10",
    }
    values.update(extra)
    return values


def new_campaign(reports: Reports) -> Any:
    campaign = reports.campaign
    return campaign_services.create_campaign(
        None,
        title="Học tập Chỉ thị 05",
        organising_unit=campaign.organising_unit,
        scope_unit=campaign.scope_unit,
        audience="all_members",
        documents=list(campaign.documents.all()),
        conference_date=timezone.localdate() - dt.timedelta(days=1),
        plan_deadline=timezone.localdate() + dt.timedelta(days=20),
        report_deadline=timezone.localdate() + dt.timedelta(days=30),
    )


def test_an_organiser_changes_the_requirement_and_sees_how_many_must_write(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    url = f"/reports/campaigns/{reports.campaign.pk}/requirement/"
    response = client.post(url, form(), follow=True)
    assert response.status_code == 200
    requirement = Requirement.objects.get(campaign=reports.campaign)
    assert requirement.guidance == "Nội dung cơ bản\nLiên hệ bản thân"
    assert (requirement.min_words, requirement.max_words, requirement.answer_days) == (200, 4000, 10)
    assert requirement.formats == ["typed", "docx"] and requirement.late_policy == "refuse"
    assert "5 đảng viên phải viết bài" in response.content.decode()
    assert AuditEntry.objects.filter(action="reports.requirement_changed").exists()


def test_publishing_makes_rows_and_tells_members_with_an_account_once(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = new_campaign(reports)
    client = reports.world.client_for(reports.world.alice)
    url = f"/reports/campaigns/{campaign.pk}/requirement/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form(formats=["typed"]))
    assert response.status_code == 302
    assert LearningReport.objects.filter(campaign=campaign).count() == 5
    told = Notification.objects.filter(kind="reports.asked")
    assert {n.recipient.username for n in told} == {"dave", "fiona"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form(formats=["typed", "pdf"]))
    assert Notification.objects.filter(kind="reports.asked").count() == 2


def test_chosen_categories_need_at_least_one(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    url = f"/reports/campaigns/{reports.campaign.pk}/requirement/"
    response = client.post(url, form(writers="categories", max_words="100"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Hãy chọn ít nhất một đối tượng phải viết." in text
    assert "Số chữ tối đa phải lớn hơn số chữ tối thiểu." in text
    assert Requirement.objects.get(campaign=reports.campaign).min_words == 100  # unchanged


def test_a_deadline_that_is_no_date_is_refused_in_vietnamese(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.alice)
    response = client.post(
        f"/reports/campaigns/{reports.campaign.pk}/requirement/", form(deadline="31/02/2026")
    )
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()


def test_others_who_see_the_campaign_read_it_without_a_form(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.bob)  # the XA1 secretary: reviews, does not organise
    url = f"/reports/campaigns/{reports.campaign.pk}/requirement/"
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Liên hệ bản thân" in text and 'name="min_words"' not in text
    assert client.post(url, form()).status_code == 404
    assert Requirement.objects.get(campaign=reports.campaign).min_words == 100


def test_a_user_without_the_campaign_gets_404(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.eve)
    assert client.get(f"/reports/campaigns/{reports.campaign.pk}/requirement/").status_code == 404
