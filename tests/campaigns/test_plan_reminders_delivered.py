"""Plan reminders are really delivered: to the people doing the unit's plan work, in the inbox and by mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from quantriet.campaigns import services
from quantriet.campaigns.models import Reminder
from quantriet.core.notifications.models import Delivery, Notification
from quantriet.orgs import services as org_services
from quantriet.orgs.models import AuditEntry, Role, RoleAssignment
from tests.campaigns.conftest import Setup
from tests.campaigns.test_plans import communes_and_cells_owe_plans, submit

# The communes and their cells owe this campaign a plan (the organisers listed them all).
pytestmark = pytest.mark.usefixtures(communes_and_cells_owe_plans.__name__)


def test_a_reminder_reaches_the_plan_workers_of_each_missing_unit(
    setup: Setup, django_capture_on_commit_callbacks: Any
) -> None:
    world = setup.world
    for unit in (world.xa, world.xa1, world.xa2):
        submit(setup, unit)
    # XB: charlie (organisation staff) does its plan work; a revoked secretary and an office clerk do not.
    gone = org_services.grant_role(None, world.bob, world.xb, Role.SECRETARY)
    RoleAssignment.objects.filter(pk=gone.pk).update(revoked_at=timezone.now())
    org_services.grant_role(None, world.dave, world.xb, Role.OFFICE)
    # XB1: eve is its secretary.
    org_services.grant_role(None, world.eve, world.xb1, Role.SECRETARY)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.alice).post(f"/campaigns/{setup.campaign.pk}/plans/remind/")
    assert response.status_code == 302
    assert sorted(Reminder.objects.values_list("unit__code", flat=True)) == ["XB", "XB1"]
    told = {(n.recipient.username, n.url) for n in Notification.objects.select_related("recipient")}
    assert told == {
        ("charlie", f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/"),
        ("eve", f"/campaigns/{setup.campaign.pk}/plans/{world.xb1.pk}/"),
    }
    note = Notification.objects.get(recipient=world.charlie)
    assert note.kind == "plan.remind"
    assert note.title == "Nhắc nộp kế hoạch thực hiện đợt “Học tập Nghị quyết 35”"
    assert "Đảng bộ xã Bình Minh chưa nộp kế hoạch" in note.body and "10/10/2025" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["charlie@example.org", "eve@example.org"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    audit = AuditEntry.objects.get(action="plan.remind", unit=world.xb)
    assert audit.summary.endswith("gửi tới 1 người")
    assert audit.changes == {"notified": [world.charlie.pk]}

    charlie = world.client_for(world.charlie)
    assert "Nhắc nộp kế hoạch thực hiện đợt" in charlie.get("/notifications/").content.decode()
    opened = charlie.get(f"/notifications/{note.pk}/")
    assert opened["Location"] == f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/"
    assert charlie.get(opened["Location"]).status_code == 200


def test_a_unit_with_nobody_to_tell_still_gets_its_reminder(setup: Setup) -> None:
    world = setup.world
    (reminder,) = services.remind_units(None, setup.campaign, [world.xa2])
    assert Reminder.objects.get() == reminder
    assert not Notification.objects.exists()
    assert AuditEntry.objects.get(action="plan.remind").summary.endswith("gửi tới 0 người")


def test_each_reminder_is_one_notification_and_a_repeat_is_a_new_one(setup: Setup) -> None:
    world = setup.world
    first = services.remind_units(None, setup.campaign, [world.xa1])
    second = services.remind_units(None, setup.campaign, [world.xa1])
    keys = list(Notification.objects.order_by("id").values_list("recipient__username", "dedupe_key"))
    assert keys == [("bob", f"plan.remind:{first[0].pk}"), ("bob", f"plan.remind:{second[0].pk}")]
