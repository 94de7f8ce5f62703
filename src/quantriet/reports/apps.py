from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "quantriet.reports"
    label = "reports"
    verbose_name = pgettext_lazy("navigation", "Bài thu hoạch")

    def ready(self) -> None:
        from quantriet.orgs.api.openapi import register_extension
        from quantriet.reports import api_schema

        register_extension(api_schema.describe)

        from quantriet.campaigns import panels as campaign_panels
        from quantriet.reports import panels

        campaign_panels.register_campaign_panel(panels.campaign_panel)
        campaign_panels.register_member_tasks(panels.member_tasks)

        from quantriet.orgs import panels as member_panels

        member_panels.register_member_link(panels.record_link)

        from quantriet.core.home import register_sections
        from quantriet.reports import home

        register_sections(home.sections)
