from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DocumentsConfig(AppConfig):
    name = "quantriet.documents"
    label = "documents"
    verbose_name = pgettext_lazy("navigation", "Văn bản")

    def ready(self) -> None:
        from quantriet.documents import api_schema
        from quantriet.orgs.api.openapi import register_extension

        register_extension(api_schema.describe)
