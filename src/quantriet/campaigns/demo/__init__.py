"""The demo's campaigns: one whose conference is today (for live check-in) and one finished two months
ago (for the work after a conference: absences, make-up sessions, implementation plans, reminders).

Both are built through the campaigns' services from the demo province's invented members, and each
is created once: loading again adds nothing.
"""

from __future__ import annotations

from quantriet.campaigns.demo.finished import load_finished_campaign
from quantriet.campaigns.demo.today import load_demo_campaign
from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Unit


def load_demo_campaigns(province: Unit, commune: Unit) -> list[Campaign]:
    """Create the demo campaigns that are not there yet; returns those created."""
    created = (load_demo_campaign(province, commune), load_finished_campaign(commune))
    return [campaign for campaign in created if campaign is not None]


__all__ = ["load_demo_campaign", "load_demo_campaigns", "load_finished_campaign"]
