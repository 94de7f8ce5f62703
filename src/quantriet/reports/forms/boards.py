"""The boards' forms: a reminder to a unit's members who still owe their report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.orgs.models import Unit
from quantriet.reports.services.reminders import Reminded, remind_unit


class RemindForm(ServiceForm):
    """Confirms the reminder; the unit (checked by the view: reviewed by the actor) travels beside it."""

    unit = forms.CharField(widget=forms.HiddenInput, max_length=20, label=_("đơn vị"))

    def __init__(self, *args: object, campaign: Campaign, unit: Unit | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.campaign = campaign
        self.target = unit

    def save(self, actor: Actor) -> Reminded | None:
        target = self.target
        if target is None:
            return None
        return self.run(lambda: remind_unit(actor, self.campaign, target))
