"""Forms of the campaigns app; each hands clean values to ``campaigns.services``.

Units are typed by code, members by party card number, documents by their symbol: all looked up
only within what the user may act on, so a value out of reach gets the same answer as an unknown one.
"""

from __future__ import annotations

from quantriet.campaigns.forms.absences import MakeUpForm
from quantriet.campaigns.forms.campaigns import CampaignForm
from quantriet.campaigns.forms.conferences import AgendaForm, ConferenceForm
from quantriet.campaigns.forms.delegates import GuestCheckInForm, GuestInviteForm
from quantriet.campaigns.forms.fields import DocumentSymbolsField, MemberCardField
from quantriet.campaigns.forms.plans import PlanForm, ReviewForm
from quantriet.campaigns.forms.points import PointDeleteForm, PointForm

__all__ = [
    "AgendaForm",
    "CampaignForm",
    "ConferenceForm",
    "DocumentSymbolsField",
    "GuestCheckInForm",
    "GuestInviteForm",
    "MakeUpForm",
    "MemberCardField",
    "PlanForm",
    "PointDeleteForm",
    "PointForm",
    "ReviewForm",
]
