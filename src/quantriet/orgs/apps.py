from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "quantriet.orgs"
    label = "orgs"
    verbose_name = _("Tổ chức đảng và đảng viên")

    def ready(self) -> None:
        # signin connects the sign-in failure counter to Django's user_login_failed signal.
        from quantriet.core.home import register_sections
        from quantriet.orgs import home, signin

        del signin  # imported for its signal handlers only

        register_sections(home.sections)
