from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CampaignsConfig(AppConfig):
    name = "quantriet.campaigns"
    label = "campaigns"
    verbose_name = pgettext_lazy("navigation", "Học tập, quán triệt")
