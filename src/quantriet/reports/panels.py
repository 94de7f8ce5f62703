"""What the learning reports add to a campaign's pages (registered in ``campaigns.panels`` at start-up).

On the campaign page: the requirement in a few lines and the links each user's rights open (set the
requirement, the queue, the board, copy rings, the library, a batch on behalf, the whole-cohort check),
and the user's own report when they must write one. On the member's "Đợt học tập của tôi": their report
per campaign. Each costs a fixed number of queries, whatever the campaign's size.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor
from quantriet.orgs.models import Member
from quantriet.reports.models import LearningReport, Requirement
from quantriet.reports.selectors import access


def _own(user: Actor, campaign_ids: list[int]) -> dict[int, LearningReport]:
    if not user.is_authenticated or not campaign_ids:
        return {}
    found = LearningReport.objects.filter(
        campaign_id__in=campaign_ids, member__user_id=user.pk
    ).select_related("current")
    return {report.campaign_id: report for report in found}


def campaign_panel(user: Actor, campaign: Campaign) -> str:
    requirement = Requirement.objects.filter(campaign=campaign).first()
    organiser = access.may_organise(user, campaign)
    if requirement is None and not organiser:
        return ""
    reviewer = access.may_review_any(user) and access.campaign_or_none(user, campaign.pk) is not None
    own = _own(user, [campaign.pk]).get(campaign.pk)
    return render_to_string(
        "reports/panel_campaign.html",
        {
            "campaign": campaign,
            "requirement": requirement,
            "organiser": organiser,
            "reviewer": reviewer,
            "own": own,
        },
    )


def record_link(member: Member) -> tuple[str, str]:
    """The member's campaigns record, open to whoever may read their personal page (the same right)."""
    return reverse("reports:record", args=[member.pk]), gettext("Học tập, quán triệt và bài thu hoạch")


def member_tasks(user: Actor, campaigns: Sequence[Campaign]) -> dict[int, str]:
    reports = _own(user, [c.pk for c in campaigns])
    if not reports:
        return {}
    requirements = {r.campaign_id: r for r in Requirement.objects.filter(campaign_id__in=list(reports))}
    return {
        campaign_id: render_to_string(
            "reports/panel_member.html", {"report": report, "requirement": requirements.get(campaign_id)}
        )
        for campaign_id, report in reports.items()
    }
