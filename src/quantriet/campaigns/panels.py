"""What apps above campaigns add to a campaign's pages, registered when they start.

Campaigns know nothing of the apps built on them (the layers contract); the learning reports still
belong on a campaign's page and on the member's "Đợt học tập của tôi". So the pages ask this registry:
each registered function returns HTML already rendered and escaped by its own templates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.safestring import SafeString, mark_safe

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor

# (user, campaign) -> HTML for the campaign's page, "" for nothing.
CampaignPanel = Callable[[Actor, Campaign], str]
# (user, campaigns) -> {campaign id: HTML} for the member's page, one call for the whole list.
MemberTasks = Callable[[Actor, Sequence[Campaign]], dict[int, str]]

_campaign_panels: list[CampaignPanel] = []
_member_tasks: list[MemberTasks] = []


def register_campaign_panel(panel: CampaignPanel) -> None:
    if panel not in _campaign_panels:
        _campaign_panels.append(panel)


def register_member_tasks(tasks: MemberTasks) -> None:
    if tasks not in _member_tasks:
        _member_tasks.append(tasks)


def campaign_panel(user: Actor, campaign: Campaign) -> SafeString:
    # The parts come from the registered apps' own templates, which escape what users wrote.
    return mark_safe("".join(panel(user, campaign) for panel in _campaign_panels))  # noqa: S308


def member_tasks(user: Actor, campaigns: Sequence[Campaign]) -> dict[int, SafeString]:
    found: dict[int, list[str]] = {}
    for tasks in _member_tasks:
        for campaign_id, html in tasks(user, campaigns).items():
            found.setdefault(campaign_id, []).append(html)
    return {key: mark_safe("".join(parts)) for key, parts in found.items()}  # noqa: S308
