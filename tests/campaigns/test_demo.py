"""The demo province comes with two campaigns: one whose conference is today (for live check-in) and one
finished two months ago (absences, a make-up session, implementation plans in every state, reminders)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from quantriet.campaigns.demo import finished, load_demo_campaigns, today
from quantriet.campaigns.models import (
    Absence,
    Campaign,
    Category,
    CheckIn,
    Delegate,
    ImplementationPlan,
    MakeUpAttendance,
    PlanStatus,
    Reminder,
)
from quantriet.documents.models import CitationLink, Document
from quantriet.orgs.models import AuditEntry, Unit
from quantriet.site.demo import DemoSummary, load_demo


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def the_finished() -> Campaign:
    return Campaign.objects.get(title=finished.TITLE)


def test_the_finished_campaign_needs_its_documents(world: Any, settings: Any, tmp_path: Path) -> None:
    """Without 22-QĐ/TW in the registry nothing is created, and nothing breaks.

    First in the module: the tests after it run inside the demo loaded by the module's fixture.
    """
    settings.MEDIA_ROOT = tmp_path
    assert finished.load_finished_campaign(world.xa) is None
    assert not Campaign.objects.exists()


def test_the_live_campaign_is_ready_to_check_in(demo: DemoSummary, db: Any) -> None:
    campaign = Campaign.objects.get(title=today.TITLE)
    assert campaign.documents.filter(symbol="35-NQ/TW").exists()
    conference = campaign.conferences.get()
    assert conference.held_on == timezone.localdate()
    assert not conference.check_ins.exists()
    points = list(conference.points.all())
    assert sum(p.is_main for p in points) == 1 and len(points) >= 3
    delegates = Delegate.objects.filter(conference=conference)
    assert delegates.count() > 10
    # Key cadres, plus the demo's member account added by hand at the commune's point.
    assert set(delegates.exclude(member__user__username="dangvien").values_list("category", flat=True)) <= {
        "secretary",
        "committee",
    }
    mine = client_of("dangvien").get("/campaigns/my/").content.decode()
    assert conference.title in mine and "<svg" in mine
    assert Delegate.objects.get(conference=conference, member__user__username="dangvien").code_display in mine
    # The commune's organisation staff check in at their own point.
    client = client_of("tochuc.xa")
    listing = client.get("/campaigns/").content.decode()
    own = [p for p in points if f"/campaigns/points/{p.pk}/check-in/" in listing]
    assert len(own) == 1
    assert client.get(f"/campaigns/points/{own[0].pk}/check-in/").status_code == 200
    propaganda = client_of("tuyengiao.tinh")
    assert propaganda.get(f"/campaigns/conferences/{conference.pk}/board/").status_code == 200
    assert propaganda.get(f"/campaigns/{campaign.pk}/edit/").status_code == 200


def test_the_finished_conference_was_two_months_ago_and_most_delegates_came(
    demo: DemoSummary, db: Any
) -> None:
    campaign = the_finished()
    assert campaign.documents.filter(symbol="22-QĐ/TW").exists()
    conference = campaign.conferences.get()
    day = timezone.localdate()
    assert day - dt.timedelta(days=63) <= conference.held_on <= day - dt.timedelta(days=60)
    assert conference.held_on.weekday() < 5
    assert campaign.plan_deadline < day < campaign.report_deadline
    assert conference.points.count() >= 3 and conference.agenda.count() >= 2
    delegates = conference.delegates.all()
    present = CheckIn.objects.filter(conference=conference, delegate__isnull=False)
    assert delegates.count() > 40 and present.count() > 0.8 * delegates.count()
    assert present.filter(late=True).count() >= 3 and present.filter(late=False).count() > 30
    assert present.filter(other_point=True).count() == 1
    # Arrival times are the morning of the conference, not when the demo was loaded.
    start = conference.start()
    assert all(abs(at - start) < dt.timedelta(hours=1) for at in present.values_list("at", flat=True))
    walk_in = CheckIn.objects.filter(conference=conference, delegate__isnull=True)
    assert list(walk_in.values_list("guest_name", flat=True)) == [finished.WALK_IN[0]]
    assert present.filter(delegate__category=Category.GUEST).count() == 1


def test_absentees_have_reasons_or_none_and_some_made_it_up(demo: DemoSummary, db: Any) -> None:
    conference = the_finished().conferences.get()
    absences = Absence.objects.filter(delegate__conference=conference)
    assert absences.exclude(reason="").count() >= 3 and absences.filter(reason="").count() >= 1
    assert not absences.filter(delegate__check_ins__isnull=False).exists()
    absent = conference.delegates.filter(check_ins__isnull=True)
    assert absences.count() == absent.count()
    session = conference.makeup_sessions.get()
    assert conference.held_on < session.held_on < timezone.localdate()
    made_up = MakeUpAttendance.objects.filter(session=session)
    assert made_up.count() >= 2
    assert absent.filter(makeup_marks__isnull=True).count() >= 2  # not everyone came to the make-up session


def test_the_plan_board_shows_every_state_and_the_reminded_cells(demo: DemoSummary, db: Any) -> None:
    campaign = the_finished()
    html = client_of("tochuc.xa").get(f"/campaigns/{campaign.pk}/plans/").content.decode()
    for state, label in (
        ("approved", "Đã duyệt"),
        ("returned", "Trả lại để sửa"),
        ("late", "Nộp muộn"),
        ("submitted", "Đã nộp đúng hạn"),
        ("missing", "Chưa nộp"),
    ):
        assert f'class="state-{state}"' in html and label in html, state
    plans = ImplementationPlan.objects.filter(campaign=campaign)
    assert plans.filter(status=PlanStatus.APPROVED).count() >= 3
    returned = plans.get(status=PlanStatus.RETURNED)
    assert "Đề nghị chi bộ bổ sung" in returned.comment and returned.reviewed_at is not None
    late = [p for p in plans if p.late]
    assert len(late) == 1 and late[0].status == PlanStatus.SUBMITTED
    assert all(p.submitted_at < timezone.now() - dt.timedelta(days=20) for p in plans)
    reviewed = plans.exclude(reviewed_at=None)
    assert all(p.reviewed_at and p.submitted_at < p.reviewed_at for p in reviewed)
    reminded = set(Reminder.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    without_plan = set(
        Unit.objects.filter(parent=campaign.scope_unit, valid_to__isnull=True)
        .exclude(pk__in=plans.values("unit_id"))
        .values_list("pk", flat=True)
    )
    assert reminded and reminded == without_plan
    assert AuditEntry.objects.filter(action="plan.remind").count() == len(reminded)


def test_plans_are_docx_files_whose_citations_link_to_the_campaign_documents(
    demo: DemoSummary, db: Any
) -> None:
    campaign = the_finished()
    regulation = Document.objects.get(symbol="22-QĐ/TW")
    plans = ImplementationPlan.objects.filter(campaign=campaign)
    for plan in plans:
        with plan.file.open("rb") as file:
            assert plan.file_name.endswith(".docx") and file.read(2) == b"PK"  # a zip: a real DOCX
        assert "Quy định số 22-QĐ/TW" in plan.file_text and plan.actions.count() >= 3
        links = CitationLink.objects.filter(owner_id=plan.pk, field="file_text")
        assert links.filter(target=regulation).exists()
        # Every citation names a registry entry; none made a placeholder or stayed a bare mention.
        assert not links.filter(Q(target__isnull=True) | Q(target__confirmed=False)).exists()
    assert plans.count() >= 8


def test_each_demo_account_opens_its_part_of_the_finished_campaign(demo: DemoSummary, db: Any) -> None:
    campaign = the_finished()
    conference = campaign.conferences.get()
    main = conference.points.get(is_main=True)
    session = conference.makeup_sessions.get()
    plans = ImplementationPlan.objects.filter(campaign=campaign)
    late = next(p for p in plans if p.late)
    returned = plans.get(status=PlanStatus.RETURNED)
    organiser = client_of("tochuc.xa")
    for url in (
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/conferences/{conference.pk}/",
        f"/campaigns/conferences/{conference.pk}/board/",
        f"/campaigns/points/{main.pk}/board/",
        f"/campaigns/points/{main.pk}/absences/",
        f"/campaigns/makeup/{session.pk}/",
        f"/campaigns/{campaign.pk}/plans/",
        f"/campaigns/{campaign.pk}/plans/{returned.unit_id}/file/",
        f"/campaigns/{campaign.pk}/report.xlsx",
        f"/campaigns/{campaign.pk}/report.docx",
    ):
        assert organiser.get(url).status_code == 200, url
    # The late plan waits for the commune's review.
    review = organiser.get(f"/campaigns/{campaign.pk}/plans/{late.unit_id}/").content.decode()
    assert 'value="review"' in review and "Nộp muộn" in review
    for username in ("tochuc.tinh", "tuyengiao.tinh"):
        province = client_of(username)
        assert province.get(f"/campaigns/{campaign.pk}/").status_code == 200, username
        assert province.get(f"/campaigns/{campaign.pk}/plans/").status_code == 200, username
    # The secretary whose plan came back reads the comment and may submit again; he sees his own cell only.
    secretary = client_of("bithu.chibo")
    page = secretary.get(f"/campaigns/{campaign.pk}/plans/{returned.unit_id}/").content.decode()
    assert returned.comment in page and 'value="submit"' in page
    board = secretary.get(f"/campaigns/{campaign.pk}/plans/").content.decode()
    assert board.count('<tr class="state-') == 1
    # The campaign reaches his cell: he reads it, without the organiser's buttons or whole figures.
    detail = secretary.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert (
        f"/campaigns/{campaign.pk}/edit/" not in detail
        and f"/campaigns/{campaign.pk}/report.xlsx" not in detail
    )
    assert secretary.get(f"/campaigns/{campaign.pk}/edit/").status_code == 404
    hosted = conference.points.get(host_unit=returned.unit)
    assert secretary.get(f"/campaigns/points/{hosted.pk}/board/").status_code == 200
    member = client_of("dangvien")
    assert member.get("/campaigns/").status_code == 200
    assert member.get(f"/campaigns/{campaign.pk}/plans/").status_code == 404
    operator = client_of("quantri").get("/admin/campaigns/implementationplan/").content.decode()
    assert returned.symbol in operator and late.symbol in operator


def test_loading_again_adds_nothing(demo: DemoSummary, db: Any) -> None:
    models = (Campaign, Delegate, CheckIn, Absence, MakeUpAttendance, ImplementationPlan, Reminder)
    before = [m._default_manager.count() for m in models] + [AuditEntry.objects.count()]
    load_demo(io.StringIO())
    assert load_demo_campaigns(Unit.objects.get(code="SL"), the_finished().organising_unit) == []
    after = [m._default_manager.count() for m in models] + [AuditEntry.objects.count()]
    assert after == before
