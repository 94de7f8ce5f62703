"""What the learning reports tell people, through the platform's notifications (``core.notifications``).

Each message names the campaign and links to the page to act on; a dedupe key makes a retried step
(or a reminder sent twice the same day) one notification.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.notifications.services import notify
from quantriet.reports.models import Case, LearningReport, Requirement


def _later(recipients: list[Any], **values: Any) -> None:
    if recipients:
        transaction.on_commit(lambda: notify(recipients, **values))


def member_user(report: LearningReport) -> list[Any]:
    user = report.member.user
    return [user] if user is not None and user.is_active else []


def asked_to_write(requirement: Requirement, users: Iterable[Any]) -> None:
    campaign = requirement.campaign
    _later(
        list(users),
        kind="reports.asked",
        title=_("Viết bài thu hoạch: %(c)s") % {"c": campaign.title},
        body=_("Hạn nộp: %(d)s.") % {"d": requirement.deadline.strftime("%d/%m/%Y")},
        url=reverse("reports:mine"),
        dedupe_key=f"reports.asked.{campaign.pk}",
    )


def returned(report: LearningReport) -> None:
    _later(
        member_user(report),
        kind="reports.returned",
        title=_("Bài thu hoạch được trả lại để viết lại: %(c)s") % {"c": report.campaign.title},
        body=report.comment,
        url=report.get_absolute_url(),
        dedupe_key=f"reports.returned.{report.pk}.{timezone.now():%Y%m%d%H%M%S}",
    )


def case_opened(case: Case) -> None:
    _later(
        member_user(case.report),
        kind="reports.case",
        title=_("Có vụ việc nghi sao chép liên quan đến bài thu hoạch của đồng chí"),
        body=_("Đồng chí có thể giải trình đến hết ngày %(d)s.") % {"d": case.answer_by.strftime("%d/%m/%Y")},
        url=case.get_absolute_url(),
        dedupe_key=f"reports.case.{case.pk}",
    )


def case_answered(case: Case, deciders: list[Any]) -> None:
    _later(
        deciders,
        kind="reports.answered",
        title=_("Đảng viên đã giải trình; chờ kết luận"),
        body=case.report.campaign.title,
        url=case.get_absolute_url(),
        dedupe_key=f"reports.answered.{case.pk}",
    )


def decided(case: Case) -> None:
    _later(
        member_user(case.report),
        kind="reports.decided",
        title=_("Đã có kết luận về bài thu hoạch của đồng chí: %(d)s") % {"d": case.get_decision_display()},
        body=case.decision_note,
        url=case.get_absolute_url(),
        dedupe_key=f"reports.decided.{case.pk}",
    )


def remind(report_users: list[Any], requirement: Requirement) -> None:
    campaign = requirement.campaign
    _later(
        report_users,
        kind="reports.reminder",
        title=_("Nhắc nộp bài thu hoạch: %(c)s") % {"c": campaign.title},
        body=_("Hạn nộp: %(d)s.") % {"d": requirement.deadline.strftime("%d/%m/%Y")},
        url=reverse("reports:mine"),
        dedupe_key=f"reports.reminder.{campaign.pk}.{timezone.localdate():%Y%m%d}",
    )
