from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CampaignsConfig(AppConfig):
    name = "quantriet.campaigns"
    label = "campaigns"
    verbose_name = pgettext_lazy("navigation", "Học tập, quán triệt")

    def ready(self) -> None:
        from quantriet.campaigns import home
        from quantriet.core.home import register_sections

        register_sections(home.sections)

        from quantriet.campaigns.api import paths as api_paths
        from quantriet.orgs.api.openapi import register_extension

        register_extension(api_paths.describe)
