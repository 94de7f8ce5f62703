"""``quantriet purge [--dry-run]``: personal data past its retention period is deleted or anonymised.

Old rows are made by the services, then aged (their dates moved back), as time would.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import BridgePoint, CheckIn, Conference, Delegate
from quantriet.campaigns.retention import ANONYMOUS_GUEST
from quantriet.documents import services as document_services
from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, AuditEntry, BulkAccessLog, LoginAttempt
from tests.campaigns.builders import point_of_new_conference
from tests.conftest import World
from tests.orgs.import_fixtures import run_cli

AGE = dt.timedelta(days=800)  # past every default period (at most two years)


@dataclass
class Campaign:
    conference: Conference
    point: BridgePoint
    guest: Delegate  # invited, not in the registry
    member_check_in: CheckIn  # recorded by alice, on time
    late_check_in: CheckIn  # a guest invited by name, late
    walk_in: CheckIn  # a guest without invitation, with a note


def conference_with_guests(world: World, title: str) -> Campaign:
    public = document_services.create_document(
        None,
        doc_type="Nghị quyết",
        symbol=f"{35 + len(title)}-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        is_public=True,
    )
    point = point_of_new_conference(
        organiser=world.xa,
        document=public,
        host_unit=world.xa2,
        title=title,
        tech_contact_name="Võ Văn Kỹ",
        tech_contact_phone="0912 345 678",
    )
    conference = point.conference
    (member,) = campaign_services.invite_members(None, point, [world.m_xa2]).created
    guest = campaign_services.invite_guest(None, point, name="Phạm Khách Mời")
    on_time = campaign_services.check_in_delegate(
        world.alice, point, member, client_id=uuid.uuid4(), method="name"
    ).check_in
    late = campaign_services.check_in_delegate(
        world.alice, point, guest, client_id=uuid.uuid4(), method="name"
    ).check_in
    walk_in = campaign_services.check_in_guest(
        world.alice, point, name="Hồ Vãng Lai", note="Trưởng thôn 2", client_id=uuid.uuid4()
    ).check_in
    return Campaign(conference, point, guest, on_time, late, walk_in)


def age_campaign(c: Campaign) -> None:
    """Move the conference and its check-ins back in time; the member arrived 5 minutes early."""
    Conference.objects.filter(pk=c.conference.pk).update(held_on=c.conference.held_on - AGE)
    c.conference.refresh_from_db()
    start = c.conference.start()
    CheckIn.objects.filter(pk=c.member_check_in.pk).update(at=start - dt.timedelta(minutes=5), late=False)
    CheckIn.objects.filter(pk__in=[c.late_check_in.pk, c.walk_in.pk]).update(
        at=start + dt.timedelta(minutes=20)
    )


@pytest.fixture
def data(world: World) -> dict[str, Any]:
    old_campaign = conference_with_guests(world, "Hội nghị cũ")
    age_campaign(old_campaign)
    new_campaign = conference_with_guests(world, "Hội nghị mới")
    services.record_member_read(world.alice, [world.m_xa1, world.m_xa2], channel="page")
    services.record_bulk_read(world.alice, "members.list", unit=world.xa, rows=3)
    services.record_login_attempt("alice", "203.0.113.7", succeeded=False)
    old_reads = list(AccessLog.objects.filter(member=world.m_xa1).values_list("pk", flat=True))
    long_ago = timezone.now() - AGE
    AccessLog.objects.filter(pk__in=old_reads).update(at=long_ago)
    BulkAccessLog.objects.update(at=long_ago)
    LoginAttempt.objects.update(at=long_ago)
    services.record_bulk_read(world.bob, "members.list", unit=world.xa1, rows=1)
    services.record_login_attempt("bob", "203.0.113.8", succeeded=True)
    return {"old": old_campaign, "new": new_campaign}


def everything() -> dict[str, list[dict[str, Any]]]:
    labels = {"orgs", "campaigns", "auth"}
    return {
        m._meta.label: list(m._default_manager.order_by("pk").values())
        for m in apps.get_models()
        if m._meta.app_label in labels
    }


def test_a_dry_run_counts_and_changes_nothing(world: World, data: dict[str, Any]) -> None:
    before = everything()
    status, out = run_cli("purge", "--dry-run")
    assert status == 0, out
    assert "Chạy thử: chưa xóa hay sửa gì." in out
    # Access logs: one page read and one list read; attempts: one; guests: the invited guest, the
    # walk-in and the point's contact; check-ins: two recorded by alice plus the walk-in.
    assert "Nhật ký truy cập dữ liệu cá nhân đã xóa (quá 730 ngày): 2" in out
    assert "Lượt đăng nhập đã xóa (quá 90 ngày): 1" in out
    assert "Khách mời, liên hệ kỹ thuật đã ẩn danh (quá 365 ngày): 3" in out
    assert "Lượt điểm danh đã bỏ chi tiết (quá 365 ngày): 3" in out
    assert everything() == before


def test_old_rows_are_purged_and_recent_ones_kept(world: World, data: dict[str, Any]) -> None:
    old, new = data["old"], data["new"]
    counts = (CheckIn.objects.count(), Delegate.objects.count())
    status, out = run_cli("purge")
    assert status == 0, out
    assert list(AccessLog.objects.values_list("member", flat=True)) == [world.m_xa2.pk]
    assert list(BulkAccessLog.objects.values_list("user", flat=True)) == [world.bob.pk]
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["bob"]
    # Rows stay, so attendance counts of the old conference stay; names, notes and contacts go.
    assert (CheckIn.objects.count(), Delegate.objects.count()) == counts
    old.guest.refresh_from_db()
    old.walk_in.refresh_from_db()
    old.point.refresh_from_db()
    assert old.guest.guest_name == ANONYMOUS_GUEST
    assert (old.walk_in.guest_name, old.walk_in.guest_note) == (ANONYMOUS_GUEST, "")
    assert (old.point.tech_contact_name, old.point.tech_contact_phone) == ("", "")
    member, late = (
        CheckIn.objects.get(pk=old.member_check_in.pk),
        CheckIn.objects.get(pk=old.late_check_in.pk),
    )
    start = old.conference.start()
    assert (member.at, member.late, member.recorded_by) == (start, False, None)
    assert (late.at, late.late, late.recorded_by) == (start + dt.timedelta(minutes=20), True, None)
    # The recent conference is untouched.
    new.guest.refresh_from_db()
    new.point.refresh_from_db()
    assert new.guest.guest_name == "Phạm Khách Mời" and new.point.tech_contact_phone == "0912 345 678"
    assert CheckIn.objects.filter(conference=new.conference, recorded_by=world.alice).count() == 3
    entry = AuditEntry.objects.get(action="privacy.purge")
    assert sum(entry.changes["counts"].values()) == 2 + 1 + 3 + 3
    assert "9 dòng" in entry.summary


def test_a_second_run_finds_nothing_more(world: World, data: dict[str, Any]) -> None:
    assert run_cli("purge")[0] == 0
    before = everything()
    status, out = run_cli("purge")
    assert status == 0 and out.count(": 0") == 4, out
    after = everything()
    assert [row for row in after["orgs.AuditEntry"] if row["action"] != "privacy.purge"] == [
        row for row in before["orgs.AuditEntry"] if row["action"] != "privacy.purge"
    ]
    del before["orgs.AuditEntry"], after["orgs.AuditEntry"]
    assert after == before


def test_a_period_of_zero_keeps_that_data(world: World, data: dict[str, Any], settings: Any) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 0
    settings.GUEST_DATA_RETENTION_DAYS = 0
    status, out = run_cli("purge")
    assert status == 0 and out.count("giữ không thời hạn") == 2, out
    assert AccessLog.objects.count() == 2 and BulkAccessLog.objects.count() == 2
    data["old"].guest.refresh_from_db()
    assert data["old"].guest.guest_name == "Phạm Khách Mời"


def test_the_task_runs_the_same_purge(world: World, data: dict[str, Any]) -> None:
    from quantriet.site.tasks import purge

    result = purge.enqueue()
    assert result.return_value == 9
    assert AuditEntry.objects.filter(action="privacy.purge").count() == 1


def test_batches_cover_every_row_once_whatever_their_size(world: World) -> None:
    from quantriet.core.batches import delete_in_batches, update_in_batches

    services.record_member_read(world.alice, [world.m_xa1] * 7, channel="page")
    # Values that leave the rows matching still end: batches move on by key.
    assert update_in_batches(AccessLog.objects.all(), {"detail": "x"}, size=2) == 7
    assert delete_in_batches(AccessLog.objects.filter(detail="x"), size=3) == 7
    assert not AccessLog.objects.exists()
