from __future__ import annotations

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "quantriet.site"
    label = "site_shell"
    verbose_name = "quantriet"
