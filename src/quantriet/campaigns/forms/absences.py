"""Make-up sessions for the delegates who missed the conference."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from quantriet.campaigns import services
from quantriet.campaigns.models import BridgePoint, MakeUpSession
from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm


class MakeUpForm(ServiceForm):
    held_on = DateField(label=gettext_lazy("Ngày học bù"))
    place = forms.CharField(label=gettext_lazy("Địa điểm"), max_length=300, required=False)

    def __init__(self, *args: Any, point: BridgePoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point = point

    def save(self, actor: Actor) -> MakeUpSession | None:
        data = self.cleaned_data
        return self.run(
            lambda: services.create_makeup_session(
                actor, self.point, held_on=data["held_on"], place=data.get("place") or ""
            )
        )
