"""The organisers' side of the requirement: saving it, and telling the members who must now write.

``requirements.save_requirement`` makes the report rows; this wrapper adds the notification ("write
your report by…") to every member with an account who has a row not yet handed in. The notification's
dedupe key is per campaign, so saving again tells only members added since (new rows), never twice.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor
from quantriet.reports.models import LearningReport, ReportStatus, Requirement
from quantriet.reports.services import telling
from quantriet.reports.services.requirements import RequirementFields, save_requirement


@transaction.atomic
def publish_requirement(actor: Actor | None, campaign: Campaign, fields: RequirementFields) -> Requirement:
    """Save the requirement (rows for every member who must write) and tell those with an account."""
    with transaction.atomic():
        requirement = save_requirement(actor, campaign, fields)
        writers = LearningReport.objects.filter(
            campaign=campaign, status=ReportStatus.REQUIRED, member__user__isnull=False
        ).values("member__user_id")
        users = get_user_model().objects.filter(pk__in=writers, is_active=True)
        telling.asked_to_write(requirement, users.iterator(chunk_size=2000))
    return requirement


def report_rows(campaign: Campaign) -> int:
    return LearningReport.objects.filter(campaign=campaign).count()
