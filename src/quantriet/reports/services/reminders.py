"""Reminders from the board: tell everyone in a unit's subtree who still owes a report to write it.

The reminder goes through the platform's notifications (inbox, and e-mail where configured) once the
transaction commits; the audit entry says who reminded which unit and how many people were told. A
second reminder the same day is one notification per person (``telling.remind``'s dedupe key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.models import Unit
from quantriet.orgs.services import record_audit
from quantriet.reports.models import LearningReport, Requirement
from quantriet.reports.selectors.boards import OWED
from quantriet.reports.services import telling


@dataclass(frozen=True)
class Reminded:
    told: int  # people with an account who were reminded
    owed: int  # reports still owed in the unit's subtree (with or without an account)


@transaction.atomic
def remind_unit(actor: Actor | None, campaign: Campaign, unit: Unit) -> Reminded:
    """Remind the members of ``unit``'s subtree whose report for ``campaign`` is still owed.

    The caller has checked that ``actor`` reviews ``unit``. Raises ``ValidationError`` when the
    campaign asks for no report yet.
    """
    requirement = Requirement.objects.filter(campaign=campaign).select_related("campaign").first()
    if requirement is None:
        raise ValidationError(_("Đợt học tập này chưa yêu cầu viết bài thu hoạch."))
    owed = LearningReport.objects.filter(
        campaign=campaign, unit_id__in=access.subtree_ids([unit.pk]), status__in=OWED
    )
    with transaction.atomic():
        users = list(
            get_user_model()
            .objects.filter(
                is_active=True, pk__in=owed.filter(member__user__isnull=False).values("member__user_id")
            )
            .order_by("pk")
        )
        count = owed.count()
        telling.remind(users, requirement)
        record_audit(
            actor,
            "reports.remind",
            requirement,
            unit=unit,
            summary=_("Nhắc %(n)s đảng viên của %(u)s nộp bài thu hoạch: %(c)s")
            % {"n": len(users), "u": unit.name, "c": campaign.title},
            changes={"told": len(users), "owed": count, "unit": unit.pk},
        )
    return Reminded(told=len(users), owed=count)


# Days before a deadline on which those who still owe a report are reminded without anyone asking.
DUE_DAYS = (7, 3, 1)


@transaction.atomic
def remind_due(*, today: dt.date | None = None, days: tuple[int, ...] = DUE_DAYS) -> dict[int, int]:
    """Remind, for every campaign whose deadline is ``days`` away, the members who still owe their report.

    Run once a day (``quantriet reports remind`` from cron or a timer). Running it twice the same day tells
    nobody twice (``telling.remind``'s dedupe key is per campaign and day). Returns {campaign id: told}.
    """
    today = today or timezone.localdate()
    due = [today + dt.timedelta(days=n) for n in days]
    told: dict[int, int] = {}
    for requirement in Requirement.objects.filter(deadline__in=due).select_related("campaign").order_by("pk"):
        owed = LearningReport.objects.filter(campaign_id=requirement.campaign_id, status__in=OWED)
        users = list(
            get_user_model()
            .objects.filter(
                is_active=True, pk__in=owed.filter(member__user__isnull=False).values("member__user_id")
            )
            .order_by("pk")
        )
        telling.remind(users, requirement)
        told[requirement.campaign_id] = len(users)
        record_audit(
            None,
            "reports.remind_due",
            requirement,
            unit=requirement.campaign.organising_unit,
            summary=_("Tự động nhắc %(n)s đảng viên nộp bài thu hoạch, còn %(d)s ngày: %(c)s")
            % {"n": len(users), "d": (requirement.deadline - today).days, "c": requirement.campaign.title},
            changes={"told": len(users), "owed": owed.count()},
        )
    return told
