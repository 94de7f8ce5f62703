"""The daily reminders: a week, three days and a day before the deadline, those who still owe a report are
told (once a day however often it runs); the command says how many."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from quantriet.cli import main
from quantriet.core.notifications.models import Notification
from quantriet.orgs.models import AuditEntry
from quantriet.reports.services.reminders import remind_due
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay


def test_three_days_before_the_deadline_those_who_owe_are_told_once(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    world = reports.world
    submit(world.dave, reports.report_of(world.m_dave), Handed(essay(91)))  # dave has handed in
    today = reports.requirement.deadline - dt.timedelta(days=3)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            told = remind_due(today=today)
        assert told == {reports.campaign.pk: 1}  # fiona; the others have no account
    notes = Notification.objects.filter(kind="reports.reminder")
    assert [n.recipient_id for n in notes] == [reports.fiona.pk]
    assert AuditEntry.objects.filter(action="reports.remind_due").count() == 2


def test_on_other_days_nobody_is_told(reports: Reports, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due(today=reports.requirement.deadline - dt.timedelta(days=5)) == {}
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_reminds_and_says_how_many(reports: Reports, capsys: pytest.CaptureFixture[str]) -> None:
    days = (reports.requirement.deadline - timezone.localdate()).days
    assert main(["reports", "remind", "--days", str(days)]) == 0
    assert "Đã nhắc 2 người ở 1 đợt học tập." in capsys.readouterr().out
    assert Notification.objects.filter(kind="reports.reminder").count() == 2
