from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReviewsConfig(AppConfig):
    name = "quantriet.reviews"
    label = "reviews"
    verbose_name = pgettext_lazy("navigation", "Đánh giá, xếp loại")

    def ready(self) -> None:
        # Each part of the app registers what it adds to other apps' pages (the API description, home
        # sections, the member's record) in ``hooks``; see that module.
        from quantriet.reviews import hooks

        hooks.register()
