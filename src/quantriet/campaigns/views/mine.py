"""A member's own page of campaigns ("Đợt học tập của tôi"): the campaigns they take part in and what
each asks of them (deadlines, the learning report once it exists), and their invitations with the
personal QR code to show on the phone at the point, and how it went.

Only the campaigns and invitations of the member record linked to the signed-in account are listed;
nobody else's can be asked for (there is no id in the address), so there is nothing to refuse.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from quantriet.campaigns import panels, selectors
from quantriet.campaigns.models import Campaign, Delegate
from quantriet.campaigns.views.delegates import qr_svg
from quantriet.core.actors import Actor

# The phone page lists this many; older invitations are history, shown only as a count.
SHOWN = 20
CAMPAIGNS_SHOWN = 20


def campaign_rows(user: Actor, campaigns: list[Campaign]) -> list[dict[str, Any]]:
    """Each campaign with what it asks of the member.

    ``report_task`` is what apps above campaigns ask of the member for it (their learning report: what
    to write, by when, where it stands), from ``campaigns.panels``; ``campaigns/_report_task.html`` draws it.
    """
    today = timezone.localdate()
    tasks = panels.member_tasks(user, campaigns)
    return [
        {"campaign": c, "upcoming": c.conference_date >= today, "report_task": tasks.get(c.pk)}
        for c in campaigns
    ]


def invitation_cards(delegates: list[Delegate]) -> list[dict[str, Any]]:
    """Each invitation with its QR code while the conference is still to come (or today)."""
    today = timezone.localdate()
    cards = []
    for d in delegates:
        upcoming = d.conference.held_on >= today
        present = bool(getattr(d, "present", False))  # annotated by selectors.own_invitations
        cards.append(
            {
                "delegate": d,
                "conference": d.conference,
                "upcoming": upcoming,
                "qr": qr_svg(d, fluid=True) if upcoming and not present else None,
            }
        )
    return cards


@require_safe
@login_required
def my_invitations(request: HttpRequest) -> HttpResponse:
    found = selectors.own_invitations(request.user)
    delegates = list(found[:SHOWN])
    campaigns = list(
        selectors.member_campaigns(request.user)
        .select_related("organising_unit")
        .order_by("-conference_date", "-id")[:CAMPAIGNS_SHOWN]
    )
    return render(
        request,
        "campaigns/my_invitations.html",
        {
            "campaigns": campaign_rows(request.user, campaigns),
            "cards": invitation_cards(delegates),
            "more": max(0, found.count() - SHOWN) if delegates else 0,
        },
    )
